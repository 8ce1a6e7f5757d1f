/**
 * Catalog features by server major, decided once from `server_version_num` so every query picks
 * SQL the connected server understands (a PG 17 column queried on PG 15 is an error, not a null).
 */
export interface CatalogFeatures {
  readonly major: number
  /** MAINTAIN table privilege (`m` in ACLs): PG 17+. */
  readonly maintainPrivilege: boolean
  /** Publication row filters, column lists and schema publications: PG 15+. */
  readonly publicationFilters: boolean
  /** `UNIQUE NULLS NOT DISTINCT`: PG 15+. */
  readonly nullsNotDistinct: boolean
  /** pg_auth_members.inherit_option / set_option: PG 16+. */
  readonly membershipOptions: boolean
  /** Publications of generated columns (pg_publication.pubgencols): PG 18+. */
  readonly publishGeneratedColumns: boolean
  /** pg_subscription columns added per major. */
  readonly subscriptionTwoPhase: boolean
  readonly subscriptionOrigin: boolean
  readonly subscriptionFailover: boolean
  /** pg_replication_slots.failover / synced: PG 17+. */
  readonly slotFailover: boolean
  /** pg_stat_get_lastscan (last_seq_scan / last_idx_scan): PG 16+. */
  readonly lastScanTimes: boolean
  /** Triggers cloned onto partitions are user triggers (tgisinternal false): PG 15+. */
  readonly partitionTriggerClonesVisible: boolean
}

/** The oldest major the engine supports; older servers are refused with a clear message. */
export const MIN_SUPPORTED_VERSION_NUM = 140000

/**
 * @example catalogFeatures(150004).publicationFilters // true
 */
export function catalogFeatures(versionNum: number): CatalogFeatures {
  const major = Math.floor(versionNum / 10000)
  return {
    major,
    maintainPrivilege: major >= 17,
    publicationFilters: major >= 15,
    nullsNotDistinct: major >= 15,
    membershipOptions: major >= 16,
    publishGeneratedColumns: major >= 18,
    subscriptionTwoPhase: major >= 15,
    subscriptionOrigin: major >= 16,
    subscriptionFailover: major >= 17,
    slotFailover: major >= 17,
    lastScanTimes: major >= 16,
    partitionTriggerClonesVisible: major >= 15,
  }
}

/**
 * Table privileges the server knows, in ACL order: what a GRANT form may offer. Asking a
 * PG 15 server about MAINTAIN is an error, not a false.
 *
 * @example tablePrivilegeNames(170000).at(-1) // 'MAINTAIN'
 */
export function tablePrivilegeNames(versionNum: number): readonly string[] {
  const base = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']
  return catalogFeatures(versionNum).maintainPrivilege ? [...base, 'MAINTAIN'] : base
}

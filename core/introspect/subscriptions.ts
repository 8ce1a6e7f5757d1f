import { sql, type SqlFragment } from '../sql/sql.js'
import { queryRows } from './catalog-session.js'
import type { QueryContext } from './context.js'
import { catalogFeatures } from './features.js'

/**
 * One subscription of this database. From pg_subscription when the caller may read its public
 * columns, else from pg_stat_subscription (name and worker state only). subconninfo — which can
 * hold a password — is never selected.
 */
export interface SubscriptionRow {
  oid: number
  subname: string
  owner: string | null
  subenabled: boolean | null
  subpublications: string[] | null
  subslotname: string | null
  subsynccommit: string | null
  subbinary: boolean | null
  substream: string | null
  /** PG 15+. */
  subtwophasestate: string | null
  subdisableonerr: boolean | null
  /** PG 16+. */
  suborigin: string | null
  /** PG 17+. */
  subfailover: boolean | null
  worker_pid: number | null
  received_lsn: string | null
  last_msg_receipt_time: Date | null
  latest_end_lsn: string | null
  source: 'catalog' | 'stats'
}

export interface Subscription {
  readonly oid: number
  readonly name: string
  /** Where the fields came from; 'stats' means pg_subscription was not readable: details are null. */
  readonly source: 'catalog' | 'stats'
  readonly owner: string | null
  readonly enabled: boolean | null
  readonly publications: readonly string[] | null
  readonly slotName: string | null
  readonly synchronousCommit: string | null
  readonly binary: boolean | null
  /** f off, t on, p parallel (PG 16+). */
  readonly streaming: string | null
  readonly twoPhase: string | null
  readonly disableOnError: boolean | null
  readonly origin: string | null
  readonly failover: boolean | null
  readonly worker: {
    readonly pid: number
    readonly receivedLsn: string | null
    readonly latestEndLsn: string | null
    readonly lastMessageAt: string | null
  } | null
}

interface AccessRow {
  readable: boolean
}

/** The apply worker's state, one row per subscription (table-sync workers have a relid). */
const WORKER = sql`LEFT JOIN pg_catalog.pg_stat_subscription w ON w.subid = s.oid AND w.relid IS NULL`

function catalogQuery(ctx: QueryContext): SqlFragment {
  const f = catalogFeatures(ctx.versionNum)
  const cols = (on: boolean, expr: SqlFragment, type: string) =>
    on ? expr : sql.raw(`NULL::${type}`)
  return sql`SELECT s.oid, s.subname, pg_catalog.pg_get_userbyid(s.subowner) AS owner, s.subenabled,
  s.subpublications::text[] AS subpublications, s.subslotname, s.subsynccommit, s.subbinary,
  ${f.subscriptionOrigin ? sql`s.substream::text` : sql`CASE WHEN s.substream THEN 't' ELSE 'f' END`} AS substream,
  ${cols(f.subscriptionTwoPhase, sql`s.subtwophasestate::text`, 'text')} AS subtwophasestate,
  ${cols(f.subscriptionTwoPhase, sql`s.subdisableonerr`, 'bool')} AS subdisableonerr,
  ${cols(f.subscriptionOrigin, sql`s.suborigin`, 'text')} AS suborigin,
  ${cols(f.subscriptionFailover, sql`s.subfailover`, 'bool')} AS subfailover,
  w.pid AS worker_pid, w.received_lsn::text AS received_lsn, w.last_msg_receipt_time,
  w.latest_end_lsn::text AS latest_end_lsn, 'catalog' AS source
FROM pg_catalog.pg_subscription s
${WORKER}
WHERE s.subdbid = (SELECT db.oid FROM pg_catalog.pg_database db WHERE db.datname = pg_catalog.current_database())
ORDER BY s.subname`
}

function statsQuery(): SqlFragment {
  return sql`SELECT s.subid AS oid, s.subname, NULL::text AS owner, NULL::bool AS subenabled,
  NULL::text[] AS subpublications, NULL::text AS subslotname, NULL::text AS subsynccommit,
  NULL::bool AS subbinary, NULL::text AS substream, NULL::text AS subtwophasestate,
  NULL::bool AS subdisableonerr, NULL::text AS suborigin, NULL::bool AS subfailover,
  w.pid AS worker_pid, w.received_lsn::text AS received_lsn, w.last_msg_receipt_time,
  w.latest_end_lsn::text AS latest_end_lsn, 'stats' AS source
FROM (SELECT DISTINCT subid, subname FROM pg_catalog.pg_stat_subscription) s
LEFT JOIN pg_catalog.pg_stat_subscription w ON w.subid = s.subid AND w.relid IS NULL
ORDER BY s.subname`
}

/**
 * Chooses the source: PostgreSQL grants SELECT on pg_subscription's columns except subconninfo
 * to PUBLIC, but hardened installs revoke it; then pg_stat_subscription still names them.
 */
export function subscriptionAccessQuery(): SqlFragment {
  return sql`SELECT pg_catalog.has_column_privilege('pg_catalog.pg_subscription'::pg_catalog.regclass, 'subname', 'SELECT')
  AND pg_catalog.has_column_privilege('pg_catalog.pg_subscription'::pg_catalog.regclass, 'subpublications', 'SELECT') AS readable`
}

/** The catalog query when pg_subscription is readable, else the statistics view's. */
export function subscriptionsQuery(ctx: QueryContext, catalogReadable: boolean): SqlFragment {
  return catalogReadable ? catalogQuery(ctx) : statsQuery()
}

/** @example mapSubscription(row).publications // ['audit_pub'] */
export function mapSubscription(row: SubscriptionRow): Subscription {
  return {
    oid: row.oid,
    name: row.subname,
    source: row.source,
    owner: row.owner,
    enabled: row.subenabled,
    publications: row.subpublications,
    slotName: row.subslotname,
    synchronousCommit: row.subsynccommit,
    binary: row.subbinary,
    streaming: row.substream,
    twoPhase: row.subtwophasestate,
    disableOnError: row.subdisableonerr,
    origin: row.suborigin,
    failover: row.subfailover,
    worker:
      row.worker_pid === null
        ? null
        : {
            pid: row.worker_pid,
            receivedLsn: row.received_lsn,
            latestEndLsn: row.latest_end_lsn,
            lastMessageAt: row.last_msg_receipt_time?.toISOString() ?? null,
          },
  }
}

/**
 * Subscriptions of this database, degrading to pg_stat_subscription without catalog access.
 *
 * @example await withCatalog(pool, {}, fetchSubscriptions)
 */
export async function fetchSubscriptions(ctx: QueryContext): Promise<Subscription[]> {
  const [access] = await queryRows<AccessRow>(ctx, subscriptionAccessQuery())
  const rows = await queryRows<SubscriptionRow>(
    ctx,
    subscriptionsQuery(ctx, access?.readable === true),
  )
  return rows.map(mapSubscription)
}

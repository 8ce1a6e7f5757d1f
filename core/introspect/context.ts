import type { ClientBase } from 'pg'

/**
 * Which objects a catalog query looks at. Filters land in each query's innermost WHERE as bind
 * parameters, so one schema or one relation costs a fraction of the full catalog.
 */
export interface CatalogScope {
  /** Only these schemas; without it every schema except the system ones. */
  readonly schemas?: readonly string[]
  /** Only this relation (an OID): the one-relation detail view. */
  readonly relationOid?: number
  /** Show objects that belong to an extension (pg_depend deptype 'e'); hidden by default. */
  readonly includeExtensionObjects?: boolean
  /** Also look into pg_catalog, information_schema, pg_toast and temp schemas, and list predefined pg_* roles. */
  readonly includeSystemSchemas?: boolean
  /**
   * Deparse definitions (view text, index and constraint definitions, policy expressions,
   * function bodies) into the results. Off by default: deparsing dominates catalog query time.
   */
  readonly definitions?: boolean
}

/** What every entity query runs with: one connection inside one read-only snapshot. */
export interface QueryContext {
  readonly client: ClientBase
  /** `server_version_num`, e.g. 170004: picks version-specific SQL. */
  readonly versionNum: number
  readonly scope: CatalogScope
  readonly currentUser: string
  readonly isSuperuser: boolean
  /**
   * OIDs of extension members by catalog (`pg_class` → […]), read once when the snapshot
   * opens; empty when the scope includes extension objects.
   */
  readonly extensionMembers: ReadonlyMap<string, readonly number[]>
  /**
   * Run queries as named prepared statements. The one-relation detail sets it with generic
   * plans: its queries take ~0.5 ms to run and 2–4 ms to plan, and a console asks for the
   * next table on the same pooled connection.
   */
  readonly prepare?: boolean
}

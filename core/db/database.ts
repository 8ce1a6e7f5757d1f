import type { ColumnType, Generated } from 'kysely'
import type { DeclaredType } from '../claims/declared-types.js'

/**
 * The tables kysely knows by type: the console schema's own (reached with
 * `db.withSchema(config.consoleSchema)`, since the schema's name is configurable) and the
 * pg_catalog relations the console reads. Only the columns the console uses are listed; pg
 * returns `bigint` and `numeric` as strings, `oid` as a number.
 */

/** timestamptz: read as Date, written as Date or text, filled by its default when omitted. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>

export interface UsersTable {
  name: string
  password_hash: string
  role: string
  claims: ColumnType<Record<string, unknown>, string | undefined, string>
  personas: ColumnType<string[], string[] | undefined, string[]>
  may_test: ColumnType<string[], string[] | undefined, string[]>
  /** The console's colour scheme for this user: 'light' or 'dark' (a CHECK keeps it so). */
  theme: ColumnType<string, string | undefined, string>
  created_at: Timestamp
  updated_at: Timestamp
}

export interface ChangeLogTable {
  id: Generated<string>
  actor: string
  applied_at: Timestamp
  summary: string
  /** jsonb: written as JSON text. */
  statements: ColumnType<unknown, string, string>
  outcome: 'committed' | 'rolled back' | 'partial'
  error: string | null
  kind: ColumnType<string, string | undefined, string>
}

export interface SessionTable {
  sid: string
  sess: ColumnType<Record<string, unknown>, string, string>
  expire: ColumnType<Date, Date | string, Date | string>
}

export interface RateLimitTable {
  key: string
  hits: number
  reset_at: ColumnType<Date, Date | string, Date | string>
}

export interface SessionClaimsTable {
  name: string
  type: DeclaredType
  description: ColumnType<string, string | undefined, string>
  required: ColumnType<boolean, boolean | undefined, boolean>
  updated_by: string
  updated_at: Timestamp
}

export interface SessionClaimMappingsTable {
  role: string
  claim: string
  jwt_path: string
  note: ColumnType<string, string | undefined, string>
  updated_by: string
  updated_at: Timestamp
}

export interface ConsoleTables {
  users: UsersTable
  change_log: ChangeLogTable
  session: SessionTable
  rate_limit: RateLimitTable
  session_claims: SessionClaimsTable
  session_claim_mappings: SessionClaimMappingsTable
}

type ReadOnly<T> = { readonly [K in keyof T]: ColumnType<T[K], never, never> }

export interface PgNamespace {
  oid: number
  nspname: string
  nspowner: number
}

export interface PgClass {
  oid: number
  relname: string
  relnamespace: number
  relkind: string
  relowner: number
  reltuples: number
  relpages: number
  relrowsecurity: boolean
  relforcerowsecurity: boolean
  reloptions: string[] | null
}

export interface PgAttribute {
  attrelid: number
  attname: string
  atttypid: number
  attnum: number
  attnotnull: boolean
  attisdropped: boolean
}

export interface PgRoles {
  oid: number
  rolname: string
  rolsuper: boolean
  rolinherit: boolean
  rolcreaterole: boolean
  rolcreatedb: boolean
  rolcanlogin: boolean
  rolbypassrls: boolean
  rolconnlimit: number
  rolvaliduntil: Date | null
}

export interface PgAuthMembers {
  roleid: number
  member: number
  grantor: number
  admin_option: boolean
}

export interface PgStatActivity {
  pid: number
  datname: string | null
  usename: string | null
  application_name: string
  state: string | null
  query: string
  backend_type: string
}

export interface PgSettings {
  name: string
  setting: string
  unit: string | null
  context: string
}

export interface CatalogTables {
  'pg_catalog.pg_namespace': ReadOnly<PgNamespace>
  'pg_catalog.pg_class': ReadOnly<PgClass>
  'pg_catalog.pg_attribute': ReadOnly<PgAttribute>
  'pg_catalog.pg_roles': ReadOnly<PgRoles>
  'pg_catalog.pg_auth_members': ReadOnly<PgAuthMembers>
  'pg_catalog.pg_stat_activity': ReadOnly<PgStatActivity>
  'pg_catalog.pg_settings': ReadOnly<PgSettings>
}

/** Everything a `Db` can name without a cast. */
export interface Database extends ConsoleTables, CatalogTables {}

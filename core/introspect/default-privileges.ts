import { sql, type SqlFragment } from '../sql/sql.js'
import { queryRows } from './catalog-session.js'
import type { QueryContext } from './context.js'
import { schemaFilter } from './filters.js'

/** One entry of ALTER DEFAULT PRIVILEGES (pg_default_acl, exploded). */
export interface DefaultPrivilegeRow {
  oid: number
  /** The role whose future objects get these grants. */
  role: string
  /** Null for defaults that apply in every schema. */
  nspname: string | null
  /** r tables, S sequences, f functions, T types, n schemas. */
  defaclobjtype: string
  grantee: string | null
  privilege_type: string
  is_grantable: boolean
}

export type DefaultPrivilegeObjectType = 'tables' | 'sequences' | 'functions' | 'types' | 'schemas'

export interface DefaultPrivilege {
  readonly oid: number
  readonly role: string
  readonly schema: string | null
  readonly objectType: DefaultPrivilegeObjectType
  /** Role name, or `PUBLIC`. */
  readonly grantee: string
  readonly privilege: string
  readonly grantable: boolean
}

/** ALTER DEFAULT PRIVILEGES entries, exploded; global ones (no schema) are always included. */
export function defaultPrivilegesQuery(ctx: QueryContext): SqlFragment {
  return sql`SELECT da.oid, pg_catalog.pg_get_userbyid(da.defaclrole) AS role, n.nspname,
  da.defaclobjtype,
  CASE WHEN a.grantee = 0 THEN NULL ELSE pg_catalog.pg_get_userbyid(a.grantee) END AS grantee,
  a.privilege_type, a.is_grantable
FROM pg_catalog.pg_default_acl da
LEFT JOIN pg_catalog.pg_namespace n ON n.oid = da.defaclnamespace
CROSS JOIN LATERAL pg_catalog.aclexplode(da.defaclacl) a
WHERE da.defaclnamespace = 0 OR ${schemaFilter(ctx, sql`n`)}
ORDER BY 2, 3 NULLS FIRST, 4, 5, 6`
}

const OBJECT_TYPES: Readonly<Record<string, DefaultPrivilegeObjectType>> = {
  r: 'tables',
  S: 'sequences',
  f: 'functions',
  T: 'types',
  n: 'schemas',
}

/** @example mapDefaultPrivilege(row).objectType // 'tables' */
export function mapDefaultPrivilege(row: DefaultPrivilegeRow): DefaultPrivilege {
  return {
    oid: row.oid,
    role: row.role,
    schema: row.nspname,
    objectType: OBJECT_TYPES[row.defaclobjtype] ?? 'tables',
    grantee: row.grantee ?? 'PUBLIC',
    privilege: row.privilege_type,
    grantable: row.is_grantable,
  }
}

/** @example await withCatalog(pool, {}, fetchDefaultPrivileges) */
export async function fetchDefaultPrivileges(ctx: QueryContext): Promise<DefaultPrivilege[]> {
  return (await queryRows<DefaultPrivilegeRow>(ctx, defaultPrivilegesQuery(ctx))).map(
    mapDefaultPrivilege,
  )
}

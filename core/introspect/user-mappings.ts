import { sql, type SqlFragment } from '../sql/sql.js'
import { queryRows } from './catalog-session.js'
import type { QueryContext } from './context.js'

/** One user mapping from the pg_user_mappings view: option names only, never values. */
export interface UserMappingRow {
  umid: number
  srvid: number
  srvname: string
  /** Null for a mapping FOR PUBLIC. */
  usename: string | null
  option_names: string[] | null
  /** False when the caller may not see this mapping's options (they come back NULL). */
  options_visible: boolean
}

export interface UserMapping {
  readonly oid: number
  readonly serverOid: number
  readonly server: string
  /** Role name, or `PUBLIC`. */
  readonly user: string
  /** Which options are set (user, password …). Values can hold passwords: never read. */
  readonly optionNames: readonly string[]
  readonly optionsVisible: boolean
}

/**
 * pg_user_mapping itself is superuser-only; the view shows options to the mapped user and the
 * server owner. Only option names leave PostgreSQL: the values are dropped in the query.
 */
export function userMappingsQuery(_ctx: QueryContext): SqlFragment {
  return sql`SELECT um.umid, um.srvid, um.srvname,
  CASE WHEN um.umuser = 0 THEN NULL ELSE um.usename END AS usename,
  (SELECT pg_catalog.array_agg(o.option_name ORDER BY o.option_name)
     FROM pg_catalog.pg_options_to_table(um.umoptions) o) AS option_names,
  um.umoptions IS NOT NULL AS options_visible
FROM pg_catalog.pg_user_mappings um
ORDER BY um.srvname, um.usename`
}

/** @example mapUserMapping(row).optionNames // ['password', 'user'] */
export function mapUserMapping(row: UserMappingRow): UserMapping {
  return {
    oid: row.umid,
    serverOid: row.srvid,
    server: row.srvname,
    user: row.usename ?? 'PUBLIC',
    optionNames: row.option_names ?? [],
    optionsVisible: row.options_visible,
  }
}

/** @example (await withCatalog(pool, {}, fetchUserMappings)).map((m) => m.optionNames) */
export async function fetchUserMappings(ctx: QueryContext): Promise<UserMapping[]> {
  return (await queryRows<UserMappingRow>(ctx, userMappingsQuery(ctx))).map(mapUserMapping)
}

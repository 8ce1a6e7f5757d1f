import { sql, type SqlFragment } from '../sql/sql.js'
import { queryRows } from './catalog-session.js'
import type { QueryContext } from './context.js'
import { mapOptions, redactedOptions, type FdwOption, type OptionTuple } from './fdw-options.js'
import { notExtensionMember, descriptionJoin } from './filters.js'

/** One pg_foreign_server row. */
export interface ForeignServerRow {
  oid: number
  srvname: string
  fdwname: string
  owner: string
  srvtype: string | null
  srvversion: string | null
  options: OptionTuple[] | null
  description: string | null
}

export interface ForeignServer {
  readonly oid: number
  readonly name: string
  readonly wrapper: string
  readonly owner: string
  readonly type: string | null
  readonly version: string | null
  /** host, port, dbname …; secret-looking values redacted in SQL. */
  readonly options: readonly FdwOption[]
  readonly comment: string | null
}

/** Foreign servers; option values that look like secrets are dropped in SQL. */
export function foreignServersQuery(ctx: QueryContext): SqlFragment {
  return sql`SELECT s.oid, s.srvname, w.fdwname, pg_catalog.pg_get_userbyid(s.srvowner) AS owner,
  s.srvtype, s.srvversion, ${redactedOptions(sql`s.srvoptions`)} AS options, d.description
FROM pg_catalog.pg_foreign_server s
JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = s.srvfdw
${descriptionJoin('pg_foreign_server', sql`s.oid`)}
WHERE ${notExtensionMember(ctx, 'pg_foreign_server', sql`s.oid`)}
ORDER BY s.srvname`
}

/** @example mapForeignServer(row).options // [{ name: 'host', value: 'audit-db', redacted: false }] */
export function mapForeignServer(row: ForeignServerRow): ForeignServer {
  return {
    oid: row.oid,
    name: row.srvname,
    wrapper: row.fdwname,
    owner: row.owner,
    type: row.srvtype,
    version: row.srvversion,
    options: mapOptions(row.options),
    comment: row.description,
  }
}

/** @example await withCatalog(pool, {}, fetchForeignServers) */
export async function fetchForeignServers(ctx: QueryContext): Promise<ForeignServer[]> {
  return (await queryRows<ForeignServerRow>(ctx, foreignServersQuery(ctx))).map(mapForeignServer)
}

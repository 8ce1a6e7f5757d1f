import { sql, type SqlFragment } from '../sql/sql.js'
import { queryRows } from './catalog-session.js'
import type { QueryContext } from './context.js'
import { mapOptions, redactedOptions, type FdwOption, type OptionTuple } from './fdw-options.js'
import { notExtensionMember, descriptionJoin } from './filters.js'

/** One pg_foreign_data_wrapper row. */
export interface ForeignDataWrapperRow {
  oid: number
  fdwname: string
  owner: string
  handler: string | null
  validator: string | null
  options: OptionTuple[] | null
  description: string | null
}

export interface ForeignDataWrapper {
  readonly oid: number
  readonly name: string
  readonly owner: string
  readonly handler: string | null
  readonly validator: string | null
  readonly options: readonly FdwOption[]
  readonly comment: string | null
}

/** Database-wide. postgres_fdw's wrapper belongs to its extension: hidden unless asked for. */
export function foreignDataWrappersQuery(ctx: QueryContext): SqlFragment {
  return sql`SELECT w.oid, w.fdwname, pg_catalog.pg_get_userbyid(w.fdwowner) AS owner,
  NULLIF(w.fdwhandler, 0)::pg_catalog.regproc::text AS handler,
  NULLIF(w.fdwvalidator, 0)::pg_catalog.regproc::text AS validator,
  ${redactedOptions(sql`w.fdwoptions`)} AS options, d.description
FROM pg_catalog.pg_foreign_data_wrapper w
${descriptionJoin('pg_foreign_data_wrapper', sql`w.oid`)}
WHERE ${notExtensionMember(ctx, 'pg_foreign_data_wrapper', sql`w.oid`)}
ORDER BY w.fdwname`
}

/** @example mapForeignDataWrapper(row).handler // 'postgres_fdw_handler' */
export function mapForeignDataWrapper(row: ForeignDataWrapperRow): ForeignDataWrapper {
  return {
    oid: row.oid,
    name: row.fdwname,
    owner: row.owner,
    handler: row.handler,
    validator: row.validator,
    options: mapOptions(row.options),
    comment: row.description,
  }
}

/** @example await withCatalog(pool, { includeExtensionObjects: true }, fetchForeignDataWrappers) */
export async function fetchForeignDataWrappers(ctx: QueryContext): Promise<ForeignDataWrapper[]> {
  return (await queryRows<ForeignDataWrapperRow>(ctx, foreignDataWrappersQuery(ctx))).map(
    mapForeignDataWrapper,
  )
}

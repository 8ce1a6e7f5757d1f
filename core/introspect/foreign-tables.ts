import { sql, type SqlFragment } from '../sql/sql.js'
import { queryRows } from './catalog-session.js'
import type { Column } from './columns.js'
import type { QueryContext } from './context.js'
import { mapOptions, redactedOptions, type FdwOption, type OptionTuple } from './fdw-options.js'
import { notExtensionMember, relationFilter, schemaFilter, descriptionJoin } from './filters.js'

/** One pg_foreign_table row with its relation. */
export interface ForeignTableRow {
  oid: number
  nspname: string
  relname: string
  owner: string
  server_oid: number
  srvname: string
  options: OptionTuple[] | null
  relispartition: boolean
  description: string | null
}

export interface ForeignTable {
  readonly oid: number
  readonly schema: string
  readonly name: string
  readonly kind: 'foreignTable'
  readonly owner: string
  readonly serverOid: number
  readonly server: string
  /** schema_name, table_name …; secret-looking values redacted in SQL. */
  readonly options: readonly FdwOption[]
  readonly isPartition: boolean
  readonly comment: string | null
  /** Filled by the snapshot from the columns query. */
  readonly columns: readonly Column[]
}

/** Foreign tables in scope with their server; columns come from the columns query. */
export function foreignTablesQuery(ctx: QueryContext): SqlFragment {
  return sql`SELECT c.oid, n.nspname, c.relname, pg_catalog.pg_get_userbyid(c.relowner) AS owner,
  s.oid AS server_oid, s.srvname, ${redactedOptions(sql`ft.ftoptions`)} AS options,
  c.relispartition, d.description
FROM pg_catalog.pg_foreign_table ft
JOIN pg_catalog.pg_class c ON c.oid = ft.ftrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_foreign_server s ON s.oid = ft.ftserver
${descriptionJoin('pg_class', sql`c.oid`)}
WHERE ${schemaFilter(ctx, sql`n`)} AND ${relationFilter(ctx, sql`c.oid`)}
  AND ${notExtensionMember(ctx, 'pg_class', sql`c.oid`)}
ORDER BY n.nspname, c.relname`
}

/** @example mapForeignTable(row, columns).server // 'audit' */
export function mapForeignTable(
  row: ForeignTableRow,
  columns: readonly Column[] = [],
): ForeignTable {
  return {
    oid: row.oid,
    schema: row.nspname,
    name: row.relname,
    kind: 'foreignTable',
    owner: row.owner,
    serverOid: row.server_oid,
    server: row.srvname,
    options: mapOptions(row.options),
    isPartition: row.relispartition,
    comment: row.description,
    columns,
  }
}

/** Foreign tables without columns (the snapshot attaches those). */
export async function fetchForeignTables(ctx: QueryContext): Promise<ForeignTable[]> {
  return (await queryRows<ForeignTableRow>(ctx, foreignTablesQuery(ctx))).map((row) =>
    mapForeignTable(row),
  )
}

import { sql, type SqlFragment } from '../sql/sql.js'
import { queryRows } from './catalog-session.js'
import { deparsed } from './deparse.js'
import type { Column } from './columns.js'
import type { QueryContext } from './context.js'
import { notExtensionMember, relationFilter, schemaFilter, descriptionJoin } from './filters.js'
import { parseOptions } from './parse.js'

/** One view or materialized view (pg_class relkind v or m). */
export interface ViewRow {
  oid: number
  nspname: string
  relname: string
  relkind: string
  owner: string
  relispopulated: boolean
  reloptions: string[] | null
  /** The view's rule has INSTEAD rules besides _RETURN, or INSTEAD OF triggers (relhastriggers). */
  relhastriggers: boolean
  tablespace: string | null
  description: string | null
  /** pg_get_viewdef, only when definitions are asked for. */
  definition?: string | null
}

export interface View {
  readonly oid: number
  readonly schema: string
  readonly name: string
  readonly kind: 'view' | 'materializedView'
  readonly owner: string
  /** False for a materialized view created WITH NO DATA and not refreshed; true for views. */
  readonly populated: boolean
  readonly securityBarrier: boolean
  /** PG 15+: the view checks permissions as the caller, not the owner. */
  readonly securityInvoker: boolean
  readonly checkOption: 'local' | 'cascaded' | null
  /** All reloptions, including the three above. */
  readonly options: Readonly<Record<string, string>>
  readonly hasTriggers: boolean
  readonly tablespace: string | null
  readonly comment: string | null
  /** `SELECT …` text; null unless definitions were fetched (see viewDefinition). */
  readonly definition: string | null
  /** Filled by the snapshot from the columns query. */
  readonly columns: readonly Column[]
}

/** `pg_get_viewdef` costs ~50 ms per 2k views: only with `definitions`. */
export function viewsQuery(ctx: QueryContext): SqlFragment {
  return sql`SELECT c.oid, n.nspname, c.relname, c.relkind,
  pg_catalog.pg_get_userbyid(c.relowner) AS owner, c.relispopulated, c.reloptions,
  c.relhastriggers, ts.spcname AS tablespace,
  d.description${deparsed(ctx, { definition: sql`pg_catalog.pg_get_viewdef(c.oid, true)` })}
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_tablespace ts ON ts.oid = c.reltablespace
${descriptionJoin('pg_class', sql`c.oid`)}
WHERE c.relkind IN ('v', 'm')
  AND ${schemaFilter(ctx, sql`n`)}
  AND ${relationFilter(ctx, sql`c.oid`)}
  AND ${notExtensionMember(ctx, 'pg_class', sql`c.oid`)}`
}

function flag(options: Record<string, string>, name: string): boolean {
  const value = options[name]?.toLowerCase()
  return value === 'true' || value === 'on' || value === '1' || value === 'yes' || value === ''
}

/** @example mapView(row, columnsByRelation.get(row.oid) ?? []) */
export function mapView(row: ViewRow, columns: readonly Column[] = []): View {
  const options = parseOptions(row.reloptions)
  const check = options.check_option?.toLowerCase()
  return {
    oid: row.oid,
    schema: row.nspname,
    name: row.relname,
    kind: row.relkind === 'm' ? 'materializedView' : 'view',
    owner: row.owner,
    populated: row.relispopulated,
    securityBarrier: 'security_barrier' in options && flag(options, 'security_barrier'),
    securityInvoker: 'security_invoker' in options && flag(options, 'security_invoker'),
    checkOption: check === 'local' || check === 'cascaded' ? check : null,
    options,
    hasTriggers: row.relhastriggers,
    tablespace: row.tablespace,
    comment: row.description,
    definition: row.definition ?? null,
    columns,
  }
}

/** Views and materialized views without columns (the snapshot attaches those). */
export async function fetchViews(ctx: QueryContext): Promise<View[]> {
  return (await queryRows<ViewRow>(ctx, viewsQuery(ctx))).map((row) => mapView(row))
}

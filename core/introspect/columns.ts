import { sql, type SqlFragment } from '../sql/sql.js'
import { queryRows } from './catalog-session.js'
import { deparsed } from './deparse.js'
import type { QueryContext } from './context.js'
import { notExtensionMember, relationFilter, schemaFilter } from './filters.js'
import { unquoteIdent } from './parse.js'

/** One pg_attribute row (a column of a table, view, matview or foreign table). */
export interface ColumnRow {
  attrelid: number
  attnum: number
  attname: string
  atttypid: number
  atttypmod: number
  attnotnull: boolean
  atthasdef: boolean
  attidentity: string
  attgenerated: string
  /** Collation OID when it differs from the database default (0 and 100), else null. */
  attcollation: number | null
  /** pg_get_expr of the default or generation expression, only when definitions are asked for. */
  default_expr?: string | null
}

/** format_type text by type and typmod, collation names, and comments by relation and attnum. */
export interface ColumnLookups {
  typeName(typid: number, typmod: number): string | undefined
  collationName(oid: number): string | undefined
  comment(relationOid: number, attnum: number): string | undefined
}

/** Two-level numeric map: 70k string keys built per snapshot cost more than the lookups. */
function pairMap<V>(entries: Iterable<readonly [number, number, V]>): Map<number, Map<number, V>> {
  const outer = new Map<number, Map<number, V>>()
  for (const [a, b, value] of entries) {
    let inner = outer.get(a)
    if (!inner) outer.set(a, (inner = new Map()))
    inner.set(b, value)
  }
  return outer
}

/**
 * Lookups from the rows of columnTypesQuery and columnCommentsQuery.
 *
 * @example columnLookups([{ typid: 20, typmod: -1, name: 'bigint' }], [])
 */
export function columnLookups(
  types: readonly { typid: number; typmod: number; name: string }[],
  comments: readonly { attrelid: number; attnum: number; description: string }[],
  collations: readonly { oid: number; name: string }[] = [],
): ColumnLookups {
  const names = pairMap(types.map((t) => [t.typid, t.typmod, t.name] as const))
  const notes = pairMap(comments.map((c) => [c.attrelid, c.attnum, c.description] as const))
  const colls = new Map(collations.map((c) => [c.oid, collationName(c.name)]))
  return {
    typeName: (typid, typmod) => names.get(typid)?.get(typmod),
    collationName: (oid) => colls.get(oid),
    comment: (relationOid, attnum) => notes.get(relationOid)?.get(attnum),
  }
}

export interface Column {
  /** The relation the column belongs to. */
  readonly relationOid: number
  /** attnum: 1-based position, with gaps where columns were dropped. */
  readonly position: number
  readonly name: string
  /** format_type: `numeric(12,2)`, `character varying(200)`, `app.status`, `text[]`. */
  readonly type: string
  readonly typeOid: number
  readonly nullable: boolean
  readonly hasDefault: boolean
  /** Default expression, with definitions (see introspectRelation); null for identity and generated columns. */
  readonly default: string | null
  readonly identity: 'always' | 'byDefault' | null
  /** Generated column: stored or (PG 18+) virtual; its expression comes with definitions. */
  readonly generated: {
    readonly kind: 'stored' | 'virtual'
    readonly expression: string | null
  } | null
  /** Set when the column's collation differs from the database default. */
  readonly collation: string | null
  readonly comment: string | null
}

/**
 * Flat rows, grouped by attrelid in JS: measured on 70k columns, per-table array_agg (a
 * server-side sort) and json_agg (~3 µs per column) both lost to flat rows. The per-column
 * costs that remain were cut where they repeat: format_type runs once per distinct
 * (type, typmod) pair (see columnTypesQuery), comments come from their own short query, and
 * defaults are deparsed only with `definitions` (15k pg_get_expr calls were 40 % of the query).
 */
export function columnsQuery(ctx: QueryContext): SqlFragment {
  // A plain DEFAULT cannot reference columns, so it deparses without its relation (relid 0):
  // since PG 16 pg_get_expr opens the relation it is given. Generated columns need it.
  const defaults = deparsed(ctx, {
    default_expr: sql`pg_catalog.pg_get_expr(ad.adbin, CASE WHEN a.attgenerated = '' THEN 0 ELSE ad.adrelid END)`,
  })
  const join = ctx.scope.definitions
    ? sql`LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum`
    : sql``
  return sql`SELECT a.attrelid, a.attnum, a.attname, a.atttypid, a.atttypmod, a.attnotnull,
  a.atthasdef, a.attidentity, a.attgenerated,
  CASE WHEN a.attcollation NOT IN (0, 100) THEN a.attcollation END AS attcollation${defaults}
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
${join}
WHERE a.attnum > 0 AND NOT a.attisdropped
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND ${schemaFilter(ctx, sql`n`)}
  AND ${relationFilter(ctx, sql`c.oid`)}
  AND ${notExtensionMember(ctx, 'pg_class', sql`c.oid`)}`
}

/** Names of the few non-default collations the columns use (regcollation text). */
export function columnCollationsQuery(oids: readonly number[]): SqlFragment {
  return sql`SELECT co.oid, co.oid::pg_catalog.regcollation::text AS name
FROM pg_catalog.pg_collation co WHERE co.oid = any(${sql.val([...oids])}::oid[])`
}

/** format_type for each distinct (type, typmod) pair the columns use: a few dozen calls, not 70k. */
export function columnTypesQuery(pairs: readonly (readonly [number, number])[]): SqlFragment {
  return sql`SELECT p.typid, p.typmod, pg_catalog.format_type(p.typid, p.typmod) AS name
FROM ROWS FROM (
  pg_catalog.unnest(${sql.val(pairs.map(([t]) => t))}::oid[]),
  pg_catalog.unnest(${sql.val(pairs.map(([, m]) => m))}::int4[])
) AS p (typid, typmod)`
}

/** Column comments in scope: a short list, joined in JS instead of per column in SQL. */
export function columnCommentsQuery(ctx: QueryContext): SqlFragment {
  return sql`SELECT d.objoid AS attrelid, d.objsubid AS attnum, d.description
FROM pg_catalog.pg_description d
JOIN pg_catalog.pg_class c ON c.oid = d.objoid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objsubid > 0
  AND ${schemaFilter(ctx, sql`n`)}
  AND ${relationFilter(ctx, sql`c.oid`)}`
}

/** regcollation text (`"C"`, `app."de-x"`) as a name: bare when in pg_catalog, else qualified. */
function collationName(text: string): string {
  return unquoteIdent(text.replace(/^pg_catalog\./, ''))
}

/** @example mapColumn(row, columnLookups([{ typid: 20, typmod: -1, name: 'bigint' }], [])) */
export function mapColumn(row: ColumnRow, lookups: ColumnLookups): Column {
  const generated =
    row.attgenerated === 's' || row.attgenerated === 'v'
      ? {
          kind: row.attgenerated === 'v' ? ('virtual' as const) : ('stored' as const),
          expression: row.default_expr ?? null,
        }
      : null
  return {
    relationOid: row.attrelid,
    position: row.attnum,
    name: row.attname,
    type: lookups.typeName(row.atttypid, row.atttypmod) ?? String(row.atttypid),
    typeOid: row.atttypid,
    nullable: !row.attnotnull,
    hasDefault: row.atthasdef && !generated,
    default: generated ? null : (row.default_expr ?? null),
    identity: row.attidentity === 'a' ? 'always' : row.attidentity === 'd' ? 'byDefault' : null,
    generated,
    collation:
      row.attcollation === null
        ? null
        : (lookups.collationName(row.attcollation) ?? String(row.attcollation)),
    comment: lookups.comment(row.attrelid, row.attnum) ?? null,
  }
}

/**
 * Groups columns by relation, each list in attnum order.
 *
 * @example groupColumns(await fetchColumns(ctx)).get(tableOid)
 */
export function groupColumns(columns: readonly Column[]): Map<number, Column[]> {
  const byRelation = new Map<number, Column[]>()
  for (const column of columns) {
    const list = byRelation.get(column.relationOid)
    if (list) list.push(column)
    else byRelation.set(column.relationOid, [column])
  }
  for (const list of byRelation.values()) list.sort((a, b) => a.position - b.position)
  return byRelation
}

/**
 * Columns of every table, view, materialized view and foreign table in scope: the flat list,
 * then the few distinct type names, comments and collations it needs.
 *
 * @example groupColumns(await withCatalog(pool, { schemas: ['app'] }, fetchColumns))
 */
export async function fetchColumns(ctx: QueryContext): Promise<Column[]> {
  const rows = await queryRows<ColumnRow>(ctx, columnsQuery(ctx))
  const pairs = new Map<string, readonly [number, number]>()
  for (const row of rows)
    pairs.set(`${row.atttypid}:${row.atttypmod}`, [row.atttypid, row.atttypmod])
  const types =
    pairs.size === 0
      ? []
      : await queryRows<{ typid: number; typmod: number; name: string }>(
          ctx,
          columnTypesQuery([...pairs.values()]),
        )
  const comments = await queryRows<{ attrelid: number; attnum: number; description: string }>(
    ctx,
    columnCommentsQuery(ctx),
  )
  const collationOids = [
    ...new Set(rows.flatMap((r) => (r.attcollation === null ? [] : [r.attcollation]))),
  ]
  const collations =
    collationOids.length === 0
      ? []
      : await queryRows<{ oid: number; name: string }>(ctx, columnCollationsQuery(collationOids))
  const lookups = columnLookups(types, comments, collations)
  return rows.map((row) => mapColumn(row, lookups))
}

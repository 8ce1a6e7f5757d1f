import { quoteIdent, sql, type SqlFragment } from '../../core/sql/sql.js'
import type { ColumnOrigin, ViewColumn } from './model.js'
import type { FilterCondition } from './query-input.js'

/*
 * What makes a list's filter read every row, told to developers: Karen cannot do anything about
 * it; Senior can. Two causes, read from the catalog:
 * - a search (`ILIKE '%text%'`) on a base column no trigram index holds;
 * - row-level security on the base table with a comparison whose function is not LEAKPROOF
 *   (ILIKE's texticlike, numeric's =, <, >=, …): PostgreSQL then applies the policy to every
 *   row before the filter, so no index helps, the trigram index included. Marking the
 *   functions LEAKPROOF is a superuser's decision; the advice gives the statements and the risk.
 */

/**
 * How a list uses a base column: ILIKE (search, contains), comparison (=, ranges), or the
 * keyset comparison of a page past the first sorted by it.
 */
export type FilterUse = 'search' | 'compare' | 'sort'

export interface FilteredColumn {
  readonly origin: ColumnOrigin
  readonly use: FilterUse
}

/** What the catalog says about one filtered column. */
export interface ColumnFacts extends FilteredColumn {
  /** Row-level security is enabled on the base table. */
  readonly rls: boolean
  /** The functions of the operators the filter uses that are not LEAKPROOF, as SQL names. */
  readonly leaky: readonly string[]
  /** A trigram index (gin or gist, pg_trgm) holds the column. */
  readonly trigram: boolean
}

/**
 * The base-table columns a list's conditions filter by, once per (column, use), and the sort
 * column when given (a page past the first).
 */
export function filteredColumns(
  conditions: readonly FilterCondition[],
  sortedBy?: ViewColumn,
): FilteredColumn[] {
  const out: FilteredColumn[] = []
  const add = (cols: readonly ViewColumn[], use: FilterUse) => {
    for (const c of cols) {
      const o = c.origin
      if (!o) continue
      const seen = out.some(
        (x) => x.use === use && x.origin.tableOid === o.tableOid && x.origin.attnum === o.attnum,
      )
      if (!seen) out.push({ origin: o, use })
    }
  }
  for (const c of conditions) {
    if (c.kind === 'search') add(c.columns, 'search')
    else if (c.kind === 'contains') add([c.column], 'search')
    else add([c.column], 'compare')
  }
  if (sortedBy) add([sortedBy], 'sort')
  return out
}

/**
 * One row per filtered column (`tbl`, `att`, `use`): row-level security on its table, the
 * non-LEAKPROOF functions behind the operators the filter uses (ILIKE on text; =, <, <=, >, >=
 * on the column's type, a domain's base type), and whether a trigram index holds it.
 */
export function columnFactsSql(columns: readonly FilteredColumn[]): SqlFragment {
  return sql`SELECT o.tbl::bigint AS tbl, o.att::int AS att, o.use, c.relrowsecurity AS rls,
      ARRAY(SELECT pg_catalog.format('%I.%I(%s)', pn.nspname, p.proname,
                     pg_catalog.pg_get_function_identity_arguments(p.oid))
        FROM pg_catalog.pg_operator op
        JOIN pg_catalog.pg_proc p ON p.oid = op.oprcode
        JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace
        WHERE NOT p.proleakproof AND CASE o.use
          WHEN 'search' THEN op.oprname = '~~*'
            AND op.oprleft = 'pg_catalog.text'::pg_catalog.regtype
            AND op.oprright = 'pg_catalog.text'::pg_catalog.regtype
          ELSE op.oprname IN ('=', '<', '<=', '>', '>=')
            AND op.oprleft = t.base AND op.oprright = t.base END
        ORDER BY 1) AS leaky,
      EXISTS (
        SELECT 1 FROM pg_catalog.pg_index i
        CROSS JOIN LATERAL ROWS FROM (pg_catalog.unnest(i.indkey::int2[]),
          pg_catalog.unnest(i.indclass::oid[])) AS k(att, cls)
        JOIN pg_catalog.pg_opclass oc ON oc.oid = k.cls
        WHERE i.indrelid = o.tbl AND k.att = o.att
          AND oc.opcname IN ('gin_trgm_ops', 'gist_trgm_ops')) AS trigram
    FROM ROWS FROM (pg_catalog.unnest(${sql.val(columns.map((c) => c.origin.tableOid))}::oid[]),
      pg_catalog.unnest(${sql.val(columns.map((c) => c.origin.attnum))}::int2[]),
      pg_catalog.unnest(${sql.val(columns.map((c) => c.use))}::text[])) AS o(tbl, att, use)
    JOIN pg_catalog.pg_class c ON c.oid = o.tbl
    JOIN pg_catalog.pg_attribute a ON a.attrelid = o.tbl AND a.attnum = o.att
    CROSS JOIN LATERAL (
      SELECT CASE WHEN ty.typtype = 'd' THEN ty.typbasetype ELSE ty.oid END AS base
      FROM pg_catalog.pg_type ty WHERE ty.oid = a.atttypid) AS t`
}

/** The facts of `columns` out of columnFactsSql's rows (matched by table, column and use). */
export function columnFacts(
  columns: readonly FilteredColumn[],
  rows: readonly Record<string, unknown>[],
): ColumnFacts[] {
  return columns.flatMap((c) => {
    const r = rows.find(
      (x) =>
        Number(x.tbl) === c.origin.tableOid && Number(x.att) === c.origin.attnum && x.use === c.use,
    )
    if (!r) return []
    const leaky = Array.isArray(r.leaky) ? r.leaky.map(String) : []
    return [{ ...c, rls: r.rls === true, leaky, trigram: r.trigram === true }]
  })
}

const name = (o: ColumnOrigin) => `${o.table}.${o.column}`
const list = (xs: readonly string[]) => xs.join(', ')

function trigramIndex(o: ColumnOrigin): string {
  return `CREATE INDEX ON ${quoteIdent(o.schema)}.${quoteIdent(o.table)} USING gin (${quoteIdent(o.column)} gin_trgm_ops);`
}

/**
 * The advice for a list's filtered columns, or null when every filter can use an index. One
 * sentence per cause, each with the statements that remove it.
 *
 * @example indexAdvice([{ origin, use: 'compare', rls: true, leaky: ['pg_catalog.numeric_eq(numeric, numeric)'], trigram: false }])
 */
export function indexAdvice(facts: readonly ColumnFacts[]): string | null {
  const held = facts.filter((f) => f.rls && f.leaky.length > 0)
  const heldFunctions = [...new Set(held.flatMap((f) => f.leaky))].sort()
  const unindexed = facts.filter((f) => f.use === 'search' && !f.trigram)
  const parts: string[] = []
  if (held.length > 0) {
    const names = (uses: FilterUse[]) =>
      list([...new Set(held.filter((f) => uses.includes(f.use)).map((f) => name(f.origin)))])
    const filtered = names(['search', 'compare'])
    const sorted = names(['sort'])
    const what = [
      ...(filtered
        ? [`Filtering by ${filtered} reads every row row-level security lets the user see`]
        : []),
      ...(sorted
        ? [`${filtered ? 'pages' : 'Pages'} sorted by ${sorted} read every row before them`]
        : []),
    ].join(', and ')
    parts.push(
      `${what}: ${list(heldFunctions)} ${heldFunctions.length === 1 ? 'is' : 'are'} not LEAKPROOF, so PostgreSQL applies the policy to each row first and no index can help.` +
        ` A superuser who accepts that an error such a function raises could tell something about a row the policy hides can mark ${heldFunctions.length === 1 ? 'it' : 'them'}: ${heldFunctions.map((f) => `ALTER FUNCTION ${f} LEAKPROOF;`).join(' ')}`,
    )
  }
  if (unindexed.length > 0) {
    const names = list(unindexed.map((f) => name(f.origin)))
    const lead =
      held.length > 0
        ? `Searching ${names} also needs`
        : `Searching ${names} reads every row. It needs`
    parts.push(
      `${lead} a trigram index: CREATE EXTENSION IF NOT EXISTS pg_trgm; ${unindexed.map((f) => trigramIndex(f.origin)).join(' ')}`,
    )
  }
  return parts.length === 0 ? null : parts.join(' ')
}

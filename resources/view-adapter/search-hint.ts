import { quoteIdent, sql, type SqlFragment } from '../../core/sql/sql.js'
import type { ColumnOrigin, ViewColumn } from './model.js'
import type { FilterCondition } from './query-input.js'

/*
 * A search (`ILIKE '%text%'`) reads every row unless the base column has a trigram index. Karen
 * cannot do anything about that; Senior can, so lists tell developers which index to create.
 */

/** The base-table columns a list's searches and text filters match with ILIKE. */
export function searchedOrigins(conditions: readonly FilterCondition[]): ColumnOrigin[] {
  const cols: ViewColumn[] = conditions.flatMap((c) =>
    c.kind === 'search' ? c.columns : c.kind === 'contains' ? [c.column] : [],
  )
  const out: ColumnOrigin[] = []
  for (const c of cols) {
    const o = c.origin
    if (o && !out.some((x) => x.tableOid === o.tableOid && x.attnum === o.attnum)) out.push(o)
  }
  return out
}

/** Of the given base columns, those no trigram index (gin or gist, pg_trgm) leads or holds. */
export function withoutTrigramSql(origins: readonly ColumnOrigin[]): SqlFragment {
  return sql`SELECT o.tbl::bigint AS tbl, o.att::int AS att
    FROM ROWS FROM (pg_catalog.unnest(${sql.val(origins.map((o) => o.tableOid))}::oid[]),
      pg_catalog.unnest(${sql.val(origins.map((o) => o.attnum))}::int2[])) AS o(tbl, att)
    WHERE NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_index i
      CROSS JOIN LATERAL ROWS FROM (pg_catalog.unnest(i.indkey::int2[]),
        pg_catalog.unnest(i.indclass::oid[])) AS k(att, cls)
      JOIN pg_catalog.pg_opclass oc ON oc.oid = k.cls
      WHERE i.indrelid = o.tbl AND k.att = o.att
        AND oc.opcname IN ('gin_trgm_ops', 'gist_trgm_ops'))`
}

/** The advice for the columns that lack a trigram index, or null when none does. */
export function trigramAdvice(missing: readonly ColumnOrigin[]): string | null {
  if (missing.length === 0) return null
  const statements = missing.map(
    (o) =>
      `CREATE INDEX ON ${quoteIdent(o.schema)}.${quoteIdent(o.table)} USING gin (${quoteIdent(o.column)} gin_trgm_ops);`,
  )
  const names = missing.map((o) => `${o.table}.${o.column}`).join(', ')
  return `Searching ${names} reads every row. A trigram index makes it fast: CREATE EXTENSION IF NOT EXISTS pg_trgm; ${statements.join(' ')}`
}

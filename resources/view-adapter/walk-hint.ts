import { quoteIdent, sql, type SqlFragment } from '../../core/sql/sql.js'
import type { ColumnOrigin, ViewColumn } from './model.js'

/*
 * A page found by number at depth is a walk over the ordering columns (paging.ts). It reads the
 * index alone only when one index holds, in order, the columns row-level security checks and
 * then the ordering columns: `(tenant_id, issued_on, id)` for a list sorted by issued_on whose
 * policy checks tenant_id. Otherwise every row before the page is read from the table, about as
 * slow as OFFSET. Developers are told which index makes the walk index-only.
 */

/** The base table and columns a deep page walks, when every ordering column comes from it. */
export interface WalkedTable {
  readonly tableOid: number
  readonly schema: string
  readonly table: string
  readonly ordering: readonly ColumnOrigin[]
}

/** The walked table, or null when an ordering column is computed or from another table. */
export function walkedTable(ordering: readonly ViewColumn[]): WalkedTable | null {
  const origins = ordering.map((c) => c.origin)
  const [first] = origins
  if (!first || origins.some((o) => !o || o.tableOid !== first.tableOid)) return null
  return {
    tableOid: first.tableOid,
    schema: first.schema,
    table: first.table,
    ordering: origins as ColumnOrigin[],
  }
}

/**
 * The columns the table's SELECT policies read (`policy`, when row-level security is on) and
 * whether a valid, whole-table index has them as its leading key columns, in any order,
 * followed by the ordering columns in order (`covered`).
 */
export function walkIndexSql(w: WalkedTable): SqlFragment {
  const table = sql.val(w.tableOid)
  const ordering = sql.val(w.ordering.map((o) => o.attnum))
  return sql`WITH pol AS (
      SELECT COALESCE(pg_catalog.array_agg(DISTINCT d.refobjsubid::int2), '{}') AS atts
      FROM pg_catalog.pg_depend d
      JOIN pg_catalog.pg_policy p ON p.oid = d.objid
      JOIN pg_catalog.pg_class c ON c.oid = p.polrelid AND c.relrowsecurity
      WHERE d.classid = 'pg_catalog.pg_policy'::pg_catalog.regclass
        AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
        AND d.refobjid = ${table}::oid AND d.refobjsubid > 0 AND p.polcmd IN ('r', '*'))
    SELECT ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a
        WHERE a.attrelid = ${table}::oid AND a.attnum = ANY(pol.atts) ORDER BY a.attnum) AS policy,
      EXISTS (
        SELECT 1 FROM pg_catalog.pg_index i
        CROSS JOIN LATERAL (
          SELECT pg_catalog.array_agg(k.att ORDER BY k.n) AS keys
          FROM pg_catalog.unnest(i.indkey::int2[]) WITH ORDINALITY AS k(att, n)
          WHERE k.n <= i.indnkeyatts) AS ik
        WHERE i.indrelid = ${table}::oid AND i.indisvalid AND i.indpred IS NULL
          AND ik.keys[1:pg_catalog.cardinality(pol.atts)] @> pol.atts
          AND ik.keys[pg_catalog.cardinality(pol.atts) + 1:
            pg_catalog.cardinality(pol.atts) + pg_catalog.cardinality(${ordering}::int2[])]
            = ${ordering}::int2[]) AS covered
    FROM pol`
}

/** The advice for a walk no index serves alone, or null when one does. */
export function walkAdvice(
  w: WalkedTable,
  facts: { readonly policy: readonly string[]; readonly covered: boolean },
): string | null {
  if (facts.covered) return null
  const columns = [...facts.policy, ...w.ordering.map((o) => o.column)]
  const order = w.ordering.map((o) => o.column).join(', ')
  const checked =
    facts.policy.length > 0
      ? `, and row-level security checks ${facts.policy.join(', ')} on each of them,`
      : ''
  return `A page found by number walks every row of ${w.table} before it in (${order}) order${checked} reading the table where an index alone would do. Index for the walk: CREATE INDEX ON ${quoteIdent(w.schema)}.${quoteIdent(w.table)} (${columns.map(quoteIdent).join(', ')});`
}

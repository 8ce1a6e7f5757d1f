import { sql, type SqlFragment } from '../sql/sql.js'
import {
  queryRows,
  withCatalog,
  type CatalogSessionOptions,
  type CatalogTarget,
} from './catalog-session.js'

/** Fetches one object's deparsed definition by OID; null when the OID is not that kind of object. */
type DefinitionFetcher = (
  target: CatalogTarget,
  oid: number,
  options?: CatalogSessionOptions,
) => Promise<string | null>

/**
 * Deparsed definitions for one object at a time. The snapshot leaves them out because the
 * deparse functions dominate catalog query time (pg_get_indexdef 6.6×, pg_get_constraintdef
 * 1.9×, pg_get_viewdef ~50 ms per 2k views); one object costs well under a millisecond.
 * `definition` is selected from `from` for the row whose `key` is the OID.
 */
function definitionOf(
  definition: SqlFragment,
  from: SqlFragment,
  key: SqlFragment,
): DefinitionFetcher {
  return async (target, oid, options = {}) =>
    withCatalog(target, options, async (ctx) => {
      const [row] = await queryRows<{ definition: string | null }>(
        ctx,
        sql`SELECT ${definition} AS definition
FROM ${from} WHERE ${key} = ${sql.val(oid)}::oid`,
      )
      return row?.definition ?? null
    })
}

/**
 * The SELECT of a view or materialized view; null when the OID is not one.
 *
 * @example await viewDefinition(pool, view.oid) // ' SELECT id, …'
 */
export const viewDefinition = definitionOf(
  sql`CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid, true) END`,
  sql`pg_catalog.pg_class c`,
  sql`c.oid`,
)

/**
 * `CREATE [UNIQUE] INDEX … USING … (…) [INCLUDE …] [WHERE …]`; null when the OID is no index.
 *
 * @example await indexDefinition(pool, index.oid)
 */
export const indexDefinition = definitionOf(
  sql`pg_catalog.pg_get_indexdef(i.indexrelid)`,
  sql`pg_catalog.pg_index i`,
  sql`i.indexrelid`,
)

/**
 * `PRIMARY KEY (id)`, `FOREIGN KEY (…) REFERENCES …`, `CHECK (…)`, `EXCLUDE USING …`.
 *
 * @example await constraintDefinition(pool, constraint.oid)
 */
export const constraintDefinition = definitionOf(
  sql`pg_catalog.pg_get_constraintdef(co.oid, true)`,
  sql`pg_catalog.pg_constraint co`,
  sql`co.oid`,
)

/**
 * The full `CREATE TRIGGER …` statement.
 *
 * @example await triggerDefinition(pool, trigger.oid)
 */
export const triggerDefinition = definitionOf(
  sql`pg_catalog.pg_get_triggerdef(t.oid, true)`,
  sql`pg_catalog.pg_trigger t`,
  sql`t.oid`,
)

export interface FunctionBody {
  readonly language: string
  /** prosrc, or the SQL-standard body (BEGIN ATOMIC … / RETURN …) deparsed. */
  readonly source: string
  /** `CREATE OR REPLACE FUNCTION …` as pg_get_functiondef writes it; null for aggregates. */
  readonly definition: string | null
}

/**
 * A routine's body and full CREATE OR REPLACE text; null when the OID is no routine.
 *
 * @example (await functionBody(pool, fn.oid))?.source
 */
export async function functionBody(
  target: CatalogTarget,
  oid: number,
  options: CatalogSessionOptions = {},
): Promise<FunctionBody | null> {
  return withCatalog(target, options, async (ctx) => {
    const [row] = await queryRows<{ lanname: string; source: string; definition: string | null }>(
      ctx,
      sql`SELECT l.lanname,
  CASE WHEN p.prosqlbody IS NOT NULL THEN pg_catalog.pg_get_function_sqlbody(p.oid) ELSE p.prosrc END AS source,
  CASE WHEN p.prokind <> 'a' THEN pg_catalog.pg_get_functiondef(p.oid) END AS definition
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_language l ON l.oid = p.prolang
WHERE p.oid = ${sql.val(oid)}::oid`,
    )
    return row ? { language: row.lanname, source: row.source, definition: row.definition } : null
  })
}

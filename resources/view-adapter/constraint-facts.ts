import { sql } from '../../core/sql/sql.js'
import { fieldsForConstraint } from './db-errors.js'
import type { ConstraintFacts } from './error-words.js'
import type { ViewModel } from './model.js'

export type ConstraintRow = {
  relid: string
  conkey: number[] | null
  definition: string | null
  ref_table: string | null
}

/** A constraint by name on any of the given tables: its columns and its definition. */
export function constraintFactsQuery(name: string, tableOids: readonly number[]) {
  return sql`
    SELECT con.conrelid::int8::text AS relid, con.conkey::int2[] AS conkey,
      pg_catalog.pg_get_constraintdef(con.oid) AS definition, ref.relname AS ref_table
    FROM pg_catalog.pg_constraint con
    LEFT JOIN pg_catalog.pg_class ref ON ref.oid = con.confrelid
    WHERE con.conname = ${sql.val(name)}
      AND con.conrelid = ANY(${sql.val(tableOids.map(String))}::oid[])`
}

/** The view's base tables, where its constraints live. */
export function baseTables(model: ViewModel): number[] {
  return [...new Set(model.columns.flatMap((c) => (c.origin ? [c.origin.tableOid] : [])))]
}

/** The rows of constraintFactsQuery as the view sees them. */
export function constraintFacts(model: ViewModel, rows: readonly ConstraintRow[]): ConstraintFacts {
  const fields = rows.flatMap((r) => fieldsForConstraint(model, Number(r.relid), r.conkey ?? []))
  const definition = rows.find((r) => r.definition)?.definition ?? undefined
  const refTable = rows.find((r) => r.ref_table)?.ref_table ?? undefined
  return { fields: [...new Set(fields)], definition, refTable }
}

import { poolDb } from '../db/kysely.js'
import type { Pool } from '../db/pool.js'
import { statement, type Statement } from '../executor/statement.js'
import { sql } from '../sql/sql.js'

/** What a change log row is about: a plan the executor applied, or acting as another role. */
export type ChangeKind = 'plan' | 'impersonation'

/** The console's change log: who applied which statements, when, and what came of it. */
export function createChangeLog(schema: string): Statement[] {
  return [
    statement({
      kind: 'create_schema',
      sql: sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(schema)}`,
      summary: `Create the console schema ${schema}`,
    }),
    statement({
      kind: 'create_table',
      sql: sql`CREATE TABLE IF NOT EXISTS ${sql.id(schema, 'change_log')} (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  actor text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  summary text NOT NULL,
  statements jsonb NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('committed', 'rolled back', 'partial')),
  error text,
  kind text NOT NULL DEFAULT 'plan'
)`,
      summary: `Create the change log table ${schema}.change_log`,
    }),
    // Rows written before kinds existed, and every row the executor writes, are plans.
    statement({
      kind: 'alter_table',
      sql: sql`ALTER TABLE ${sql.id(schema, 'change_log')} ADD COLUMN IF NOT EXISTS kind text NOT NULL DEFAULT 'plan'`,
      summary: `Tell plans from impersonations in ${schema}.change_log`,
    }),
  ]
}

/** One change log row written by the console itself rather than by the executor. */
export interface ChangeEntry {
  readonly actor: string
  readonly kind: ChangeKind
  readonly summary: string
  /** Same shape as the executor's: objects with at least kind, summary and sql. */
  readonly statements: readonly Readonly<Record<string, unknown>>[]
  readonly outcome: 'committed' | 'rolled back' | 'partial'
  readonly error?: string | null
}

/**
 * Appends a row to the change log on `pool` (the console's login, which owns the table) and
 * returns its id.
 *
 * @example await recordChange(pool, 'planetary', { actor: 'bob', kind: 'impersonation', … })
 */
export async function recordChange(
  pool: Pool,
  schema: string,
  entry: ChangeEntry,
): Promise<string> {
  const row = await poolDb(pool)
    .withSchema(schema)
    .insertInto('change_log')
    .values({
      actor: entry.actor,
      kind: entry.kind,
      summary: entry.summary,
      statements: JSON.stringify(entry.statements),
      outcome: entry.outcome,
      error: entry.error ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return String(row.id)
}

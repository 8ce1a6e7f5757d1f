import { statement, type Statement } from '../executor/statement.js'
import { sql } from '../sql/sql.js'

/** The console's change log: who applied which statements, when, and what came of it. */
export function createChangeLog(schema: string): Statement[] {
  return [
    statement({
      kind: 'create_schema',
      sql: sql`CREATE SCHEMA IF NOT EXISTS ${sql.ident(schema)}`,
      summary: `Create the console schema ${schema}`,
    }),
    statement({
      kind: 'create_table',
      sql: sql`CREATE TABLE IF NOT EXISTS ${sql.ident(schema, 'change_log')} (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  actor text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  summary text NOT NULL,
  statements jsonb NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('committed', 'rolled back', 'partial')),
  error text
)`,
      summary: `Create the change log table ${schema}.change_log`,
    }),
  ]
}

import { statement, type Statement } from '../executor/statement.js'
import { sql } from '../sql/sql.js'

/** The console schema's table of rate-limit counters, shared by every console on the database. */
export const RATE_LIMIT_TABLE = 'rate_limit'

/**
 * The table the login limiter counts in: one row per client key and window, so failed sign-ins
 * on any console process behind one address count together. Rows whose window ended are
 * deleted by the consoles (see PgRateLimitStore). The table belongs to whoever runs the plan;
 * `planetary init` gives it to the console's login like the session table.
 *
 * @example plan(...rateLimitTable('planetary'))
 */
export function rateLimitTable(schema: string): Statement[] {
  const table = sql.id(schema, RATE_LIMIT_TABLE)
  return [
    statement({
      kind: 'create_table',
      sql: sql`CREATE TABLE IF NOT EXISTS ${table} (
  key text PRIMARY KEY,
  hits integer NOT NULL,
  reset_at timestamptz NOT NULL
)`,
      summary: `Create the rate limit table ${schema}.${RATE_LIMIT_TABLE}`,
    }),
    statement({
      kind: 'create_index',
      sql: sql`CREATE INDEX IF NOT EXISTS rate_limit_reset_at_idx ON ${table} (reset_at)`,
      summary: 'Index rate limit counters by the end of their window',
    }),
    statement({
      kind: 'comment',
      sql: sql`COMMENT ON TABLE ${table} IS ${sql.lit('pg-planetary: failed sign-ins per client address and window, shared by every console process')}`,
      summary: `Describe ${schema}.${RATE_LIMIT_TABLE}`,
    }),
  ]
}

import type { Pool } from '../../core/db/pool.js'

/**
 * How many statements run now in PostgreSQL whose text contains `marker` (the asker's own
 * excepted), of connections named `application` when given: what a test of cancelled work polls.
 *
 * @example await expect.poll(() => runningStatements(admin, 'slow_v')).toBe(0)
 */
export async function runningStatements(
  pool: Pool,
  marker: string,
  application?: string,
): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM pg_stat_activity
     WHERE state = 'active' AND strpos(query, $1) > 0 AND pid <> pg_backend_pid()
       AND ($2::text IS NULL OR application_name = $2)`,
    [marker, application ?? null],
  )
  return Number(rows[0]?.n)
}

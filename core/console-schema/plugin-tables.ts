import type { Pool } from '../db/pool.js'
import { runQuery } from '../db/session.js'
import { Executor } from '../executor/executor.js'
import type { Plan } from '../executor/statement.js'
import type { PluginContext } from '../plugin/types.js'
import { quoteIdent, sql, type SqlFragment } from '../sql/sql.js'

/**
 * Runs one query on a pooled connection of the console's login: for the plugin tables in the
 * console schema, which the login owns.
 */
export async function consoleQuery<R extends Record<string, unknown>>(
  pool: Pool,
  q: SqlFragment,
): Promise<R[]> {
  const client = await pool.connect()
  try {
    return await runQuery<R>(client, q)
  } finally {
    client.release()
  }
}

/** Whether a table of the console schema exists yet (plugin tables are made on first use). */
export async function consoleTableExists(
  pool: Pool,
  consoleSchema: string,
  table: string,
): Promise<boolean> {
  const [row] = await consoleQuery<{ present: boolean }>(
    pool,
    sql`SELECT pg_catalog.to_regclass(${sql.value(`${quoteIdent(consoleSchema)}.${quoteIdent(table)}`)}) IS NOT NULL AS present`,
  )
  return row?.present === true
}

/**
 * Creates a plugin's tables in the console schema on first use, unless `probe` exists: through
 * an executor as the console's login (the tables belong to it, not to the DDL role the shared
 * executor switches to), so the creation is in the change log under the user's name.
 *
 * @example await ensureConsoleTables(ctx, user, 'policy_templates', createTemplatesTable(schema))
 */
export async function ensureConsoleTables(
  ctx: PluginContext,
  user: { readonly name: string },
  probe: string,
  plan: Plan,
): Promise<void> {
  const schema = ctx.config.consoleSchema
  if (await consoleTableExists(ctx.pool, schema, probe)) return
  const login = new Executor({
    pool: ctx.pool,
    consoleSchema: schema,
    lockTimeoutMs: ctx.config.lockTimeoutMs,
    statementTimeoutMs: ctx.config.statementTimeoutMs,
  })
  await login.apply(plan, user)
}

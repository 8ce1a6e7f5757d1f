import type { Pool } from '../../core/db/pool.js'
import { runQuery } from '../../core/db/session.js'
import { Executor } from '../../core/executor/executor.js'
import type { PluginContext } from '../../core/plugin/types.js'
import { quoteIdent, sql, type SqlFragment } from '../../core/sql/sql.js'
import { createClaimsTables, MAPPINGS_TABLE } from './store-tables.js'

/** A timestamp column as the pages send it. */
export const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : String(d))

/** Runs one query on a pooled connection of the console's login. */
export async function query<R extends Record<string, unknown>>(
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

/** Whether the claims tables exist yet: they are made on the first declaration. */
export async function claimsTablesExist(pool: Pool, consoleSchema: string): Promise<boolean> {
  const name = `${quoteIdent(consoleSchema)}.${quoteIdent(MAPPINGS_TABLE)}`
  const [row] = await query<{ present: boolean }>(
    pool,
    sql`SELECT pg_catalog.to_regclass(${sql.value(name)}) IS NOT NULL AS present`,
  )
  return row?.present === true
}

function loginExecutor(ctx: PluginContext): Executor {
  // The console's own tables belong to its login, not to the DDL role the shared executor uses.
  return new Executor({
    pool: ctx.pool,
    consoleSchema: ctx.config.consoleSchema,
    lockTimeoutMs: ctx.config.lockTimeoutMs,
    statementTimeoutMs: ctx.config.statementTimeoutMs,
  })
}

/** Creates the claims tables through the executor (a change log entry) unless they exist. */
export async function ensureTables(
  ctx: PluginContext,
  user: { readonly name: string },
): Promise<void> {
  const schema = ctx.config.consoleSchema
  if (!(await claimsTablesExist(ctx.pool, schema))) {
    await loginExecutor(ctx).apply(createClaimsTables(schema), user)
  }
}

import type { Pool } from '../db/pool.js'
import { runQuery } from '../db/session.js'
import { ConsoleError } from '../errors.js'
import { Executor } from '../executor/executor.js'
import { plan, statement, type Plan } from '../executor/statement.js'
import type { PluginContext } from '../plugin/types.js'
import { quoteIdent, renderStatic, sql, type SqlFragment } from '../sql/sql.js'

/**
 * Runs one query on a pooled connection of the console's login: for the plugin tables in the
 * console schema, which the login owns.
 */
export function consoleQuery<R extends Record<string, unknown>>(
  pool: Pool,
  q: SqlFragment,
): Promise<R[]> {
  return runQuery<R>(pool, q)
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

const ddlRoles = new WeakMap<Executor, Promise<string>>()

/**
 * The role the executor runs DDL as, asked of the executor itself: a rolled-back statement
 * that names `current_user` in a notice. Configuration cannot say (the demo picks its DDL role
 * at start, and a `ddlUrl` login has its own name).
 */
export function ddlRoleOf(executor: Executor): Promise<string> {
  let known = ddlRoles.get(executor)
  if (!known) {
    known = executor
      .preview(
        plan(
          statement({
            kind: 'probe',
            sql: sql`DO $probe$BEGIN RAISE NOTICE 'planetary-ddl-role:%', current_user; END$probe$`,
            summary: 'Ask which role runs DDL',
          }),
        ),
      )
      .then((result) => {
        const notice = result.statements[0]?.notices.find((n) => n.includes('planetary-ddl-role:'))
        const role = notice?.split('planetary-ddl-role:')[1]?.trim()
        if (!role) throw new ConsoleError('Could not tell which role the executor runs DDL as')
        return role
      })
    known.catch(() => ddlRoles.delete(executor))
    ddlRoles.set(executor, known)
  }
  return known
}

const planTables = new WeakMap<Pool, Map<string, Promise<void>>>()

/**
 * Creates a console-schema table that the DDL role writes inside its own plans, so a record
 * commits or rolls back with the change it describes: made when first needed (a dry run or an
 * apply, never on GET) as the console's login, which owns the console schema, with USAGE on the
 * schema and SELECT / INSERT / UPDATE / DELETE on the table granted to the DDL role.
 *
 * @example await ensurePlanTable(ctx, 'protections', sql`table_schema name NOT NULL, …`, 'what each protect plan did')
 */
export function ensurePlanTable(
  ctx: PluginContext,
  table: string,
  columns: SqlFragment,
  comment: string,
): Promise<void> {
  const known = planTables.get(ctx.pool) ?? new Map<string, Promise<void>>()
  planTables.set(ctx.pool, known)
  let done = known.get(table)
  if (!done) {
    done = (async () => {
      const ddl = await ddlRoleOf(ctx.executor)
      const schema = ctx.config.consoleSchema
      const name = sql.ident(schema, table)
      const text = renderStatic(sql`CREATE TABLE IF NOT EXISTS ${name} (
${columns}
);
COMMENT ON TABLE ${name} IS ${sql.literal(`pg-planetary: ${comment}`)};
GRANT USAGE ON SCHEMA ${sql.ident(schema)} TO ${sql.ident(ddl)};
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ${name} TO ${sql.ident(ddl)}`)
      const client = await ctx.pool.connect()
      try {
        await client.query('BEGIN')
        // Two first requests at once must not race on CREATE TABLE IF NOT EXISTS.
        await client.query('SELECT pg_catalog.pg_advisory_xact_lock(hashtext($1))', [
          `${schema}.${table}`,
        ])
        await client.query(text)
        await client.query('COMMIT')
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined)
        throw err
      } finally {
        client.release()
      }
    })()
    done.catch(() => known.delete(table))
    known.set(table, done)
  }
  return done
}

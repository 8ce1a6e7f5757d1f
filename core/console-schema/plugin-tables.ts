import type { Pool } from '../db/pool.js'
import { runQuery } from '../db/session.js'
import { ConsoleError } from '../errors.js'
import { Executor } from '../executor/executor.js'
import { plan, statement, type Plan } from '../executor/statement.js'
import type { PluginContext } from '../plugin/types.js'
import { quoteIdent, sql, type SqlFragment } from '../sql/sql.js'
import { poolDb, type Db } from '../db/kysely.js'

/**
 * kysely on the console schema as the console's login, which owns the plugin tables there.
 *
 * @example await consoleDb(ctx.pool, 'planetary').selectFrom('session_claims').selectAll().execute()
 */
export function consoleDb(pool: Pool, consoleSchema: string): Db {
  return poolDb(pool).withSchema(consoleSchema)
}

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
    sql`SELECT pg_catalog.to_regclass(${sql.val(`${quoteIdent(consoleSchema)}.${quoteIdent(table)}`)}) IS NOT NULL AS present`,
  )
  return row?.present === true
}

/**
 * Whether a console table exists and, with `writer`, whether that role may use the schema and
 * read and write the table.
 */
async function consoleTableReady(
  pool: Pool,
  consoleSchema: string,
  table: string,
  writer: string | undefined,
): Promise<boolean> {
  const name = sql.val(`${quoteIdent(consoleSchema)}.${quoteIdent(table)}`)
  const may = (privilege: string) =>
    sql`pg_catalog.has_table_privilege(${sql.val(writer)}, pg_catalog.to_regclass(${name}), ${sql.lit(privilege)})`
  const [row] = await consoleQuery<{ ready: boolean }>(
    pool,
    writer === undefined
      ? sql`SELECT pg_catalog.to_regclass(${name}) IS NOT NULL AS ready`
      : sql`SELECT CASE WHEN pg_catalog.to_regclass(${name}) IS NULL THEN false
  ELSE pg_catalog.has_schema_privilege(${sql.val(writer)}, ${sql.val(consoleSchema)}, 'USAGE')
    AND ${may('SELECT')} AND ${may('INSERT')} AND ${may('UPDATE')} AND ${may('DELETE')} END AS ready`,
  )
  return row?.ready === true
}

/**
 * Creates a plugin's tables in the console schema on first use, unless `probe` exists (and, with
 * `writer`, that role may already write it): through an executor as the console's login (the
 * tables belong to it, not to the DDL role the shared executor switches to), so the creation is
 * in the change log under the user's name. An advisory lock first: two first requests at once
 * do not race on CREATE TABLE IF NOT EXISTS.
 *
 * @example await ensureConsoleTables(ctx, user, 'policy_templates', createTemplatesTable(schema))
 */
export async function ensureConsoleTables(
  ctx: PluginContext,
  user: { readonly name: string },
  probe: string,
  tables: Plan,
  writer?: string,
): Promise<void> {
  const schema = ctx.config.consoleSchema
  if (await consoleTableReady(ctx.pool, schema, probe, writer)) return
  const login = new Executor({
    pool: ctx.pool,
    consoleSchema: schema,
    lockTimeoutMs: ctx.config.lockTimeoutMs,
    statementTimeoutMs: ctx.config.statementTimeoutMs,
  })
  const lock = statement({
    kind: 'lock',
    sql: sql`SELECT pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext(${sql.lit(`${schema}.${probe}`)}))`,
    summary: `Wait for anyone else creating ${schema}.${probe}`,
  })
  await login.apply(plan(lock, ...tables), user)
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

/**
 * Creates a console-schema table that the DDL role writes inside its own plans, so a record
 * commits or rolls back with the change it describes: made when first needed (a dry run or an
 * apply, never on GET) like the other console tables, with USAGE on the schema and SELECT /
 * INSERT / UPDATE / DELETE on the table granted to the DDL role.
 *
 * @example await ensurePlanTable(ctx, user, 'protections', sql`table_schema name NOT NULL, …`, 'what each protect plan did')
 */
export async function ensurePlanTable(
  ctx: PluginContext,
  user: { readonly name: string },
  table: string,
  columns: SqlFragment,
  comment: string,
): Promise<void> {
  const ddl = await ddlRoleOf(ctx.executor)
  const schema = ctx.config.consoleSchema
  const name = sql.id(schema, table)
  await ensureConsoleTables(
    ctx,
    user,
    table,
    plan(
      statement({
        kind: 'create_table',
        sql: sql`CREATE TABLE IF NOT EXISTS ${name} (
${columns}
)`,
        summary: `Create ${schema}.${table}: ${comment}`,
      }),
      statement({
        kind: 'comment',
        sql: sql`COMMENT ON TABLE ${name} IS ${sql.lit(`pg-planetary: ${comment}`)}`,
        summary: `Describe ${schema}.${table}`,
      }),
      statement({
        kind: 'grant',
        sql: sql`GRANT USAGE ON SCHEMA ${sql.id(schema)} TO ${sql.id(ddl)}`,
        summary: `Let ${ddl} reach the console schema`,
      }),
      statement({
        kind: 'grant',
        sql: sql`GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ${name} TO ${sql.id(ddl)}`,
        summary: `Let ${ddl} write ${schema}.${table} inside its plans`,
      }),
    ),
    ddl,
  )
}

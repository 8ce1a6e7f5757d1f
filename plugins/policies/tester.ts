import pg from 'pg'
import { z } from 'zod'
import { recordChange } from '../../core/console-schema/change-log.js'
import type { Pool } from '../../core/db/pool.js'
import { runQuery, sessionPrelude } from '../../core/db/session.js'
import {
  ConsoleError,
  ExecutionError,
  InvalidInputError,
  toExecutionError,
} from '../../core/errors.js'
import { functionCalls } from '../../core/parse/function-calls.js'
import { ParseError, type ParsedExpression } from '../../core/parse/parse.js'
import { compile, renderStatic, sql } from '../../core/sql/sql.js'
import { checkExpression, positionIn } from './column-refs.js'
import { validateAt } from './expression.js'

/** A role the tester may act as. */
export interface TesterRole {
  readonly name: string
  readonly login: boolean
}

/**
 * Roles the connection's login may SET ROLE to (PG 16+: the SET option of the membership; before:
 * membership), minus those that would make the test say nothing about RLS or hand out the
 * keys: superusers, BYPASSRLS and CREATEROLE roles, and the configured DDL role. Asked of the
 * tester's own login, this is the set `planetary init` granted it.
 */
export async function testerRoles(
  pool: Pool | pg.ClientBase,
  options: { versionNum: number; exclude?: readonly string[] },
): Promise<TesterRole[]> {
  const mode = options.versionNum >= 160000 ? 'SET' : 'MEMBER'
  const { text, values } = compile(
    sql`SELECT r.rolname, r.rolcanlogin FROM pg_catalog.pg_roles r
WHERE r.rolname !~ '^pg_' AND NOT r.rolsuper AND NOT r.rolbypassrls AND NOT r.rolcreaterole
  AND r.rolname <> current_user AND r.rolname <> ALL(${sql.val(options.exclude ?? [])}::text[])
  AND pg_catalog.pg_has_role(current_user, r.oid, ${sql.lit(mode)})
ORDER BY r.rolname`,
  )
  let rows: { rolname: string; rolcanlogin: boolean }[]
  try {
    rows = (await pool.query<{ rolname: string; rolcanlogin: boolean }>(text, [...values])).rows
  } catch (err) {
    throw toExecutionError(err, text)
  }
  return rows.map((r) => ({ name: r.rolname, login: r.rolcanlogin }))
}

/** A table under the tested relation (itself, or reached through views) and its policies. */
export interface AppliedTable {
  readonly schema: string
  readonly name: string
  /** The role RLS checks on this table: the tester's role, or the owner of a view in between. */
  readonly checkedAs: string
  readonly rls: { readonly enabled: boolean; readonly forced: boolean }
  /** Why RLS does not filter this table for `checkedAs`, if it does not. */
  readonly bypass: 'rls off' | 'superuser' | 'bypassrls' | 'owner' | null
  readonly policies: readonly {
    readonly name: string
    readonly permissive: boolean
    readonly command: string
    readonly using: string | null
  }[]
}

interface AppliedRow {
  nspname: string
  relname: string
  checker: string
  relrowsecurity: boolean
  relforcerowsecurity: boolean
  checker_super: boolean
  checker_bypassrls: boolean
  checker_owner: boolean
  policies: { name: string; permissive: boolean; cmd: string; using: string | null }[] | null
}

const COMMANDS: Readonly<Record<string, string>> = {
  '*': 'ALL',
  r: 'SELECT',
  a: 'INSERT',
  w: 'UPDATE',
  d: 'DELETE',
}

/**
 * The policies PostgreSQL applies when `role` reads `relation`: on the relation itself if it is
 * a table, or on the tables under its views — checked as the view's owner unless the view is
 * security_invoker, which is how the rewriter does it. SELECT and ALL policies whose roles are
 * PUBLIC or a role whose privileges `role` has.
 */
export function appliedPoliciesQuery(relation: { schema: string; name: string }, role: string) {
  const invoker = sql`EXISTS (SELECT 1 FROM pg_catalog.unnest(v.reloptions) o
    WHERE pg_catalog.lower(o) IN ('security_invoker=true', 'security_invoker=on', 'security_invoker=1', 'security_invoker=yes'))`
  return sql`WITH RECURSIVE walk(oid, checker, depth) AS (
  SELECT c.oid, ${sql.val(role)}::pg_catalog.name, 0
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ${sql.val(relation.schema)} AND c.relname = ${sql.val(relation.name)}
  UNION
  SELECT d.refobjid, CASE WHEN ${invoker} THEN w.checker ELSE pg_catalog.pg_get_userbyid(v.relowner) END, w.depth + 1
  FROM walk w
  JOIN pg_catalog.pg_class v ON v.oid = w.oid AND v.relkind = 'v'
  JOIN pg_catalog.pg_rewrite rw ON rw.ev_class = v.oid
  JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND d.objid = rw.oid
    AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjid <> v.oid
  WHERE w.depth < 16
)
SELECT DISTINCT ON (c.oid, w.checker) n.nspname, c.relname, w.checker, c.relrowsecurity, c.relforcerowsecurity,
  r.rolsuper AS checker_super, r.rolbypassrls AS checker_bypassrls,
  pg_catalog.pg_has_role(r.oid, c.relowner, 'USAGE') AS checker_owner,
  (SELECT pg_catalog.json_agg(pg_catalog.json_build_object('name', pol.polname, 'permissive', pol.polpermissive,
      'cmd', pol.polcmd, 'using', pg_catalog.pg_get_expr(pol.polqual, pol.polrelid)) ORDER BY pol.polpermissive DESC, pol.polname)
   FROM pg_catalog.pg_policy pol
   WHERE pol.polrelid = c.oid AND pol.polcmd IN ('r', '*')
     AND (0::pg_catalog.oid = ANY(pol.polroles) OR EXISTS (
       SELECT 1 FROM pg_catalog.unnest(pol.polroles) pr(oid)
       WHERE pr.oid <> 0 AND pg_catalog.pg_has_role(r.oid, pr.oid, 'USAGE')))) AS policies
FROM walk w
JOIN pg_catalog.pg_class c ON c.oid = w.oid AND c.relkind IN ('r', 'p')
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_roles r ON r.rolname = w.checker
ORDER BY c.oid, w.checker`
}

function mapApplied(row: AppliedRow): AppliedTable {
  const bypass = !row.relrowsecurity
    ? 'rls off'
    : row.checker_super
      ? 'superuser'
      : row.checker_bypassrls
        ? 'bypassrls'
        : row.checker_owner && !row.relforcerowsecurity
          ? 'owner'
          : null
  return {
    schema: row.nspname,
    name: row.relname,
    checkedAs: row.checker,
    rls: { enabled: row.relrowsecurity, forced: row.relforcerowsecurity },
    bypass,
    policies: bypass
      ? []
      : (row.policies ?? []).map((p) => ({
          name: p.name,
          permissive: p.permissive,
          command: COMMANDS[p.cmd] ?? p.cmd,
          using: p.using,
        })),
  }
}

const testerSchema = z.object({
  role: z.string().min(1, 'choose a role'),
  claims: z.union([z.string(), z.record(z.string(), z.unknown())]).default({}),
  relation: z.object({
    schema: z.string().min(1, 'choose a table or view'),
    name: z.string().min(1, 'choose a table or view'),
  }),
  /** A filter on the relation's columns, parsed by PostgreSQL's parser before use. */
  where: z.string().default(''),
  /** A column of the relation to order by. */
  orderBy: z
    .object({ column: z.string().min(1), descending: z.boolean().default(false) })
    .optional(),
})

/**
 * Functions a tester filter may not call directly: set_config switches roles, session advisory
 * locks and setseed change the connection. A convenience that catches the obvious, never the
 * protection — any function that runs SQL text (query_to_xml, PL/pgSQL EXECUTE …) gets around
 * a list. What protects is where the filter runs: the tester's own login, on a connection
 * closed after the run.
 */
const SESSION_FUNCTIONS = new Set([
  'set_config',
  'pg_advisory_lock',
  'pg_advisory_lock_shared',
  'pg_try_advisory_lock',
  'pg_try_advisory_lock_shared',
  'setseed',
])

export interface TesterResult {
  readonly role: string
  readonly claims: Readonly<Record<string, unknown>>
  readonly relation: string
  readonly where: string
  readonly orderBy: { readonly column: string; readonly descending: boolean } | null
  readonly columns: readonly string[]
  readonly rows: readonly (readonly unknown[])[]
  readonly applied: readonly AppliedTable[]
  /** The EXPLAIN lines that filter rows: where the policies' quals show up. */
  readonly filters: readonly string[]
  readonly plan: readonly string[]
}

export const TESTER_LIMIT = 50

function claimsOf(value: string | Record<string, unknown>): Record<string, unknown> {
  if (typeof value !== 'string') return value
  if (!value.trim()) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch (err) {
    throw InvalidInputError.field('claims', `not JSON: ${(err as Error).message}`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw InvalidInputError.field('claims', 'must be a JSON object, like {"tenant_id": 1}')
  }
  return parsed as Record<string, unknown>
}

function cell(value: unknown): unknown {
  if (value === null || value === undefined) return null
  if (value instanceof Date) return value.toISOString()
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`
  if (typeof value === 'object') return JSON.stringify(value)
  if (typeof value === 'bigint') return value.toString()
  return value
}

/** The relation's column names, in order. */
async function relationColumns(
  pool: Pool,
  relation: { schema: string; name: string },
): Promise<string[]> {
  const rows = await runQuery<{ attname: string }>(
    pool,
    sql`SELECT a.attname FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ${sql.val(relation.schema)} AND c.relname = ${sql.val(relation.name)}
  AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum`,
  )
  return rows.map((r) => r.attname)
}

/** The filter parsed by PostgreSQL's parser, its columns checked, session-changing calls refused. */
async function checkFilter(
  text: string,
  relation: { schema: string; name: string },
  columns: readonly string[],
): Promise<ParsedExpression> {
  const parsed = await checkExpression(text, 'where', relation, columns)
  const call = functionCalls(parsed.tree).find((c) => SESSION_FUNCTIONS.has(c.name))
  if (call) {
    const position = positionIn(text, call.location)
    throw new ParseError(
      `${call.name} cannot be called here: its effect would outlive the read (the role, session locks or the random seed of the connection)`,
      position,
      'where',
    )
  }
  return parsed
}

const FILTER_LINE = /\b(Filter|Index Cond|Recheck Cond|Join Filter|One-Time Filter|Hash Cond):/

export const TESTER_NOT_CONFIGURED =
  'The policy tester is not configured: set testerUrl (PLANETARY_TESTER_URL) to the tester login that `planetary init` creates (planetary_tester), e.g. postgres://planetary_tester:…@host/db'

/**
 * A connection of the tester's own login, opened for `fn` and closed after it, never given back
 * to a pool: whatever a filter did to it (settings, role, locks) ends with it.
 */
export async function withTesterConnection<T>(
  url: string,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({
    connectionString: url,
    application_name: 'pg-planetary-tester',
    connectionTimeoutMillis: 10_000,
  })
  // A connection that dies under us must not crash the process; the run fails on its own.
  client.on('error', () => undefined)
  try {
    await client.connect()
  } catch (err) {
    await client.end().catch(() => undefined)
    throw new ConsoleError(
      `The policy tester cannot connect with testerUrl: ${(err as Error).message}`,
    )
  }
  try {
    return await fn(client)
  } finally {
    await client.end().catch(() => undefined)
  }
}

/** Where a tester run happens and who runs it. */
export interface TesterOptions {
  /** The console user running the tester: the change log's actor. */
  readonly user: string
  /** The roles this user may test as (their explicit grant). */
  readonly mayTest: readonly string[]
  readonly relations: readonly { schema: string; name: string }[]
  readonly versionNum: number
  /** Roles never offered whatever the grants say (the DDL role). */
  readonly exclude?: readonly string[]
  readonly consoleSchema: string
  readonly statementTimeoutMs?: number
}

/**
 * Reads up to 50 rows of a table or view as `role` with `claims` set, and says which policies
 * applied: the catalog's answer and the EXPLAIN plan's filter lines. The role must be one the
 * user may test as and the tester login may SET ROLE to; the relation one of `relations`;
 * identifiers are always quoted.
 *
 * The read runs on a fresh connection of the tester's own login (`testerUrl`), in a READ ONLY
 * transaction with a statement timeout, rolled back, and the connection is closed: a filter is
 * SQL text and may switch roles through any function that runs SQL, so it runs where switching
 * reaches nothing the tested roles could not. Every run that reaches PostgreSQL is recorded in
 * the change log, refused or not.
 */
export async function runTester(
  pools: { readonly console: Pool; readonly testerUrl: string },
  input: unknown,
  options: TesterOptions,
): Promise<TesterResult & { readonly changeLogId: string }> {
  const form = validateAt(testerSchema, input, '')
  const fields: Record<string, string> = {}
  const mayNot = () =>
    `${options.user} may not test as ${JSON.stringify(form.role)}: ${
      options.mayTest.length
        ? `choose one of ${options.mayTest.join(', ')}`
        : 'ask an admin for the permission (planetary user set --may-test)'
    }`
  if (!options.mayTest.includes(form.role) || options.exclude?.includes(form.role)) {
    fields.role = mayNot()
  }
  const relation = options.relations.find(
    (r) => r.schema === form.relation.schema && r.name === form.relation.name,
  )
  if (!relation) fields.relation = `no table or view ${form.relation.schema}.${form.relation.name}`
  let claims: Record<string, unknown> = {}
  try {
    claims = claimsOf(form.claims)
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err
    Object.assign(fields, err.fields)
  }
  if (Object.keys(fields).length || !relation) throw InvalidInputError.fields(fields)
  const pool = pools.console
  // Columns are needed only to check a filter or an order.
  const columns = form.where.trim() || form.orderBy ? await relationColumns(pool, relation) : []
  const where = form.where.trim() ? await checkFilter(form.where, relation, columns) : undefined
  if (form.orderBy && !columns.includes(form.orderBy.column)) {
    throw InvalidInputError.fields({
      orderBy: `no column ${JSON.stringify(form.orderBy.column)} in ${relation.schema}.${relation.name}`,
    })
  }
  const target = sql.id(relation.schema, relation.name)
  const select = sql`SELECT * FROM ${target}${where ? sql` WHERE ${where.sql}` : sql``}${
    form.orderBy
      ? sql` ORDER BY ${sql.id(form.orderBy.column)}${form.orderBy.descending ? sql` DESC` : sql``}`
      : sql``
  } LIMIT ${sql.raw(String(TESTER_LIMIT))}`
  const text = renderStatic(select)
  const timeout = `${Math.max(1, options.statementTimeoutMs ?? 10_000)}ms`
  const relationName = `${relation.schema}.${relation.name}`
  const record = (failure?: unknown) =>
    recordChange(pool, options.consoleSchema, {
      actor: options.user,
      kind: 'impersonation',
      summary: `Policy tester: ${options.user} read ${relationName} as ${form.role} with claims ${JSON.stringify(claims)}`,
      statements: [
        {
          kind: 'impersonate',
          summary: `Read ${relationName} as ${form.role}`,
          sql: text,
          role: form.role,
          claims,
          relation: relationName,
          where: where?.text ?? '',
          orderBy: form.orderBy ?? null,
        },
      ],
      outcome: 'rolled back',
      error: failure === undefined ? null : (failure as Error).message,
    })
  const read = await withTesterConnection(pools.testerUrl, async (client) => {
    const grantable = await testerRoles(client, {
      versionNum: options.versionNum,
      ...(options.exclude ? { exclude: options.exclude } : {}),
    })
    if (!grantable.some((r) => r.name === form.role)) {
      throw InvalidInputError.field(
        'role',
        `the tester login may not act as ${JSON.stringify(form.role)}: \`planetary init\` grants it the roles that may be tested`,
      )
    }
    const prelude = renderStatic(sessionPrelude({ name: options.user, role: form.role, claims }))
    let stage = prelude
    try {
      await client.query(prelude)
      await client.query('SET TRANSACTION READ ONLY')
      await client.query(`SELECT pg_catalog.set_config('statement_timeout', $1, true)`, [timeout])
      stage = text
      const result = await client.query({ text, rowMode: 'array' })
      stage = `EXPLAIN (COSTS OFF) ${text}`
      const explained = await client.query<{ 'QUERY PLAN': string }>(stage)
      return {
        columns: result.fields.map((f) => f.name),
        rows: (result.rows as unknown[][]).map((r) => r.map(cell)),
        plan: explained.rows.map((r) => r['QUERY PLAN']),
      }
    } catch (err) {
      const failed = toExecutionError(err, stage)
      await record(failed)
      // A filter PostgreSQL cannot plan (a type mismatch, an unknown function) is the filter's fault.
      if (
        where &&
        stage === text &&
        failed instanceof ExecutionError &&
        failed.sqlstate?.startsWith('42')
      ) {
        throw InvalidInputError.field('where', failed.message)
      }
      throw failed
    } finally {
      await client.query('ROLLBACK').catch(() => undefined)
    }
  })
  const changeLogId = await record()
  const applied = await runQuery<AppliedRow & Record<string, unknown>>(
    pool,
    appliedPoliciesQuery(relation, form.role),
  )
  return {
    role: form.role,
    claims,
    relation: relationName,
    where: where?.text ?? '',
    orderBy: form.orderBy ?? null,
    columns: read.columns,
    rows: read.rows,
    applied: applied.map(mapApplied),
    filters: read.plan.filter((l) => FILTER_LINE.test(l)).map((l) => l.trim()),
    plan: read.plan,
    changeLogId,
  }
}

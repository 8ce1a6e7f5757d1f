import { createHash } from 'node:crypto'
import pg from 'pg'
import type { ClientBase, Pool, PoolClient } from 'pg'
import { ConsoleError, toExecutionError } from '../errors.js'
import { compile, renderStatic, sql, type SqlFragment } from '../sql/sql.js'
import type { CatalogScope, QueryContext } from './context.js'
import { MIN_SUPPORTED_VERSION_NUM } from './features.js'

/** A connection the engine can use: a client (`pg.Client`, a checked-out `PoolClient`) or a pool. */
export type CatalogTarget = ClientBase | Pool

export interface CatalogSessionOptions extends CatalogScope {
  /** Per-statement limit inside the snapshot; default 30 s. */
  readonly statementTimeoutMs?: number
  /** How long to wait for a lock (size functions open relations); default 5 s. */
  readonly lockTimeoutMs?: number
  /**
   * Connections to read with when the target is a pool (default 1). With more, the first
   * exports its snapshot (pg_export_snapshot) and the others import it, so every connection
   * sees the same catalog state. The pool must allow that many clients.
   */
  readonly connections?: number
}

/**
 * Runs one catalog query in the context's snapshot and returns its rows. Errors keep their
 * SQLSTATE and statement (ExecutionError).
 */
export async function queryRows<R>(
  ctx: Pick<QueryContext, 'client' | 'prepare'>,
  query: SqlFragment,
): Promise<R[]> {
  const { text, values } = compile(query)
  // The name follows the text, so a statement is prepared once per connection and reused.
  const name = ctx.prepare
    ? `planetary_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`
    : undefined
  try {
    const result = await ctx.client.query({ text, values: [...values], ...(name ? { name } : {}) })
    // The row type is the query's contract, checked by the integration tests on every major.
    return result.rows as R[]
  } catch (err) {
    throw toExecutionError(err, text)
  }
}

interface OpeningRow {
  version_num: number
  current_user: string
  rolsuper: boolean
  snapshot_id: string | null
}

interface MemberRow {
  catalog: string
  members: number[]
}

/**
 * One message, one round trip: the transaction opens (importing a snapshot for helper
 * connections), limits and a fixed search_path are set (so format_type and the deparse
 * functions qualify every non-catalog name the same way), sorts of 25k-row catalog lists get
 * the memory to stay off disk, and the server says who we are.
 */
function openingStatement(
  options: CatalogSessionOptions,
  role: { export: boolean } | { import: string },
): string {
  const timeout = Math.max(1, Math.trunc(options.statementTimeoutMs ?? 30_000))
  const lockTimeout = Math.max(1, Math.trunc(options.lockTimeoutMs ?? 5_000))
  const importing =
    'import' in role ? sql`SET TRANSACTION SNAPSHOT ${sql.lit(role.import)};\n` : sql``
  const exporting = 'export' in role && role.export
  const members = options.includeExtensionObjects
    ? sql`SELECT NULL::text AS catalog, NULL::oid[] AS members WHERE false`
    : sql`SELECT d.classid::pg_catalog.regclass::text AS catalog, pg_catalog.array_agg(d.objid) AS members
FROM pg_catalog.pg_depend d
WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.deptype = 'e'
GROUP BY d.classid`
  return renderStatic(sql`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
${importing}SELECT pg_catalog.set_config('statement_timeout', ${sql.lit(String(timeout))}, true),
  pg_catalog.set_config('lock_timeout', ${sql.lit(String(lockTimeout))}, true),
  pg_catalog.set_config('search_path', 'pg_catalog', true),
  pg_catalog.set_config('work_mem', '32MB', true),
  pg_catalog.current_setting('server_version_num')::int AS version_num,
  current_user::text AS current_user,
  pg_catalog.current_setting('is_superuser') = 'on' AS rolsuper,
  ${exporting ? sql`pg_catalog.pg_export_snapshot()` : sql`NULL::text`} AS snapshot_id;
${members}`)
}

function isPool(target: CatalogTarget): target is Pool {
  return target instanceof pg.Pool
}

async function open(
  client: ClientBase,
  options: CatalogSessionOptions,
  role: { export: boolean } | { import: string },
): Promise<{ ctx: QueryContext; snapshotId: string | null }> {
  const opening = openingStatement(options, role)
  let results: unknown
  try {
    results = await client.query(opening)
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw toExecutionError(err, opening)
  }
  const list = (Array.isArray(results) ? results : []) as { rows: unknown[] }[]
  const info = list.at(-2)?.rows[0] as OpeningRow | undefined
  const members = (list.at(-1)?.rows ?? []) as MemberRow[]
  if (!info) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw new ConsoleError('Catalog snapshot: the server returned no version')
  }
  if (info.version_num < MIN_SUPPORTED_VERSION_NUM) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw new ConsoleError(
      `PostgreSQL ${info.version_num} is not supported; the introspection engine needs 14 or newer`,
    )
  }
  const ctx: QueryContext = {
    client,
    versionNum: info.version_num,
    scope: options,
    currentUser: info.current_user,
    isSuperuser: info.rolsuper,
    extensionMembers: new Map(
      members.map((r) => [r.catalog.replace(/^pg_catalog\./, ''), r.members]),
    ),
  }
  return { ctx, snapshotId: info.snapshot_id }
}

/**
 * Opens a REPEATABLE READ READ ONLY transaction with a statement timeout on one connection (or
 * several sharing one exported snapshot, see `connections`), runs `fn` with their contexts,
 * and ends the transactions. Every query sees the same catalog state. A client passed in must
 * not be inside a transaction already.
 *
 * @example
 * const snap = await withCatalogSessions(pool, { connections: 2 }, (ctxs) => readSnapshot(ctxs))
 */
export async function withCatalogSessions<T>(
  target: CatalogTarget,
  options: CatalogSessionOptions,
  fn: (ctxs: readonly QueryContext[]) => Promise<T>,
): Promise<T> {
  // Never ask a pool for more clients than it may hold: the second connect() would wait forever.
  const wanted = isPool(target)
    ? Math.max(1, Math.min(Math.trunc(options.connections ?? 1), target.options.max ?? 10))
    : 1
  const clients: ClientBase[] = []
  const opened: ClientBase[] = []
  const broken = new Set<ClientBase>()
  try {
    clients.push(isPool(target) ? await target.connect() : target)
    const first = clients[0] as ClientBase
    const head = await open(first, options, { export: wanted > 1 })
    opened.push(first)
    const ctxs = [head.ctx]
    for (let i = 1; i < wanted && head.snapshotId; i++) {
      const client = await (target as Pool).connect()
      clients.push(client)
      ctxs.push((await open(client, options, { import: head.snapshotId })).ctx)
      opened.push(client)
    }
    let result: T
    try {
      result = await fn(ctxs)
    } catch (err) {
      for (const client of opened) {
        await client.query('ROLLBACK').catch(() => broken.add(client))
      }
      opened.length = 0
      throw err
    }
    // Read-only: COMMIT and ROLLBACK end it the same; helpers first, while the export lives.
    for (const client of opened.slice(1).concat(opened.slice(0, 1))) await client.query('COMMIT')
    opened.length = 0
    return result
  } finally {
    for (const client of opened) await client.query('ROLLBACK').catch(() => broken.add(client))
    if (isPool(target)) {
      for (const client of clients) (client as PoolClient).release(broken.has(client) || undefined)
    }
  }
}

/**
 * `withCatalogSessions` on one connection: the usual way to run a few entity queries.
 *
 * @example
 * const policies = await withCatalog(client, { schemas: ['app'] }, (ctx) => fetchPolicies(ctx))
 */
export async function withCatalog<T>(
  target: CatalogTarget,
  options: CatalogSessionOptions,
  fn: (ctx: QueryContext) => Promise<T>,
): Promise<T> {
  return withCatalogSessions(target, { ...options, connections: 1 }, ([ctx]) =>
    fn(ctx as QueryContext),
  )
}

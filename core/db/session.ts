import { InvalidInputError, toExecutionError } from '../errors.js'
import { compile, renderStatic, sql, type SqlFragment } from '../sql/sql.js'
import { clientDb, type Db } from './kysely.js'
import { endTransaction, type Pool, type PoolClient } from './pool.js'

/** Who a request acts as: their Postgres role and their claims (PostgREST's JWT claims). */
export interface Actor {
  /** Console user name, recorded in the change log. */
  readonly name: string
  /** The Postgres role the request runs as. */
  readonly role: string
  readonly claims: Readonly<Record<string, unknown>>
}

/**
 * A transaction running as an actor. `db` is kysely on that transaction (the query builder,
 * or `sql` fragments run with `.execute(session.db)`); `query` runs one fragment and returns
 * its rows.
 */
export interface Session {
  readonly db: Db
  query<R extends Record<string, unknown> = Record<string, unknown>>(q: SqlFragment): Promise<R[]>
  /** Runs one fragment: its rows with every value as PostgreSQL's text, and its command's count. */
  queryText(q: SqlFragment): Promise<TextResult>
  readonly client: PoolClient
}

/** Rows as PostgreSQL wrote them (no type parsing), and the count its command tag gives. */
export interface TextResult {
  readonly rows: Record<string, string | null>[]
  readonly rowCount: number
}

/** How a session's transaction begins: READ COMMITTED, or REPEATABLE READ, in a snapshot another transaction exported. */
export interface SessionOptions {
  readonly repeatableRead?: boolean
  /** `pg_export_snapshot()` of a transaction still open; implies repeatable read. */
  readonly snapshot?: string
}

const SNAPSHOT_ID = /^[0-9A-Fa-f]{1,16}(-[0-9A-Fa-f]{1,16}){1,2}$/

const CLAIM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

function claimText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/**
 * The statements that put a transaction into an actor's shoes: `SET LOCAL ROLE` and one
 * `set_config(..., true)` per claim plus `request.jwt.claims` as JSON — PostgREST's convention,
 * so the same RLS policies serve both. Rendered as one message to save round trips.
 */
export function sessionPrelude(actor: Actor, options: SessionOptions = {}): SqlFragment {
  const claims = Object.entries(actor.claims)
  for (const [name] of claims) {
    if (!CLAIM_NAME.test(name)) {
      throw InvalidInputError.field(
        'claims',
        `claim name ${JSON.stringify(name)} is not a plain identifier`,
      )
    }
  }
  const settings = [
    sql`set_config('request.jwt.claims', ${sql.lit(JSON.stringify({ role: actor.role, ...actor.claims }))}, true)`,
    sql`set_config('request.jwt.claim.role', ${sql.lit(actor.role)}, true)`,
    ...claims.map(
      ([name, value]) =>
        sql`set_config(${sql.lit(`app.${name}`)}, ${sql.lit(claimText(value))}, true)`,
    ),
  ]
  return sql`${begin(options)}; SET LOCAL ROLE ${sql.id(actor.role)}; SELECT ${sql.join(settings)}`
}

function begin(options: SessionOptions): SqlFragment {
  const { snapshot } = options
  if (snapshot === undefined) {
    return options.repeatableRead ? sql`BEGIN ISOLATION LEVEL REPEATABLE READ` : sql`BEGIN`
  }
  if (!SNAPSHOT_ID.test(snapshot)) throw new InvalidInputError('not an exported snapshot')
  return sql`BEGIN ISOLATION LEVEL REPEATABLE READ; SET TRANSACTION SNAPSHOT ${sql.lit(snapshot)}`
}

/**
 * Runs one fragment on a client, or on a pool (a connection taken and given back around it),
 * with PostgreSQL's errors as ExecutionError.
 */
export async function runQuery<R extends Record<string, unknown>>(
  client: PoolClient | Pool,
  q: SqlFragment,
): Promise<R[]> {
  const { text, values } = compile(q)
  try {
    const result = await client.query<R>({ text, values: values as unknown[] })
    return result.rows
  } catch (err) {
    throw toExecutionError(err, text)
  }
}

const TEXT_TYPES = { getTypeParser: () => (value: string) => value }

/** Runs one fragment on a client: rows as text, and the command's count (MOVE, FETCH, …). */
export async function runQueryText(client: PoolClient, q: SqlFragment): Promise<TextResult> {
  const { text, values } = compile(q)
  try {
    const result = await client.query<Record<string, string | null>>({
      text,
      values: values as unknown[],
      types: TEXT_TYPES,
    })
    return { rows: result.rows, rowCount: result.rowCount ?? 0 }
  } catch (err) {
    throw toExecutionError(err, text)
  }
}

/**
 * Runs `fn` in one transaction as the actor's role with their claims set, handing it a Session
 * (kysely bound to the transaction); commits if `fn`
 * resolves, rolls back if it throws. Three round trips in all: prelude, fn's queries, and
 * COMMIT (or ROLLBACK) with the session reset in the same message, so nothing the served
 * database's code set — `set_config(…, false)`, a role, a session advisory lock, a temp table —
 * reaches the next user of the connection. A connection whose reset failed is destroyed.
 *
 * @example
 * await withSession(pool, karen, (s) => s.query(sql`select * from app.invoice_v`))
 * await withSession(pool, bob, (s) =>
 *   s.db.selectFrom('pg_catalog.pg_roles').select('rolname').where('rolcanlogin', '=', true).execute(),
 * )
 */
export async function withSession<T>(
  pool: Pool,
  actor: Actor,
  fn: (session: Session) => Promise<T>,
  options: SessionOptions = {},
): Promise<T> {
  const prelude = renderStatic(sessionPrelude(actor, options))
  const client = await pool.connect()
  let broken: Error | undefined
  // Ends the transaction and resets the session; on failure the connection is not reused.
  const end = async (how: 'COMMIT' | 'ROLLBACK') => {
    try {
      await endTransaction(client, how)
    } catch (err) {
      broken = err instanceof Error ? err : new Error(String(err))
      throw err
    }
  }
  try {
    try {
      await client.query(prelude)
    } catch (err) {
      await end('ROLLBACK').catch(() => undefined)
      throw toExecutionError(err, prelude)
    }
    let db: Db | undefined
    const session: Session = {
      client,
      query: (q) => runQuery(client, q),
      queryText: (q) => runQueryText(client, q),
      get db() {
        return (db ??= clientDb(client))
      },
    }
    let result: T
    try {
      result = await fn(session)
    } catch (err) {
      await end('ROLLBACK').catch(() => undefined)
      throw err
    }
    try {
      await end('COMMIT')
    } catch (err) {
      throw toExecutionError(err, 'COMMIT')
    }
    return result
  } finally {
    client.release(broken)
  }
}

import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely'
import { toExecutionError } from '../errors.js'
import type { Database } from './database.js'
import type { Pool, PoolClient } from './pool.js'

/** The kysely instance the console's code queries through. */
export type Db = Kysely<Database>

type Run = (text: string, values: readonly unknown[]) => Promise<unknown>

// A pg client as kysely's dialect sees it, PostgreSQL's errors leaving as ExecutionError
// (the same as `runQuery`'s), so the edge converts one kind of error.
function lend(client: PoolClient, release: () => void): PostgresPoolClient {
  const run = client.query.bind(client) as unknown as Run
  const query = async (text: string, values: readonly unknown[]) => {
    try {
      return await run(text, values)
    } catch (err) {
      throw toExecutionError(err, text)
    }
  }
  return { query: query as PostgresPoolClient['query'], release }
}

/** One kysely per pool: its compiler and plugins are built once, not on every query. */
const perPool = new WeakMap<Pool, Db>()

/**
 * kysely over a pool: each query takes a connection and gives it back (the pool resets it).
 * For the console's own tables, as the console's login. The same instance for the same pool.
 *
 * @example await poolDb(pool).withSchema('planetary').selectFrom('users').select('name').execute()
 */
export function poolDb(pool: Pool): Db {
  const known = perPool.get(pool)
  if (known) return known
  const lending: PostgresPool = {
    connect: async () => {
      const client = await pool.connect()
      return lend(client, () => client.release())
    },
    end: () => pool.end(),
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: lending }) })
  perPool.set(pool, db)
  return db
}

/**
 * kysely bound to one checked-out connection, inside a transaction someone else owns: kysely
 * neither begins, commits nor releases anything; `withSession` does.
 */
export function clientDb(client: PoolClient): Db {
  const lent = lend(client, () => undefined)
  const pool: PostgresPool = { connect: async () => lent, end: async () => undefined }
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
}

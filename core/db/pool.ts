import pg from 'pg'
import { ConsoleBusyError } from '../errors.js'
import { cancelledBy, cancelSignal, tieToSignal } from './cancel.js'

export type Pool = pg.Pool
export type PoolClient = pg.PoolClient

// numeric and int8 stay strings so no amount is rounded through a float.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => v)
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v)

export interface PoolOptions {
  max?: number
  /** Tells the console's sessions apart in pg_stat_activity; every reset restores it. */
  applicationName?: string
  /** What the pool serves (`requests`, `manager`, `console`…): named in its busy error. */
  purpose?: string
  /**
   * How long a checkout waits for a free connection before ConsoleBusyError; 0 waits forever.
   * Default 30 s, a safety net: the console's own pools take `poolAcquireTimeoutMs`.
   */
  acquireTimeoutMs?: number
  /** The connections' statement_timeout (a startup setting, so RESET ALL brings it back). */
  statementTimeoutMs?: number
  /**
   * How long an idle connection stays open; 0 keeps it until the pool ends. Default 10 s (pg's),
   * so a short-lived pool never holds its process open for long.
   */
  idleTimeoutMs?: number
  /**
   * The pool runs only the console's own fixed statements (the session and rate-limit stores),
   * which set nothing on the session: connections go back without a reset, saving a DISCARD ALL
   * per request. Never for a pool that runs served code or a user's SQL.
   */
  ownStatementsOnly?: boolean
}

/**
 * What DISCARD ALL does, as statements that may share one message with COMMIT or ROLLBACK
 * (DISCARD ALL itself refuses to run in a multi-statement message). RESET ALL comes first, so
 * a statement or transaction timeout a request shortened cannot fail the rest; it does not
 * reset `role`, the session authorization right after it does, before anything that could act
 * as a role. Checked on PostgreSQL 15 and 17.
 */
export const SESSION_RESET = [
  'RESET ALL',
  'SET SESSION AUTHORIZATION DEFAULT',
  'DEALLOCATE ALL',
  'CLOSE ALL',
  'UNLISTEN *',
  'SELECT pg_catalog.pg_advisory_unlock_all()',
  'DISCARD PLANS',
  'DISCARD TEMP',
  'DISCARD SEQUENCES',
].join('; ')

/** Per client: whether nothing has run on it since its session was last reset. */
const clean = new WeakMap<pg.PoolClient, boolean>()

/** Per lent client: the signal of the work it is lent to (cancel.ts), while lent. */
const lentTo = new WeakMap<pg.PoolClient, AbortSignal>()

/**
 * Wraps `query` once per client so any statement marks the session as possibly changed, and
 * none starts for work that was abandoned (promise calls; a callback or submittable runs).
 */
function track(client: pg.PoolClient): void {
  if (clean.has(client)) return
  const query = client.query.bind(client) as (...args: unknown[]) => unknown
  ;(client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args) => {
    const signal = lentTo.get(client)
    const first = args[0] as { submit?: unknown } | undefined
    const promised = typeof args.at(-1) !== 'function' && typeof first?.submit !== 'function'
    if (signal?.aborted && promised) return Promise.reject(cancelledBy(signal))
    clean.set(client, false)
    return query(...args)
  }
  clean.set(client, true)
}

/** DEALLOCATE ALL dropped the server's prepared statements: the driver must forget its own. */
function forgetPrepared(client: pg.PoolClient): void {
  const connection = (client as unknown as { connection?: { parsedStatements?: object } })
    .connection
  if (connection?.parsedStatements) connection.parsedStatements = {}
}

function markClean(client: pg.PoolClient): void {
  forgetPrepared(client)
  if (clean.has(client) && client.getTransactionStatus() === 'I') clean.set(client, true)
}

/**
 * Ends the client's transaction and resets its session in the same message — the one round
 * trip a request ends with anyway — so the pool takes the connection back as it was.
 * Throws what PostgreSQL said (the COMMIT's error, typically a deferred constraint).
 *
 * @example await endTransaction(client, 'COMMIT')
 */
export async function endTransaction(
  client: pg.PoolClient,
  end: 'COMMIT' | 'ROLLBACK',
): Promise<void> {
  await client.query(`${end}; ${SESSION_RESET}`)
  markClean(client)
}

/**
 * Resets the client's session (DISCARD ALL) and gives it back to its pool; destroys it instead
 * when it is still inside a transaction or the reset fails. For clients whose last statement
 * was not an `endTransaction`.
 */
export async function releaseReset(client: pg.PoolClient): Promise<void> {
  try {
    if (clean.get(client) !== true || client.getTransactionStatus() !== 'I') {
      if (client.getTransactionStatus() !== 'I') throw new Error('left inside a transaction')
      await client.query('DISCARD ALL')
      markClean(client)
    }
  } catch (err) {
    client.release(err instanceof Error ? err : new Error(String(err)))
    return
  }
  client.release()
}

type ConnectCallback = (
  err: Error | undefined,
  client: pg.PoolClient | undefined,
  done: (release?: unknown) => void,
) => void

const QUEUE_TIMEOUT = 'timeout exceeded when trying to connect'

/**
 * A pg pool that never lends a connection carrying what its last user left: a client is
 * reset on release unless its last statement was `endTransaction` (reset in the same message),
 * and destroyed when it is still inside a transaction or the reset fails (unless the pool runs
 * only the console's own statements). Checkouts wait at most `acquireTimeoutMs`, then throw
 * ConsoleBusyError.
 */
class ResettingPool extends pg.Pool {
  constructor(
    config: pg.PoolConfig,
    private readonly purpose: string,
    private readonly resets: boolean,
  ) {
    super(config)
  }

  override connect(): Promise<pg.PoolClient>
  override connect(callback: ConnectCallback): void
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    const checkout = this.checkout()
    if (!callback) return checkout
    checkout.then(
      (client) => callback(undefined, client, (e?: unknown) => client.release(e as Error)),
      (err: Error) => callback(err, undefined, () => undefined),
    )
  }

  private async checkout(): Promise<pg.PoolClient> {
    const abandoned = () => {
      const signal = this.resets ? cancelSignal() : undefined
      return signal?.aborted ? cancelledBy(signal) : undefined
    }
    for (;;) {
      const before = abandoned()
      if (before) throw before
      let client: pg.PoolClient
      try {
        client = await super.connect()
      } catch (err) {
        if (err instanceof Error && err.message === QUEUE_TIMEOUT) {
          throw new ConsoleBusyError(this.purpose, this.options.connectionTimeoutMillis ?? 0, {
            cause: err,
          })
        }
        throw err
      }
      const status = client.getTransactionStatus()
      if (status === 'I' || status === null) {
        if (!this.resets) return client
        // Abandoned while waiting for a connection: it goes back unused.
        const during = abandoned()
        if (during) {
          client.release()
          throw during
        }
        return this.guard(client, cancelSignal())
      }
      // Never lend a connection inside a transaction, failed or open: end it instead.
      client.release(new Error(`connection left in transaction state ${status}`))
    }
  }

  /**
   * Resets the client when it comes back, and ties it to the signal of the work it is lent to:
   * a client whose signal fired while lent had a cancel sent, and is closed, never lent again.
   */
  private guard(client: pg.PoolClient, signal: AbortSignal | undefined): pg.PoolClient {
    track(client)
    let untie: (() => boolean) | undefined
    if (signal) {
      lentTo.set(client, signal)
      untie = tieToSignal(client, signal)
    }
    const release = client.release.bind(client)
    let released = false
    client.release = (err?: Error | boolean) => {
      if (untie) {
        lentTo.delete(client)
        const cancelled = untie()
        untie = undefined
        if (cancelled && !err) return release(new Error('closed: the work it served was cancelled'))
      }
      if (released || err) return release(err)
      released = true
      if (clean.get(client) === true && client.getTransactionStatus() === 'I') return release()
      // Give the client back only once the reset is done, and only if it worked.
      client.release = release
      void releaseReset(client)
    }
    return client
  }
}

/**
 * How many connections the pool could lend right now without anyone waiting: idle ones, and
 * room for new ones. A checkout reserves its connection before it returns, so a count taken
 * just before a checkout holds for it.
 */
export function spareConnections(pool: Pool): number {
  if (pool.waitingCount > 0) return 0
  return pool.idleCount + Math.max(0, (pool.options.max ?? 10) - pool.totalCount)
}

/**
 * A pool for one database URL whose connections come back reset (SECURITY.md rule 4) and whose
 * checkouts time out with ConsoleBusyError (rule 6).
 *
 * @example const pool = createPool(url, { max: 10, purpose: 'requests', statementTimeoutMs: 10_000 })
 */
export function createPool(connectionString: string, options: PoolOptions = {}): Pool {
  const pool = new ResettingPool(
    {
      connectionString,
      max: options.max ?? 10,
      application_name: options.applicationName ?? 'pg-planetary',
      connectionTimeoutMillis: options.acquireTimeoutMs ?? 30_000,
      idleTimeoutMillis: options.idleTimeoutMs ?? 10_000,
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    },
    options.purpose ?? 'database',
    options.ownStatementsOnly !== true,
  )
  // An idle client losing its server must not crash the process; the next checkout reconnects.
  pool.on('error', () => undefined)
  return pool
}

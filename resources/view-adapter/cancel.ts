import pg from 'pg'
import type { PoolClient } from '../../core/db/pool.js'
import { ConsoleError } from '../../core/errors.js'

/** What PostgreSQL's cancel request names: the backend and its secret key. */
interface Backend {
  readonly host: string
  readonly port: number
  readonly processID: number
  readonly secretKey: number
}

/**
 * Cancels whatever statement runs on `client`, through PostgreSQL's cancel protocol: a fresh
 * socket that sends the backend's pid and secret key — no login, no pool connection used. A
 * cancel arriving between statements does nothing; the request's later statements are refused
 * by `check()` anyway.
 */
function cancelBackend(client: PoolClient): void {
  const busy = client as unknown as Backend
  const marker = {}
  const canceller = new pg.Client({ host: busy.host, port: busy.port }) as unknown as {
    connection: { on(event: 'error', fn: () => void): void }
    cancel(client: unknown, query: unknown): void
  }
  canceller.connection.on('error', () => undefined)
  // pg's cancel wants the running query; a stand-in with the backend's keys is enough.
  canceller.cancel(
    { activeQuery: marker, processID: busy.processID, secretKey: busy.secretKey },
    marker,
  )
}

/** Thrown instead of running a statement for a request whose client has gone. */
export class ClientGoneError extends ConsoleError {}

/**
 * Ties a session's connection to a request's abort signal: once the signal fires, the statement
 * running is cancelled and `check()` refuses to start another. `release()` unties them.
 */
export function cancelWith(
  client: PoolClient,
  signal: AbortSignal | undefined,
): { check(): void; release(): void } {
  const check = () => {
    if (signal?.aborted) throw new ClientGoneError('the client went away; the query was cancelled')
  }
  if (!signal) return { check, release: () => undefined }
  const onAbort = () => cancelBackend(client)
  signal.addEventListener('abort', onAbort, { once: true })
  return { check, release: () => signal.removeEventListener('abort', onAbort) }
}

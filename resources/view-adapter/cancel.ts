import pg from 'pg'
import type { PoolClient } from '../../core/db/pool.js'
import { ConsoleError } from '../../core/errors.js'

/** pg's client, with the parts of its cancel protocol its typings leave out. */
interface CancellableClient {
  readonly host: string
  readonly port: number
  readonly activeQuery?: unknown
}

/** The statement running on `client` cancelled through PostgreSQL's cancel protocol. */
function cancelActive(client: PoolClient): void {
  const busy = client as unknown as CancellableClient
  if (!busy.activeQuery) return
  // A fresh client only opens the cancel socket: no login, no pool connection used.
  const canceller = new pg.Client({ host: busy.host, port: busy.port }) as unknown as {
    connection: { on(event: 'error', fn: () => void): void }
    cancel(client: unknown, query: unknown): void
  }
  canceller.connection.on('error', () => undefined)
  canceller.cancel(busy, busy.activeQuery)
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
  const onAbort = () => cancelActive(client)
  signal.addEventListener('abort', onAbort, { once: true })
  return { check, release: () => signal.removeEventListener('abort', onAbort) }
}

import { AsyncLocalStorage } from 'node:async_hooks'
import pg from 'pg'
import { CancelledError } from '../errors.js'

/*
 * Work that may be abandoned — a request whose client went away, a dashboard card past its
 * time — runs inside `cancellable(signal, fn)`. A connection the console's pools lend inside
 * it is tied to the signal (pool.ts): when the signal fires, the statement running on it is
 * cancelled in PostgreSQL, no further statement starts on it, and the connection is closed
 * rather than lent again, so a cancel still on its way can never reach the next user's query.
 * Work shared between requests (caches, refreshes) must not run inside one request's scope.
 */

const scope = new AsyncLocalStorage<AbortSignal>()

/**
 * Runs `fn` so that the statements of connections it checks out are cancelled once `signal`
 * fires — or once the signal of an enclosing `cancellable` does. Without a signal, `fn` runs
 * in the enclosing scope.
 *
 * @example await cancellable(AbortSignal.timeout(4000), () => plugin.card(ctx))
 */
export function cancellable<T>(signal: AbortSignal | undefined, fn: () => T): T {
  if (!signal) return fn()
  const outer = scope.getStore()
  return scope.run(outer ? AbortSignal.any([outer, signal]) : signal, fn)
}

/**
 * Runs `fn` outside any `cancellable`: for work shared between requests (a cache's refresh
 * that several requests await), which one request's end must not cancel for the others.
 *
 * @example pending ??= detached(() => refresh())
 */
export function detached<T>(fn: () => T): T {
  return scope.exit(fn)
}

/** The signal of the innermost `cancellable` running, if any. */
export function cancelSignal(): AbortSignal | undefined {
  return scope.getStore()
}

/** Why the work was abandoned, as the error its statements fail with. */
export function cancelledBy(signal: AbortSignal): CancelledError {
  const reason: unknown = signal.reason
  const why = reason instanceof Error ? reason.message : 'the work was abandoned'
  return new CancelledError(`${why}; its queries were cancelled`, { cause: reason })
}

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
 * cancel arriving between statements does nothing.
 */
export function cancelBackend(client: pg.ClientBase): void {
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

/**
 * Ties a lent connection to the scope's signal: on abort its statement is cancelled. Returns
 * the untie, which says whether the connection must be closed (the signal fired while lent).
 */
export function tieToSignal(client: pg.ClientBase, signal: AbortSignal): () => boolean {
  const onAbort = () => cancelBackend(client)
  signal.addEventListener('abort', onAbort, { once: true })
  return () => {
    signal.removeEventListener('abort', onAbort)
    return signal.aborted
  }
}

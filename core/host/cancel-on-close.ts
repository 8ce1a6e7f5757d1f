import { AsyncLocalStorage } from 'node:async_hooks'
import type { RequestHandler } from 'express'

/*
 * A request whose client went away before the answer was sent must not keep a connection busy:
 * this middleware gives every request an AbortSignal that fires when its connection closes
 * before the response finished. Work done for the request alone — Karen's lists and counts,
 * plugin pages' reads, dashboard cards — runs `cancellable(requestSignal(), …)`
 * (core/db/cancel.ts), so its statements are cancelled in PostgreSQL. Work shared between
 * requests (caches, the views' refresh) and changes (POST) run to their end.
 */

const scope = new AsyncLocalStorage<AbortSignal>()

/** Runs the rest of the request inside a scope whose signal aborts on an early close. */
export function cancelOnClose(): RequestHandler {
  return (_req, res, next) => {
    const controller = new AbortController()
    res.on('close', () => {
      if (!res.writableFinished) controller.abort(new Error('the client went away'))
    })
    scope.run(controller.signal, next)
  }
}

/** The signal of the HTTP request being served, if any: aborted once its client is gone. */
export function requestSignal(): AbortSignal | undefined {
  return scope.getStore()
}

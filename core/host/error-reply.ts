import type { NextFunction, Request, Response } from 'express'
import {
  CancelledError,
  ConsoleBusyError,
  ConsoleError,
  ExecutionError,
  InvalidInputError,
} from '../errors.js'
import { HttpError } from './edge.js'
import { hasPersona } from './personas.js'
import { NOT_FOUND } from './route-guard.js'

/** Errors of AdminJS and of Express's body parsers, known by their shape. */
interface NamedError {
  name?: unknown
  status?: unknown
  type?: unknown
}

const BODY_ERRORS: Readonly<Record<string, string>> = {
  'entity.too.large': 'The request body is too large',
  'entity.parse.failed': 'The request body is not valid JSON',
  'charset.unsupported': 'The request body has an unsupported charset',
  'encoding.unsupported': 'The request body has an unsupported encoding',
  'parameters.too.many': 'The request body holds too many fields',
  'request.aborted': 'The request was aborted',
}

/**
 * The status and plain message for an error reaching the edge. Nothing about the statement or
 * the stack goes to a user of the data persona only; unknown errors are logged, not shown.
 */
export function errorReply(
  err: unknown,
  admin: unknown,
): { status: number; message: string; log: boolean; retryAfter?: number } {
  if (err instanceof ConsoleBusyError) {
    return { status: 503, message: err.message, log: false, retryAfter: err.retryAfterSeconds }
  }
  if (err instanceof HttpError) return { status: err.status, message: err.message, log: false }
  const e = (err ?? {}) as NamedError
  if (typeof e.type === 'string' && typeof e.status === 'number' && e.status < 500) {
    return { status: e.status, message: BODY_ERRORS[e.type] ?? 'Bad request', log: false }
  }
  if (e.name === 'NotFoundError' || e.name === 'ForbiddenError') {
    return { status: 404, message: NOT_FOUND, log: false }
  }
  if (e.name === 'ValidationError')
    return { status: 400, message: 'The record is not valid', log: false }
  if (err instanceof InvalidInputError) return { status: 400, message: err.message, log: false }
  // A statement timeout, or work abandoned (its client gone, a card's time up: core/db/cancel.ts),
  // whether the statement came through the executor or straight from a plugin's pool.
  const sqlstate = err instanceof ExecutionError ? err.sqlstate : (err as { code?: unknown }).code
  if (sqlstate === '57014' || err instanceof CancelledError) {
    return { status: 503, message: 'The request took too long and was cancelled', log: false }
  }
  if (err instanceof ExecutionError) {
    const manager = hasPersona(admin as never, ['ops', 'dev'])
    return { status: 422, message: manager ? err.format() : err.message, log: false }
  }
  if (err instanceof ConsoleError) return { status: 422, message: err.message, log: false }
  return { status: 500, message: 'Internal error: see the console log', log: true }
}

/** The edge where typed errors become responses: messages for people, no stack traces. */
export function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  const { status, message, log, retryAfter } = errorReply(err, req.session?.adminUser)
  if (log) console.error(err)
  if (res.headersSent) return
  if (retryAfter !== undefined) res.set('retry-after', String(retryAfter))
  if (req.originalUrl.includes('/api/')) {
    res.status(status).json({ notice: { message, type: 'error' } })
  } else {
    res.status(status).type('text/plain').send(message)
  }
}

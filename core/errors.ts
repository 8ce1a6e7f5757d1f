/**
 * Typed errors thrown anywhere in core. They are converted once, at the edge (CLI, HTTP), into
 * messages, notices and form field errors; core code never returns `{ data, error }` pairs.
 */
export class ConsoleError extends Error {
  override readonly name: string = 'ConsoleError'
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
  }
}

/** Input that was refused before anything reached PostgreSQL. `fields` maps a field to its error. */
export class InvalidInputError extends ConsoleError {
  override readonly name: string = 'InvalidInputError'
  readonly fields: Readonly<Record<string, string>>
  constructor(message: string, fields: Record<string, string> = {}) {
    super(message)
    this.fields = Object.freeze({ ...fields })
  }

  /** A refusal that concerns exactly one field: `InvalidInputError.field('name', 'is too long')`. */
  static field(field: string, message: string): InvalidInputError {
    return new InvalidInputError(`${field}: ${message}`, { [field]: message })
  }

  /** A refusal naming several fields; its message lists them as `field: message; …`. */
  static fields(fields: Record<string, string>): InvalidInputError {
    return new InvalidInputError(
      Object.entries(fields)
        .map(([f, m]) => `${f}: ${m}`)
        .join('; '),
      fields,
    )
  }
}

/**
 * Something the user asked for does not exist, or is hidden from them: the two are never told
 * apart (SECURITY.md rule 7). The edge answers 404 with this plain message.
 */
export class NotFoundError extends ConsoleError {
  override readonly name = 'NotFoundError'
}

/**
 * The work a statement served was abandoned (its HTTP client went away, its time ran out), so
 * the statement was cancelled in PostgreSQL or never started (core/db/cancel.ts).
 */
export class CancelledError extends ConsoleError {
  override readonly name = 'CancelledError'
}

/**
 * No database connection came free within the pool's acquire timeout: the console is busy, the
 * request was not run. The edge answers 503 with `Retry-After`.
 *
 * @example new ConsoleBusyError('requests', 5000).message
 * // "the console is busy: no database connection free within 5 s (requests pool)"
 */
export class ConsoleBusyError extends ConsoleError {
  override readonly name = 'ConsoleBusyError'
  constructor(
    /** Which pool was full: `requests`, `manager`, `console`… */
    readonly pool: string,
    /** How long the request waited for a connection, in milliseconds. */
    readonly waitedMs: number,
    options?: { cause?: unknown },
  ) {
    super(
      `the console is busy: no database connection free within ${waitedMs / 1000} s (${pool} pool)`,
      options,
    )
  }

  /** Seconds a client should wait before trying again (the `Retry-After` header). */
  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(this.waitedMs / 1000))
  }
}

/** What PostgreSQL said about a statement, with the psql-style caret under the error position. */
export interface ExecutionErrorDetails {
  /** The five-character SQLSTATE, e.g. `42P01`. */
  sqlstate?: string
  statement?: string
  /** 1-based character position in `statement`, as PostgreSQL reports it. */
  position?: number
  detail?: string
  hint?: string
  where?: string
  schema?: string
  table?: string
  column?: string
  constraint?: string
}

export class ExecutionError extends ConsoleError {
  override readonly name = 'ExecutionError'
  readonly sqlstate: string | undefined
  readonly statement: string | undefined
  readonly position: number | undefined
  readonly detail: string | undefined
  readonly hint: string | undefined
  readonly where: string | undefined
  readonly schema: string | undefined
  readonly table: string | undefined
  readonly column: string | undefined
  readonly constraint: string | undefined

  constructor(message: string, details: ExecutionErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options)
    this.sqlstate = details.sqlstate
    this.statement = details.statement
    this.position = details.position
    this.detail = details.detail
    this.hint = details.hint
    this.where = details.where
    this.schema = details.schema
    this.table = details.table
    this.column = details.column
    this.constraint = details.constraint
  }

  /** The statement line holding the error and a caret under it, as psql prints them. */
  get caret(): string | undefined {
    return this.statement === undefined || this.position === undefined
      ? undefined
      : caretLines(this.statement, this.position)
  }

  /** Message, SQLSTATE, detail, hint and caret, for a terminal or a log. */
  format(): string {
    const lines = [`ERROR: ${this.message}${this.sqlstate ? ` (SQLSTATE ${this.sqlstate})` : ''}`]
    if (this.detail) lines.push(`DETAIL: ${this.detail}`)
    if (this.hint) lines.push(`HINT: ${this.hint}`)
    const caret = this.caret
    if (caret) lines.push(caret)
    return lines.join('\n')
  }
}

/**
 * The line of `text` that holds the 1-based character `position`, and a caret under it.
 *
 * @example caretLines('select * fro t', 10) // "LINE 1: select * fro t\n                 ^"
 */
export function caretLines(text: string, position: number): string {
  const chars = Array.from(text)
  const index = Math.min(Math.max(position - 1, 0), chars.length)
  let start = index
  while (start > 0 && chars[start - 1] !== '\n') start--
  let end = index
  while (end < chars.length && chars[end] !== '\n') end++
  const lineNo = chars.slice(0, start).filter((c) => c === '\n').length + 1
  const prefix = `LINE ${lineNo}: `
  const line = chars.slice(start, end).join('')
  const pad = chars
    .slice(start, index)
    .map((c) => (c === '\t' ? '\t' : ' '))
    .join('')
  return `${prefix}${line}\n${' '.repeat(prefix.length)}${pad}^`
}

interface PgDriverError {
  message: string
  code?: string
  position?: string
  internalPosition?: string
  internalQuery?: string
  detail?: string
  hint?: string
  where?: string
  schema?: string
  table?: string
  column?: string
  constraint?: string
}

function isPgDriverError(err: unknown): err is PgDriverError {
  return (
    err instanceof Error &&
    typeof (err as { code?: unknown }).code === 'string' &&
    /^[0-9A-Z]{5}$/.test((err as unknown as { code: string }).code)
  )
}

/**
 * Turns an error thrown by the pg driver into an ExecutionError that keeps the SQLSTATE, the
 * statement and the position; other errors pass through unchanged.
 */
export function toExecutionError(err: unknown, statement?: string): unknown {
  if (err instanceof ConsoleError || !isPgDriverError(err)) return err
  const inner = err.internalQuery !== undefined && err.internalPosition !== undefined
  const rawPosition = inner ? err.internalPosition : err.position
  return new ExecutionError(
    err.message,
    {
      sqlstate: err.code,
      statement: inner ? err.internalQuery : statement,
      position: rawPosition === undefined ? undefined : Number(rawPosition),
      detail: err.detail,
      hint: err.hint,
      where: err.where,
      schema: err.schema,
      table: err.table,
      column: err.column,
      constraint: err.constraint,
    },
    { cause: err },
  )
}

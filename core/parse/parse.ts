import { parse } from 'libpg-query'
import { InvalidInputError } from '../errors.js'
import { sql, type SqlFragment } from '../sql/sql.js'

/** The parser refused a text: its message and the 1-based position in the user's text. */
export class ParseError extends InvalidInputError {
  override readonly name = 'ParseError'
  readonly position: number | undefined
  constructor(message: string, position: number | undefined, field?: string) {
    super(field ? `${field}: ${message}` : message, field ? { [field]: message } : {})
    this.position = position
  }
}

/** A user-written expression the PostgreSQL parser accepted as exactly one expression. */
export interface ParsedExpression {
  readonly text: string
  /** The expression wrapped in parentheses, ready to interpolate into a statement. */
  readonly sql: SqlFragment
  /** The parser's tree of the expression (one `ResTarget.val` node). */
  readonly tree: unknown
}

interface ParseResult {
  stmts?: { stmt: Record<string, Record<string, unknown>> }[]
}

interface SqlDetails {
  message?: string
  cursorPosition?: number
}

// The expression goes on its own lines so a trailing `--` comment cannot swallow the closing
// parenthesis and a block comment cannot span it unnoticed.
const PREFIX = 'SELECT (\n'
const SUFFIX = '\n)'

async function parseTree(text: string, offset: number, field?: string): Promise<ParseResult> {
  try {
    return (await parse(text)) as ParseResult
  } catch (err) {
    const details = (err as { sqlDetails?: SqlDetails }).sqlDetails
    const cursor = details?.cursorPosition
    // libpg-query reports a 0-based cursor into the text it was given.
    const position = cursor === undefined ? undefined : Math.max(cursor - offset, 0) + 1
    const message = details?.message ?? (err instanceof Error ? err.message : String(err))
    throw new ParseError(
      position === undefined ? message : `${message} at position ${position}`,
      position,
      field,
    )
  }
}

const SELECT_ONLY_KEYS = new Set(['targetList', 'limitOption', 'op'])

/**
 * Checks user-written SQL that must be one expression — a policy USING or WITH CHECK, a trigger
 * WHEN, a CHECK constraint, a default, an index predicate — with the real PostgreSQL parser.
 * Anything that would carry a second statement or clause (`true) ; drop table x; --`) is
 * refused with the parser's message and position.
 *
 * @example await parseExpression("tenant_id = current_setting('app.tenant_id', true)::int")
 */
export async function parseExpression(text: string, field?: string): Promise<ParsedExpression> {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new ParseError('an expression is required', undefined, field)
  }
  if (text.includes('\0')) throw new ParseError('contains a NUL character', undefined, field)
  const result = await parseTree(PREFIX + text + SUFFIX, PREFIX.length, field)
  const stmts = result.stmts ?? []
  if (stmts.length !== 1) {
    throw new ParseError(
      `must be exactly one expression, found ${stmts.length} statements`,
      undefined,
      field,
    )
  }
  const select = stmts[0]?.stmt.SelectStmt as Record<string, unknown> | undefined
  const targets = select?.targetList as
    { ResTarget?: { val?: unknown; name?: string } }[] | undefined
  const extra = select ? Object.keys(select).filter((k) => !SELECT_ONLY_KEYS.has(k)) : []
  if (!select || extra.length > 0 || targets?.length !== 1 || targets[0]?.ResTarget?.name) {
    throw new ParseError(
      extra.length > 0
        ? `must be exactly one expression (found a ${extra[0]} clause)`
        : 'must be exactly one expression',
      undefined,
      field,
    )
  }
  return Object.freeze({
    text,
    sql: sql`(${sql.raw(text)})`,
    tree: targets[0]?.ResTarget?.val,
  })
}

/** A user-written statement the parser accepted as exactly one statement. */
export interface ParsedStatement {
  readonly text: string
  readonly sql: SqlFragment
  /** The node type of the statement, e.g. `SelectStmt`, `CreateFunctionStmt`. */
  readonly kind: string
  /** The parser's tree of the statement node. */
  readonly tree: Record<string, unknown>
}

/**
 * Checks that `text` is exactly one SQL statement, optionally of one of the allowed kinds
 * (`SelectStmt` for a view body, say).
 */
export async function parseStatement(
  text: string,
  options: { field?: string; kinds?: readonly string[] } = {},
): Promise<ParsedStatement> {
  const { field, kinds } = options
  if (typeof text !== 'string' || text.trim() === '') {
    throw new ParseError('a statement is required', undefined, field)
  }
  if (text.includes('\0')) throw new ParseError('contains a NUL character', undefined, field)
  const result = await parseTree(text, 0, field)
  const stmts = result.stmts ?? []
  if (stmts.length !== 1) {
    throw new ParseError(`must be exactly one statement, found ${stmts.length}`, undefined, field)
  }
  const kind = Object.keys(stmts[0]?.stmt ?? {})[0] ?? 'unknown'
  if (kinds && !kinds.includes(kind)) {
    throw new ParseError(`must be one of ${kinds.join(', ')}, found ${kind}`, undefined, field)
  }
  const trimmed = text.trim().replace(/;\s*$/, '')
  // The newline ends a trailing `--` comment so that text appended after the statement survives.
  const tree = (stmts[0]?.stmt[kind] ?? {}) as Record<string, unknown>
  return Object.freeze({ text: trimmed, sql: sql.raw(`${trimmed}\n`), kind, tree })
}

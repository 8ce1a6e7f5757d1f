import { InvalidInputError } from '../errors.js'

/** PostgreSQL truncates identifiers beyond NAMEDATALEN - 1 bytes; we refuse them instead. */
export const MAX_IDENTIFIER_BYTES = 63

const FRAGMENT = Symbol('planetary.sql')

type Part = { readonly text: string } | { readonly value: unknown }

/**
 * A piece of SQL built only from trusted text, quoted identifiers, escaped literals and bind
 * parameters. The only way to make one is the `sql` tag and its helpers.
 */
export interface SqlFragment {
  readonly [FRAGMENT]: readonly Part[]
}

/** What the pg driver takes: text with `$n` placeholders and their values. */
export interface CompiledSql {
  readonly text: string
  readonly values: readonly unknown[]
}

/** A literal value `sql.literal` can render into SQL text. */
export type LiteralValue = string | number | bigint | boolean | null

function fragment(parts: readonly Part[]): SqlFragment {
  return Object.freeze({ [FRAGMENT]: Object.freeze(parts) })
}

export function isSqlFragment(value: unknown): value is SqlFragment {
  return typeof value === 'object' && value !== null && FRAGMENT in value
}

/**
 * The one SQL tag. Every interpolation must itself be a fragment; a bare string or number is a
 * type error and throws at run time, so nothing reaches PostgreSQL unquoted.
 *
 * @example
 * sql`select * from ${sql.ident('app', 'invoice_v')} where id = ${sql.value(id)}`
 */
export function sql(strings: TemplateStringsArray, ...fragments: SqlFragment[]): SqlFragment {
  const parts: Part[] = []
  strings.forEach((text, i) => {
    if (text) parts.push({ text })
    if (i < fragments.length) {
      const f: unknown = fragments[i]
      if (!isSqlFragment(f)) {
        throw new TypeError(
          `sql: interpolation #${i + 1} is a bare ${typeof f}; use sql.ident, sql.literal or sql.value`,
        )
      }
      parts.push(...f[FRAGMENT])
    }
  })
  return fragment(parts)
}

function checkText(kind: string, text: string): void {
  if (text.includes('\0')) {
    throw new InvalidInputError(`${kind} ${JSON.stringify(text)} contains a NUL character`)
  }
}

/**
 * Double-quotes one identifier, doubling any `"` inside. Refuses empty names, NUL and names
 * longer than 63 bytes (PostgreSQL would silently truncate them).
 *
 * @example quoteIdent('Order "Lines"') // "\"Order \"\"Lines\"\"\""
 */
export function quoteIdent(name: string): string {
  if (typeof name !== 'string') throw new TypeError('quoteIdent: name must be a string')
  if (name.length === 0) throw new InvalidInputError('An identifier cannot be empty')
  checkText('Identifier', name)
  const bytes = Buffer.byteLength(name, 'utf8')
  if (bytes > MAX_IDENTIFIER_BYTES) {
    throw new InvalidInputError(
      `Identifier ${JSON.stringify(name)} is ${bytes} bytes long; PostgreSQL allows at most ${MAX_IDENTIFIER_BYTES}`,
    )
  }
  return `"${name.replaceAll('"', '""')}"`
}

/**
 * Renders a value as an SQL literal for statements that take no bind parameters (DDL).
 * Strings are single-quoted with quotes doubled; a backslash switches to an E'' string with
 * backslashes doubled, so the result is the same whatever standard_conforming_strings says.
 *
 * @example quoteLiteral("O'Brien") // "'O''Brien'"
 */
export function quoteLiteral(value: LiteralValue): string {
  if (value === null) return 'NULL'
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidInputError(`${value} is not a finite number`)
    return String(value)
  }
  if (typeof value !== 'string') throw new TypeError(`quoteLiteral: unsupported ${typeof value}`)
  checkText('Literal', value)
  const body = value.replaceAll("'", "''")
  return value.includes('\\') ? `E'${body.replaceAll('\\', '\\\\')}'` : `'${body}'`
}

/** One or more names joined by dots, each quoted: `sql.ident('app', 'invoice_v')`. */
sql.ident = (...names: string[]): SqlFragment => {
  if (names.length === 0) throw new InvalidInputError('An identifier needs at least one name')
  return fragment([{ text: names.map(quoteIdent).join('.') }])
}

/** An escaped literal, rendered into the text (for DDL, which takes no bind parameters). */
sql.literal = (value: LiteralValue): SqlFragment => fragment([{ text: quoteLiteral(value) }])

/** A bind parameter: becomes `$n` and travels separately from the text. */
sql.value = (value: unknown): SqlFragment => fragment([{ value }])

/** Joins fragments with a separator fragment (default `, `). */
sql.join = (items: readonly SqlFragment[], separator: SqlFragment = sql`, `): SqlFragment => {
  const parts: Part[] = []
  items.forEach((item, i) => {
    if (!isSqlFragment(item)) throw new TypeError(`sql.join: item #${i + 1} is not a fragment`)
    if (i > 0) parts.push(...separator[FRAGMENT])
    parts.push(...item[FRAGMENT])
  })
  return fragment(parts)
}

/**
 * Trusted SQL text, inserted as is. Loud on purpose so every use is easy to grep; only for text
 * the code itself wrote or text the PostgreSQL parser has already accepted (see core/parse).
 */
sql.raw = (text: string): SqlFragment => {
  if (typeof text !== 'string') throw new TypeError('sql.raw: text must be a string')
  checkText('SQL text', text)
  return fragment([{ text }])
}

/** The empty fragment. */
sql.empty = fragment([])

/**
 * Turns a fragment into text with `$1…$n` placeholders and the matching values.
 *
 * @example compile(sql`select ${sql.value(1)}`) // { text: 'select $1', values: [1] }
 */
export function compile(f: SqlFragment): CompiledSql {
  if (!isSqlFragment(f)) throw new TypeError('compile: not an sql fragment')
  let text = ''
  const values: unknown[] = []
  for (const part of f[FRAGMENT]) {
    if ('text' in part) text += part.text
    else {
      values.push(part.value)
      text += `$${values.length}`
    }
  }
  return Object.freeze({ text, values: Object.freeze(values) })
}

/**
 * Renders a fragment that must not carry bind parameters (DDL, multi-statement messages).
 * Throws if it does, because utility statements cannot take `$n`.
 */
export function renderStatic(f: SqlFragment): string {
  const { text, values } = compile(f)
  if (values.length > 0) {
    throw new TypeError('renderStatic: this statement carries bind parameters; use sql.literal')
  }
  return text
}

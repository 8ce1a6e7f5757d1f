import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  isExpression,
  sql as kysql,
  type RawBuilder,
} from 'kysely'
import { InvalidInputError } from '../errors.js'

/**
 * The SQL layer is kysely. This module is kysely's `sql` template with the few things it lacks:
 * identifiers checked before kysely quotes them (no empty, NUL or over-long names), literals that
 * stay safe whatever `standard_conforming_strings` says, and compiling without a connection.
 */

/** PostgreSQL truncates identifiers beyond NAMEDATALEN - 1 bytes; we refuse them instead. */
export const MAX_IDENTIFIER_BYTES = 63

/** A piece of SQL: a kysely RawBuilder, usable anywhere kysely takes an expression. */
export type SqlFragment<T = unknown> = RawBuilder<T>

/** What the pg driver takes: text with `$n` placeholders and their values. */
export interface CompiledSql {
  readonly text: string
  readonly values: readonly unknown[]
}

/** A literal value `sql.lit` can render into SQL text. */
export type LiteralValue = string | number | bigint | boolean | null

export function isSqlFragment(value: unknown): value is SqlFragment {
  return isExpression(value)
}

function checkText(kind: string, text: string): void {
  if (text.includes('\0')) {
    throw new InvalidInputError(`${kind} ${JSON.stringify(text)} contains a NUL character`)
  }
}

function checkIdent(name: string): void {
  if (typeof name !== 'string') throw new TypeError('An identifier must be a string')
  if (name.length === 0) throw new InvalidInputError('An identifier cannot be empty')
  checkText('Identifier', name)
  const bytes = Buffer.byteLength(name, 'utf8')
  if (bytes > MAX_IDENTIFIER_BYTES) {
    throw new InvalidInputError(
      `Identifier ${JSON.stringify(name)} is ${bytes} bytes long; PostgreSQL allows at most ${MAX_IDENTIFIER_BYTES}`,
    )
  }
}

/**
 * Double-quotes one identifier, doubling any `"` inside, for text that is not a fragment (a
 * preview, a setting's value). Refuses what `sql.id` refuses.
 *
 * @example quoteIdent('Order "Lines"') // "\"Order \"\"Lines\"\"\""
 */
export function quoteIdent(name: string): string {
  checkIdent(name)
  return `"${name.replaceAll('"', '""')}"`
}

/**
 * Renders a value as an SQL literal for statements that take no bind parameters (DDL).
 * Strings are single-quoted with quotes doubled; a backslash switches to an E'' string with
 * backslashes doubled, so the result is the same whatever standard_conforming_strings says
 * (kysely's own `sql.lit` assumes it is on).
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

/**
 * kysely's `sql` template: a fragment or any kysely expression is inlined, every other value
 * becomes a bind parameter (`$n`), so nothing reaches PostgreSQL as unquoted text.
 *
 * @example
 * sql`select * from ${sql.id('app', 'invoice_v')} where id = ${id}`
 */
function tag<T = unknown>(strings: TemplateStringsArray, ...values: unknown[]): SqlFragment<T> {
  return kysql<T>(strings, ...values)
}

export const sql = Object.assign(tag, {
  /** One or more names joined by dots, each checked and quoted: `sql.id('app', 'invoice_v')`. */
  id(...names: string[]): SqlFragment {
    if (names.length === 0) throw new InvalidInputError('An identifier needs at least one name')
    names.forEach(checkIdent)
    return kysql.id(...names)
  },
  /** An escaped literal rendered into the text (for DDL, which takes no bind parameters). */
  lit(value: LiteralValue): SqlFragment {
    return kysql.raw(quoteLiteral(value))
  },
  /** A bind parameter, explicitly: becomes `$n` and travels separately from the text. */
  val<V>(value: V): SqlFragment<V> {
    return kysql.val(value)
  },
  /** Joins fragments (or values, as parameters) with a separator fragment (default `, `). */
  join(items: readonly unknown[], separator?: SqlFragment): SqlFragment {
    return kysql.join(items, separator)
  },
  /**
   * Trusted SQL text, inserted as is. Loud on purpose so every use is easy to grep; only for text
   * the code itself wrote or text the PostgreSQL parser has already accepted (see core/parse).
   */
  raw(text: string): SqlFragment {
    if (typeof text !== 'string') throw new TypeError('sql.raw: text must be a string')
    checkText('SQL text', text)
    return kysql.raw(text)
  },
  /** The empty fragment. */
  empty: kysql``,
})

// Compiles fragments without a connection: PostgreSQL's dialect over a driver that runs nothing.
const compiler = new Kysely<Record<string, never>>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
})

/**
 * Turns a fragment into text with `$1…$n` placeholders and the matching values.
 *
 * @example compile(sql`select ${sql.val(1)}`) // { text: 'select $1', values: [1] }
 */
export function compile(f: SqlFragment): CompiledSql {
  if (!isSqlFragment(f)) throw new TypeError('compile: not an sql fragment')
  const compiled = f.compile(compiler)
  return Object.freeze({ text: compiled.sql, values: Object.freeze([...compiled.parameters]) })
}

/**
 * Renders a fragment that must not carry bind parameters (DDL, multi-statement messages).
 * Throws if it does, because utility statements cannot take `$n`.
 */
export function renderStatic(f: SqlFragment): string {
  const { text, values } = compile(f)
  if (values.length > 0) {
    throw new TypeError('renderStatic: this statement carries bind parameters; use sql.lit')
  }
  return text
}

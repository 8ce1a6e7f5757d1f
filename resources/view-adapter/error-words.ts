import type { ExecutionError } from '../../core/errors.js'
import {
  fieldForDbColumn,
  fieldForQuotedValue,
  mapExecutionError,
  type MappedError,
} from './db-errors.js'
import type { ViewColumn, ViewModel } from './model.js'
import { formValue } from './write-values.js'

/*
 * PostgreSQL's own refusals of a value, in words on the field they concern: numeric overflow
 * (22003), NOT NULL (23502), CHECK (23514), foreign key (23503), unique (23505), invalid text
 * (22P02), too long (22001), invalid dates (22007, 22008) and row-level security (42501). The
 * field comes from the error's COLUMN, the violated constraint's columns, or the submitted
 * value the message quotes or exceeds. Messages a trigger raised itself (`RAISE … USING COLUMN`)
 * are already words: they keep their text.
 */

/** What the database knows about a violated constraint, as far as the caller could read it. */
export interface ConstraintFacts {
  /** The view columns of the constraint. */
  readonly fields: readonly string[]
  /** `pg_get_constraintdef`, e.g. `CHECK ((tax >= (0)::numeric))`. */
  readonly definition?: string | undefined
  /** The table a foreign key points at. */
  readonly refTable?: string | undefined
}

/** A column name as a field label: `issued_on` → "Issued on". */
export function fieldLabel(name: string): string {
  const words = name.replace(/_+/g, ' ').trim() || name
  return words.charAt(0).toUpperCase() + words.slice(1)
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  smallint: 'whole number',
  integer: 'whole number',
  bigint: 'whole number',
  numeric: 'number',
  real: 'number',
  'double precision': 'number',
  boolean: 'yes/no value',
  uuid: 'uuid',
  date: 'date (YYYY-MM-DD)',
  json: 'JSON value',
  jsonb: 'JSON value',
  'timestamp with time zone': 'date and time',
  'timestamp without time zone': 'date and time',
  'time without time zone': 'time',
  interval: 'interval',
}

const RANGES: Readonly<Record<string, string>> = {
  smallint: 'from -32,768 to 32,767',
  integer: 'from -2,147,483,648 to 2,147,483,647',
  bigint: 'from -9,223,372,036,854,775,808 to 9,223,372,036,854,775,807',
}

/** Digits before the point of a submitted number (after PostgreSQL's rounding to `scale`). */
function integerDigits(value: unknown, scale: number): number | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : ''
  const t = text.trim().replace(/^[+-]/, '')
  if (!/^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined
  const n = Number(t)
  if (!Number.isFinite(n)) return undefined
  if (/[eE]/.test(t) || n >= 1e15) return Math.floor(Math.log10(Math.max(n, 1))) + 1
  const rounded = Math.round(n * 10 ** scale) / 10 ** scale
  return rounded < 1 ? 0 : String(Math.floor(rounded)).length
}

/** The submitted numeric value too large for `numeric(precision, scale)`. */
function numericOverflowField(
  model: ViewModel,
  params: Readonly<Record<string, unknown>> | undefined,
  precision: number,
  scale: number,
): string | undefined {
  if (!params) return undefined
  const numbers = model.columns.filter(
    (c) => !c.isArray && (c.scalar.kind === 'decimal' || c.scalar.kind === 'integer'),
  )
  const typed = `numeric(${precision},${scale})`
  const over = (c: ViewColumn) => {
    const d = integerDigits(formValue(params, c.name), scale)
    return d !== undefined && d > precision - scale
  }
  const exact = numbers.filter((c) => c.typeDisplay.replace(/\s/g, '') === typed && over(c))
  if (exact.length === 1) return exact[0]?.name
  const any = numbers.filter(over)
  return any.length === 1 ? any[0]?.name : undefined
}

/** The submitted text longer than `n` characters. */
function tooLongField(
  model: ViewModel,
  params: Readonly<Record<string, unknown>> | undefined,
  n: number,
): string | undefined {
  if (!params) return undefined
  const hits = model.columns.filter((c) => {
    const v = formValue(params, c.name)
    return typeof v === 'string' && [...v].length > n && c.typeDisplay.includes(`(${n})`)
  })
  return hits.length === 1 ? hits[0]?.name : undefined
}

/** The key of a `Key (a, b)=(1, x)` detail. */
function keyDetail(detail: string | undefined): { cols: string; vals: string } | undefined {
  const m = /^Key \((.+?)\)=\((.*)\)/.exec(detail ?? '')
  return m ? { cols: m[1] as string, vals: m[2] as string } : undefined
}

/** The field whose submitted value is exactly `value`. */
function fieldForValue(
  model: ViewModel,
  value: string,
  params: Readonly<Record<string, unknown>> | undefined,
): string | undefined {
  if (!params) return undefined
  const hits = model.columns.filter((c) => {
    const v = formValue(params, c.name)
    return v !== undefined && v !== null && String(v) === value
  })
  return hits.length === 1 ? hits[0]?.name : undefined
}

/**
 * The key of a violated constraint as the form sent it, for messages: PostgreSQL leaves the
 * `Key (…)=(…)` detail out when row-level security is on. Only the fields the form sent.
 */
function sentKey(
  fields: readonly string[],
  params: Readonly<Record<string, unknown>> | undefined,
): { fields: string[]; text: string } | undefined {
  const sent = fields.filter((f) => params && formValue(params, f) !== undefined)
  if (sent.length === 0 || !params) return undefined
  return {
    fields: sent,
    text: sent.map((f) => `${f} = ${String(formValue(params, f))}`).join(', '),
  }
}

function on(fields: readonly (string | undefined)[], words: string): MappedError {
  const out: Record<string, string> = {}
  for (const f of fields) if (f) out[f] = words
  return { base: words, fields: out }
}

/** The words for PostgreSQL's own message, or undefined when it is not one of its own. */
function words(
  model: ViewModel,
  err: ExecutionError,
  params: Readonly<Record<string, unknown>> | undefined,
  constraint: ConstraintFacts,
): MappedError | undefined {
  const where = { schema: err.schema, table: err.table }
  const byColumn = err.column ? fieldForDbColumn(model, err.column, where) : undefined
  const msg = err.message
  const first = constraint.fields[0]
  const named = constraint.fields.map(fieldLabel).join(', ')
  switch (err.sqlstate ?? '') {
    case '22003': {
      const detail = /precision (\d+), scale (\d+)/.exec(err.detail ?? '')
      if (msg === 'numeric field overflow' && detail) {
        const precision = Number(detail[1])
        const scale = Number(detail[2])
        const digits = precision - scale
        const f = byColumn ?? numericOverflowField(model, params, precision, scale)
        const what = fieldLabel(f ?? 'the number')
        return on(
          [f],
          digits > 0
            ? `${what} is too large: at most ${digits} digit${digits === 1 ? '' : 's'} before the point`
            : `${what} is too large: it must be less than 1`,
        )
      }
      const range = /^value "(.*)" is out of range for type (.+)$/.exec(msg)
      if (range) {
        const f = byColumn ?? fieldForValue(model, range[1] as string, params)
        const type = range[2] as string
        const span = RANGES[type]
        return on(
          [f],
          `${fieldLabel(f ?? 'the value')} is out of range: ${span ? `a whole number ${span}` : `too large for ${type}`}`,
        )
      }
      return undefined
    }
    case '22P02': {
      const syntax = /^invalid input syntax for type (.+): "(.*)"$/.exec(msg)
      const enumValue = /^invalid input value for enum (.+): "(.*)"$/.exec(msg)
      const m = syntax ?? enumValue
      if (!m) return undefined
      const f = byColumn ?? fieldForQuotedValue(model, msg, params)
      const c = model.columns.find((x) => x.name === f)
      const what = fieldLabel(f ?? 'the value')
      if (enumValue) {
        return on(
          [f],
          `${what} must be one of: ${(c?.scalar.labels ?? []).join(', ')} (not "${m[2]}")`,
        )
      }
      const type = m[1] as string
      return on([f], `${what} is not a valid ${TYPE_WORDS[type] ?? type}: "${m[2]}"`)
    }
    case '22007':
    case '22008': {
      if (!/"(.*)"/.test(msg)) return undefined
      const f = byColumn ?? fieldForQuotedValue(model, msg, params)
      const value = /"(.*)"/.exec(msg)?.[1] ?? ''
      return on([f], `${fieldLabel(f ?? 'the value')} is not a valid date or time: "${value}"`)
    }
    case '22001': {
      const m =
        /^value too long for type (?:character varying|character|bit varying|bit)\((\d+)\)$/.exec(
          msg,
        )
      if (!m) return undefined
      const n = Number(m[1])
      const f = byColumn ?? tooLongField(model, params, n)
      return on(
        [f],
        `${fieldLabel(f ?? 'the text')} is too long: at most ${n} character${n === 1 ? '' : 's'}`,
      )
    }
    case '23502': {
      const m =
        /^null value in column "(.+?)"(?: of relation "(.+?)")? violates not-null constraint$/.exec(
          msg,
        )
      if (!m) return undefined
      const f = byColumn ?? fieldForDbColumn(model, m[1] as string, { table: m[2] })
      return on([f], `${fieldLabel(f ?? (m[1] as string))} is required`)
    }
    case '23505': {
      if (!/^duplicate key value violates unique constraint/.test(msg)) return undefined
      const key = keyDetail(err.detail)
      const sent = sentKey(constraint.fields, params)
      const fields = sent?.fields ?? constraint.fields
      const what = fields.map(fieldLabel).join(', ') || fieldLabel(key?.cols ?? 'the value')
      const value = key ? `${key.cols} = ${key.vals}` : (sent?.text ?? 'this value')
      return on(fields, `${what} must be unique: another row already has ${value}`)
    }
    case '23503': {
      const key = keyDetail(err.detail)
      const missing = /is not present in table "(.+)"/.exec(err.detail ?? '')
      const inserting = /^insert or update on table .* violates foreign key constraint/.test(msg)
      if (missing || inserting) {
        const sent = sentKey(constraint.fields, params)
        const fields = sent?.fields ?? constraint.fields
        const what = fields.map(fieldLabel).join(', ') || fieldLabel(key?.cols ?? 'the value')
        const table = missing?.[1] ?? constraint.refTable ?? 'referenced row'
        const value = key ? `${key.cols} = ${key.vals}` : (sent?.text ?? 'this value')
        return on(fields, `${what}: there is no ${table} with ${value}`)
      }
      const used = /is still referenced from table "(.+)"/.exec(err.detail ?? '')
      if (used) {
        return on(
          [],
          `This row is still used by ${used[1]}${key ? ` (${key.cols} = ${key.vals})` : ''}: change or delete those rows first`,
        )
      }
      return undefined
    }
    case '23514': {
      const m = /^new row for relation "(.+)" violates check constraint "(.+)"$/.exec(msg)
      if (!m) return undefined
      const rule = constraint.definition?.replace(/^CHECK\s*/, '').replace(/\s+NOT VALID$/, '')
      const what = named || (first ? fieldLabel(first) : 'This row')
      return on(
        constraint.fields,
        `${what} is not allowed: it must satisfy ${rule ?? `the rule ${m[2]}`}`,
      )
    }
    case '42501': {
      const m = /^new row violates row-level security policy (?:"(.+)" )?for table "(.+)"$/.exec(
        msg,
      )
      if (!m) return undefined
      return on(
        [],
        `You may not save this row: the row-level security of ${m[2]} refuses it (a value that decides who may see the row is not yours to give)`,
      )
    }
    default:
      return undefined
  }
}

/**
 * A failed write as form errors: PostgreSQL's own refusals in words on their field, anything
 * else (a trigger's RAISE) as db-errors.ts maps it.
 *
 * @example mapDatabaseError(model, err, { amount: '12345678901' }, { fields: [] })
 * // { base: 'Amount is too large: at most 10 digits before the point', fields: { amount: … } }
 */
export function mapDatabaseError(
  model: ViewModel,
  err: ExecutionError,
  params: Readonly<Record<string, unknown>> | undefined,
  constraint: ConstraintFacts = { fields: [] },
): MappedError {
  return (
    words(model, err, params, constraint) ??
    mapExecutionError(model, err, params, constraint.fields)
  )
}

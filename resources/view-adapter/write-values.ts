import { DECIMAL, INTEGER, isIsoDateTime, UUID } from './formats.js'
import type { ScalarType, ViewColumn, ViewModel } from './model.js'

/*
 * Form values → bind values. Every value travels as text (or a text array) and is cast in SQL to
 * the column's catalog type, so PostgreSQL's own input functions have the last word; the checks
 * here catch the common mistakes first, field by field, with messages for the form.
 */

export type WriteValue = string | null | readonly (string | null)[]

export type Converted = { ok: true; value: WriteValue } | { ok: false; message: string }

/**
 * A column's value in AdminJS params, which are flattened (`tags.0`, `tags.1`). Returns
 * undefined when the form did not send the field at all.
 */
export function formValue(params: Readonly<Record<string, unknown>>, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(params, name)) return params[name]
  const prefix = `${name}.`
  const items: [number, unknown][] = []
  let nested = false
  for (const [k, v] of Object.entries(params)) {
    if (!k.startsWith(prefix)) continue
    const rest = k.slice(prefix.length)
    if (/^\d+$/.test(rest)) items.push([Number(rest), v])
    else nested = true
  }
  if (nested) return { nested: true }
  if (items.length === 0) return undefined
  return items.sort((a, b) => a[0] - b[0]).map(([, v]) => v)
}

function scalarText(s: ScalarType, nullable: boolean, value: unknown): Converted {
  if (value === null || value === undefined) return { ok: true, value: null }
  if (typeof value === 'string' && value.includes('\0')) {
    return { ok: false, message: 'contains a NUL character' }
  }
  if (value === '') {
    // Django's rule: an empty field is NULL, except text that cannot be NULL, which is ''.
    return { ok: true, value: s.kind === 'text' && !nullable ? '' : null }
  }
  const text = typeof value === 'string' ? value : undefined
  switch (s.kind) {
    case 'boolean':
      if (value === true || value === 'true') return { ok: true, value: 'true' }
      if (value === false || value === 'false') return { ok: true, value: 'false' }
      return { ok: false, message: 'must be true or false' }
    case 'integer':
      if (typeof value === 'number' && Number.isSafeInteger(value)) {
        return { ok: true, value: String(value) }
      }
      if (text !== undefined && INTEGER.test(text.trim())) return { ok: true, value: text.trim() }
      return { ok: false, message: 'must be a whole number' }
    case 'decimal':
    case 'float':
      if (typeof value === 'number' && Number.isFinite(value)) {
        return { ok: true, value: String(value) }
      }
      if (text !== undefined && DECIMAL.test(text.trim())) return { ok: true, value: text.trim() }
      return { ok: false, message: 'must be a number' }
    case 'date':
      if (value instanceof Date) {
        return Number.isNaN(value.getTime())
          ? { ok: false, message: 'is not a valid date' }
          : { ok: true, value: value.toISOString().slice(0, 10) }
      }
      if (text !== undefined && isIsoDateTime(text.trim())) {
        return { ok: true, value: text.trim().slice(0, 10) }
      }
      return { ok: false, message: 'must be a date (YYYY-MM-DD)' }
    case 'datetime':
      if (value instanceof Date) {
        return Number.isNaN(value.getTime())
          ? { ok: false, message: 'is not a valid date and time' }
          : { ok: true, value: value.toISOString() }
      }
      if (text !== undefined && isIsoDateTime(text.trim())) return { ok: true, value: text.trim() }
      return { ok: false, message: 'must be a date and time (ISO 8601)' }
    case 'uuid':
      if (text !== undefined && UUID.test(text.trim())) return { ok: true, value: text.trim() }
      return { ok: false, message: 'must be a uuid' }
    case 'enum':
      if (text !== undefined && (s.labels ?? []).includes(text)) return { ok: true, value: text }
      return { ok: false, message: `must be one of: ${(s.labels ?? []).join(', ')}` }
    case 'json':
      if (text !== undefined) {
        try {
          JSON.parse(text)
          return { ok: true, value: text }
        } catch (err) {
          return { ok: false, message: `is not valid JSON (${(err as Error).message})` }
        }
      }
      return { ok: true, value: JSON.stringify(value) }
    case 'bytea':
      return { ok: false, message: 'binary data cannot be edited here' }
    case 'text':
    case 'time':
    case 'other':
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        return { ok: true, value: String(value) }
      }
      return { ok: false, message: 'must be text' }
    default: {
      const never: never = s.kind
      throw new Error(`unhandled kind ${String(never)}`)
    }
  }
}

/** Converts one form value for a column; arrays element by element. */
export function toWriteValue(column: ViewColumn, value: unknown): Converted {
  if (!column.isArray) return scalarText(column.scalar, !column.notNull, value)
  if (value === null || value === '') return { ok: true, value: null }
  if (typeof value === 'object' && value !== null && 'nested' in value) {
    return { ok: false, message: 'multi-dimensional arrays cannot be edited here' }
  }
  if (!Array.isArray(value)) return { ok: false, message: 'must be a list' }
  const out: (string | null)[] = []
  for (const [i, item] of value.entries()) {
    if (
      Array.isArray(item) ||
      (typeof item === 'object' && item !== null && !(item instanceof Date))
    ) {
      return { ok: false, message: `item ${i + 1}: nested lists cannot be edited here` }
    }
    // Inside an array an empty string is an empty string for text, NULL otherwise.
    const r = scalarText(column.scalar, true, item)
    if (!r.ok) return { ok: false, message: `item ${i + 1} ${r.message}` }
    out.push(item === '' && column.scalar.kind === 'text' ? '' : (r.value as string | null))
  }
  return { ok: true, value: out }
}

/**
 * Why a create or an update takes no value for the column — config, the catalog, or its
 * INSTEAD OF trigger setting or ignoring it — or undefined when it does.
 */
export function readOnlyFor(column: ViewColumn, mode: 'create' | 'update'): string | undefined {
  if (!column.editable) return column.readOnlyReason ?? 'not editable'
  return mode === 'create' ? column.insertReadOnly : column.updateReadOnly
}

export interface CollectedWrites {
  /** Column name → value, for the columns the form sent, in view column order. */
  readonly values: ReadonlyMap<string, WriteValue>
  /** Field → message for values that cannot be right. */
  readonly errors: Readonly<Record<string, string>>
}

/**
 * The columns a create or update may write, converted. On create a value for a column that is
 * not editable is refused unless it is empty; on update non-editable columns are collected too,
 * so the caller can refuse them only when they would change.
 */
export function collectWrites(
  model: ViewModel,
  params: Readonly<Record<string, unknown>>,
  mode: 'create' | 'update',
): CollectedWrites {
  const values = new Map<string, WriteValue>()
  const errors: Record<string, string> = {}
  for (const column of model.columns) {
    const raw = formValue(params, column.name)
    if (raw === undefined) continue
    const readOnly = readOnlyFor(column, mode)
    if (readOnly !== undefined) {
      const empty = raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0)
      if (mode === 'create') {
        if (!empty) errors[column.name] = `is read-only: ${readOnly}`
        continue
      }
      if (column.scalar.kind === 'bytea') continue // shown as a preview, never compared
    }
    const r = toWriteValue(column, raw)
    if (r.ok) values.set(column.name, r.value)
    else errors[column.name] = r.message
  }
  return { values, errors }
}

/**
 * Form keys that name no column of the view (nor an item of one, `tags.0`): refused by field, so
 * an answer never echoes a key the database did not store. `allowed` are keys the form may carry
 * besides the columns (the record id).
 */
export function unknownFields(
  model: ViewModel,
  params: Readonly<Record<string, unknown>>,
  allowed: readonly string[] = [],
): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const key of Object.keys(params)) {
    if (allowed.includes(key)) continue
    if (model.columns.some((c) => key === c.name || key.startsWith(`${c.name}.`))) continue
    errors[key] = `is not a column of ${model.id}`
  }
  return errors
}

import type { FieldKind, ScalarType, ViewColumn } from './model.js'

/** The AdminJS property types this adapter hands out (a subset of AdminJS's PropertyType). */
export type UiType =
  'string' | 'textarea' | 'number' | 'float' | 'boolean' | 'date' | 'datetime' | 'uuid'

const BY_TYPNAME: Readonly<Record<string, FieldKind>> = {
  bool: 'boolean',
  int2: 'integer',
  int4: 'integer',
  int8: 'integer',
  numeric: 'decimal',
  float4: 'float',
  float8: 'float',
  date: 'date',
  timestamp: 'datetime',
  timestamptz: 'datetime',
  time: 'time',
  timetz: 'time',
  interval: 'time',
  uuid: 'uuid',
  json: 'json',
  jsonb: 'json',
  bytea: 'bytea',
  text: 'text',
  varchar: 'text',
  bpchar: 'text',
  name: 'text',
  citext: 'text',
}

/** Catalog facts about a scalar type, as read from pg_type. */
export interface ScalarTypeRow {
  readonly typname: string
  readonly typschema: string
  /** pg_type.typtype: b base, e enum, d domain (already resolved to its base here), … */
  readonly typtype: string
  /** pg_type.typcategory, e.g. N numeric, S string, D date/time. */
  readonly typcategory: string
  readonly labels: readonly string[] | null
}

// Categories whose types all have a default btree operator class.
const SORTABLE_CATEGORIES = new Set(['B', 'D', 'E', 'I', 'N', 'S', 'T', 'V'])

/**
 * Classifies a scalar type. Only built-in names in pg_catalog are trusted by name, so a user type
 * called `int4` in another schema is not mistaken for an integer.
 */
export function classifyScalar(t: ScalarTypeRow): ScalarType {
  if (t.typtype === 'e') {
    return { kind: 'enum', typname: t.typname, labels: t.labels ?? [], sortable: true }
  }
  const builtin = t.typschema === 'pg_catalog' || t.typname === 'citext'
  const kind: FieldKind = (builtin ? BY_TYPNAME[t.typname] : undefined) ?? 'other'
  let sortable: boolean
  switch (kind) {
    case 'json':
      sortable = t.typname === 'jsonb'
      break
    case 'bytea':
      sortable = false
      break
    case 'other':
      sortable = SORTABLE_CATEGORIES.has(t.typcategory)
      break
    case 'text':
    case 'integer':
    case 'decimal':
    case 'float':
    case 'boolean':
    case 'date':
    case 'datetime':
    case 'time':
    case 'uuid':
    case 'enum':
      sortable = true
      break
    default: {
      const never: never = kind
      throw new Error(`unhandled kind ${String(never)}`)
    }
  }
  return { kind, typname: t.typname, sortable }
}

/** The AdminJS property type that renders and filters a kind best. */
export function uiTypeOf(kind: FieldKind): UiType {
  switch (kind) {
    case 'boolean':
      return 'boolean'
    case 'integer':
    case 'decimal':
      // Shown in a text input and kept as a string end to end: no float ever touches the digits.
      return 'number'
    case 'float':
      return 'float'
    case 'date':
      return 'date'
    case 'datetime':
      return 'datetime'
    case 'uuid':
      return 'uuid'
    case 'json':
      return 'textarea'
    case 'text':
    case 'enum':
    case 'time':
    case 'bytea':
    case 'other':
      return 'string'
    default: {
      const never: never = kind
      throw new Error(`unhandled kind ${String(never)}`)
    }
  }
}

/** Kinds that are matched with ILIKE on their text form rather than by equality. */
export function isTextSearchable(column: ViewColumn): boolean {
  if (column.isArray) return true
  switch (column.scalar.kind) {
    case 'text':
    case 'json':
    case 'other':
    case 'time':
      return true
    case 'integer':
    case 'decimal':
    case 'float':
    case 'boolean':
    case 'date':
    case 'datetime':
    case 'uuid':
    case 'enum':
    case 'bytea':
      return false
    default: {
      const never: never = column.scalar.kind
      throw new Error(`unhandled kind ${String(never)}`)
    }
  }
}

/** Kinds that accept `{ from, to }` range filters. */
export function isRangeFilterable(column: ViewColumn): boolean {
  if (column.isArray) return false
  const k = column.scalar.kind
  return k === 'integer' || k === 'decimal' || k === 'float' || k === 'date' || k === 'datetime'
}

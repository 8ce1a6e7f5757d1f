import { InvalidInputError } from '../../core/errors.js'
import { isRangeFilterable, isTextSearchable } from './field-types.js'
import { DECIMAL, INTEGER, isIsoDateTime, UUID } from './formats.js'
import type { ViewLabels } from './labels.js'
import { columnOf, type ViewColumn, type ViewModel } from './model.js'

/*
 * Everything a list request brings from HTTP — sortBy, direction, filter keys and values, page
 * size and offset — is checked here against the introspected columns and their types, before
 * any SQL is built. Nothing the user typed ever becomes an identifier: an accepted sort key or
 * filter key is swapped for the ViewColumn it names.
 */

export interface SortSpec {
  readonly column: ViewColumn
  readonly direction: 'asc' | 'desc'
}

export type FilterCondition =
  | { readonly kind: 'search'; readonly columns: readonly ViewColumn[]; readonly text: string }
  | { readonly kind: 'contains'; readonly column: ViewColumn; readonly text: string }
  | { readonly kind: 'equals'; readonly column: ViewColumn; readonly value: string }
  | {
      readonly kind: 'range'
      readonly column: ViewColumn
      readonly from?: string | undefined
      readonly to?: string | undefined
    }

/** The parts of the resource's configuration that shape list requests. */
export interface ListSettings {
  /** The property AdminJS searches by (`filters[<title>]`). */
  readonly titleProperty: string
  /** search_fields: the title property's filter matches any of them. */
  readonly searchFields: readonly string[]
  readonly defaultSort: { readonly sortBy: string; readonly direction: 'asc' | 'desc' }
  /** What a row and the list are called (verbose_name, verbose_name_plural). */
  readonly labels?: ViewLabels | undefined
}

const MAX_FILTER_TEXT = 1000

function show(value: unknown): string {
  const s = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))
  return JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s)
}

/**
 * The sort column and direction, or the configured default. Refuses unknown or unsortable
 * columns and any direction but asc/desc.
 *
 * @example checkSort(model, { sortBy: 'amount', direction: 'desc' }, settings)
 */
export function checkSort(
  model: ViewModel,
  sort: { sortBy?: unknown; direction?: unknown } | undefined,
  settings: ListSettings,
): SortSpec {
  const sortBy = sort?.sortBy ?? settings.defaultSort.sortBy
  const direction =
    sort?.direction ?? (sort?.sortBy === undefined ? settings.defaultSort.direction : 'asc')
  if (typeof sortBy !== 'string') {
    throw InvalidInputError.field('sortBy', `must be a column name, got ${show(sortBy)}`)
  }
  const column = columnOf(model, sortBy)
  if (!column) {
    throw InvalidInputError.field('sortBy', `${show(sortBy)} is not a column of ${model.id}`)
  }
  if (!column.sortable) {
    throw InvalidInputError.field(
      'sortBy',
      `${show(sortBy)} (${column.typeDisplay}) cannot be sorted`,
    )
  }
  if (direction !== 'asc' && direction !== 'desc') {
    throw InvalidInputError.field('direction', `must be asc or desc, got ${show(direction)}`)
  }
  return { column, direction }
}

/** Page size and offset as integers in range. AdminJS sends them as numbers or strings. */
export function checkPaging(limit: unknown, offset: unknown): { limit: number; offset: number } {
  const l = limit === undefined ? 10 : typeof limit === 'string' ? Number(limit) : limit
  const o = offset === undefined ? 0 : typeof offset === 'string' ? Number(offset) : offset
  if (typeof l !== 'number' || !Number.isInteger(l) || l < 1 || l > 500) {
    throw InvalidInputError.field(
      'perPage',
      `must be a whole number from 1 to 500, got ${show(limit)}`,
    )
  }
  if (typeof o !== 'number' || !Number.isSafeInteger(o) || o < 0) {
    throw InvalidInputError.field(
      'page',
      `the offset must be a whole number ≥ 0, got ${show(offset)}`,
    )
  }
  return { limit: l, offset: o }
}

/** One filter as AdminJS hands it over: a path and a value or a `{ from, to }` range. */
export interface FilterInput {
  readonly path: string
  readonly value: unknown
}

function checkText(path: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw InvalidInputError.field(`filters.${path}`, `must be text, got ${show(value)}`)
  }
  if (value.length > MAX_FILTER_TEXT) {
    throw InvalidInputError.field(`filters.${path}`, `is longer than ${MAX_FILTER_TEXT} characters`)
  }
  if (value.includes('\0')) {
    throw InvalidInputError.field(`filters.${path}`, 'contains a NUL character')
  }
  return value
}

/** A scalar value as text, checked against the column's type before it is bound. */
export function checkScalar(column: ViewColumn, path: string, raw: string): string {
  const value = raw.trim()
  const bad = (what: string) =>
    InvalidInputError.field(`filters.${path}`, `${show(raw)} is not ${what}`)
  switch (column.scalar.kind) {
    case 'integer':
      if (!INTEGER.test(value)) throw bad('a whole number')
      return value
    case 'decimal':
    case 'float':
      if (!DECIMAL.test(value)) throw bad('a number')
      return value
    case 'date':
    case 'datetime':
      if (!isIsoDateTime(value)) throw bad('a date')
      return value
    case 'boolean':
      if (value !== 'true' && value !== 'false') throw bad('true or false')
      return value
    case 'uuid':
      if (!UUID.test(value)) throw bad('a uuid')
      return value
    case 'enum':
      if (!(column.scalar.labels ?? []).includes(raw)) {
        throw bad(`one of ${(column.scalar.labels ?? []).join(', ')}`)
      }
      return raw
    case 'text':
    case 'json':
    case 'time':
    case 'bytea':
    case 'other':
      return raw
    default: {
      const never: never = column.scalar.kind
      throw new Error(`unhandled kind ${String(never)}`)
    }
  }
}

/**
 * Turns AdminJS filters into checked conditions. Unknown keys (AdminJS passes them with
 * `property: null`), nested paths, unfilterable columns and values of the wrong type or shape
 * are refused. The title property's filter is the search box: with search_fields it matches
 * any of them.
 */
export function checkFilters(
  model: ViewModel,
  filters: Iterable<FilterInput>,
  settings: ListSettings,
): FilterCondition[] {
  const out: FilterCondition[] = []
  for (const { path, value } of filters) {
    if (typeof path !== 'string')
      throw InvalidInputError.field('filters', 'a filter key must be text')
    const column = columnOf(model, path)
    if (!column) {
      throw InvalidInputError.field(
        `filters.${path}`,
        `${show(path)} is not a column of ${model.id}`,
      )
    }
    if (!column.filterable) {
      throw InvalidInputError.field(
        `filters.${path}`,
        `${column.typeDisplay} columns cannot be filtered`,
      )
    }
    if (value === undefined || value === null || value === '') continue
    if (path === settings.titleProperty && settings.searchFields.length > 0) {
      const text = checkText(path, value)
      const columns = settings.searchFields.map((f) => columnOf(model, f) as ViewColumn)
      out.push({ kind: 'search', columns, text })
      continue
    }
    if (typeof value === 'object' && !Array.isArray(value)) {
      const range = value as Record<string, unknown>
      const keys = Object.keys(range)
      if (!isRangeFilterable(column) || keys.some((k) => k !== 'from' && k !== 'to')) {
        throw InvalidInputError.field(`filters.${path}`, `takes no range ${show(value)}`)
      }
      const bound = (k: 'from' | 'to') => {
        const v = range[k]
        if (v === undefined || v === null || v === '') return undefined
        return checkScalar(column, path, checkText(path, v))
      }
      const from = bound('from')
      const to = bound('to')
      if (from !== undefined || to !== undefined) out.push({ kind: 'range', column, from, to })
      continue
    }
    const text = checkText(path, value)
    if (isTextSearchable(column)) out.push({ kind: 'contains', column, text })
    else out.push({ kind: 'equals', column, value: checkScalar(column, path, text) })
  }
  return out
}

/** A stable text for a set of conditions, for cache keys. */
export function conditionsSignature(conditions: readonly FilterCondition[]): string {
  return JSON.stringify(
    conditions
      .map((c) => {
        switch (c.kind) {
          case 'search':
            return ['s', c.columns.map((x) => x.name), c.text]
          case 'contains':
            return ['c', c.column.name, c.text]
          case 'equals':
            return ['e', c.column.name, c.value]
          case 'range':
            return ['r', c.column.name, c.from ?? null, c.to ?? null]
          default: {
            const never: never = c
            throw new Error(`unhandled condition ${JSON.stringify(never)}`)
          }
        }
      })
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
  )
}

import { isInternalId } from './display.js'
import type {
  CatalogProperty,
  CatalogRow,
} from '../../resources/catalog-adapter/catalog-resource.js'

/** Fields shown first in lists when an entity has them. */
const LEADING = [
  'schema',
  'table',
  'relation',
  'name',
  'kind',
  'command',
  'language',
  'owner',
  'method',
]
const LONG = /definition|body|expression|using|check|predicate|comment|description/i
const LIST_LIMIT = 7

/**
 * Flattens a catalog model into one level: nested objects become camelCase-joined fields
 * (`rowSecurity.enabled` → `rowSecurityEnabled`), arrays of scalars a comma list, arrays of
 * objects a count (`columns` → `columnsCount`) — what a list and a show page can display.
 */
export function flatten(model: object, prefix = ''): CatalogRow {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(model)) {
    const name = prefix ? `${prefix}${key.charAt(0).toUpperCase()}${key.slice(1)}` : key
    if (
      value === null ||
      value === undefined ||
      typeof value !== 'object' ||
      value instanceof Date
    ) {
      out[name] = value instanceof Date ? value.toISOString() : value
    } else if (Array.isArray(value)) {
      if (value.every((v) => v === null || typeof v !== 'object')) out[name] = value.join(', ')
      else {
        out[`${name}Count`] = value.length
        out[name] = value.map((v) => JSON.stringify(v)).join('\n')
      }
    } else {
      Object.assign(out, flatten(value, name))
    }
  }
  return out
}

/** The properties of a set of flattened rows, leading fields first, long text as textareas. */
export function propertiesOf(
  rows: readonly CatalogRow[],
  fallback: readonly string[],
): CatalogProperty[] {
  const types = new Map<string, CatalogProperty['type']>()
  for (const row of rows.slice(0, 200)) {
    for (const [k, v] of Object.entries(row)) {
      if (v === null || v === undefined) {
        if (!types.has(k)) types.set(k, undefined)
        continue
      }
      types.set(
        k,
        typeof v === 'number'
          ? 'number'
          : typeof v === 'boolean'
            ? 'boolean'
            : LONG.test(k)
              ? 'textarea'
              : 'string',
      )
    }
  }
  for (const k of fallback) if (!types.has(k)) types.set(k, 'string')
  // Internal ids (oid, tableOid …) are join keys, never shown; the row keeps them.
  const names = [...types.keys()].filter((k) => !isInternalId(k))
  names.sort((a, b) => rank(a) - rank(b))
  const listed = names
    .filter((n) => types.get(n) !== 'textarea' && !n.endsWith('Count') && !/\n/.test(n))
    .slice(0, LIST_LIMIT)
  return names.map((name) => ({
    name,
    type: types.get(name) ?? 'string',
    isTitle: name === 'name',
    list: listed.includes(name),
  }))
}

function rank(name: string): number {
  const i = LEADING.indexOf(name)
  return i === -1 ? LEADING.length : i
}

import type { CatalogProperty } from '../../resources/catalog-adapter/catalog-resource.js'

/** The component that shows every schema browser field (components/catalog-value.tsx). */
export const VALUE_COMPONENT = 'SchemaBrowserValue'

/** How a field is shown; the component reads it from `property.custom.display`. */
export type Display = 'code' | 'structured' | 'prose' | 'number' | 'bytes' | 'id' | 'auto'

/** SQL or a routine body: read-only code view. */
const CODE =
  /^(definition|body|using|withCheck|predicate|expression|check|default|query)$|(Definition|Body|Expression|Predicate)$/
const PROSE = /^(comment|description)$/
const BYTES = /(Bytes|^size)$/
/** Fields PostgreSQL gives as numeric text (bigint sequence values): numbers all the same. */
const NUMERIC_TEXT = /^(start|increment|min|max|cache|lastValue)$/
/** Names of objects: kept on one line, never broken mid-word. */
const NAME = /^(schema|table|name|owner|relation|role|server|wrapper|signature)$/

/**
 * How to show a field, from its name and type: a field whose rows held an array of objects
 * (flatten.ts leaves a `…Count` beside it, one JSON document per line) is a list.
 *
 * @example displayOf({ name: 'keys', type: 'textarea' }, new Set(['keys', 'keysCount'])) // 'structured'
 */
export function displayOf(property: CatalogProperty, names: ReadonlySet<string>): Display {
  const { name } = property
  if (names.has(`${name}Count`)) return 'structured'
  if (CODE.test(name)) return 'code'
  if (PROSE.test(name)) return 'prose'
  if (BYTES.test(name)) return 'bytes'
  if (NAME.test(name)) return 'id'
  if (property.type === 'number' || NUMERIC_TEXT.test(name)) return 'number'
  return 'auto'
}

/** Internal object ids (an OID, a table's OID): keys for joins, nothing a person reads. */
export function isInternalId(name: string): boolean {
  return /^(oid|id)$|Oids?$/.test(name)
}

/**
 * The resource's AdminJS options with every field shown through the schema browser's value
 * component, told how to show it.
 */
export function withDisplay(
  options: Record<string, unknown>,
  properties: readonly CatalogProperty[],
): Record<string, unknown> {
  const names = new Set(properties.map((p) => p.name))
  const declared = (options.properties ?? {}) as Record<string, Record<string, unknown>>
  const out: Record<string, Record<string, unknown>> = { ...declared }
  // The row's key is an OID (or a name repeated): the URL carries it, the page need not.
  out.id = { ...declared.id, isVisible: { list: false, show: false, edit: false, filter: false } }
  for (const p of properties) {
    out[p.name] = {
      ...declared[p.name],
      components: { list: VALUE_COMPONENT, show: VALUE_COMPONENT },
      custom: { display: displayOf(p, names) },
    }
  }
  return { ...options, properties: out }
}

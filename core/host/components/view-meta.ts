import type { RecordJSON, ResourceJSON } from 'adminjs'

/** What Karen's view resources carry on their list action (resources/view-adapter). */
export interface ViewMeta {
  readonly planetaryView: true
  readonly verboseName: string
  readonly verboseNamePlural: string
  readonly key: readonly string[]
  readonly searchProperty: string
  readonly searchFields: readonly string[]
  readonly rangeFields: readonly string[]
  readonly perPage?: number
}

/** The product's name, last in every browser tab title. */
export const PRODUCT = 'Planetary'

/** The view facts of a resource, or undefined when it is not one of Karen's views. */
export function viewMeta(resource: ResourceJSON | undefined): ViewMeta | undefined {
  const list =
    resource?.resourceActions.find((a) => a.name === 'list') ??
    resource?.actions.find((a) => a.name === 'list')
  const custom = list?.custom as Partial<ViewMeta> | undefined
  return custom?.planetaryView === true ? (custom as ViewMeta) : undefined
}

/** Django's capfirst: "invoices" → "Invoices". */
export function capfirst(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1)
}

/** A record in words: its key values ("133", "13, 3"), else AdminJS's id. */
export function recordName(meta: ViewMeta, record: RecordJSON | undefined): string {
  if (!record) return ''
  const values = meta.key.map((k) => record.params[k] as unknown)
  if (values.length > 0 && values.every((v) => v !== undefined && v !== null && v !== '')) {
    return values.map(String).join(', ')
  }
  return record.id
}

/**
 * The heading of one of Karen's pages, as Django admin words it: "Invoices", "Add invoice",
 * "Invoice 133", "Change invoice 133", "Delete invoice 133". Undefined for other actions.
 */
export function viewHeading(
  meta: ViewMeta,
  actionName: string,
  record?: RecordJSON,
): string | undefined {
  const one = meta.verboseName
  const name = recordName(meta, record)
  switch (actionName) {
    case 'list':
      return capfirst(meta.verboseNamePlural)
    case 'new':
      return `Add ${one}`
    case 'show':
      return `${capfirst(one)} ${name}`.trim()
    case 'edit':
      return `Change ${one} ${name}`.trim()
    case 'delete':
      return `Delete ${one} ${name}`.trim()
    default:
      return undefined
  }
}

/** A browser tab title: "Invoices · Planetary". */
export function tabTitle(...parts: (string | undefined)[]): string {
  return [...parts.filter((p): p is string => Boolean(p)), PRODUCT].join(' · ')
}

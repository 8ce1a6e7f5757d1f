import type { PropertyJSON, RecordJSON, ResourceJSON } from 'adminjs'
import React from 'react'
import { Value, type ValueFormat } from '../../plugin/components/value.jsx'
import { viewMeta } from './view-meta.js'

/** What a column of one of Karen's views carries (resources/view-adapter/resource-options.ts). */
interface ViewColumnCustom {
  readonly pgType?: string
  readonly kind?: string
}

/** Whether a property is a column of one of Karen's views. */
export function isViewColumn(property: PropertyJSON): boolean {
  return Boolean((property.custom as ViewColumnCustom | undefined)?.pgType)
}

function formatOf(
  property: PropertyJSON,
  resource: ResourceJSON | undefined,
): ValueFormat | undefined {
  if (viewMeta(resource)?.key.includes(property.path)) return 'id'
  switch ((property.custom as ViewColumnCustom).kind ?? 'other') {
    case 'integer':
    case 'decimal':
    case 'float':
      return 'number'
    case 'text':
    case 'uuid':
    case 'enum':
    case 'other':
      return 'text'
    default:
      return 'auto'
  }
}

/**
 * A value of one of Karen's view columns in the console's one format for its type (the schema
 * browser's): numbers right-aligned with separators, keys never wrapping, dates in the locale's
 * form, NULL as a muted mark. Text stays React text.
 */
export function ViewValue(props: {
  property: PropertyJSON
  record: RecordJSON | undefined
  resource?: ResourceJSON | undefined
}) {
  const { property, record } = props
  const value = record?.params[property.path] as unknown
  const format = formatOf(property, props.resource)
  if (format === 'id' && value !== null && value !== undefined) {
    return <Value value={value} format="id" />
  }
  return <Value value={value ?? null} format={format} compact />
}

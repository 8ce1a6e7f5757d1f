import { describe, expect, it } from 'vitest'
import {
  displayOf,
  isInternalId,
  VALUE_COMPONENT,
  withDisplay,
} from '../../../plugins/schema-browser/display.js'
import { flatten, propertiesOf } from '../../../plugins/schema-browser/flatten.js'

describe('how the schema browser shows a field', () => {
  const index = flatten({
    oid: 16400,
    tableOid: 16390,
    name: 'invoice_amount_idx',
    keys: [{ column: 'amount', isExpression: false, descending: true }],
    sizeBytes: 16384,
    scans: 12,
    definition: 'CREATE INDEX …',
    comment: null,
  })
  const props = propertiesOf([index], [])
  const names = new Set(props.map((p) => p.name))

  it('hides internal ids, the row keeps them', () => {
    expect(index.tableOid).toBe(16390)
    expect([...names]).not.toContain('oid')
    expect([...names]).not.toContain('tableOid')
    expect(isInternalId('relationOids')).toBe(true)
    expect(isInternalId('oidVector')).toBe(false)
    expect(isInternalId('name')).toBe(false)
  })

  it('shows arrays of objects as lists, SQL as code, sizes and numbers formatted', () => {
    const display = (name: string) =>
      displayOf(
        props.find((p) => p.name === name)!,
        names,
      )
    expect(display('keys')).toBe('structured')
    expect(display('definition')).toBe('code')
    expect(display('comment')).toBe('prose')
    expect(display('sizeBytes')).toBe('bytes')
    expect(display('scans')).toBe('number')
    expect(display('name')).toBe('id')
    expect(displayOf({ name: 'lastValue', type: 'string' }, new Set())).toBe('number')
    expect(displayOf({ name: 'method', type: 'string' }, new Set())).toBe('auto')
    expect(displayOf({ name: 'body' }, new Set())).toBe('code')
    expect(displayOf({ name: 'withCheck' }, new Set())).toBe('code')
  })

  it('routes every field through the value component and hides the row key', () => {
    const options = withDisplay(
      { properties: { id: { isVisible: { show: true } }, keys: { isTitle: false } } },
      props,
    ) as {
      properties: Record<
        string,
        { components?: unknown; custom?: unknown; isVisible?: unknown; isTitle?: unknown }
      >
    }
    expect(options.properties.keys).toEqual({
      isTitle: false,
      components: { list: VALUE_COMPONENT, show: VALUE_COMPONENT },
      custom: { display: 'structured' },
    })
    expect(options.properties.id?.isVisible).toEqual({
      list: false,
      show: false,
      edit: false,
      filter: false,
    })
  })
})

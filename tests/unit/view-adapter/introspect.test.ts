import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../../../core/errors.js'
import { buildViewModel, traceOrigin } from '../../../resources/view-adapter/introspect.js'
import { columnOf } from '../../../resources/view-adapter/model.js'
import { attribute, columnRow, invoiceModel, lineModel, viewRow } from './models.js'

describe('buildViewModel', () => {
  it('traces the key to the base primary key and types the columns', () => {
    const m = invoiceModel()
    expect(m.key).toEqual(['id'])
    expect(m.keySource).toBe('primary-key')
    expect(columnOf(m, 'id')).toMatchObject({
      editable: false,
      readOnlyReason: 'key assigned by the database',
    })
    expect(columnOf(m, 'customer')).toMatchObject({ editable: true, required: true })
    expect(columnOf(m, 'status')).toMatchObject({
      required: false,
      scalar: { kind: 'enum', labels: ['draft', 'sent', 'paid'] },
    })
    expect(columnOf(m, 'tags')).toMatchObject({ isArray: true, scalar: { kind: 'text' } })
    expect(columnOf(m, 'doc')).toMatchObject({
      editable: false,
      filterable: false,
      sortable: false,
    })
    expect(m.readOnlyReason).toBeNull()
  })

  it('maps a composite key in primary-key order, whatever the view column order', () => {
    const m = lineModel()
    expect(m.key).toEqual(['invoice_id', 'line_no'])
    expect(columnOf(m, 'line_no')?.editable).toBe(true)
    expect(columnOf(m, 'double_qty')).toMatchObject({
      editable: false,
      readOnlyReason: 'not updatable through the view',
    })
  })

  it('has no key when the primary key is incomplete or rows are merged, and says why', () => {
    const partial = buildViewModel({
      view: viewRow('1', 'app', 'partial'),
      columns: [columnRow('1', 1, 'line_no', { typname: 'int4' })],
      shape: { targets: [], rowMerging: [] },
      origins: new Map([[1, { tableOid: 110, attnum: 2, merged: false }]]),
      attributes: new Map([['110:2', attribute('invoice_line_raw', 'line_no', { pk: [1, 2] })]]),
    })
    expect(partial.key).toEqual([])
    expect(partial.readOnlyReason).toMatch(/primary key/)
    const merged = buildViewModel({
      view: viewRow('2', 'app', 'totals', { updatable: 0 }),
      columns: [columnRow('2', 1, 'id', { typname: 'int8' })],
      shape: { targets: [], rowMerging: ['aggregates rows'] },
      origins: new Map([[1, { tableOid: 100, attnum: 1, merged: true }]]),
      attributes: new Map([['100:1', attribute('invoice_raw', 'id', { pk: [1] })]]),
    })
    expect(merged.key).toEqual([])
    expect(merged.readOnlyReason).toMatch(/aggregates rows/)
  })

  it('takes an explicit key from config and refuses unknown columns in options', () => {
    expect(invoiceModel({ key: ['email'] })).toMatchObject({ key: ['email'], keySource: 'config' })
    expect(() => invoiceModel({ list_display: ['nope'] })).toThrow(InvalidInputError)
    expect(() => invoiceModel({ ordering: ['-nope'] })).toThrow(/ordering/)
  })

  it('makes materialized views read-only', () => {
    const mv = buildViewModel({
      view: viewRow('3', 'app', 'mv', { relkind: 'm', updatable: 0 }),
      columns: [columnRow('3', 1, 'n', { typname: 'int4' })],
      shape: null,
      origins: new Map(),
      attributes: new Map(),
    })
    expect(mv.readOnlyReason).toMatch(/Materialized/)
    expect(mv.columns[0]?.editable).toBe(false)
  })
})

describe('traceOrigin', () => {
  it('follows views over views to the base table, noting merging views', () => {
    const shapes = new Map([
      [10, { targets: [{ resno: 1, resname: 'a', origTable: 20, origColumn: 3 }], rowMerging: [] }],
      [
        20,
        {
          targets: [{ resno: 3, resname: 'b', origTable: 30, origColumn: 1 }],
          rowMerging: ['uses DISTINCT'],
        },
      ],
    ])
    const kinds = new Map([
      [10, 'v'],
      [20, 'v'],
      [30, 'r'],
    ])
    expect(traceOrigin({ tableOid: 10, attnum: 1 }, shapes, kinds)).toEqual({
      tableOid: 30,
      attnum: 1,
      merged: true,
    })
    expect(traceOrigin({ tableOid: 40, attnum: 1 }, shapes, kinds)).toEqual({ unresolved: 40 })
    expect(traceOrigin({ tableOid: 0, attnum: 0 }, shapes, kinds)).toBeNull()
  })
})

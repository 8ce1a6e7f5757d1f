import { describe, expect, it } from 'vitest'
import { columnOf } from '../../../resources/view-adapter/model.js'
import {
  collectWrites,
  formValue,
  toWriteValue,
} from '../../../resources/view-adapter/write-values.js'
import { invoiceModel } from './models.js'

const inv = invoiceModel({ readonly_fields: ['created_at'] })
const c = (n: string) => {
  const col = columnOf(inv, n)
  if (!col) throw new Error(n)
  return col
}

describe('toWriteValue', () => {
  it('keeps numeric digits exactly and refuses non-numbers', () => {
    expect(toWriteValue(c('amount'), '12345678901234567890.12')).toEqual({
      ok: true,
      value: '12345678901234567890.12',
    })
    expect(toWriteValue(c('amount'), '1e3')).toEqual({ ok: true, value: '1e3' })
    expect(toWriteValue(c('amount'), '12,50')).toMatchObject({ ok: false })
    expect(toWriteValue(c('amount'), '')).toEqual({ ok: true, value: null })
  })

  it('converts dates without time-zone drift and checks enums and JSON', () => {
    expect(toWriteValue(c('issued_on'), new Date('2024-02-29'))).toEqual({
      ok: true,
      value: '2024-02-29',
    })
    expect(toWriteValue(c('issued_on'), '2024-02-29')).toEqual({ ok: true, value: '2024-02-29' })
    expect(toWriteValue(c('issued_on'), 'tomorrow')).toMatchObject({ ok: false })
    expect(toWriteValue(c('created_at'), '2024-01-01 06:00:09+00')).toMatchObject({ ok: true })
    expect(toWriteValue(c('created_at'), '2024-01-01T25:00:00Z')).toMatchObject({ ok: false })
    expect(toWriteValue(c('status'), 'paid')).toEqual({ ok: true, value: 'paid' })
    expect(toWriteValue(c('status'), 'void')).toMatchObject({
      ok: false,
      message: /draft, sent, paid/,
    })
    expect(toWriteValue(c('meta'), '{"a":1}')).toEqual({ ok: true, value: '{"a":1}' })
    expect(toWriteValue(c('meta'), '{a:1}')).toMatchObject({ ok: false, message: /not valid JSON/ })
  })

  it('empties: NULL for nullable text, empty string for NOT NULL text', () => {
    expect(toWriteValue(c('email'), '')).toEqual({ ok: true, value: null })
    expect(toWriteValue(c('customer'), '')).toEqual({ ok: true, value: '' })
  })

  it('converts arrays element by element', () => {
    expect(toWriteValue(c('tags'), ['a', 'b c', ''])).toEqual({ ok: true, value: ['a', 'b c', ''] })
    expect(toWriteValue(c('tags'), 'a')).toMatchObject({ ok: false })
    expect(toWriteValue(c('tags'), [['x']])).toMatchObject({ ok: false })
  })
})

describe('collectWrites', () => {
  it('reads flattened AdminJS params', () => {
    expect(formValue({ 'tags.1': 'b', 'tags.0': 'a', tagsx: 'no' }, 'tags')).toEqual(['a', 'b'])
    expect(formValue({}, 'tags')).toBeUndefined()
  })

  it('refuses read-only values on create, collects them for comparison on update', () => {
    const created = collectWrites(
      inv,
      { customer: 'A', amount: '1', created_at: '2024-01-01T00:00:00Z', id: '' },
      'create',
    )
    expect(created.errors).toEqual({ created_at: 'is read-only: read-only (readonly_fields)' })
    expect([...created.values.keys()]).toEqual(['customer', 'amount'])
    const updated = collectWrites(
      inv,
      { amount: 'x', created_at: '2024-01-01T00:00:00Z', doc: '\\x00' },
      'update',
    )
    expect(updated.errors).toEqual({ amount: 'must be a number' })
    expect([...updated.values.keys()]).toEqual(['created_at'])
  })
})

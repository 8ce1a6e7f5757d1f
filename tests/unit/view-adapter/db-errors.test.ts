import { describe, expect, it } from 'vitest'
import { ExecutionError } from '../../../core/errors.js'
import {
  fieldForDbColumn,
  fieldsForConstraint,
  mapExecutionError,
  validationError,
} from '../../../resources/view-adapter/db-errors.js'
import { invoiceModel, lineModel } from './models.js'

const inv = invoiceModel()

describe('mapping database errors onto fields', () => {
  it('uses RAISE … USING COLUMN, directly or through the base table', () => {
    expect(fieldForDbColumn(inv, 'amount')).toBe('amount')
    expect(fieldForDbColumn(inv, 'amount', { schema: 'app', table: 'invoice_raw' })).toBe('amount')
    expect(
      fieldForDbColumn(inv, 'tenant_id', { schema: 'app', table: 'invoice_raw' }),
    ).toBeUndefined()
    const line = lineModel()
    expect(fieldForDbColumn(line, 'qty', { table: 'invoice_line_raw' })).toBe('qty')
  })

  it('maps constraint columns through the view', () => {
    // UNIQUE (tenant_id, email) on invoice_raw: attnums 2 and 4; only email is in the view
    expect(fieldsForConstraint(inv, 100, [2, 4])).toEqual(['email'])
  })

  it('finds the field of an invalid input value, and always sets a property error', () => {
    const err = new ExecutionError('invalid input syntax for type numeric: "12,5"', {
      sqlstate: '22P02',
    })
    expect(mapExecutionError(inv, err, { amount: '12,5' })).toEqual({
      base: 'invalid input syntax for type numeric: "12,5"',
      fields: { amount: 'invalid input syntax for type numeric: "12,5"' },
    })
    const base = new ExecutionError('this invoice cannot be saved', {
      sqlstate: 'P0001',
      detail: 'locked',
    })
    const mapped = mapExecutionError(inv, base, {})
    expect(mapped).toEqual({ base: 'this invoice cannot be saved (locked)', fields: {} })
    const v = validationError(mapped, 'customer')
    expect(v.baseError?.message).toBe('this invoice cannot be saved (locked)')
    expect(v.propertyErrors).toEqual({
      customer: { message: 'this invoice cannot be saved (locked)', type: 'database' },
    })
  })
})

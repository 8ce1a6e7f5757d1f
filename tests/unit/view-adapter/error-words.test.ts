import { describe, expect, it } from 'vitest'
import { ExecutionError } from '../../../core/errors.js'
import { fieldLabel, mapDatabaseError } from '../../../resources/view-adapter/error-words.js'
import { invoiceModel } from './models.js'

const inv = invoiceModel()

describe('PostgreSQL refusals in words', () => {
  it('labels fields as a person reads them', () => {
    expect(fieldLabel('issued_on')).toBe('Issued on')
  })

  it('puts a numeric overflow on the field whose value has too many digits', () => {
    const err = new ExecutionError('numeric field overflow', {
      sqlstate: '22003',
      detail: 'A field with precision 12, scale 2 must round to an absolute value less than 10^10.',
    })
    expect(mapDatabaseError(inv, err, { customer: 'A', amount: '12345678901' })).toEqual({
      base: 'Amount is too large: at most 10 digits before the point',
      fields: { amount: 'Amount is too large: at most 10 digits before the point' },
    })
  })

  it('keeps a trigger’s own message (not one of PostgreSQL’s phrasings) as it is', () => {
    const err = new ExecutionError('amount must be positive', {
      sqlstate: '23514',
      column: 'amount',
    })
    expect(mapDatabaseError(inv, err, {}).fields).toEqual({ amount: 'amount must be positive' })
  })

  it('says NOT NULL and unique in words', () => {
    const nn = new ExecutionError(
      'null value in column "customer" of relation "invoice_raw" violates not-null constraint',
      { sqlstate: '23502', column: 'customer', schema: 'app', table: 'invoice_raw' },
    )
    expect(mapDatabaseError(inv, nn, {}).fields).toEqual({ customer: 'Customer is required' })
    const dup = new ExecutionError('duplicate key value violates unique constraint "k"', {
      sqlstate: '23505',
      detail: 'Key (tenant_id, email)=(1, a@b.c) already exists.',
    })
    expect(mapDatabaseError(inv, dup, { email: 'a@b.c' }, { fields: ['email'] })).toEqual({
      base: 'Email must be unique: another row already has tenant_id, email = 1, a@b.c',
      fields: {
        email: 'Email must be unique: another row already has tenant_id, email = 1, a@b.c',
      },
    })
  })
})

import { describe, expect, it } from 'vitest'
import { formLayout, inForm } from '../../../resources/view-adapter/form-fields.js'
import type { ViewModel } from '../../../resources/view-adapter/model.js'
import { collectWrites } from '../../../resources/view-adapter/write-values.js'
import { invoiceModel } from './models.js'

/** The invoice model with what a trigger does to some columns, as introspection would say. */
function withWritePath(model: ViewModel): ViewModel {
  return {
    ...model,
    columns: model.columns.map((c) =>
      c.name === 'issued_on'
        ? { ...c, insertReadOnly: 'set by app.invoice_v_insert when a row is added' }
        : c.name === 'customer'
          ? { ...c, updateReadOnly: 'not changed by app.invoice_v_update' }
          : c,
    ),
  }
}

describe('the new and edit forms', () => {
  const inv = withWritePath(invoiceModel())
  const order = inv.columns.map((c) => c.name)

  it('leave out what the write path sets on insert, and what only a new row takes on edit', () => {
    expect(formLayout(inv, undefined, order, 'new')).toEqual([
      'customer',
      'email',
      'amount',
      'status',
      'created_at',
      'tags',
      'meta',
    ])
    // read-only columns stay on the edit form, disabled; customer is ignored by the UPDATE
    expect(formLayout(inv, undefined, order, 'edit')).toEqual([
      'id',
      'email',
      'amount',
      'status',
      'issued_on',
      'created_at',
      'tags',
      'meta',
    ])
  })

  it('refuse a value for a column the write path sets, by field', () => {
    expect(collectWrites(inv, { issued_on: '2026-01-01', amount: '1' }, 'create').errors).toEqual({
      issued_on: 'is read-only: set by app.invoice_v_insert when a row is added',
    })
  })

  it('leave out excluded columns everywhere, and refuse them', () => {
    const excluded = invoiceModel({ exclude: ['email'] })
    const email = excluded.columns.find((c) => c.name === 'email')
    expect(email?.excluded).toBe(true)
    expect(inForm(email, 'new')).toBe(false)
    expect(inForm(email, 'edit')).toBe(false)
    expect(collectWrites(excluded, { email: 'x@y.z' }, 'create').errors).toEqual({
      email: 'is read-only: left out of the forms (exclude)',
    })
  })

  it('keep fieldset headings and drop the fields a form has no use for', () => {
    const layout = formLayout(
      inv,
      { fieldsets: [{ title: 'Invoice', fields: ['customer', 'issued_on', 'doc'] }] },
      order,
      'new',
    )
    expect(layout).toEqual([
      [{ mb: 'xl' }, [['@H4', { children: 'Invoice', mb: 'lg' }], 'customer']],
    ])
  })
})

import { describe, expect, it } from 'vitest'
import { screenshot } from '../harness/browser.js'
import { addDraftPaidDraft } from '../harness/invoices.js'
import { useBrowserConsole } from '../harness/browser-console.js'

const c = useBrowserConsole({
  signIn: ['karen', 'karen-planetary'],
})

const raw = async (where: string, values: unknown[] = []) =>
  (
    await c.admin.query(
      `SELECT id::text AS id, tenant_id, customer, status::text AS status, amount::text AS amount
       FROM app.invoice_raw WHERE ${where} ORDER BY id`,
      values,
    )
  ).rows as { id: string; tenant_id: number; customer: string; status: string; amount: string }[]

describe('Karen’s forms offer only what the write path takes', () => {
  it('creates an invoice without a tenant field: the row gets her tenant', async () => {
    await c.page.goto(`${c.running.url}/resources/app.invoice_v/actions/new`)
    await c.page.locator('input[name="customer"]').waitFor()
    expect(await c.page.locator('[name="tenant_id"]').count()).toBe(0)
    expect(await c.page.getByTestId('property-edit-tenant_id').count()).toBe(0)
    await c.page.locator('input[name="customer"]').fill('Mary Jackson')
    await c.page.locator('input[name="email"]').fill('mary@acme.test')
    await c.page.locator('input[name="amount"]').fill('12345678901')
    await c.page.getByTestId('button-save').click()
    const amountField = c.page.getByTestId('property-edit-amount')
    await amountField.getByText('Amount is too large: at most 10 digits before the point').waitFor()
    await screenshot(c.page, 'karen-forms-01-amount-overflow')
    // shown under Amount, what she typed kept, nothing stored
    expect(await c.page.locator('input[name="amount"]').inputValue()).toBe('12345678901')
    expect(await c.page.locator('input[name="customer"]').inputValue()).toBe('Mary Jackson')
    expect(await c.page.getByTestId('property-edit-customer').innerText()).not.toContain(
      'too large',
    )
    expect(await raw('customer = $1', ['Mary Jackson'])).toEqual([])

    await c.page.locator('input[name="amount"]').fill('1961.05')
    await c.page.getByTestId('button-save').click()
    await c.page.waitForURL((url) => !url.pathname.endsWith('/actions/new'))
    await screenshot(c.page, 'karen-forms-02-created-without-tenant')
    expect(await raw('customer = $1', ['Mary Jackson'])).toEqual([
      expect.objectContaining({ tenant_id: 1, amount: '1961.05' }),
    ])
  })

  it('cannot change a read-only column on edit: the tenant field is disabled', async () => {
    const [row] = await raw('customer = $1', ['Mary Jackson'])
    await c.page.goto(`${c.running.url}/resources/app.invoice_v/records/${row?.id}/edit`)
    const tenant = c.page.locator('input[name="tenant_id"]')
    await tenant.waitFor()
    expect(await tenant.isDisabled()).toBe(true)
    expect(await tenant.isEditable()).toBe(false)
    await screenshot(c.page, 'karen-forms-03-tenant-read-only')
    await c.page.locator('input[name="notes"]').fill('checked by Karen')
    await c.page.getByTestId('button-save').click()
    await c.page.waitForURL((url) => !url.pathname.endsWith('/edit'))
    expect((await raw('id = $1', [row?.id]))[0]).toEqual(
      expect.objectContaining({ tenant_id: 1, customer: 'Mary Jackson' }),
    )
  })

  it('bulk delete of three invoices, one paid: nothing deleted, the paid one named, list and count unchanged', async () => {
    await addDraftPaidDraft(c.admin, 'Bulk Trio')
    const before = await raw('customer = $1', ['Bulk Trio'])
    expect(before).toHaveLength(3)
    const paid = before.find((r) => r.status === 'paid')
    await c.page.goto(`${c.running.url}/resources/app.invoice_v?filters.customer=Bulk%20Trio`)
    const rows = c.page.locator('table tbody tr')
    await rows.nth(2).waitFor()
    const shownIds = async () =>
      (await c.page.locator('table tbody tr td:nth-child(2)').allInnerTexts()).map((t) =>
        t.trim().replaceAll(',', ''),
      )
    expect(await shownIds()).toEqual(before.map((r) => r.id))
    expect(await c.page.getByText('3', { exact: true }).count()).toBeGreaterThan(0)
    for (let i = 0; i < 3; i++) {
      await rows.nth(i).locator('input[type="checkbox"]').check({ force: true })
    }
    await c.page.getByTestId('action-bulkDelete').click()
    await screenshot(c.page, 'karen-forms-04-bulk-confirm')
    await c.page.getByRole('button', { name: /confirm/i }).click()
    const refusal = `Invoice ${paid?.id}: paid invoices are kept; void them instead; nothing was deleted`
    await c.page.getByText(refusal).waitFor()
    await screenshot(c.page, 'karen-forms-05-bulk-refused')
    // the list and its count are read again after the action
    await c.page.waitForURL((url) => url.searchParams.get('refresh') === 'true')
    await rows.nth(2).waitFor()
    await screenshot(c.page, 'karen-forms-06-list-reloaded')
    // nothing deleted: PostgreSQL, the list and its count agree
    expect(await raw('customer = $1', ['Bulk Trio'])).toEqual(before)
    expect(await shownIds()).toEqual(before.map((r) => r.id))
    expect(await rows.count()).toBe(3)
    expect(await c.page.getByText('3', { exact: true }).count()).toBeGreaterThan(0)
  })
})

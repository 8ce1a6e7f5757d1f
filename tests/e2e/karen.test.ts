import { describe, expect, it } from 'vitest'
import { screenshot, signInPage } from '../harness/browser.js'
import { useBrowserConsole } from '../harness/browser-console.js'

const c = useBrowserConsole()

const raw = async (where: string, values: unknown[] = []) =>
  (
    await c.admin.query(
      `SELECT id, tenant_id, customer, amount::text FROM app.invoice_raw WHERE ${where}`,
      values,
    )
  ).rows

describe('Karen in Chromium', () => {
  it('signs in and sees her dashboard', async () => {
    await signInPage(c.page, c.running.url, 'karen', 'karen-planetary')
    await c.page.getByText('acting as the Postgres role').waitFor()
    await screenshot(c.page, 'karen-01-dashboard')
    expect(c.page.url()).toBe(`${c.running.url}`)
  })

  it('lists only her tenant’s invoices', async () => {
    await c.page.goto(`${c.running.url}/resources/app.invoice_v`)
    await c.page.locator('table tbody tr').first().waitFor()
    await screenshot(c.page, 'karen-02-list')
    const tenantCells = await c.page.locator('table tbody tr td:nth-child(3)').allInnerTexts()
    expect(tenantCells.length).toBeGreaterThan(0)
    expect(new Set(tenantCells.map((t) => t.trim()))).toEqual(new Set(['1']))
  })

  it('filters by customer', async () => {
    // AdminJS renders the filter toggle as a link-styled button.
    await c.page.locator('[data-css="app.invoice_v-filter-button"]').click()
    const input = c.page.locator('input[name="filter-customer"]')
    await input.fill('Grace')
    await c.page.getByRole('button', { name: 'Apply changes' }).click()
    await c.page.waitForURL(/filters\.customer=Grace/)
    await c.page.locator('table tbody tr').first().waitFor()
    await screenshot(c.page, 'karen-03-filtered')
    const customers = await c.page.locator('table tbody tr td:nth-child(4)').allInnerTexts()
    expect(customers.length).toBeGreaterThan(0)
    expect(customers.every((c) => c.includes('Grace Hopper'))).toBe(true)
  })

  it('is shown the validation function’s error on the amount field, with her input kept', async () => {
    await c.page.goto(`${c.running.url}/resources/app.invoice_v/actions/new`)
    await c.page.locator('input[name="customer"]').fill('Katherine Johnson')
    await c.page.locator('input[name="email"]').fill('katherine@acme.test')
    expect(await c.page.locator('[name="tenant_id"]').count()).toBe(0) // set from her claim
    await c.page.locator('input[name="amount"]').fill('-10')
    await c.page.getByTestId('button-save').click()
    await c.page
      .getByTestId('property-edit-amount')
      .getByText('amount must be greater than zero')
      .waitFor()
    await screenshot(c.page, 'karen-04-validation-error')
    expect(await c.page.locator('input[name="customer"]').inputValue()).toBe('Katherine Johnson')
    expect(await c.page.locator('input[name="amount"]').inputValue()).toBe('-10')
    expect(await raw('customer = $1', ['Katherine Johnson'])).toEqual([])
  })

  it('creates the invoice once the amount is right', async () => {
    await c.page.locator('input[name="amount"]').fill('1969.07')
    await c.page.getByTestId('button-save').click()
    await c.page.waitForURL((url) => !url.pathname.endsWith('/actions/new'))
    await screenshot(c.page, 'karen-05-created')
    const rows = await raw('customer = $1', ['Katherine Johnson'])
    expect(rows).toEqual([expect.objectContaining({ tenant_id: 1, amount: '1969.07' })])
  })

  it('edits it', async () => {
    const [row] = await raw('customer = $1', ['Katherine Johnson'])
    await c.page.goto(`${c.running.url}/resources/app.invoice_v/records/${row?.id}/edit`)
    const amount = c.page.locator('input[name="amount"]')
    await amount.waitFor()
    await amount.fill('2000.50')
    await c.page.getByTestId('button-save').click()
    await c.page.waitForURL((url) => !url.pathname.endsWith('/edit'))
    await screenshot(c.page, 'karen-06-edited')
    expect((await raw('id = $1', [row?.id]))[0]?.amount).toBe('2000.50')
  })

  it('deletes it', async () => {
    const [row] = await raw('customer = $1', ['Katherine Johnson'])
    await c.page.goto(`${c.running.url}/resources/app.invoice_v/records/${row?.id}/show`)
    await c.page.getByTestId('action-delete').click()
    await screenshot(c.page, 'karen-07-confirm-delete')
    await c.page.getByRole('button', { name: /confirm/i }).click()
    await c.page.waitForURL((url) => !url.pathname.endsWith('/show'))
    await screenshot(c.page, 'karen-08-deleted')
    expect(await raw('id = $1', [row?.id])).toEqual([])
  })

  it('says "about N" when a large view is counted by the planner’s estimate', async () => {
    await c.page.goto(`${c.running.url}/resources/app.invoice_v`)
    await c.page.locator('table tbody tr').first().waitFor()
    expect(await c.page.getByText('180', { exact: true }).count()).toBeGreaterThan(0)
    await c.admin.query(`
      INSERT INTO app.invoice_raw (tenant_id, customer, email, amount)
      SELECT 1, 'Bulk ' || g, 'bulk' || g || '@acme.test', 10 FROM generate_series(1, 30000) g;
      ANALYZE app.invoice_raw`)
    // Counts are cached for a few seconds per view and filter: reload until the new one shows.
    const about = c.page.getByText(/^about 30,\d{3}$/)
    for (let tries = 0; tries < 20 && !(await about.isVisible()); tries++) {
      await c.page.waitForTimeout(1000)
      await c.page.reload()
      await c.page.locator('table tbody tr').first().waitFor()
    }
    expect(await about.innerText()).toMatch(/^about 30,\d{3}$/)
    await screenshot(c.page, 'karen-09-estimated-count')
  })

  it('pages by keyset: next, previous, last and first show the rows PostgreSQL orders there', async () => {
    const truth = async (order: 'ASC' | 'DESC', offset: number) =>
      (
        await c.admin.query(
          `SELECT id FROM app.invoice_raw WHERE tenant_id = 1 ORDER BY id ${order} LIMIT 10 OFFSET $1`,
          [offset],
        )
      ).rows.map((r: { id: number }) => String(r.id))
    const shown = async () => {
      await c.page.locator('table tbody tr').first().waitFor()
      return (await c.page.locator('table tbody tr td:nth-child(2)').allInnerTexts()).map((t) =>
        t.trim().replaceAll(',', ''),
      )
    }
    const position = c.page.getByTestId('page-position')
    const nav = c.page.getByRole('navigation', { name: 'Pages' })
    await c.page.goto(`${c.running.url}/resources/app.invoice_v?sortBy=id&direction=asc&perPage=10`)
    expect(await shown()).toEqual(await truth('ASC', 0))
    expect(await nav.getByRole('button', { name: /Previous/ }).isDisabled()).toBe(true)

    await nav.getByRole('button', { name: /Next/ }).click()
    await c.page.waitForURL(/after=/)
    await position.filter({ hasText: 'Page 2' }).waitFor()
    expect(await shown()).toEqual(await truth('ASC', 10))
    await nav.getByRole('button', { name: /Next/ }).click()
    await position.filter({ hasText: 'Page 3' }).waitFor()
    expect(await shown()).toEqual(await truth('ASC', 20))
    await nav.getByRole('button', { name: /Previous/ }).click()
    await c.page.waitForURL(/before=/)
    await position.filter({ hasText: 'Page 2' }).waitFor()
    expect(await shown()).toEqual(await truth('ASC', 10))
    await screenshot(c.page, 'karen-10-keyset-page-2')

    await nav.getByRole('button', { name: /Last/ }).click()
    await c.page.waitForURL(/page=last/)
    await c.page.waitForTimeout(300)
    expect(await shown()).toEqual((await truth('DESC', 0)).reverse())
    expect(await nav.getByRole('button', { name: /Next/ }).isDisabled()).toBe(true)
    await screenshot(c.page, 'karen-11-last-page')

    // A page typed in is read exactly, however deep.
    await c.page.getByLabel('Go to page').fill('2001')
    await nav.getByRole('button', { name: 'Go', exact: true }).click()
    await position.filter({ hasText: 'Page 2,001' }).waitFor()
    expect(await shown()).toEqual(await truth('ASC', 20_000))

    // A new sort starts again from the first page: the cursor belonged to the old one.
    await nav.getByRole('button', { name: /Next/ }).click()
    await c.page.waitForURL(/after=/)
    await c.page
      .locator('a', { hasText: /^Amount/ })
      .first()
      .click()
    await c.page.waitForURL((url) => !url.search.includes('after='))
    await position.filter({ hasText: /^Page 1\b/ }).waitFor()
  })
})

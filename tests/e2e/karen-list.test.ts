import { beforeAll, describe, expect, it } from 'vitest'
import { screenshot, signInPage } from '../harness/browser.js'
import { useBrowserConsole } from '../harness/browser-console.js'

const c = useBrowserConsole()

const LIST = () => `${c.running.url}/resources/app.invoice_v`

/** Karen's invoice ids in PostgreSQL's order, as the superuser reads her tenant's rows. */
const truth = async (where: string, values: unknown[], limit: number) =>
  (
    await c.admin.query(
      `SELECT id::text AS key FROM app.invoice_raw WHERE tenant_id = 1 AND ${where} ORDER BY id LIMIT ${limit}`,
      values,
    )
  ).rows.map((r: { key: string }) => r.key)

/** The ids the list shows (the id column, separators and all). */
const shownIds = async () => {
  await c.page.locator('table tbody tr').first().waitFor()
  return (await c.page.locator('table tbody tr td:nth-child(2)').allInnerTexts()).map((t) =>
    t.trim().replaceAll(',', ''),
  )
}

/** How many of Karen's rows PostgreSQL counts under a condition. */
const countOf = async (where: string) =>
  Number(
    (
      await c.admin.query(
        `SELECT count(*) AS n FROM app.invoice_raw WHERE tenant_id = 1 AND ${where}`,
      )
    ).rows[0].n,
  )

/** The count the heading shows beside the list's name, once read. */
const tagCount = async () => {
  const tag = c.page.locator('[data-css$="-action-header"] h2 span').last()
  await c.page.waitForFunction(() => !document.querySelector('h2')?.textContent?.includes('…'))
  return Number((await tag.innerText()).replaceAll(',', ''))
}

const heading = () => c.page.locator('[data-css$="-action-header"] h2').first()

beforeAll(async () => {
  // The first pages of a fresh console wait for AdminJS to bundle the components.
  c.page.setDefaultNavigationTimeout(90_000)
  c.page.setDefaultTimeout(45_000)
  await signInPage(c.page, c.running.url, 'karen', 'karen-planetary')
}, 180_000)

describe('Karen’s list pages in Chromium', () => {
  it('shows her dashboard: the views she may use with their counts and links, her claims', async () => {
    await c.page.goto(`${c.running.url}`)
    const mine = c.page.getByTestId('your-views')
    await mine.waitFor({ timeout: 90_000 })
    expect(await c.page.title()).toBe('Dashboard · Planetary')
    const invoices = c.page.getByTestId('view-app.invoice_v')
    expect(await invoices.getByTestId('view-count').innerText()).toBe(String(await countOf('true')))
    expect(await invoices.innerText()).toContain('Operations: status and amounts.')
    // She may not read the finance view: it is not on her dashboard.
    expect(await c.page.getByTestId('view-app.invoice_v_finance').count()).toBe(0)
    expect(await c.page.getByTestId('view-app.invoice_v_redacted').count()).toBe(1)
    expect(await c.page.getByTestId('your-claims').innerText()).toMatch(/tenant/i)
    expect(await c.page.getByTestId('your-changes').innerText()).toContain(
      'The console does not record row changes',
    )
    await screenshot(c.page, 'karen-list-00-dashboard')
    await invoices.getByRole('link', { name: 'Invoices' }).click()
    await c.page.waitForURL(/resources\/app\.invoice_v/)
    await c.page.locator('table tbody tr').first().waitFor()
  })

  it('names the view Django-style in the sidebar, headings and the browser tab', async () => {
    await c.page.goto(`${LIST()}?sortBy=id&direction=asc`)
    // The first page of a fresh console waits for AdminJS to bundle the components.
    await c.page.locator('table tbody tr').first().waitFor({ timeout: 90_000 })
    expect(await heading().innerText()).toMatch(/^Invoices/)
    expect(await c.page.title()).toBe('Invoices · Planetary')
    expect(
      await c.page.locator('[data-css="sidebar"]').getByRole('link', { name: 'Invoices' }).count(),
    ).toBeGreaterThan(0)
    await screenshot(c.page, 'karen-list-01-named')

    const [id] = await truth('true', [], 1)
    await c.page.goto(`${LIST()}/records/${id}/show`)
    await heading()
      .filter({ hasText: `Invoice ${id}` })
      .waitFor()
    expect(await c.page.title()).toBe(`Invoice ${id} · Planetary`)
    await c.page.goto(`${LIST()}/records/${id}/edit`)
    await heading()
      .filter({ hasText: `Change invoice ${id}` })
      .waitFor()
    expect(await c.page.title()).toBe(`Change invoice ${id} · Planetary`)
    await screenshot(c.page, 'karen-list-02-change-heading')
    await c.page.goto(`${LIST()}/actions/new`)
    await heading().filter({ hasText: 'Add invoice' }).waitFor()
    expect(await c.page.title()).toBe('Add invoice · Planetary')
  })

  it('shows values in one format per type: numbers right-aligned with separators, NULL muted, keys unwrapped', async () => {
    await c.page.goto(`${LIST()}?sortBy=amount&direction=desc&perPage=10`)
    await c.page.locator('table tbody tr').first().waitFor()
    const [top] = (
      await c.admin.query(
        `SELECT id::text AS key, to_char(amount, 'FM9,999,990.00') AS shown
         FROM app.invoice_raw WHERE tenant_id = 1 ORDER BY amount DESC, id DESC LIMIT 1`,
      )
    ).rows as { key: string; shown: string }[]
    const row = c.page.locator('table tbody tr').first()
    const amount = row.locator('td[data-property-name="amount"] [data-kind="number"]')
    expect(await amount.innerText()).toBe(top?.shown)
    expect(await amount.evaluate((e) => getComputedStyle(e).textAlign)).toBe('right')
    // The key never wraps; NULL notes are a muted mark read out as "null".
    const key = row.locator('td[data-property-name="id"] span').first()
    expect(await key.evaluate((e) => getComputedStyle(e).whiteSpace)).toBe('nowrap')
    await c.page.goto(`${LIST()}?sortBy=id&direction=asc&perPage=10`)
    await c.page.locator('table tbody tr').first().waitFor()
    const nulls = c.page.locator('td[data-property-name="notes"] [data-null="true"]')
    expect(await nulls.count()).toBeGreaterThan(0)
    expect(await nulls.first().getAttribute('aria-label')).toBe('null')
    // Every status its own badge colour: the tone each row shows follows its stored status.
    const statuses = (
      await c.admin.query(
        `SELECT status::text AS s FROM app.invoice_raw WHERE tenant_id = 1 ORDER BY id LIMIT 10`,
      )
    ).rows.map((r: { s: string }) => r.s)
    const tones = await c.page
      .locator('td[data-property-name="status"] [data-tone]')
      .evaluateAll((els) => els.map((e) => [e.textContent, e.getAttribute('data-tone')]))
    expect(tones.map(([text]) => text)).toEqual(statuses)
    const toneOf = new Map(tones.map(([text, tone]) => [text, tone]))
    expect(toneOf.get('paid')).toBe('ok')
    if (toneOf.has('void')) expect(toneOf.get('void')).toBe('error')
    expect(new Set(toneOf.values()).size).toBe(toneOf.size)
    const day = c.page.locator('td[data-property-name="issued_on"] time').first()
    expect(await day.getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(await day.innerText()).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}$/)
    await screenshot(c.page, 'karen-list-13-formats')

    // The show page uses the same formats.
    await c.page.goto(`${LIST()}/records/${top?.key}/show`)
    await c.page.getByText(top?.shown ?? '-', { exact: true }).waitFor()
  })

  it('clears a stale error toast once the list reads fine again', async () => {
    const [first] = await truth('true', [], 1)
    await c.page.goto(`${LIST()}/records/${first}/edit`)
    await c.page.locator('input[name="amount"]').fill('-5')
    await c.page.getByTestId('button-save').click()
    await c.page
      .getByTestId('property-edit-amount')
      .getByText('amount must be greater than zero')
      .waitFor()
    // AdminJS's error toast for the refused save, which would otherwise stay for half a minute.
    const toasts = c.page.getByTestId('notice-wrapper')
    await toasts.waitFor()
    expect(await toasts.innerText()).not.toBe('')
    await screenshot(c.page, 'karen-list-14-error-toast')
    await c.page
      .locator('[data-css="sidebar"]')
      .getByRole('link', { name: 'Invoices', exact: true })
      .click()
    await c.page.locator('table tbody tr').first().waitFor()
    await toasts.waitFor({ state: 'detached', timeout: 5_000 })
  })

  it('searches with the search box: the rows PostgreSQL matches', async () => {
    await c.page.goto(`${LIST()}?sortBy=id&direction=asc&perPage=10`)
    await c.page.getByLabel('Search invoices').fill('GRACE')
    await c.page.getByRole('button', { name: 'Search', exact: true }).click()
    await c.page.waitForURL(/filters\.email=GRACE/)
    await c.page.waitForTimeout(300)
    expect(await shownIds()).toEqual(await truth(`email ILIKE '%grace%'`, [], 10))
    expect(await tagCount()).toBe(await countOf(`email ILIKE '%grace%'`))
    await screenshot(c.page, 'karen-list-03-search')
  })

  it('filters a number by range in the drawer and a date by range in the URL', async () => {
    await c.page.goto(`${LIST()}?sortBy=id&direction=asc&perPage=10`)
    await c.page.locator('[data-css="app.invoice_v-filter-button"]').click()
    await c.page.locator('input[name="filter-amount~~from"]').fill('100')
    await c.page.locator('input[name="filter-amount~~to"]').fill('1000.50')
    await screenshot(c.page, 'karen-list-04-range-drawer')
    await c.page.getByRole('button', { name: 'Apply changes' }).click()
    // AdminJS writes the range keys escaped: filters.amount%7E%7Efrom=100.
    await c.page.waitForURL(/filters\.amount(~~|%7E%7E)from=100/)
    await c.page.waitForTimeout(300)
    const ids = await shownIds()
    expect(ids.length).toBeGreaterThan(0)
    expect(ids).toEqual(await truth('amount BETWEEN 100 AND 1000.50', [], ids.length))
    expect(await tagCount()).toBe(await countOf('amount BETWEEN 100 AND 1000.50'))
    await screenshot(c.page, 'karen-list-05-range-applied')

    await c.page.goto(
      `${LIST()}?sortBy=id&direction=asc&perPage=25&filters.issued_on~~from=2026-03-01&filters.issued_on~~to=2026-03-31`,
    )
    await c.page.waitForTimeout(300)
    const march = `issued_on BETWEEN '2026-03-01' AND '2026-03-31'`
    expect(await shownIds()).toEqual(await truth(march, [], 25))
    expect(await tagCount()).toBe(await countOf(march))
  })

  it('closes the filter drawer with Escape', async () => {
    await c.page.goto(`${LIST()}?sortBy=id`)
    await c.page.locator('table tbody tr').first().waitFor()
    await c.page.locator('[data-css="app.invoice_v-filter-button"]').click()
    const apply = c.page.getByRole('button', { name: 'Apply changes' })
    await apply.waitFor()
    await c.page.keyboard.press('Escape')
    await apply.waitFor({ state: 'hidden' })
  })

  it('changes the page size', async () => {
    await c.page.goto(`${LIST()}?sortBy=id&direction=asc`)
    await c.page.locator('table tbody tr').first().waitFor()
    // The design system's select: typed into and chosen by keyboard, as a person would.
    await c.page.getByLabel('Rows per page').fill('50')
    await c.page.keyboard.press('Enter')
    await c.page.waitForURL(/perPage=50/)
    await c.page.waitForTimeout(300)
    expect(await shownIds()).toEqual(await truth('true', [], 50))
    expect(await c.page.getByTestId('page-position').innerText()).toBe('Page 1 of 4')
    await screenshot(c.page, 'karen-list-06-page-size')
  })

  it('says when a page is past the end, and links to the last one', async () => {
    await c.page.goto(`${LIST()}?sortBy=id&direction=asc&perPage=50&page=9`)
    const past = c.page.getByTestId('list-past-end')
    await past.waitFor()
    expect(await past.innerText()).toContain('Page 9 is past the end of this list: it has 4 pages.')
    await screenshot(c.page, 'karen-list-07-past-end')
    await past.getByRole('button', { name: 'Go to the last page' }).click()
    await c.page.waitForURL(/page=last/)
    await c.page.waitForTimeout(300)
    const all = await truth('true', [], 1000)
    // The last page is the last 50 rows, read backwards from the end.
    expect(await shownIds()).toEqual(all.slice(-50))
  })

  it('names a bad sort or filter from the URL instead of offering to create a record', async () => {
    await c.page.goto(`${LIST()}?sortBy=nope`)
    const refused = c.page.getByTestId('list-refused')
    await refused.waitFor()
    expect(await refused.innerText()).toContain('sortBy: "nope" is not a column')
    expect(await c.page.getByText('Create first record').count()).toBe(0)
    expect(await heading().innerText()).not.toMatch(/\b0\b/)
    await screenshot(c.page, 'karen-list-08-bad-sort')
    await refused.getByRole('button', { name: 'Show the list without it' }).click()
    await c.page.waitForURL((url) => !url.search.includes('sortBy'))
    await c.page.locator('table tbody tr').first().waitFor()

    await c.page.goto(`${LIST()}?filters.amount~~from=lots`)
    await refused.waitFor()
    expect(await refused.innerText()).toContain('filters.amount: "lots" is not a number')
    await screenshot(c.page, 'karen-list-09-bad-filter')
  })

  it('saves and adds another, and saves and continues editing, as Django admin', async () => {
    const rowsOf = async (customer: string) =>
      (
        await c.admin.query(
          `SELECT id::text AS key, amount::text AS amount FROM app.invoice_raw WHERE customer = $1 ORDER BY id`,
          [customer],
        )
      ).rows as { key: string; amount: string }[]
    await c.page.goto(`${LIST()}/actions/new`)
    await c.page.locator('input[name="customer"]').fill('Mary Jackson')
    await c.page.locator('input[name="email"]').fill('mary@acme.test')
    await c.page.locator('input[name="amount"]').fill('12.50')
    await screenshot(c.page, 'karen-list-11-add-form')
    await c.page.getByTestId('button-save-add-another').click()
    // Saved, and an empty form for the next one, on the add page.
    await c.page.waitForFunction(
      () =>
        (document.querySelector('input[name="customer"]') as HTMLInputElement | null)?.value === '',
    )
    expect(c.page.url()).toMatch(/\/actions\/new/)
    expect(await rowsOf('Mary Jackson')).toEqual([expect.objectContaining({ amount: '12.50' })])
    await heading().filter({ hasText: 'Add invoice' }).waitFor()
    await screenshot(c.page, 'karen-list-12-add-another')

    await c.page.locator('input[name="customer"]').fill('Dorothy Vaughan')
    await c.page.locator('input[name="email"]').fill('dorothy@acme.test')
    await c.page.locator('input[name="amount"]').fill('7')
    await c.page.getByTestId('button-save-continue').click()
    await c.page.waitForURL(/\/records\/\d+\/edit/)
    const [dorothy] = await rowsOf('Dorothy Vaughan')
    expect(c.page.url()).toContain(`/records/${dorothy?.key}/edit`)
    await heading()
      .filter({ hasText: `Change invoice ${dorothy?.key}` })
      .waitFor()
    expect(await c.page.locator('input[name="customer"]').inputValue()).toBe('Dorothy Vaughan')

    // A refused save stays on the form with the field's error, whichever button was pressed.
    await c.page.locator('input[name="amount"]').fill('-1')
    await c.page.getByTestId('button-save-add-another').click()
    await c.page
      .getByTestId('property-edit-amount')
      .getByText('amount must be greater than zero')
      .waitFor()
    expect(c.page.url()).toContain(`/records/${dorothy?.key}/edit`)
    expect(await rowsOf('Dorothy Vaughan')).toEqual([expect.objectContaining({ amount: '7.00' })])
    await c.page.locator('input[name="amount"]').fill('8')
    await c.page.getByTestId('button-save').click()
    await c.page.waitForURL((url) => !url.pathname.endsWith('/edit'))
    expect(await rowsOf('Dorothy Vaughan')).toEqual([expect.objectContaining({ amount: '8.00' })])
  })

  it('stays usable 390 px wide: the title column, the search box and the pages', async () => {
    const narrow = await c.browser.newPage({ viewport: { width: 390, height: 844 } })
    try {
      await signInPage(narrow, c.running.url, 'karen', 'karen-planetary')
      await narrow.goto(`${LIST()}?sortBy=id&direction=asc&perPage=10`)
      await narrow.locator('table tbody tr').first().waitFor()
      // The key and the title (email) stay, header and cells alike; the other columns go.
      const headers = (await narrow.locator('table thead tr > :visible').allInnerTexts())
        .map((t) => t.trim())
        .filter(Boolean)
      expect(headers).toEqual(['Id', 'Email'])
      const firstRow = narrow.locator('table tbody tr').first()
      const cells = (await firstRow.locator('td:visible').allInnerTexts()).map((t) => t.trim())
      const [first] = await truth('true', [], 1)
      expect(cells).toContain(first)
      expect(cells.some((t) => t.endsWith('@acme.test'))).toBe(true)
      expect(cells.some((t) => t.includes('Hopper') || t.includes('Lovelace'))).toBe(false)
      // Nothing is squeezed into a letter per line: a row stays one or two lines high.
      expect((await firstRow.boundingBox())?.height ?? 999).toBeLessThan(90)
      expect(await narrow.getByLabel('Search invoices').isVisible()).toBe(true)
      const next = narrow.getByRole('navigation', { name: 'Pages' }).getByRole('button', {
        name: /Next/,
      })
      expect(await next.isVisible()).toBe(true)
      const overflow = await narrow.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      )
      expect(overflow).toBeLessThanOrEqual(0)
      await screenshot(narrow, 'karen-list-10-narrow')
    } finally {
      await narrow.close()
    }
  })
})

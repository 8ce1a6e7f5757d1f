import { describe, expect, it } from 'vitest'
import { screenshot, signInPage } from '../harness/browser.js'
import { useBrowserConsole, watchCsp } from '../harness/browser-console.js'

// A table with an index over two keys, 12345 analysed rows and no comment, and a PL/pgSQL
// function whose body carries markup that must stay text.
const FIXTURE = `
  CREATE SCHEMA fmt;
  CREATE TABLE fmt.ledger (id bigint PRIMARY KEY, amount numeric(12,2) NOT NULL, note text);
  INSERT INTO fmt.ledger SELECT g, g * 1.5, NULL FROM generate_series(1, 12345) g;
  CREATE INDEX ledger_amount_note_idx ON fmt.ledger (amount DESC, note NULLS FIRST);
  ANALYZE fmt.ledger;
  CREATE SEQUENCE fmt.voucher_seq START 1234567;
  CREATE FUNCTION fmt.check_ledger(p_amount numeric) RETURNS boolean
  LANGUAGE plpgsql AS $body$
  BEGIN
    IF p_amount < 0 THEN
      RAISE EXCEPTION '<img src=x onerror="window.__pwned = 1"> amount %', p_amount;
    END IF;
    RETURN true;
  END
  $body$;
`

const c = useBrowserConsole({
  signIn: ['senior', 'senior-planetary'],
  setupSql: FIXTURE,
})

const oid = async (expr: string) =>
  String(((await c.admin.query(`SELECT (${expr})::oid AS oid`)).rows[0] as { oid: number }).oid)

const show = (resource: string, id: string) =>
  `${c.running.url}/resources/schema-browser.${resource}/records/${encodeURIComponent(id)}/show`

describe('Formatting in the schema browser, in Chromium', () => {
  it('lists index keys as list items, never JSON, and no internal oid column', async () => {
    await c.page.goto(`${c.running.url}/resources/schema-browser.indexes?filters.schema=fmt`)
    const row = c.page.locator('table tbody tr', { hasText: 'ledger_amount_note_idx' })
    await row.waitFor()
    await screenshot(c.page, 'formatting-01-index-list')
    const keys = row.locator('ul[data-kind="list"] > li')
    expect(await keys.count()).toBe(2)
    expect(await keys.nth(0).innerText()).toMatch(/amount.*descending/)
    expect(await keys.nth(1).innerText()).toMatch(/note.*nulls first/)
    const body = await c.page.locator('table tbody').innerText()
    expect(body).not.toMatch(/[[\]{}]/)
    expect(body).not.toContain('"column"')
    const headers = await c.page.locator('table thead').innerText()
    expect(headers).not.toMatch(/oid/i)
    // Names stay on one line.
    const table = row.locator('span', { hasText: /^ledger$/ }).first()
    expect(await table.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('nowrap')
  })

  it('shows an index page with its keys as a list and no oid anywhere', async () => {
    await c.page.goto(show('indexes', await oid(`'fmt.ledger_amount_note_idx'::regclass`)))
    await c.page.locator('ul[data-kind="list"]').first().waitFor()
    await screenshot(c.page, 'formatting-02-index-show')
    expect(await c.page.locator('ul[data-kind="list"] > li').count()).toBeGreaterThanOrEqual(2)
    const text = await c.page.locator('section, main, body').first().innerText()
    expect(text).not.toMatch(/"column"|\{"|\["/)
    expect(text).not.toMatch(/\btable ?oid\b/i)
  })

  it('shows a PL/pgSQL body in the read-only Ace view, as text', async () => {
    await c.page.goto(show('functions', await oid(`'fmt.check_ledger(numeric)'::regprocedure`)))
    const view = c.page.locator('[data-testid="code-body"][data-ace="ready"]')
    await view.waitFor()
    await view.scrollIntoViewIfNeeded()
    await screenshot(c.page, 'formatting-03-function-body')
    const code = await view.locator('.ace_content').innerText()
    expect(code).toContain('RAISE EXCEPTION')
    expect(code).toContain('<img src=x onerror=')
    // Markup in the body stays text: no image made, no script run.
    expect(await c.page.locator('img[src="x"]').count()).toBe(0)
    expect(await c.page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined()
    // Read-only: typing into it changes nothing.
    await view.locator('.ace_content').click()
    await c.page.keyboard.type('DROP TABLE x;')
    expect(await view.locator('.ace_content').innerText()).not.toContain('DROP TABLE x;')
    // The body is no proportional paragraph: Ace draws it in a monospace font.
    const font = await view.locator('.ace_editor').evaluate((el) => getComputedStyle(el).fontFamily)
    expect(font).toMatch(/mono|courier|consol|menlo/i)
  })

  it('shows NULL as a muted mark and numbers with the locale separators', async () => {
    const tableId = await oid(`'fmt.ledger'::regclass`)
    await c.page.goto(show('tables', tableId))
    await c.page.getByText('12,345', { exact: true }).waitFor()
    await screenshot(c.page, 'formatting-04-table-en')
    const mark = c.page.locator('[data-null="true"]').first()
    expect(await mark.getAttribute('aria-label')).toBe('null')
    expect(await mark.innerText()).toBe('∅')
    const body = await c.page.locator('body').innerText()
    expect(body).not.toMatch(/\bnull\b/)
    expect(body).not.toContain('12345')

    // In a list, numbers line up right, in tabular figures, grouped.
    await c.page.goto(`${c.running.url}/resources/schema-browser.sequences?filters.schema=fmt`)
    const start = c.page.locator('table tbody [data-kind="number"]', { hasText: '1,234,567' })
    await start.waitFor()
    await screenshot(c.page, 'formatting-05-sequence-list')
    expect(await start.evaluate((el) => getComputedStyle(el).textAlign)).toBe('right')
    expect(await start.evaluate((el) => getComputedStyle(el).fontVariantNumeric)).toBe(
      'tabular-nums',
    )

    // Another locale, another separator: the format follows the browser's.
    const german = await c.browser.newPage({
      locale: 'de-DE',
      viewport: { width: 1400, height: 1000 },
    })
    watchCsp(german, c.cspViolations)
    await signInPage(german, c.running.url, 'senior', 'senior-planetary')
    await german.goto(show('tables', tableId))
    await german.getByText('12.345', { exact: true }).waitFor()
    await screenshot(german, 'formatting-06-table-de')
    await german.close()
  })
})

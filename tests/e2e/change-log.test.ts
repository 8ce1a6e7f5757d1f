import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Pool } from '../../core/db/pool.js'
import { screenshot } from '../harness/browser.js'
import { setCheck } from '../harness/pick.js'
import {
  closeBrowserConsole,
  openBrowserConsole,
  type BrowserConsole,
} from '../harness/browser-console.js'

let running: BrowserConsole['running']
let admin: Pool
let browser: Browser
let page: Page
const dialogs: string[] = []

const HOSTILE = `<img src=x onerror="window.__pwned=1">`

beforeAll(async () => {
  // Entries written outside the executor: a password in the clear (as an older console or a
  // hand-written row might have it), markup in the summary, a rolled-back plan, and enough
  // plans to need a second page.
  ;({ running, admin, browser, page } = await openBrowserConsole({
    signIn: ['bob', 'bob-planetary'],
    width: 1440,
    setupSql: `
    INSERT INTO planetary.change_log (actor, summary, statements, outcome, error)
    SELECT 'pager', 'Filler plan ' || n, '[]', 'committed', NULL FROM generate_series(1, 30) n;
    INSERT INTO planetary.change_log (actor, summary, statements, outcome, error)
    VALUES ('legacy', $$${HOSTILE}$$,
      '[{"kind": "alter_role", "summary": "Rotate the app password", "sql": "ALTER ROLE app_user PASSWORD ''legacy-pa55word''"}]',
      'rolled back', 'could not reach postgres://app_user:legacy-pa55word@db1/app');
  `,
  }))
  page.on('dialog', (d) => {
    dialogs.push(d.message())
    void d.dismiss()
  })
}, 180_000)

afterAll(() => closeBrowserConsole({ running, admin, browser }))

const bodyText = () => page.locator('body').innerText()

describe('The change log page, as bob', () => {
  let entry: string

  it('links an apply to its entry: who, when, plugin, the SQL masked, the result', async () => {
    await page.goto(`${running.url}/pages/roles-list`)
    await page.getByRole('button', { name: 'New role' }).click()
    await page.waitForURL(/\/pages\/roles-editor/)
    await page.locator('#role-name').fill('cl_ann')
    await setCheck(page.locator('input[name=login]'))
    await page.locator('#role-password').fill('cl-s3cret-pass')
    await page.getByTestId('sql-preview').getByText("PASSWORD '********'").waitFor()
    await page.getByRole('button', { name: 'Apply' }).click()
    const link = page.getByTestId('applied').getByTestId('change-log-link')
    await link.waitFor()
    entry = /#(\d+)/.exec(await link.innerText())?.[1] as string
    const stored = await admin.query(
      `SELECT actor, outcome FROM planetary.change_log WHERE id = $1`,
      [entry],
    )
    expect(stored.rows).toEqual([{ actor: 'bob', outcome: 'committed' }])

    await link.click()
    await page.waitForURL(new RegExp(`/pages/change-log\\?id=${entry}$`))
    const row = page.getByTestId(`change-${entry}`)
    await row.waitFor()
    expect(
      await page.getByTestId('change-log-table').locator('tbody tr[data-outcome]').count(),
    ).toBe(1)
    const cells = await row.locator('td').allInnerTexts()
    expect(cells[0]).toBe(`#${entry}`)
    expect(cells[2]).toBe('bob')
    expect(cells[3]).toBe('Roles')
    expect(cells[4]).toContain('cl_ann')
    expect(cells[5]).toBe('committed')
    // The entry a link names opens with its SQL shown, the password masked.
    const sqlText = await page
      .getByTestId(`change-${entry}-detail`)
      .getByTestId('change-sql')
      .allInnerTexts()
    expect(sqlText.join('\n')).toContain(`CREATE ROLE "cl_ann"`)
    expect(sqlText.join('\n')).toContain(`PASSWORD '********'`)
    const text = await bodyText()
    expect(text).not.toContain('cl-s3cret-pass')
    expect(text).not.toMatch(/SCRAM-SHA-256\$/)
    await screenshot(page, 'change-log-01-entry-from-apply')
  })

  it('lists every plan, newest first, hostile text as text and secrets masked', async () => {
    await page.getByRole('link', { name: 'Show the whole change log' }).click()
    await page.waitForURL(/\/pages\/change-log$/)
    const rows = page.getByTestId('change-log-table').locator('tbody tr[data-outcome]')
    await rows.first().waitFor()
    expect(await rows.count()).toBe(25)
    const ids = await rows.evaluateAll((trs) =>
      trs.map((tr) => Number(tr.getAttribute('data-testid')?.replace('change-', ''))),
    )
    expect(ids).toEqual([...ids].sort((a, b) => b - a))
    expect(ids[0]).toBe(Number(entry))

    const legacy = rows.filter({ hasText: 'legacy' })
    expect(await legacy.locator('td').nth(4).innerText()).toContain(HOSTILE)
    await legacy.getByRole('button', { name: /SQL/ }).click()
    const detail = page.locator('[data-testid$="-detail"]')
    await detail.getByTestId('change-sql').waitFor()
    expect(await detail.getByTestId('change-sql').innerText()).toBe(
      `ALTER ROLE app_user PASSWORD '********';`,
    )
    expect(await detail.getByTestId('change-error').innerText()).toContain(
      'postgres://app_user:********@db1/app',
    )
    expect(await bodyText()).not.toContain('legacy-pa55word')
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined()
    expect(await page.locator('img[src="x"]').count()).toBe(0)
    expect(dialogs).toEqual([])
  })

  it('filters by result, plugin and text, and the URL keeps the filter', async () => {
    await page.getByLabel('Result').click()
    await page.getByRole('option', { name: 'rolled back' }).click()
    await page.getByRole('button', { name: 'Filter' }).click()
    await page.waitForURL(/outcome=rolled\+back/)
    const rows = page.getByTestId('change-log-table').locator('tbody tr[data-outcome]')
    await expect.poll(() => rows.count()).toBe(1)
    expect(await rows.first().getAttribute('data-outcome')).toBe('rolled back')
    await screenshot(page, 'change-log-02-filtered-by-result')

    await page.getByRole('button', { name: 'Clear' }).click()
    await page.waitForURL(/\/pages\/change-log$/)
    await page.getByLabel('Plugin').click()
    await page.getByRole('option', { name: 'Roles' }).click()
    await page.getByLabel('Search (summary, SQL, error)').fill('cl_ann')
    await page.getByRole('button', { name: 'Filter' }).click()
    await page.waitForURL(/plugin=roles/)
    await expect.poll(() => rows.count()).toBe(1)
    await page.getByTestId(`change-${entry}`).waitFor()

    await page.reload()
    await page.getByTestId(`change-${entry}`).waitFor()
    expect(await page.getByLabel('Search (summary, SQL, error)').inputValue()).toBe('cl_ann')

    await page.getByLabel('Search (summary, SQL, error)').fill('no such plan anywhere')
    await page.getByRole('button', { name: 'Filter' }).click()
    await page.getByTestId('change-log-empty').waitFor()

    await page.goto(`${running.url}/pages/change-log?from=2026-02-31`)
    await page.getByTestId('change-log-failure').getByText('must be a real date').waitFor()
  })

  it('pages to older entries and back', async () => {
    await page.goto(`${running.url}/pages/change-log`)
    const rows = page.getByTestId('change-log-table').locator('tbody tr[data-outcome]')
    await rows.first().waitFor()
    const firstPage = await rows.first().getAttribute('data-testid')
    await page.getByTestId('change-log-paging').getByRole('button', { name: 'Older' }).click()
    await page.waitForURL(/before=\d+/)
    await expect.poll(() => rows.first().getAttribute('data-testid')).not.toBe(firstPage)
    const total = Number(
      (await admin.query(`SELECT count(*) AS n FROM planetary.change_log`)).rows[0].n,
    )
    expect(await rows.count()).toBe(Math.min(25, total - 25))
    await page.getByTestId('change-log-paging').getByRole('button', { name: 'Newer' }).click()
    await page.waitForURL(/after=\d+/)
    await expect.poll(() => rows.first().getAttribute('data-testid')).toBe(firstPage)
  })
})

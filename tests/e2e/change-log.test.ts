import { beforeAll, describe, expect, it } from 'vitest'
import { screenshot } from '../harness/browser.js'
import { setCheck } from '../harness/pick.js'
import { useBrowserConsole } from '../harness/browser-console.js'

const dialogs: string[] = []

const HOSTILE = `<img src=x onerror="window.__pwned=1">`

// Entries written outside the executor: a password in the clear (as an older console or a
// hand-written row might have it), markup in the summary, a rolled-back plan, and enough
// plans to need a second page.
const c = useBrowserConsole({
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
})

beforeAll(async () => {
  c.page.on('dialog', (d) => {
    dialogs.push(d.message())
    void d.dismiss()
  })
}, 180_000)

const bodyText = () => c.page.locator('body').innerText()

describe('The change log page, as bob', () => {
  let entry: string

  it('links an apply to its entry: who, when, plugin, the SQL masked, the result', async () => {
    await c.page.goto(`${c.running.url}/pages/roles-list`)
    await c.page.getByRole('button', { name: 'New role' }).click()
    await c.page.waitForURL(/\/pages\/roles-editor/)
    await c.page.locator('#role-name').fill('cl_ann')
    await setCheck(c.page.locator('input[name=login]'))
    await c.page.locator('#role-password').fill('cl-s3cret-pass')
    await c.page.getByTestId('sql-preview').getByText("PASSWORD '********'").waitFor()
    await c.page.getByRole('button', { name: 'Apply' }).click()
    const link = c.page.getByTestId('applied').getByTestId('change-log-link')
    await link.waitFor()
    entry = /#(\d+)/.exec(await link.innerText())?.[1] as string
    const stored = await c.admin.query(
      `SELECT actor, outcome FROM planetary.change_log WHERE id = $1`,
      [entry],
    )
    expect(stored.rows).toEqual([{ actor: 'bob', outcome: 'committed' }])

    await link.click()
    await c.page.waitForURL(new RegExp(`/pages/change-log\\?id=${entry}$`))
    const row = c.page.getByTestId(`change-${entry}`)
    await row.waitFor()
    expect(
      await c.page.getByTestId('change-log-table').locator('tbody tr[data-outcome]').count(),
    ).toBe(1)
    const cells = await row.locator('td').allInnerTexts()
    expect(cells[0]).toBe(`#${entry}`)
    expect(cells[2]).toBe('bob')
    expect(cells[3]).toBe('Roles')
    expect(cells[4]).toContain('cl_ann')
    expect(cells[5]).toBe('committed')
    // The entry a link names opens with its SQL shown, the password masked.
    const sqlText = await c.page
      .getByTestId(`change-${entry}-detail`)
      .getByTestId('change-sql')
      .allInnerTexts()
    expect(sqlText.join('\n')).toContain(`CREATE ROLE "cl_ann"`)
    expect(sqlText.join('\n')).toContain(`PASSWORD '********'`)
    const text = await bodyText()
    expect(text).not.toContain('cl-s3cret-pass')
    expect(text).not.toMatch(/SCRAM-SHA-256\$/)
    await screenshot(c.page, 'change-log-01-entry-from-apply')
  })

  it('lists every plan, newest first, hostile text as text and secrets masked', async () => {
    await c.page.getByRole('link', { name: 'Show the whole change log' }).click()
    await c.page.waitForURL(/\/pages\/change-log$/)
    const rows = c.page.getByTestId('change-log-table').locator('tbody tr[data-outcome]')
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
    const detail = c.page.locator('[data-testid$="-detail"]')
    await detail.getByTestId('change-sql').waitFor()
    expect(await detail.getByTestId('change-sql').innerText()).toBe(
      `ALTER ROLE app_user PASSWORD '********';`,
    )
    expect(await detail.getByTestId('change-error').innerText()).toContain(
      'postgres://app_user:********@db1/app',
    )
    expect(await bodyText()).not.toContain('legacy-pa55word')
    expect(await c.page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined()
    expect(await c.page.locator('img[src="x"]').count()).toBe(0)
    expect(dialogs).toEqual([])
  })

  it('filters by result, plugin and text, and the URL keeps the filter', async () => {
    await c.page.getByLabel('Result').click()
    await c.page.getByRole('option', { name: 'rolled back' }).click()
    await c.page.getByRole('button', { name: 'Filter' }).click()
    await c.page.waitForURL(/outcome=rolled\+back/)
    const rows = c.page.getByTestId('change-log-table').locator('tbody tr[data-outcome]')
    await expect.poll(() => rows.count()).toBe(1)
    expect(await rows.first().getAttribute('data-outcome')).toBe('rolled back')
    await screenshot(c.page, 'change-log-02-filtered-by-result')

    await c.page.getByRole('button', { name: 'Clear' }).click()
    await c.page.waitForURL(/\/pages\/change-log$/)
    await c.page.getByLabel('Plugin').click()
    await c.page.getByRole('option', { name: 'Roles' }).click()
    await c.page.getByLabel('Search (summary, SQL, error)').fill('cl_ann')
    await c.page.getByRole('button', { name: 'Filter' }).click()
    await c.page.waitForURL(/plugin=roles/)
    await expect.poll(() => rows.count()).toBe(1)
    await c.page.getByTestId(`change-${entry}`).waitFor()

    await c.page.reload()
    await c.page.getByTestId(`change-${entry}`).waitFor()
    expect(await c.page.getByLabel('Search (summary, SQL, error)').inputValue()).toBe('cl_ann')

    await c.page.getByLabel('Search (summary, SQL, error)').fill('no such plan anywhere')
    await c.page.getByRole('button', { name: 'Filter' }).click()
    await c.page.getByTestId('change-log-empty').waitFor()

    await c.page.goto(`${c.running.url}/pages/change-log?from=2026-02-31`)
    await c.page.getByTestId('change-log-failure').getByText('must be a real date').waitFor()
  })

  it('pages to older entries and back', async () => {
    await c.page.goto(`${c.running.url}/pages/change-log`)
    const rows = c.page.getByTestId('change-log-table').locator('tbody tr[data-outcome]')
    await rows.first().waitFor()
    const firstPage = await rows.first().getAttribute('data-testid')
    await c.page.getByTestId('change-log-paging').getByRole('button', { name: 'Older' }).click()
    await c.page.waitForURL(/before=\d+/)
    await expect.poll(() => rows.first().getAttribute('data-testid')).not.toBe(firstPage)
    const total = Number(
      (await c.admin.query(`SELECT count(*) AS n FROM planetary.change_log`)).rows[0].n,
    )
    expect(await rows.count()).toBe(Math.min(25, total - 25))
    await c.page.getByTestId('change-log-paging').getByRole('button', { name: 'Newer' }).click()
    await c.page.waitForURL(/after=\d+/)
    await expect.poll(() => rows.first().getAttribute('data-testid')).toBe(firstPage)
  })
})

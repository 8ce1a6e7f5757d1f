import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Pool } from '../../core/db/pool.js'
import { screenshot } from '../harness/browser.js'
import { pick } from '../harness/pick.js'
import {
  closeBrowserConsole,
  openBrowserConsole,
  type BrowserConsole,
} from '../harness/browser-console.js'
import { signIn } from '../harness/console.js'

let running: BrowserConsole['running']
let admin: Pool
let browser: Browser
let page: Page

beforeAll(async () => {
  // A fresh table in the demo, owned by the DDL role like the others, RLS off, rows of two tenants.
  ;({ running, admin, browser, page } = await openBrowserConsole({
    signIn: ['bob', 'bob-planetary'],
    setupSql: `
    SET ROLE platform_ddl;
    CREATE TABLE app.ledger (id int PRIMARY KEY, tenant_id int NOT NULL, memo text NOT NULL);
    INSERT INTO app.ledger SELECT g, 1 + g % 2, 'entry ' || g FROM generate_series(1, 12) g;
    GRANT SELECT ON app.ledger TO karen;
    RESET ROLE;
  `,
  }))
}, 180_000)

afterAll(() => closeBrowserConsole({ running, admin, browser }))

const rls = async () =>
  (
    await admin.query(
      `SELECT relrowsecurity AS on FROM pg_class WHERE oid = 'app.ledger'::regclass`,
    )
  ).rows[0].on as boolean

describe('Policies in Chromium, as bob', () => {
  it('enables row level security on the fresh table: preview, dry run, apply', async () => {
    await page.goto(`${running.url}/pages/policies-row-security`)
    const row = page.locator('tr[data-table="app.ledger"]')
    await row.waitFor()
    await row.getByRole('button', { name: 'Enable' }).click()
    await page.getByTestId('sql-preview').getByText('ENABLE ROW LEVEL SECURITY').waitFor()
    await page.getByRole('button', { name: 'Dry run' }).click()
    await page.getByText('Dry run succeeded').waitFor()
    expect(await rls()).toBe(false)
    await page.getByRole('button', { name: 'Apply' }).click()
    await page.getByTestId('applied').waitFor()
    await row.getByText('enabled', { exact: true }).waitFor()
    await screenshot(page, 'policies-01-rls-enabled')
    expect(await rls()).toBe(true)
  })

  it('builds a tenant-isolation policy from the template, previews and applies it', async () => {
    await page.goto(`${running.url}/pages/policies-editor`)
    await pick(page, 'table', 'app.ledger')
    await page.fill('input[name=name]', 'tenant_isolation')
    await pick(page, 'template', 'Tenant isolation')
    // The column list arrives with the table; the claim type follows the column (integer → int).
    await pick(page, 'param-column', 'tenant_id')
    await pick(page, 'param-type', 'int')
    await pick(page, 'param-source', 'app')
    await page.getByRole('button', { name: 'Use template' }).click()
    await expect
      .poll(() => page.locator('textarea[name=using-raw]').inputValue())
      .toContain(`current_setting('app.tenant_id', true)`)
    const preview = page.getByTestId('sql-preview')
    await preview.getByText('CREATE POLICY "tenant_isolation" ON "app"."ledger"').waitFor()
    expect(await preview.innerText()).toContain(
      `WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::int)`,
    )
    await screenshot(page, 'policies-02-editor-preview')
    await page.getByRole('button', { name: 'Dry run' }).click()
    await page.getByText('Dry run succeeded').waitFor()
    await screenshot(page, 'policies-03-editor-dry-run')
    await page.getByRole('button', { name: 'Apply' }).click()
    await page.getByTestId('applied').waitFor()
    await page.getByText('Edit policy tenant_isolation on app.ledger').waitFor()
    await screenshot(page, 'policies-04-editor-applied')
    const { rows } = await admin.query(
      `SELECT polname, pg_get_expr(polqual, polrelid) AS q FROM pg_policy WHERE polrelid = 'app.ledger'::regclass`,
    )
    expect(rows).toHaveLength(1)
    expect(rows[0].polname).toBe('tenant_isolation')
    expect(rows[0].q).toContain(`current_setting('app.tenant_id'`)
  })

  it('shows a refused expression under its field and keeps what was typed', async () => {
    await page.goto(`${running.url}/pages/policies-editor`)
    await pick(page, 'table', 'app.ledger')
    await page.fill('input[name=name]', 'broken')
    await page
      .getByRole('radiogroup', { name: 'USING expression from' })
      .getByRole('radio', { name: 'raw SQL expression' })
      .click()
    await page.fill('textarea[name=using-raw]', 'tenant_id = 1; drop table app.ledger')
    await page.getByTestId('error-using').waitFor()
    expect(await page.getByTestId('error-using').innerText()).toMatch(/syntax error at or near ";"/)
    // The parser's position, under the character it points at.
    expect(await page.getByTestId('caret').innerText()).toBe(
      'tenant_id = 1; drop table app.ledger\n             ^',
    )
    expect(await page.locator('textarea[name=using-raw]').inputValue()).toBe(
      'tenant_id = 1; drop table app.ledger',
    )
    await screenshot(page, 'policies-05-editor-refused')
  })

  it('lists the policy, filterable by table', async () => {
    await page.goto(`${running.url}/pages/policies-list`)
    await page.getByTestId('policy-list').getByText('tenant_isolation').first().waitFor()
    await pick(page, 'filter-table', 'app.ledger')
    const rows = page.getByTestId('policy-list').locator('tbody tr')
    await expect.poll(() => rows.count()).toBe(1)
    await screenshot(page, 'policies-06-list')
  })

  it('tests the policy as karen with tenant 1: only tenant 1’s rows, and the policy named', async () => {
    await page.goto(`${running.url}/pages/policies-tester`)
    await pick(page, 'role', 'karen')
    await page.fill('textarea[name=claims]', '{"tenant_id": 1}')
    await pick(page, 'relation', 'app.ledger')
    await page.getByRole('button', { name: 'Run as role' }).click()
    await page.getByTestId('tester-result').waitFor()
    await screenshot(page, 'policies-07-tester-karen')
    const table = page.getByTestId('tester-rows')
    const headers = await table.locator('thead th').allInnerTexts()
    const tenantColumn = headers.indexOf('tenant_id')
    expect(tenantColumn).toBeGreaterThanOrEqual(0)
    const tenants = await table
      .locator(`tbody tr td:nth-child(${tenantColumn + 1})`)
      .allInnerTexts()
    expect(tenants).toHaveLength(6)
    expect(new Set(tenants)).toEqual(new Set(['1']))
    expect(await page.getByTestId('applied-policy').first().innerText()).toContain(
      'tenant_isolation',
    )
    // The run is in the change log, and the page links to its entry.
    const link = page.getByTestId('tester-logged').getByTestId('change-log-link')
    expect(await page.getByTestId('tester-logged').innerText()).toMatch(
      /^Recorded as change log #\d+\.$/,
    )
    const entry = /#(\d+)/.exec(await link.innerText())?.[1] as string
    const stored = await admin.query(
      `SELECT actor, kind, outcome FROM planetary.change_log WHERE id = $1`,
      [entry],
    )
    expect(stored.rows).toEqual([{ actor: 'bob', kind: 'impersonation', outcome: 'rolled back' }])
    // Followed in a tab of its own, so the tester keeps its choices for the next run.
    const [opened] = await Promise.all([
      page.context().waitForEvent('page'),
      link.click({ modifiers: ['ControlOrMeta'] }),
    ])
    await opened.waitForURL(new RegExp(`/pages/change-log\\?id=${entry}$`))
    const row = opened.getByTestId(`change-${entry}`)
    await row.waitFor()
    const cells = await row.locator('td').allInnerTexts()
    expect(cells[0]).toBe(`#${entry}`)
    expect(cells[2]).toBe('bob')
    expect(cells[4]).toContain('Policy tester: bob read app.ledger as karen')
    await screenshot(opened, 'policies-08-tester-change-log-entry')
    await opened.close()
  })

  it('narrows the tester with a filter and orders by a clicked column', async () => {
    await page.fill('input[name=where]', 'id > 6 OR tenant_id = 2')
    await page.getByRole('button', { name: 'Run as role' }).click()
    const table = page.getByTestId('tester-rows')
    const column = (n: number) => table.locator(`tbody tr td:nth-child(${n})`).allInnerTexts()
    await expect.poll(async () => (await column(1)).join()).toBe('8,10,12')
    expect(new Set(await column(2))).toEqual(new Set(['1']))
    await table.locator('th[data-column=id]').click()
    await table.locator('th[data-column=id]', { hasText: '▲' }).waitFor()
    await table.locator('th[data-column=id]').click()
    await table.locator('th[data-column=id]', { hasText: '▼' }).waitFor()
    expect((await column(1)).join()).toBe('12,10,8')
    await screenshot(page, 'policies-08-tester-filtered')
    await page.fill('input[name=where]', 'secret = 1')
    await page.getByRole('button', { name: 'Run as role' }).click()
    await page.getByTestId('error-where').waitFor()
    expect(await page.getByTestId('error-where').innerText()).toMatch(/no column "secret"/)
    expect(await page.locator('input[name=where]').inputValue()).toBe('secret = 1')
  })

  it('draws the coverage map with the new policy filtering karen', async () => {
    await page.goto(`${running.url}/pages/policies-coverage`)
    const cell = page.locator(
      'tr[data-table="app.ledger"] td[data-role="karen"][data-command="SELECT"]',
    )
    await cell.waitFor()
    expect(await cell.getAttribute('data-state')).toBe('filtered')
    await cell.click()
    await page.getByTestId('cell-detail').getByText('tenant_isolation').first().waitFor()
    await screenshot(page, 'policies-09-coverage')
  })

  it('disables the policy from the list, keeping it to enable again', async () => {
    const count = async () =>
      Number(
        (
          await admin.query(
            `SELECT count(*) AS n FROM pg_policies WHERE schemaname = 'app' AND tablename = 'ledger'`,
          )
        ).rows[0].n,
      )
    await page.goto(`${running.url}/pages/policies-list`)
    const row = page.getByTestId('policy-list').locator('tbody tr', { hasText: 'app.ledger' })
    await row.getByRole('button', { name: 'Disable' }).click()
    const panel = page.getByTestId('policy-plan')
    await panel.getByText('INSERT INTO "planetary"."disabled_policies"').waitFor()
    await panel.getByText('DROP POLICY "tenant_isolation" ON "app"."ledger";').waitFor()
    await panel.getByRole('button', { name: 'Disable it' }).click()
    await panel.getByTestId('applied').waitFor()
    const kept = page.locator('tr[data-disabled="app.ledger.tenant_isolation"]')
    await kept.waitFor()
    expect(await kept.innerText()).toMatch(/by bob/)
    expect(await count()).toBe(0)
    await screenshot(page, 'policies-10-disabled')
    await page.goto(`${running.url}/pages/policies-coverage`)
    const finding = page.getByTestId('disabled-finding')
    await finding.waitFor()
    expect(await finding.innerText()).toMatch(
      /app\.ledger: tenant_isolation \(ALL\), disabled by bob/,
    )
    await finding.getByRole('link', { name: 'policies list' }).click()

    await kept.getByRole('button', { name: 'Enable' }).click()
    await panel.getByText('CREATE POLICY "tenant_isolation" ON "app"."ledger"').waitFor()
    await panel.getByRole('button', { name: 'Enable it' }).click()
    await panel.getByTestId('applied').waitFor()
    await page.getByTestId('disabled-policies').waitFor({ state: 'detached' })
    expect(await count()).toBe(1)
    await screenshot(page, 'policies-11-enabled')
  })
})

describe('Policies over HTTP', () => {
  it('changes nothing on GET, and is not for karen', async () => {
    const bob = await signIn(running.url, 'bob', 'bob-planetary')
    const res = await bob.get(
      '/admin/api/pages/policies-row-security?action=change&mode=apply&change=disable&table[schema]=app&table[name]=ledger',
    )
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ ok: false, fields: { action: expect.any(String) } })
    const noToken = await bob.post(
      '/admin/api/pages/policies-row-security',
      {
        action: 'change',
        mode: 'apply',
        change: 'disable',
        table: { schema: 'app', name: 'ledger' },
      },
      { csrf: false },
    )
    expect(noToken.status).toBe(403)
    expect(await rls()).toBe(true)
    const karen = await signIn(running.url, 'karen', 'karen-planetary')
    const refused = await karen.post('/admin/api/pages/policies-tester', {
      action: 'run',
      role: 'karen',
      claims: {},
      relation: { schema: 'app', name: 'ledger' },
    })
    expect(refused.status).toBeGreaterThanOrEqual(400)
  })
})

import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Pool } from '../../core/db/pool.js'
import { screenshot } from '../harness/browser.js'
import {
  closeBrowserConsole,
  openBrowserConsole,
  type BrowserConsole,
} from '../harness/browser-console.js'
import { signIn } from '../harness/console.js'
import { pick, setCheck } from '../harness/pick.js'

let running: BrowserConsole['running']
let admin: Pool
let browser: Browser
let page: Page

beforeAll(async () => {
  // A retired application role that owns a table and holds a privilege: its drop is blocked.
  ;({ running, admin, browser, page } = await openBrowserConsole({
    signIn: ['bob', 'bob-planetary'],
    setupSql: `
    CREATE ROLE legacy_app NOLOGIN;
    GRANT legacy_app TO platform_ddl WITH ADMIN OPTION;
    CREATE TABLE app.legacy_export (id int);
    ALTER TABLE app.legacy_export OWNER TO legacy_app;
    GRANT SELECT ON app.invoice_v TO legacy_app;
  `,
  }))
}, 180_000)

afterAll(() => closeBrowserConsole({ running, admin, browser }))

const role = async (name: string) =>
  (
    await admin.query(
      `SELECT rolcanlogin, rolconnlimit, rolpassword FROM pg_authid WHERE rolname = $1`,
      [name],
    )
  ).rows[0] as
    { rolcanlogin: boolean; rolconnlimit: number; rolpassword: string | null } | undefined

describe('Roles in Chromium, as bob', () => {
  it('lists the roles and draws the hierarchy', async () => {
    await page.goto(`${running.url}/pages/roles-list`)
    await page.locator('tr[data-role="karen"]').waitFor()
    await page.getByTestId('role-graph').waitFor()
    expect(await page.locator('[data-node]').count()).toBeGreaterThan(3)
    expect(await page.locator('tr[data-role^="pg_"]').count()).toBe(0)
    // Plugin pages carry their titles into the sidebar; the role editor is reached from the list.
    for (const title of ['Roles', 'Privilege matrix', 'Session claims']) {
      await page.getByRole('link', { name: title, exact: true }).waitFor()
    }
    await screenshot(page, 'roles-01-list-and-hierarchy')
  })

  it('creates a group and a login with a password: live SQL masks it, dry run, apply', async () => {
    await page.goto(`${running.url}/pages/roles-editor`)
    await page.locator('#role-name').fill('auditors')
    await page.locator('#role-comment').fill('Read the ledgers, change nothing')
    await page.getByTestId('sql-preview').getByText('CREATE ROLE "auditors" NOLOGIN').waitFor()
    await page.getByRole('button', { name: 'Apply' }).click()
    await page.getByTestId('applied').waitFor()
    expect(await role('auditors')).toMatchObject({ rolcanlogin: false })

    await page.goto(`${running.url}/pages/roles-editor`)
    await page.locator('#role-name').fill('ann')
    await setCheck(page.locator('input[name=login]'))
    await page.locator('#role-password').fill('ann-s3cret-pass')
    await page.locator('#role-connlimit').fill('4')
    const preview = page.getByTestId('sql-preview')
    await preview.getByText("PASSWORD '********'").waitFor()
    expect(await preview.innerText()).not.toContain('ann-s3cret-pass')
    await page.getByRole('button', { name: 'Dry run' }).click()
    await page.getByText('Dry run succeeded').waitFor()
    expect(await role('ann')).toBeUndefined()
    await screenshot(page, 'roles-02-new-login-dry-run')
    await page.getByRole('button', { name: 'Apply' }).click()
    await page.getByTestId('applied').waitFor()
    await page.waitForURL(/role=ann/)
    const ann = await role('ann')
    expect(ann).toMatchObject({ rolcanlogin: true, rolconnlimit: 4 })
    expect(ann?.rolpassword).toMatch(/^SCRAM-SHA-256\$/)
  })

  it('names a refused field and keeps what was typed', async () => {
    await page.goto(`${running.url}/pages/roles-editor`)
    await page.locator('#role-name').fill('karen')
    await page.getByTestId('error-name').getByText('a role named "karen" exists').waitFor()
    expect(await page.locator('#role-name').inputValue()).toBe('karen')
    await screenshot(page, 'roles-03-refused-name')
  })

  it('adds ann to auditors with ADMIN OPTION, and the graph draws the edge', async () => {
    await page.goto(`${running.url}/pages/roles-editor?role=ann`)
    await page.getByTestId('member-of').waitFor()
    await pick(page, 'add-group', 'auditors')
    await setCheck(page.getByTestId('member-of').getByLabel('with ADMIN OPTION'))
    await page.getByTestId('member-of').getByRole('button', { name: 'Add' }).click()
    const plan = page.getByTestId('pending-plan')
    await plan
      .getByText('GRANT "auditors" TO "ann" WITH ADMIN TRUE, INHERIT TRUE, SET TRUE')
      .waitFor()
    await plan.getByRole('button', { name: 'Apply' }).click()
    await plan.getByTestId('applied').waitFor()
    await page.locator('tr[data-membership="auditors>ann"]').waitFor()
    const edge = await admin.query(
      `SELECT admin_option FROM pg_auth_members WHERE roleid = 'auditors'::regrole AND member = 'ann'::regrole`,
    )
    expect(edge.rows).toEqual([{ admin_option: true }])

    await page.goto(`${running.url}/pages/roles-list`)
    await page.locator('[data-edge="auditors->ann"]').waitFor()
    await page.locator('[data-node="ann"]').click()
    await screenshot(page, 'roles-04-hierarchy-selected')
  })

  it('gives ann a session setting and shows what she can do through auditors', async () => {
    await admin.query(`GRANT SELECT ON app.invoice_v TO auditors`)
    await page.goto(`${running.url}/pages/roles-editor?role=ann`)
    const settings = page.getByTestId('role-settings')
    await settings.getByLabel('Setting').fill('statement_timeout')
    await settings.getByLabel('Value').fill('15s')
    await settings.getByRole('button', { name: 'Set' }).click()
    const plan = page.getByTestId('pending-plan')
    await plan.getByText(`ALTER ROLE "ann" SET "statement_timeout" TO '15s'`).waitFor()
    await plan.getByRole('button', { name: 'Apply' }).click()
    await plan.getByTestId('applied').waitFor()
    await settings.locator('tr[data-setting="statement_timeout"]').getByText('15s').waitFor()
    const rights = page.getByTestId('role-rights')
    await rights.locator('tr[data-object="app.invoice_v"]').getByText('SELECT ← auditors').waitFor()
    await rights.scrollIntoViewIfNeeded()
    await screenshot(page, 'roles-05-settings-and-rights')
    const stored = await admin.query(
      `SELECT setconfig FROM pg_db_role_setting WHERE setrole = 'ann'::regrole AND setdatabase = 0`,
    )
    expect(stored.rows).toEqual([{ setconfig: ['statement_timeout=15s'] }])
  })

  it('reports what blocks a drop; the dry run fails, REASSIGN + DROP OWNED then drops it', async () => {
    await page.goto(`${running.url}/pages/roles-editor?role=legacy_app`)
    const dependents = page.getByTestId('dependents')
    await dependents.getByText('table app.legacy_export').waitFor()
    await dependents.getByText('view app.invoice_v').waitFor()
    await page.getByRole('button', { name: 'Drop…' }).click()
    const plan = page.getByTestId('pending-plan')
    await plan.getByRole('button', { name: 'Dry run' }).click()
    await plan.getByText('Dry run failed').waitFor()
    await plan
      .getByText(/cannot be dropped because some objects depend on it/)
      .first()
      .waitFor()
    await screenshot(page, 'roles-06-drop-blocked')
    expect(await role('legacy_app')).toBeDefined()

    await plan.getByRole('button', { name: 'Cancel' }).click()
    await pick(page, 'reassignTo', 'platform_ddl')
    await setCheck(page.locator('input[name=dropOwned]'))
    await page.getByRole('button', { name: 'Drop…' }).click()
    await plan.getByText('REASSIGN OWNED BY "legacy_app" TO "platform_ddl"').waitFor()
    await plan.getByRole('button', { name: 'Apply' }).click()
    await page.getByTestId('role-dropped').waitFor()
    await screenshot(page, 'roles-07-dropped')
    expect(await role('legacy_app')).toBeUndefined()
    const owner = await admin.query(
      `SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE oid = 'app.legacy_export'::regclass`,
    )
    expect(owner.rows).toEqual([{ owner: 'platform_ddl' }])
  })
})

describe('Roles over HTTP', () => {
  it('changes nothing on GET or without the CSRF token, and is not for karen', async () => {
    const bob = await signIn(running.url, 'bob', 'bob-planetary')
    const get = await bob.get(
      '/admin/api/pages/roles-editor?action=drop&mode=apply&role=auditors&dropOwned=true',
    )
    expect(get.status).toBe(200)
    expect(await get.json()).toMatchObject({ ok: false, fields: { action: expect.any(String) } })
    const noToken = await bob.post(
      '/admin/api/pages/roles-editor',
      { action: 'drop', mode: 'apply', role: 'auditors' },
      { csrf: false },
    )
    expect(noToken.status).toBe(403)
    expect(await role('auditors')).toBeDefined()

    const karen = await signIn(running.url, 'karen', 'karen-planetary')
    const refused = await karen.post('/admin/api/pages/roles-editor', {
      action: 'drop',
      mode: 'apply',
      role: 'auditors',
    })
    expect(refused.status).toBeGreaterThanOrEqual(400)
    const list = await karen.get('/admin/api/pages/roles-list')
    expect(list.status).toBeGreaterThanOrEqual(400)
    expect(await role('auditors')).toBeDefined()
  })
})

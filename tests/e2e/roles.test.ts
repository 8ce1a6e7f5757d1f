import { describe, expect, it } from 'vitest'
import { screenshot } from '../harness/browser.js'
import { useBrowserConsole } from '../harness/browser-console.js'
import { signIn } from '../harness/console.js'
import { pick, setCheck } from '../harness/pick.js'

// A retired application role that owns a table and holds a privilege: its drop is blocked.
const c = useBrowserConsole({
  signIn: ['bob', 'bob-planetary'],
  setupSql: `
    CREATE ROLE legacy_app NOLOGIN;
    GRANT legacy_app TO platform_ddl WITH ADMIN OPTION;
    CREATE TABLE app.legacy_export (id int);
    ALTER TABLE app.legacy_export OWNER TO legacy_app;
    GRANT SELECT ON app.invoice_v TO legacy_app;
  `,
})

const role = async (name: string) =>
  (
    await c.admin.query(
      `SELECT rolcanlogin, rolconnlimit, rolpassword FROM pg_authid WHERE rolname = $1`,
      [name],
    )
  ).rows[0] as
    { rolcanlogin: boolean; rolconnlimit: number; rolpassword: string | null } | undefined

describe('Roles in Chromium, as bob', () => {
  it('lists the roles and draws the hierarchy', async () => {
    await c.page.goto(`${c.running.url}/pages/roles-list`)
    await c.page.locator('tr[data-role="karen"]').waitFor()
    await c.page.getByTestId('role-graph').waitFor()
    expect(await c.page.locator('[data-node]').count()).toBeGreaterThan(3)
    expect(await c.page.locator('tr[data-role^="pg_"]').count()).toBe(0)
    // Plugin pages carry their titles into the sidebar; the role editor is reached from the list.
    for (const title of ['Roles', 'Privilege matrix', 'Session claims']) {
      await c.page.getByRole('link', { name: title, exact: true }).waitFor()
    }
    await screenshot(c.page, 'roles-01-list-and-hierarchy')
  })

  it('creates a group and a login with a password: live SQL masks it, dry run, apply', async () => {
    await c.page.goto(`${c.running.url}/pages/roles-editor`)
    await c.page.locator('#role-name').fill('auditors')
    await c.page.locator('#role-comment').fill('Read the ledgers, change nothing')
    await c.page.getByTestId('sql-preview').getByText('CREATE ROLE "auditors" NOLOGIN').waitFor()
    await c.page.getByRole('button', { name: 'Apply' }).click()
    await c.page.getByTestId('applied').waitFor()
    expect(await role('auditors')).toMatchObject({ rolcanlogin: false })

    await c.page.goto(`${c.running.url}/pages/roles-editor`)
    await c.page.locator('#role-name').fill('ann')
    await setCheck(c.page.locator('input[name=login]'))
    await c.page.locator('#role-password').fill('ann-s3cret-pass')
    await c.page.locator('#role-connlimit').fill('4')
    const preview = c.page.getByTestId('sql-preview')
    await preview.getByText("PASSWORD '********'").waitFor()
    expect(await preview.innerText()).not.toContain('ann-s3cret-pass')
    await c.page.getByRole('button', { name: 'Dry run' }).click()
    await c.page.getByText('Dry run succeeded').waitFor()
    expect(await role('ann')).toBeUndefined()
    await screenshot(c.page, 'roles-02-new-login-dry-run')
    await c.page.getByRole('button', { name: 'Apply' }).click()
    await c.page.getByTestId('applied').waitFor()
    await c.page.waitForURL(/role=ann/)
    const ann = await role('ann')
    expect(ann).toMatchObject({ rolcanlogin: true, rolconnlimit: 4 })
    expect(ann?.rolpassword).toMatch(/^SCRAM-SHA-256\$/)
  })

  it('names a refused field and keeps what was typed', async () => {
    await c.page.goto(`${c.running.url}/pages/roles-editor`)
    await c.page.locator('#role-name').fill('karen')
    await c.page.getByTestId('error-name').getByText('a role named "karen" exists').waitFor()
    expect(await c.page.locator('#role-name').inputValue()).toBe('karen')
    await screenshot(c.page, 'roles-03-refused-name')
  })

  it('adds ann to auditors with ADMIN OPTION, and the graph draws the edge', async () => {
    await c.page.goto(`${c.running.url}/pages/roles-editor?role=ann`)
    await c.page.getByTestId('member-of').waitFor()
    await pick(c.page, 'add-group', 'auditors')
    await setCheck(c.page.getByTestId('member-of').getByLabel('with ADMIN OPTION'))
    await c.page.getByTestId('member-of').getByRole('button', { name: 'Add' }).click()
    const plan = c.page.getByTestId('pending-plan')
    await plan
      .getByText('GRANT "auditors" TO "ann" WITH ADMIN TRUE, INHERIT TRUE, SET TRUE')
      .waitFor()
    await plan.getByRole('button', { name: 'Apply' }).click()
    await plan.getByTestId('applied').waitFor()
    await c.page.locator('tr[data-membership="auditors>ann"]').waitFor()
    const edge = await c.admin.query(
      `SELECT admin_option FROM pg_auth_members WHERE roleid = 'auditors'::regrole AND member = 'ann'::regrole`,
    )
    expect(edge.rows).toEqual([{ admin_option: true }])

    await c.page.goto(`${c.running.url}/pages/roles-list`)
    await c.page.locator('[data-edge="auditors->ann"]').waitFor()
    await c.page.locator('[data-node="ann"]').click()
    await screenshot(c.page, 'roles-04-hierarchy-selected')
  })

  it('gives ann a session setting and shows what she can do through auditors', async () => {
    await c.admin.query(`GRANT SELECT ON app.invoice_v TO auditors`)
    await c.page.goto(`${c.running.url}/pages/roles-editor?role=ann`)
    const settings = c.page.getByTestId('role-settings')
    await settings.getByLabel('Setting').fill('statement_timeout')
    await settings.getByLabel('Value').fill('15s')
    await settings.getByRole('button', { name: 'Set' }).click()
    const plan = c.page.getByTestId('pending-plan')
    await plan.getByText(`ALTER ROLE "ann" SET "statement_timeout" TO '15s'`).waitFor()
    await plan.getByRole('button', { name: 'Apply' }).click()
    await plan.getByTestId('applied').waitFor()
    await settings.locator('tr[data-setting="statement_timeout"]').getByText('15s').waitFor()
    const rights = c.page.getByTestId('role-rights')
    await rights.locator('tr[data-object="app.invoice_v"]').getByText('SELECT ← auditors').waitFor()
    await rights.scrollIntoViewIfNeeded()
    await screenshot(c.page, 'roles-05-settings-and-rights')
    const stored = await c.admin.query(
      `SELECT setconfig FROM pg_db_role_setting WHERE setrole = 'ann'::regrole AND setdatabase = 0`,
    )
    expect(stored.rows).toEqual([{ setconfig: ['statement_timeout=15s'] }])
  })

  it('reports what blocks a drop; the dry run fails, REASSIGN + DROP OWNED then drops it', async () => {
    await c.page.goto(`${c.running.url}/pages/roles-editor?role=legacy_app`)
    const dependents = c.page.getByTestId('dependents')
    await dependents.getByText('table app.legacy_export').waitFor()
    await dependents.getByText('view app.invoice_v').waitFor()
    await c.page.getByRole('button', { name: 'Drop…' }).click()
    const plan = c.page.getByTestId('pending-plan')
    await plan.getByRole('button', { name: 'Dry run' }).click()
    await plan.getByText('Dry run failed').waitFor()
    await plan
      .getByText(/cannot be dropped because some objects depend on it/)
      .first()
      .waitFor()
    await screenshot(c.page, 'roles-06-drop-blocked')
    expect(await role('legacy_app')).toBeDefined()

    await plan.getByRole('button', { name: 'Cancel' }).click()
    await pick(c.page, 'reassignTo', 'platform_ddl')
    await setCheck(c.page.locator('input[name=dropOwned]'))
    await c.page.getByRole('button', { name: 'Drop…' }).click()
    await plan.getByText('REASSIGN OWNED BY "legacy_app" TO "platform_ddl"').waitFor()
    await plan.getByRole('button', { name: 'Apply' }).click()
    await c.page.getByTestId('role-dropped').waitFor()
    await screenshot(c.page, 'roles-07-dropped')
    expect(await role('legacy_app')).toBeUndefined()
    const owner = await c.admin.query(
      `SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE oid = 'app.legacy_export'::regclass`,
    )
    expect(owner.rows).toEqual([{ owner: 'platform_ddl' }])
  })
})

describe('Roles over HTTP', () => {
  it('changes nothing on GET or without the CSRF token, and is not for karen', async () => {
    const bob = await signIn(c.running.url, 'bob', 'bob-planetary')
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

    const karen = await signIn(c.running.url, 'karen', 'karen-planetary')
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

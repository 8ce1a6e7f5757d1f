import { describe, expect, it } from 'vitest'
import { screenshot } from '../harness/browser.js'
import { pick, setCheck } from '../harness/pick.js'
import { useBrowserConsole } from '../harness/browser-console.js'

// A fresh table owned by the DDL role; karen reads it directly, senior_dev through a group.
const c = useBrowserConsole({
  signIn: ['bob', 'bob-planetary'],
  setupSql: `
    CREATE ROLE app_readers NOLOGIN;
    GRANT app_readers TO senior_dev;
    SET ROLE platform_ddl;
    CREATE TABLE app.ledger (id int PRIMARY KEY, memo text NOT NULL, amount numeric);
    GRANT SELECT ON app.ledger TO karen, app_readers;
    RESET ROLE;
  `,
  width: 1600,
})

const can = async (role: string, privilege: string) =>
  (await c.admin.query(`SELECT has_table_privilege($1, 'app.ledger', $2) AS ok`, [role, privilege]))
    .rows[0].ok as boolean

const cell = (role: string, privilege: string) =>
  c.page.locator(
    `[data-testid=matrix-grid] td[data-role="${role}"][data-relation="ledger"][data-privilege="${privilege}"]`,
  )

describe('Grants matrix in Chromium, as bob', () => {
  it('shows effective rights of schema app, and why', async () => {
    await c.page.goto(`${c.running.url}/pages/grants-matrix`)
    await pick(c.page, 'schema', 'app')
    await cell('karen', 'SELECT').waitFor()
    expect(await cell('karen', 'SELECT').getAttribute('data-state')).toBe('direct')
    expect(await cell('senior_dev', 'SELECT').getAttribute('data-state')).toBe('member')
    expect(await cell('senior_dev', 'SELECT').getAttribute('title')).toContain(
      'via senior_dev → app_readers',
    )
    expect(await cell('bob_devops', 'INSERT').getAttribute('data-state')).toBe('none')
    expect(await cell('platform_ddl', 'DELETE').getAttribute('data-state')).toBe('owner')
    await cell('senior_dev', 'SELECT').hover()
    await c.page.getByTestId('why').getByText('via senior_dev → app_readers').waitFor()
    await screenshot(c.page, 'grants-01-matrix')
  })

  it('queues a few toggles into one SQL preview, dry-runs and applies them', async () => {
    await cell('bob_devops', 'SELECT').click()
    await cell('bob_devops', 'INSERT').click()
    await cell('karen', 'SELECT').click()
    expect(await cell('karen', 'SELECT').getAttribute('data-pending')).toBe('revoke')
    // The preview follows every toggle: one combined script, one statement per role × table.
    await expect
      .poll(() => c.page.getByTestId('sql-preview').innerText())
      .toBe(
        'GRANT SELECT, INSERT ON TABLE "app"."ledger" TO "bob_devops";\n\nREVOKE SELECT ON TABLE "app"."ledger" FROM "karen";',
      )
    await screenshot(c.page, 'grants-02-pending')
    await c.page.getByRole('button', { name: 'Dry run' }).click()
    await c.page.getByText('Dry run succeeded').waitFor()
    expect(await can('bob_devops', 'INSERT')).toBe(false)
    await screenshot(c.page, 'grants-03-dry-run')
    await c.page.getByRole('button', { name: 'Apply' }).click()
    await c.page.getByTestId('applied').waitFor()
    await expect.poll(() => cell('bob_devops', 'INSERT').getAttribute('data-state')).toBe('direct')
    expect(await cell('bob_devops', 'SELECT').getAttribute('data-state')).toBe('direct')
    expect(await cell('karen', 'SELECT').getAttribute('data-state')).toBe('none')
    expect(await cell('karen', 'SELECT').getAttribute('data-pending')).toBe('')
    expect(await can('bob_devops', 'INSERT')).toBe(true)
    expect(await can('karen', 'SELECT')).toBe(false)
    await screenshot(c.page, 'grants-04-applied')
  })

  it('opens the column grid of a relation', async () => {
    await c.page.locator('[data-testid=matrix-grid] th', { hasText: 'ledger' }).click()
    const memo = c.page.locator(
      '[data-testid=column-grid] td[data-role="bob_devops"][data-column="memo"][data-privilege="INSERT"]',
    )
    // The column cells arrive with the page's next load: INSERT on the table covers memo.
    await expect.poll(() => memo.getAttribute('data-state')).toBe('table')
    await screenshot(c.page, 'grants-05-columns')
  })

  it('shows the ACL on the privileges page and revokes one privilege from it', async () => {
    await c.page.goto(`${c.running.url}/pages/grants-privileges`)
    await pick(c.page, 'object', 'app.ledger — table')
    const bob = c.page.getByTestId('acl-entries').locator('tr[data-grantee="bob_devops"]')
    await bob.locator('button[data-privilege="INSERT"]').waitFor()
    expect(
      await c.page.getByTestId('acl-entries').locator('tr[data-grantee="karen"]').count(),
    ).toBe(0)
    await screenshot(c.page, 'grants-06-privileges')
    await bob.locator('button[data-privilege="INSERT"]').click()
    const revoke = c.page.getByTestId('revoke')
    await expect
      .poll(() => revoke.getByTestId('sql-preview').innerText())
      .toBe('REVOKE INSERT ON TABLE "app"."ledger" FROM "bob_devops";')
    await revoke.getByRole('button', { name: 'Apply' }).click()
    await revoke.getByTestId('applied').waitFor()
    await expect.poll(() => bob.locator('button[data-privilege="INSERT"]').count()).toBe(0)
    expect(await bob.locator('button[data-privilege="SELECT"]').count()).toBe(1)
    expect(await can('bob_devops', 'INSERT')).toBe(false)
    await screenshot(c.page, 'grants-07-revoked')
  })

  it('previews a default privilege for tables created later', async () => {
    await c.page.goto(`${c.running.url}/pages/grants-defaults`)
    const form = c.page.getByTestId('default-form')
    await pick(form, 'schema', 'app')
    await setCheck(form.locator('input[name=privilege][value=SELECT]'))
    await pick(form, 'grantees', 'karen')
    await expect
      .poll(() => form.getByTestId('sql-preview').innerText())
      .toBe('ALTER DEFAULT PRIVILEGES IN SCHEMA "app" GRANT SELECT ON TABLES TO "karen";')
    await form.getByRole('button', { name: 'Dry run' }).click()
    await form.getByText('Dry run succeeded').waitFor()
    await screenshot(c.page, 'grants-08-defaults')
  })
})

import { beforeAll, describe, expect, it } from 'vitest'
import { screenshot, signInPage } from '../harness/browser.js'
import { pick, pickedValue, setCheck } from '../harness/pick.js'
import { useBrowserConsole } from '../harness/browser-console.js'

const c = useBrowserConsole()

beforeAll(async () => {
  // The first page of a fresh console waits for AdminJS to bundle the components.
  c.page.setDefaultTimeout(60_000)
  await c.page.goto(`${c.running.url}/login`, { timeout: 240_000 })
  await signInPage(c.page, c.running.url, 'bob', 'bob-planetary')
}, 360_000)

describe('Session claims in Chromium, as bob', () => {
  it('shows the demo’s tenant claim as used but not declared', async () => {
    await c.page.goto(`${c.running.url}/pages/claims-declared`)
    const drift = c.page.getByTestId('undeclared-tenant_id')
    await drift.waitFor()
    await drift.locator('tr[data-place="policy app.invoice_raw tenant_isolation using"]').waitFor()
    await screenshot(c.page, 'claims-01-undeclared')
  })

  it('refuses a bad name beside its field, keeping what was typed, then declares the claim', async () => {
    await c.page.fill('input[name=name]', 'Tenant-ID')
    await pick(c.page, 'type', 'integer')
    await c.page.fill('input[name=description]', 'The tenant the caller belongs to')
    await c.page.getByRole('button', { name: 'Declare', exact: true }).click()
    await c.page.getByTestId('error-name').waitFor()
    expect(await c.page.getByTestId('error-name').innerText()).toMatch(/lower-case letters/)
    expect(await c.page.locator('input[name=name]').inputValue()).toBe('Tenant-ID')
    expect(await c.page.locator('input[name=description]').inputValue()).toBe(
      'The tenant the caller belongs to',
    )
    await screenshot(c.page, 'claims-02-refused')
    await c.page.fill('input[name=name]', 'tenant_id')
    await setCheck(c.page.locator('input[name=required]'))
    await c.page.getByRole('button', { name: 'Declare', exact: true }).click()
    const declared = c.page.getByTestId('claim-tenant_id')
    await declared.waitFor()
    await c.page.getByTestId('undeclared-tenant_id').waitFor({ state: 'detached' })
    const places = declared.getByTestId('places-tenant_id')
    await places.locator('tr[data-place="policy app.invoice_raw tenant_isolation using"]').waitFor()
    await places
      .locator('tr[data-place="policy app.invoice_raw tenant_isolation with check"]')
      .waitFor()
    // The demo's PL/pgSQL trigger function is found by text matching, and says so.
    const trigger = places.locator('tr[data-place="function app.invoice_v_insert() plpgsql"]')
    expect(await trigger.innerText()).toContain('text match')
    await screenshot(c.page, 'claims-03-declared')
    const { rows } = await c.admin.query(
      `SELECT name, type, required FROM planetary.session_claims ORDER BY name`,
    )
    expect(rows).toEqual([{ name: 'tenant_id', type: 'integer', required: true }])
  })

  it('maps the claim for karen and documents the set_config call', async () => {
    await c.page.goto(`${c.running.url}/pages/claims-mappings`)
    await pick(c.page, 'role', 'karen')
    await pick(c.page, 'claim', 'app.tenant_id')
    await c.page.fill('input[name=jwtPath]', 'app_metadata.tenant_id')
    await c.page.getByRole('button', { name: 'Save mapping' }).click()
    const doc = c.page.getByTestId('role-doc-karen')
    await doc.waitFor()
    expect(await doc.locator('[data-claim=tenant_id]').innerText()).toContain(
      `set_config('app.tenant_id', coalesce((nullif(current_setting('request.jwt.claims', true), '')::jsonb #>> '{app_metadata,tenant_id}')::integer::text, ''), true)`,
    )
    // The demo's console user karen carries tenant_id 1, which fits integer.
    expect(await doc.innerText()).toContain('tenant_id = 1')
    expect(await c.page.getByTestId('console-users').innerText()).not.toMatch(/argon2|password/i)
    await screenshot(c.page, 'claims-04-mapping-doc')
  })

  it('generates the pre-request function: live SQL, dry run, apply', async () => {
    const panel = c.page.getByTestId('pre-request')
    await pick(c.page, 'pre-request-schema', 'app')
    await panel
      .getByTestId('pre-request-sql')
      .getByText('CREATE OR REPLACE FUNCTION "app"."pre_request"()')
      .waitFor()
    await panel.getByRole('button', { name: 'Dry run' }).click()
    await c.page.getByText('Dry run succeeded').waitFor()
    await screenshot(c.page, 'claims-05-pre-request-dry-run')
    await panel.getByRole('button', { name: 'Apply' }).click()
    await panel.getByTestId('applied').waitFor()
    await screenshot(c.page, 'claims-06-pre-request-applied')
    const { rows } = await c.admin.query(
      `SELECT prosrc FROM pg_proc WHERE oid = 'app.pre_request()'::regprocedure`,
    )
    expect(rows[0].prosrc).toContain(`IF current_user = 'karen' THEN`)
  })

  it('offers the declared claim in the policy editor’s claim helper', async () => {
    await c.page.goto(`${c.running.url}/pages/policies-editor`)
    await pick(c.page, 'table', 'app.invoice_raw')
    await c.page
      .getByRole('radiogroup', { name: 'USING expression from' })
      .getByRole('radio', { name: 'expression builder' })
      .click()
    await c.page.locator('button[name=using-add]').click()
    await pick(c.page, 'using-kind-0', "claim current_setting('app.…')")
    await c.page
      .locator('datalist#declared-claims-using option[value=tenant_id]')
      .waitFor({ state: 'attached' })
    await pick(c.page, 'using-type-0', 'text')
    await c.page.fill('input[name=using-claim-0]', 'tenant_id')
    // Picking the declared claim casts it by its type (integer → int).
    await expect.poll(() => pickedValue(c.page, 'using-type-0')).toBe('int')
    await screenshot(c.page, 'claims-07-policy-editor-helper')
  })
})

import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Pool } from '../../core/db/pool.js'
import { screenshot, signInPage } from '../harness/browser.js'
import { pick, pickedValue, setCheck } from '../harness/pick.js'
import {
  closeBrowserConsole,
  openBrowserConsole,
  type BrowserConsole,
} from '../harness/browser-console.js'

let running: BrowserConsole['running']
let admin: Pool
let browser: Browser
let page: Page

beforeAll(async () => {
  ;({ running, admin, browser, page } = await openBrowserConsole())
  // The first page of a fresh console waits for AdminJS to bundle the components.
  page.setDefaultTimeout(60_000)
  await page.goto(`${running.url}/login`, { timeout: 240_000 })
  await signInPage(page, running.url, 'bob', 'bob-planetary')
}, 360_000)

afterAll(() => closeBrowserConsole({ running, admin, browser }))

describe('Session claims in Chromium, as bob', () => {
  it('shows the demo’s tenant claim as used but not declared', async () => {
    await page.goto(`${running.url}/pages/claims-declared`)
    const drift = page.getByTestId('undeclared-tenant_id')
    await drift.waitFor()
    await drift.locator('tr[data-place="policy app.invoice_raw tenant_isolation using"]').waitFor()
    await screenshot(page, 'claims-01-undeclared')
  })

  it('refuses a bad name beside its field, keeping what was typed, then declares the claim', async () => {
    await page.fill('input[name=name]', 'Tenant-ID')
    await pick(page, 'type', 'integer')
    await page.fill('input[name=description]', 'The tenant the caller belongs to')
    await page.getByRole('button', { name: 'Declare', exact: true }).click()
    await page.getByTestId('error-name').waitFor()
    expect(await page.getByTestId('error-name').innerText()).toMatch(/lower-case letters/)
    expect(await page.locator('input[name=name]').inputValue()).toBe('Tenant-ID')
    expect(await page.locator('input[name=description]').inputValue()).toBe(
      'The tenant the caller belongs to',
    )
    await screenshot(page, 'claims-02-refused')
    await page.fill('input[name=name]', 'tenant_id')
    await setCheck(page.locator('input[name=required]'))
    await page.getByRole('button', { name: 'Declare', exact: true }).click()
    const declared = page.getByTestId('claim-tenant_id')
    await declared.waitFor()
    await page.getByTestId('undeclared-tenant_id').waitFor({ state: 'detached' })
    const places = declared.getByTestId('places-tenant_id')
    await places.locator('tr[data-place="policy app.invoice_raw tenant_isolation using"]').waitFor()
    await places
      .locator('tr[data-place="policy app.invoice_raw tenant_isolation with check"]')
      .waitFor()
    // The demo's PL/pgSQL trigger function is found by text matching, and says so.
    const trigger = places.locator('tr[data-place="function app.invoice_v_insert() plpgsql"]')
    expect(await trigger.innerText()).toContain('text match')
    await screenshot(page, 'claims-03-declared')
    const { rows } = await admin.query(
      `SELECT name, type, required FROM planetary.session_claims ORDER BY name`,
    )
    expect(rows).toEqual([{ name: 'tenant_id', type: 'integer', required: true }])
  })

  it('maps the claim for karen and documents the set_config call', async () => {
    await page.goto(`${running.url}/pages/claims-mappings`)
    await pick(page, 'role', 'karen')
    await pick(page, 'claim', 'app.tenant_id')
    await page.fill('input[name=jwtPath]', 'app_metadata.tenant_id')
    await page.getByRole('button', { name: 'Save mapping' }).click()
    const doc = page.getByTestId('role-doc-karen')
    await doc.waitFor()
    expect(await doc.locator('[data-claim=tenant_id]').innerText()).toContain(
      `set_config('app.tenant_id', coalesce((nullif(current_setting('request.jwt.claims', true), '')::jsonb #>> '{app_metadata,tenant_id}')::integer::text, ''), true)`,
    )
    // The demo's console user karen carries tenant_id 1, which fits integer.
    expect(await doc.innerText()).toContain('tenant_id = 1')
    expect(await page.getByTestId('console-users').innerText()).not.toMatch(/argon2|password/i)
    await screenshot(page, 'claims-04-mapping-doc')
  })

  it('generates the pre-request function: live SQL, dry run, apply', async () => {
    const panel = page.getByTestId('pre-request')
    await pick(page, 'pre-request-schema', 'app')
    await panel
      .getByTestId('pre-request-sql')
      .getByText('CREATE OR REPLACE FUNCTION "app"."pre_request"()')
      .waitFor()
    await panel.getByRole('button', { name: 'Dry run' }).click()
    await page.getByText('Dry run succeeded').waitFor()
    await screenshot(page, 'claims-05-pre-request-dry-run')
    await panel.getByRole('button', { name: 'Apply' }).click()
    await panel.getByTestId('applied').waitFor()
    await screenshot(page, 'claims-06-pre-request-applied')
    const { rows } = await admin.query(
      `SELECT prosrc FROM pg_proc WHERE oid = 'app.pre_request()'::regprocedure`,
    )
    expect(rows[0].prosrc).toContain(`IF current_user = 'karen' THEN`)
  })

  it('offers the declared claim in the policy editor’s claim helper', async () => {
    await page.goto(`${running.url}/pages/policies-editor`)
    await pick(page, 'table', 'app.invoice_raw')
    await page
      .getByRole('radiogroup', { name: 'USING expression from' })
      .getByRole('radio', { name: 'expression builder' })
      .click()
    await page.locator('button[name=using-add]').click()
    await pick(page, 'using-kind-0', "claim current_setting('app.…')")
    await page
      .locator('datalist#declared-claims-using option[value=tenant_id]')
      .waitFor({ state: 'attached' })
    await pick(page, 'using-type-0', 'text')
    await page.fill('input[name=using-claim-0]', 'tenant_id')
    // Picking the declared claim casts it by its type (integer → int).
    await expect.poll(() => pickedValue(page, 'using-type-0')).toBe('int')
    await screenshot(page, 'claims-07-policy-editor-helper')
  })
})

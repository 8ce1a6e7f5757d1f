import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, screenshot, signInPage } from '../harness/browser.js'
import { startTestConsole } from '../harness/console.js'

let running: Awaited<ReturnType<typeof startTestConsole>>
let browser: Browser
let page: Page

beforeAll(async () => {
  running = await startTestConsole()
  browser = await launchBrowser()
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await running?.stop()
})

describe('Schema browser in Chromium', () => {
  it('shows senior the demo tables with their RLS state, filtered and sorted', async () => {
    await signInPage(page, running.url, 'senior', 'senior-planetary')
    await page.goto(`${running.url}/resources/schema-browser.tables?filters.schema=app`)
    await page.locator('table tbody tr').first().waitFor()
    await screenshot(page, 'schema-browser-01-tables')
    const text = await page.locator('table tbody').innerText()
    expect(text).toContain('invoice_raw')
    expect(text).not.toContain('change_log')
  })

  it('shows one policy with its USING expression', async () => {
    await page.goto(`${running.url}/resources/schema-browser.policies`)
    await page.getByText('tenant_isolation').first().click()
    await page.waitForURL(/\/show$/)
    await screenshot(page, 'schema-browser-02-policy')
    await page.getByText("current_setting('app.tenant_id'", { exact: false }).first().waitFor()
    await screenshot(page, 'schema-browser-02-policy')
  })

  it('is not offered to karen', async () => {
    const karenPage = await browser.newPage()
    await signInPage(karenPage, running.url, 'karen', 'karen-planetary')
    await karenPage.goto(`${running.url}/resources/schema-browser.tables`)
    await karenPage.waitForTimeout(1500)
    await screenshot(karenPage, 'schema-browser-03-karen-refused')
    expect(await karenPage.locator('table tbody tr').count()).toBe(0)
    expect(await karenPage.getByText('Schema browser').count()).toBe(0)
    // Plugin pages of other personas are left out of her sidebar too.
    await karenPage.goto(running.url)
    await karenPage.getByText('acting as the Postgres role').waitFor()
    expect(await karenPage.getByText(/^Policies/).count()).toBe(0)
    await karenPage.close()
  })
})

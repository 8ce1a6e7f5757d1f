import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { axeViolations, formatViolations, type AxeViolation } from '../harness/axe.js'
import { screenshot, signInPage } from '../harness/browser.js'
import { useBrowserConsole, watchCsp } from '../harness/browser-console.js'

const c = useBrowserConsole({ width: 1440 })

const VIEWPORT = { width: 1440, height: 900 }

/** A fresh signed-in page for one persona, watched for CSP refusals like the harness's. */
async function personaPage(name: string): Promise<Page> {
  const context = await c.browser.newContext({ viewport: VIEWPORT })
  const page = await context.newPage()
  // Two cores shared with other suites: a list may take a while to answer.
  page.setDefaultNavigationTimeout(90_000)
  watchCsp(page, c.cspViolations)
  await signInPage(page, c.running.url, name, `${name}-planetary`)
  return page
}

/** Waits for the page's data: AdminJS draws, then each component fetches. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => undefined)
  await page.locator('[data-css="sidebar"]').waitFor()
  await page.waitForTimeout(250)
}

/** Every link of the sidebar, folded sections opened first. */
async function sidebarLinks(page: Page): Promise<string[]> {
  const sidebar = page.locator('[data-css="sidebar"]')
  for (const button of await sidebar.locator('button[aria-expanded="false"]').all()) {
    await button.click()
  }
  const hrefs = await sidebar
    .locator('a[href]')
    .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname))
  return [...new Set(hrefs)]
}

/**
 * Visits every page a persona reaches from the sidebar and the dashboard — and, for views,
 * a record's show and edit pages and the new form — runs axe-core on each and returns what
 * it found, by page.
 */
async function walk(
  name: string,
): Promise<{ pages: string[]; found: Map<string, AxeViolation[]> }> {
  const page = await personaPage(name)
  const found = new Map<string, AxeViolation[]>()
  const check = async (label: string) => {
    await settle(page)
    const violations = await axeViolations(page)
    if (violations.length) found.set(`${name} ${label}`, violations)
  }
  await page.goto(c.running.url)
  await check('dashboard')
  await screenshot(page, `a11y-${name}-dashboard`)
  const links = await sidebarLinks(page)
  const pages = ['dashboard']
  for (const path of links) {
    if (path === new URL(c.running.url).pathname) continue
    await page.goto(new URL(path, c.running.url).toString(), { waitUntil: 'domcontentloaded' })
    await check(path)
    pages.push(path)
    // A view (Karen's resources, not the catalog lists): one record shown and edited, a new one.
    if (!/\/resources\/[^/]+$/.test(path) || path.includes('schema-browser.')) continue
    const show = page.getByTestId('action-show').first()
    if (await show.count()) {
      const showPath = await show.evaluate((a) => (a as HTMLAnchorElement).pathname)
      await page.goto(new URL(showPath, c.running.url).toString(), {
        waitUntil: 'domcontentloaded',
      })
      await check(showPath)
      pages.push(showPath)
    }
    const listAgain = new URL(path, c.running.url).toString()
    await page.goto(listAgain, { waitUntil: 'domcontentloaded' })
    await settle(page)
    const edit = page.getByTestId('action-edit').first()
    if (await edit.count()) {
      const editPath = await edit.evaluate((a) => (a as HTMLAnchorElement).pathname)
      await page.goto(new URL(editPath, c.running.url).toString(), {
        waitUntil: 'domcontentloaded',
      })
      await check(editPath)
      pages.push(editPath)
    }
    const newPath = `${path}/actions/new`
    const canCreate = await page.goto(new URL(newPath, c.running.url).toString(), {
      waitUntil: 'domcontentloaded',
    })
    if (canCreate?.ok()) {
      await check(newPath)
      pages.push(newPath)
    }
  }
  await page.context().close()
  return { pages, found }
}

const report = (found: Map<string, AxeViolation[]>) =>
  [...found].map(([label, violations]) => formatViolations(label, violations)).join('\n')

describe('Accessibility (axe-core, serious and critical) at 1440×900', () => {
  it('passes on the sign-in page', async () => {
    const context = await c.browser.newContext({ viewport: VIEWPORT })
    const page = await context.newPage()
    watchCsp(page, c.cspViolations)
    // The first page of a fresh console waits for AdminJS to bundle the components.
    await page.goto(`${c.running.url}/login`, { timeout: 120_000 })
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor({ timeout: 60_000 })
    await screenshot(page, 'a11y-login')
    const violations = await axeViolations(page)
    await context.close()
    expect(formatViolations('login', violations)).toBe('')
  })

  it('passes on every page Karen reaches: dashboard, and list, show, edit and new of each view', async () => {
    const { pages, found } = await walk('karen')
    expect(pages).toContain('/admin/resources/app.invoice_v')
    expect(pages.some((p) => /app\.invoice_v\/records\/[^/]+\/edit$/.test(p))).toBe(true)
    expect(pages.some((p) => /app\.invoice_v\/records\/[^/]+\/show$/.test(p))).toBe(true)
    expect(pages).toContain('/admin/resources/app.invoice_v/actions/new')
    expect(report(found)).toBe('')
  }, 400_000)

  it("passes with Karen's filter drawer open and with the delete question asked", async () => {
    const page = await personaPage('karen')
    await page.goto(`${c.running.url}/resources/app.invoice_v`)
    await page.locator('table tbody tr').first().waitFor()
    await page.locator('[data-css$="filter-button"]').click()
    await page.locator('input[name="filter-customer"]').fill('Grace')
    await page.waitForTimeout(400)
    await screenshot(page, 'a11y-karen-filter-drawer')
    const drawer = await axeViolations(page)
    await page.keyboard.press('Escape')
    await page.waitForTimeout(400)
    await page.getByTestId('action-delete').first().click()
    await page.getByRole('button', { name: 'Confirm' }).waitFor()
    await screenshot(page, 'a11y-karen-delete-question')
    const question = await axeViolations(page)
    await page.context().close()
    expect(formatViolations('filter drawer', drawer)).toBe('')
    expect(formatViolations('delete question', question)).toBe('')
  })

  it('passes on every page Bob reaches', async () => {
    const { pages, found } = await walk('bob')
    expect(pages.length).toBeGreaterThan(5)
    expect(report(found)).toBe('')
  }, 400_000)

  it('passes on every page Senior reaches, the change log and each plugin page included', async () => {
    const { pages, found } = await walk('senior')
    expect(pages).toContain('/admin/pages/change-log')
    expect(pages.filter((p) => p.includes('/pages/')).length).toBeGreaterThan(10)
    expect(report(found)).toBe('')
  }, 600_000)
})

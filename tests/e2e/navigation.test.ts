import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Pool } from '../../core/db/pool.js'
import { screenshot, signInPage } from '../harness/browser.js'
import {
  closeBrowserConsole,
  openBrowserConsole,
  watchCsp,
  type BrowserConsole,
} from '../harness/browser-console.js'

let running: BrowserConsole['running']
let admin: Pool
let browser: Browser
let page: Page
let cspViolations: string[]

beforeAll(async () => {
  ;({ running, admin, browser, page, cspViolations } = await openBrowserConsole({
    signIn: ['senior', 'senior-planetary'],
    width: 1440,
  }))
}, 180_000)

afterAll(() => closeBrowserConsole({ running, admin, browser, cspViolations }))

/** The titles of a sidebar section's links, in order. */
const sectionLinks = (p: Page, id: string) =>
  p.getByTestId(`sidebar-section-${id}`).getByRole('link').allInnerTexts()

const count = async (query: string) =>
  Number((await admin.query(query)).rows[0].n as string | number)

describe('Navigation by plugin, as senior', () => {
  it('shows one sidebar section per enabled plugin, with its pages and no editors', async () => {
    await page.goto(running.url)
    const sections = page.getByTestId('sidebar-sections')
    await sections.waitFor()
    const ids = await sections
      .locator('[data-testid^="sidebar-section-"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))
    expect(ids).toEqual([
      'sidebar-section-console',
      'sidebar-section-schema-browser',
      'sidebar-section-policies',
      'sidebar-section-claims',
      'sidebar-section-grants',
      'sidebar-section-protected-tables',
      'sidebar-section-roles',
    ])
    expect(await sectionLinks(page, 'console')).toEqual(['Change log'])
    expect(await sectionLinks(page, 'policies')).toEqual([
      'Row level security',
      'Policies',
      'RLS coverage map',
      'Policy tester',
    ])
    expect(await sectionLinks(page, 'roles')).toEqual(['Roles'])
    expect(await sectionLinks(page, 'protected-tables')).toEqual([
      'Protected tables',
      'Protect a table',
      'View builder',
    ])
    expect(await sectionLinks(page, 'grants')).toEqual([
      'Object privileges',
      'Default privileges',
      'Privilege matrix',
    ])
    // The schema browser's twenty catalog lists are its own section, folded until opened:
    // "Policies" there is the catalog's.
    const catalogSection = page.getByTestId('sidebar-section-schema-browser')
    expect(await catalogSection.getByRole('button').getAttribute('aria-expanded')).toBe('false')
    expect(await sectionLinks(page, 'schema-browser')).toEqual([])
    await catalogSection.getByRole('button').click()
    const catalog = await sectionLinks(page, 'schema-browser')
    expect(catalog).toContain('Policies')
    expect(catalog).toContain('Roles')
    await catalogSection.getByRole('button').click()
    expect(await sectionLinks(page, 'schema-browser')).toEqual([])
    // Editors are reached from their lists, never from the sidebar.
    const sidebar = page.locator('[data-css="sidebar"]')
    for (const editor of ['Policy editor', 'Role editor', 'Manage protection']) {
      expect(await sidebar.getByRole('link', { name: editor, exact: true }).count()).toBe(0)
    }
    // No flat page list below the sections, and no title twice within one section.
    for (const id of ids) {
      const links = await sectionLinks(page, (id as string).replace('sidebar-section-', ''))
      expect(new Set(links).size).toBe(links.length)
    }
    await screenshot(page, 'navigation-01-senior-sections')
  })

  it('shows a card per plugin with its key figures, and the latest changes', async () => {
    await page.goto(running.url)
    const cards = page.getByTestId('plugin-cards')
    await cards.getByTestId('card-roles').getByTestId('figure').first().waitFor()
    for (const id of [
      'schema-browser',
      'policies',
      'claims',
      'grants',
      'protected-tables',
      'roles',
    ]) {
      await cards.getByTestId(`card-${id}`).waitFor()
    }
    const figure = async (card: string, label: string) => {
      const box = cards
        .getByTestId(`card-${card}`)
        .getByTestId('figure')
        .filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
      return Number((await box.locator('dd').innerText()).replace(/\D/g, ''))
    }
    expect(await figure('roles', 'Roles')).toBe(
      await count(`SELECT count(*) AS n FROM pg_roles WHERE rolname NOT LIKE 'pg\\_%'`),
    )
    expect(await figure('policies', 'Policies')).toBe(
      await count(`SELECT count(*) AS n FROM pg_policies WHERE schemaname <> 'planetary'`),
    )
    expect(await figure('protected-tables', 'Protected')).toBeGreaterThanOrEqual(1)
    // What does not exist is not promised.
    const text = await page.getByTestId('dashboard').innerText()
    for (const missing of ['health and jobs', 'jobs', 'audit', 'console users']) {
      expect(text.toLowerCase()).not.toContain(missing)
    }
    const latest = page.getByTestId('latest-changes')
    await latest.getByRole('link', { name: 'The whole change log' }).waitFor()
    const newest = await count(`SELECT max(id) AS n FROM planetary.change_log`)
    await latest.getByRole('link', { name: `#${newest}`, exact: true }).waitFor()
    await screenshot(page, 'navigation-02-senior-dashboard')
  })

  it('opens an editor from its list, and the sidebar marks the list', async () => {
    await page.goto(`${running.url}/pages/roles-list`)
    await page.locator('tr[data-role="karen"]').waitFor()
    // the browser tab names the page open
    await expect.poll(() => page.title()).toBe('Roles · Planetary')
    await page.locator('tr[data-role="karen"]').getByRole('link', { name: 'karen' }).click()
    await page.waitForURL(/\/pages\/roles-editor\?role=karen/)
    await expect.poll(() => page.title()).toMatch(/^Role.* · Planetary$/)
    expect(await page.title()).not.toBe('Roles · Planetary')
    const roles = page.getByTestId('sidebar-section-roles').getByRole('link', { name: 'Roles' })
    await expect.poll(() => roles.getAttribute('aria-current')).toBe('page')
    await roles.scrollIntoViewIfNeeded()
    await screenshot(page, 'navigation-03-editor-marks-its-list')

    await page.goto(`${running.url}/pages/policies-list`)
    await page.getByRole('button', { name: /new policy/i }).click()
    await page.waitForURL(/\/pages\/policies-editor/)
    const policies = page
      .getByTestId('sidebar-section-policies')
      .getByRole('link', { name: 'Policies', exact: true })
    await expect.poll(() => policies.getAttribute('aria-current')).toBe('page')
  })

  it('folds a section by keyboard and keeps it folded on the next page', async () => {
    await page.goto(running.url)
    const header = page.getByTestId('sidebar-section-grants').getByRole('button')
    await header.focus()
    await page.keyboard.press('Enter')
    expect(await header.getAttribute('aria-expanded')).toBe('false')
    expect(await page.getByTestId('sidebar-section-grants').getByRole('link').count()).toBe(0)
    await page.reload()
    await page.getByTestId('sidebar-section-grants').waitFor()
    expect(
      await page
        .getByTestId('sidebar-section-grants')
        .getByRole('button')
        .getAttribute('aria-expanded'),
    ).toBe('false')
    await page.getByTestId('sidebar-section-grants').getByRole('button').click()
    await page
      .getByTestId('sidebar-section-grants')
      .getByRole('link', { name: 'Privilege matrix' })
      .click()
    await page.waitForURL(/\/pages\/grants-matrix/)
  })
})

describe('Navigation of the other personas', () => {
  let context: BrowserContext
  let other: Page

  afterAll(async () => {
    await context?.close()
  })

  it('gives karen her views, no plugin section, no change log', async () => {
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    other = await context.newPage()
    watchCsp(other, cspViolations)
    await signInPage(other, running.url, 'karen', 'karen-planetary')
    await other.goto(running.url)
    await other.getByText('Rows in the views your role may use').waitFor()
    await other.locator('[data-css="sidebar"]').getByRole('link').first().waitFor()
    expect(await other.getByTestId('sidebar-sections').count()).toBe(0)
    expect(await other.getByTestId('plugin-cards').count()).toBe(0)
    expect(await other.getByTestId('latest-changes').count()).toBe(0)
    const res = await other.goto(`${running.url}/pages/change-log`)
    expect(res?.status()).toBe(404)
    const api = await other.request.get(`${running.url}/api/pages/change-log`)
    expect(api.status()).toBe(404)
    await other.goto(running.url)
    await screenshot(other, 'navigation-04-karen-dashboard')
  })

  it('gives bob his views and the ops sections', async () => {
    await context.clearCookies()
    await signInPage(other, running.url, 'bob', 'bob-planetary')
    await other.goto(running.url)
    await other.getByTestId('sidebar-section-roles').waitFor()
    expect(await sectionLinks(other, 'console')).toEqual(['Change log'])
    await other.getByTestId('card-roles').waitFor()
    await other.getByTestId('latest-changes').waitFor()
    // Karen's views stay in their own group (by schema) above the sections.
    await other.locator('[data-css="sidebar"]').getByText('App', { exact: true }).waitFor()
    await screenshot(other, 'navigation-05-bob-dashboard')
  })
})

import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { screenshot, signInPage } from '../harness/browser.js'
import { useBrowserConsole, watchCsp } from '../harness/browser-console.js'

const c = useBrowserConsole({
  signIn: ['senior', 'senior-planetary'],
  width: 1440,
})

/** The titles of a sidebar section's links, in order. */
const sectionLinks = (p: Page, id: string) =>
  p.getByTestId(`sidebar-section-${id}`).getByRole('link').allInnerTexts()

const count = async (query: string) =>
  Number((await c.admin.query(query)).rows[0].n as string | number)

describe('Navigation by plugin, as senior', () => {
  it('shows one sidebar section per enabled plugin, with its pages and no editors', async () => {
    await c.page.goto(c.running.url)
    const sections = c.page.getByTestId('sidebar-sections')
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
    expect(await sectionLinks(c.page, 'console')).toEqual(['Change log'])
    expect(await sectionLinks(c.page, 'policies')).toEqual([
      'Row level security',
      'Policies',
      'RLS coverage map',
      'Policy tester',
    ])
    expect(await sectionLinks(c.page, 'roles')).toEqual(['Roles'])
    expect(await sectionLinks(c.page, 'protected-tables')).toEqual([
      'Protected tables',
      'Protect a table',
      'View builder',
    ])
    expect(await sectionLinks(c.page, 'grants')).toEqual([
      'Object privileges',
      'Default privileges',
      'Privilege matrix',
    ])
    // The schema browser's twenty catalog lists are its own section, folded until opened:
    // "Policies" there is the catalog's.
    const catalogSection = c.page.getByTestId('sidebar-section-schema-browser')
    expect(await catalogSection.getByRole('button').getAttribute('aria-expanded')).toBe('false')
    expect(await sectionLinks(c.page, 'schema-browser')).toEqual([])
    await catalogSection.getByRole('button').click()
    const catalog = await sectionLinks(c.page, 'schema-browser')
    expect(catalog).toContain('Policies')
    expect(catalog).toContain('Roles')
    await catalogSection.getByRole('button').click()
    expect(await sectionLinks(c.page, 'schema-browser')).toEqual([])
    // Editors are reached from their lists, never from the sidebar.
    const sidebar = c.page.locator('[data-css="sidebar"]')
    for (const editor of ['Policy editor', 'Role editor', 'Manage protection']) {
      expect(await sidebar.getByRole('link', { name: editor, exact: true }).count()).toBe(0)
    }
    // No flat page list below the sections, and no title twice within one section.
    for (const id of ids) {
      const links = await sectionLinks(c.page, (id as string).replace('sidebar-section-', ''))
      expect(new Set(links).size).toBe(links.length)
    }
    await screenshot(c.page, 'navigation-01-senior-sections')
  })

  it('shows a card per plugin with its key figures, and the latest changes', async () => {
    await c.page.goto(c.running.url)
    const cards = c.page.getByTestId('plugin-cards')
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
        .filter({ has: c.page.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
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
    const text = await c.page.getByTestId('dashboard').innerText()
    for (const missing of ['health and jobs', 'jobs', 'audit', 'console users']) {
      expect(text.toLowerCase()).not.toContain(missing)
    }
    const latest = c.page.getByTestId('latest-changes')
    await latest.getByRole('link', { name: 'The whole change log' }).waitFor()
    const newest = await count(`SELECT max(id) AS n FROM planetary.change_log`)
    await latest.getByRole('link', { name: `#${newest}`, exact: true }).waitFor()
    await screenshot(c.page, 'navigation-02-senior-dashboard')
  })

  it('opens an editor from its list, and the sidebar marks the list', async () => {
    await c.page.goto(`${c.running.url}/pages/roles-list`)
    await c.page.locator('tr[data-role="karen"]').waitFor()
    // the browser tab names the page open
    await expect.poll(() => c.page.title()).toBe('Roles · Planetary')
    await c.page.locator('tr[data-role="karen"]').getByRole('link', { name: 'karen' }).click()
    await c.page.waitForURL(/\/pages\/roles-editor\?role=karen/)
    await expect.poll(() => c.page.title()).toMatch(/^Role.* · Planetary$/)
    expect(await c.page.title()).not.toBe('Roles · Planetary')
    const roles = c.page.getByTestId('sidebar-section-roles').getByRole('link', { name: 'Roles' })
    await expect.poll(() => roles.getAttribute('aria-current')).toBe('page')
    await roles.scrollIntoViewIfNeeded()
    await screenshot(c.page, 'navigation-03-editor-marks-its-list')

    await c.page.goto(`${c.running.url}/pages/policies-list`)
    await c.page.getByRole('button', { name: /new policy/i }).click()
    await c.page.waitForURL(/\/pages\/policies-editor/)
    const policies = c.page
      .getByTestId('sidebar-section-policies')
      .getByRole('link', { name: 'Policies', exact: true })
    await expect.poll(() => policies.getAttribute('aria-current')).toBe('page')
  })

  it('folds a section by keyboard and keeps it folded on the next page', async () => {
    await c.page.goto(c.running.url)
    const header = c.page.getByTestId('sidebar-section-grants').getByRole('button')
    await header.focus()
    await c.page.keyboard.press('Enter')
    expect(await header.getAttribute('aria-expanded')).toBe('false')
    expect(await c.page.getByTestId('sidebar-section-grants').getByRole('link').count()).toBe(0)
    await c.page.reload()
    await c.page.getByTestId('sidebar-section-grants').waitFor()
    expect(
      await c.page
        .getByTestId('sidebar-section-grants')
        .getByRole('button')
        .getAttribute('aria-expanded'),
    ).toBe('false')
    await c.page.getByTestId('sidebar-section-grants').getByRole('button').click()
    await c.page
      .getByTestId('sidebar-section-grants')
      .getByRole('link', { name: 'Privilege matrix' })
      .click()
    await c.page.waitForURL(/\/pages\/grants-matrix/)
  })
})

describe('Navigation of the other personas', () => {
  let context: BrowserContext
  let other: Page

  afterAll(async () => {
    await context?.close()
  })

  it('gives karen her views, no plugin section, no change log', async () => {
    context = await c.browser.newContext({ viewport: { width: 1440, height: 900 } })
    other = await context.newPage()
    watchCsp(other, c.cspViolations)
    await signInPage(other, c.running.url, 'karen', 'karen-planetary')
    await other.goto(c.running.url)
    await other.getByText('Rows in the views your role may use').waitFor()
    await other.locator('[data-css="sidebar"]').getByRole('link').first().waitFor()
    expect(await other.getByTestId('sidebar-sections').count()).toBe(0)
    expect(await other.getByTestId('plugin-cards').count()).toBe(0)
    expect(await other.getByTestId('latest-changes').count()).toBe(0)
    const res = await other.goto(`${c.running.url}/pages/change-log`)
    expect(res?.status()).toBe(404)
    const api = await other.request.get(`${c.running.url}/api/pages/change-log`)
    expect(api.status()).toBe(404)
    await other.goto(c.running.url)
    await screenshot(other, 'navigation-04-karen-dashboard')
  })

  it('gives bob his views and the ops sections', async () => {
    await context.clearCookies()
    await signInPage(other, c.running.url, 'bob', 'bob-planetary')
    await other.goto(c.running.url)
    await other.getByTestId('sidebar-section-roles').waitFor()
    expect(await sectionLinks(other, 'console')).toEqual(['Change log'])
    await other.getByTestId('card-roles').waitFor()
    await other.getByTestId('latest-changes').waitFor()
    // Karen's views stay in their own group (by schema) above the sections.
    await other.locator('[data-css="sidebar"]').getByText('App', { exact: true }).waitFor()
    await screenshot(other, 'navigation-05-bob-dashboard')
  })
})

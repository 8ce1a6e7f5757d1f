import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { axeViolations, formatViolations } from '../harness/axe.js'
import { screenshot, signInPage } from '../harness/browser.js'
import { useBrowserConsole, watchCsp } from '../harness/browser-console.js'
import { signIn } from '../harness/console.js'

const c = useBrowserConsole({ width: 1440 })

const VIEWPORT = { width: 1440, height: 900 }
/** The planetary themes' sidebar colours (themes/planetary/index.ts). */
const LIGHT_SIDEBAR = 'rgb(255, 255, 255)'
const DARK_SIDEBAR = 'rgb(17, 24, 39)'

async function newPage(): Promise<Page> {
  const page = await (await c.browser.newContext({ viewport: VIEWPORT })).newPage()
  watchCsp(page, c.cspViolations)
  return page
}

const sidebarColour = async (page: Page) => {
  const sidebar = page.locator('[data-css="sidebar"]')
  await sidebar.waitFor()
  return sidebar.evaluate((el) => getComputedStyle(el).backgroundColor)
}

const storedTheme = async (name: string) =>
  (await c.admin.query('SELECT theme FROM planetary.users WHERE name = $1', [name])).rows[0]
    ?.theme as string | undefined

describe('The light / dark toggle, kept per console user', () => {
  it('shows the sign-in page in the planetary colours, not AdminJS blue', async () => {
    const page = await newPage()
    // The first page of a fresh console waits for AdminJS to bundle the components.
    await page.goto(`${c.running.url}/login`, { timeout: 120_000 })
    const button = page.locator('form button[type="submit"]')
    await button.waitFor({ timeout: 60_000 })
    // The button says what the heading says, in the console's words, and is named by them.
    expect((await button.innerText()).trim()).toBe('Sign in')
    expect(await page.getByRole('button', { name: 'Sign in', exact: true }).count()).toBe(1)
    expect(await page.getByText('Login', { exact: true }).count()).toBe(0)
    expect(await button.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe(
      'rgb(178, 58, 10)',
    )
    // Labelled fields, the name field focused for typing at once.
    expect(await page.getByLabel('User name').getAttribute('name')).toBe('email')
    expect(await page.getByLabel('Password').getAttribute('name')).toBe('password')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('email')
    await screenshot(page, 'theme-01-login')
    await page.context().close()
  })

  it('turns dark for Karen by keyboard, survives a reload and a new sign-in, and stays light for Bob', async () => {
    const karen = await newPage()
    await signInPage(karen, c.running.url, 'karen', 'karen-planetary')
    expect(await sidebarColour(karen)).toBe(LIGHT_SIDEBAR)
    const toggle = karen.getByRole('button', { name: 'Dark theme' })
    expect(await toggle.getAttribute('aria-pressed')).toBe('false')
    await screenshot(karen, 'theme-02-karen-light')

    await toggle.focus()
    await Promise.all([karen.waitForEvent('load'), karen.keyboard.press('Enter')])
    expect(await sidebarColour(karen)).toBe(DARK_SIDEBAR)
    expect(
      await karen.getByRole('button', { name: 'Dark theme' }).getAttribute('aria-pressed'),
    ).toBe('true')
    expect(await storedTheme('karen')).toBe('dark')
    await screenshot(karen, 'theme-03-karen-dark-dashboard')

    await karen.reload()
    expect(await sidebarColour(karen)).toBe(DARK_SIDEBAR)
    await karen.goto(`${c.running.url}/resources/app.invoice_v`)
    await karen.locator('table tbody tr').first().waitFor()
    await karen.waitForTimeout(300)
    expect(await sidebarColour(karen)).toBe(DARK_SIDEBAR)
    await screenshot(karen, 'theme-04-karen-dark-list')
    const darkList = await axeViolations(karen)
    expect(formatViolations('karen dark list', darkList)).toBe('')

    // Another user is unaffected.
    const bob = await newPage()
    await signInPage(bob, c.running.url, 'bob', 'bob-planetary')
    expect(await sidebarColour(bob)).toBe(LIGHT_SIDEBAR)
    expect(await storedTheme('bob')).toBe('light')
    await screenshot(bob, 'theme-05-bob-light')
    await bob.context().close()

    // A new session (another device) finds Karen's choice on the server.
    await karen.context().close()
    const again = await newPage()
    await signInPage(again, c.running.url, 'karen', 'karen-planetary')
    expect(await sidebarColour(again)).toBe(DARK_SIDEBAR)
    const darkDashboard = await axeViolations(again)
    expect(formatViolations('karen dark dashboard', darkDashboard)).toBe('')

    // And back to light.
    await again.getByRole('button', { name: 'Dark theme' }).focus()
    await Promise.all([again.waitForEvent('load'), again.keyboard.press('Space')])
    expect(await sidebarColour(again)).toBe(LIGHT_SIDEBAR)
    expect(await storedTheme('karen')).toBe('light')
    await again.context().close()
  })

  it('changes the theme only by POST with the CSRF token, and only to light or dark', async () => {
    const client = await signIn(c.running.url, 'bob', 'bob-planetary')
    const path = '/admin/planetary/theme'
    expect((await client.post(path, { theme: 'dark' }, { csrf: false })).status).toBe(403)
    expect((await client.post(path, { theme: 'neon' })).status).toBe(400)
    expect((await client.get(path)).status).not.toBe(200)
    expect(await storedTheme('bob')).toBe('light')
    const ok = await client.post(path, { theme: 'dark' })
    expect(ok.status).toBe(200)
    expect(await storedTheme('bob')).toBe('dark')
    // Anonymous: refused.
    const anonymous = await fetch(new URL(path, c.running.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ theme: 'light' }),
    })
    expect(anonymous.status).toBeGreaterThanOrEqual(400)
    expect(await storedTheme('bob')).toBe('dark')
  })
})

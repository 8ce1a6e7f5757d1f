import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { axeViolations, formatViolations } from '../harness/axe.js'
import { screenshot, signInPage } from '../harness/browser.js'
import { useBrowserConsole, watchCsp } from '../harness/browser-console.js'
import { signIn } from '../harness/console.js'
import { pick, pickerInput } from '../harness/pick.js'

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

/** How an element reads: its text colour against what is drawn behind it, and that colour. */
interface Look {
  ratio: number
  text: string
  background: string
}

/**
 * The WCAG contrast of `selector`'s text against the colour behind it: its own background and its
 * ancestors', translucent ones laid over what is under them.
 */
const looks = (page: Page, selector: string): Promise<Look[]> =>
  page.locator(selector).evaluateAll((els) => {
    const parse = (c: string) => {
      const [r = 0, g = 0, b = 0, a = 1] = (c.match(/[\d.]+/g) ?? []).map(Number)
      return { r, g, b, a: c.startsWith('rgba') ? a : 1 }
    }
    const over = (top: ReturnType<typeof parse>, under: ReturnType<typeof parse>) => ({
      r: top.r * top.a + under.r * (1 - top.a),
      g: top.g * top.a + under.g * (1 - top.a),
      b: top.b * top.a + under.b * (1 - top.a),
      a: 1,
    })
    const behind = (el: Element) => {
      const layers: ReturnType<typeof parse>[] = []
      for (let at: Element | null = el; at; at = at.parentElement) {
        const layer = parse(getComputedStyle(at).backgroundColor)
        if (layer.a > 0) layers.push(layer)
        if (layer.a === 1) break
      }
      return layers.reduceRight((under, top) => over(top, under), { r: 255, g: 255, b: 255, a: 1 })
    }
    const luminance = ({ r, g, b }: { r: number; g: number; b: number }) => {
      const lin = (v: number) => {
        const s = v / 255
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
      }
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    }
    return els.map((el) => {
      const back = behind(el)
      const text = over(parse(getComputedStyle(el).color), back)
      const [hi, lo] = [luminance(text), luminance(back)].sort((x, y) => y - x) as [number, number]
      const rgb = (c: { r: number; g: number; b: number }) =>
        `rgb(${Math.round(c.r)}, ${Math.round(c.g)}, ${Math.round(c.b)})`
      return { ratio: (hi + 0.05) / (lo + 0.05), text: rgb(text), background: rgb(back) }
    })
  })

/** True for a colour as dark as the dark theme's surfaces (relative luminance under 0.05). */
const isDark = (rgb: string) => {
  const [r = 255, g = 255, b = 255] = (rgb.match(/[\d.]+/g) ?? []).map(Number)
  return 0.2126 * (r / 255) ** 2.2 + 0.7152 * (g / 255) ** 2.2 + 0.0722 * (b / 255) ** 2.2 < 0.05
}

const readable = (found: Look[]) => found.filter((l) => l.ratio < 4.5)

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

  it("draws the plugin pages' picker menus on the night side too, readable", async () => {
    const page = await newPage()
    await signInPage(page, c.running.url, 'bob', 'bob-planetary')
    const toggle = page.getByRole('button', { name: 'Dark theme' })
    if ((await toggle.getAttribute('aria-pressed')) !== 'true') {
      await Promise.all([page.waitForEvent('load'), toggle.click()])
    }
    expect(await sidebarColour(page)).toBe(DARK_SIDEBAR)
    await page.goto(`${c.running.url}/pages/policies-tester`)
    await pickerInput(page, 'role').waitFor()
    await pick(page, 'role', 'karen')

    // A single choice with a value: its menu, its options and the chosen one.
    const role = pickerInput(page, 'role')
    const value = '[data-choice="role"] [class*="-singleValue"]'
    expect(readable(await looks(page, value))).toEqual([])
    expect(isDark((await looks(page, value))[0]?.background ?? '')).toBe(true)
    await role.click()
    const menu = page.locator('[data-choice="role"] [class*="-menu"]').first()
    await menu.waitFor()
    const menuBackground = await menu.evaluate((el) => getComputedStyle(el).backgroundColor)
    expect(isDark(menuBackground), menuBackground).toBe(true)
    const options = '[data-choice="role"] [role="option"]'
    expect(await page.locator(options).count()).toBeGreaterThan(1)
    expect(readable(await looks(page, options))).toEqual([])
    const chosen = await looks(page, `${options}[aria-selected="true"]`)
    expect(chosen).toHaveLength(1)
    expect(readable(chosen)).toEqual([])
    // The chosen option stands apart from the others.
    const others = await looks(page, `${options}[aria-selected="false"]`)
    expect(others[0]?.background).not.toBe(chosen[0]?.background)
    // The option the arrow keys move to is marked, and stays readable.
    await role.press('ArrowDown')
    const onKeys = (await looks(page, `${options}[aria-selected="false"]`)).filter(
      (l) => l.background !== menuBackground,
    )
    expect(onKeys).toHaveLength(1)
    expect(readable(onKeys)).toEqual([])
    // The option under the pointer is marked, and stays readable.
    const last = page.locator(`${options}[aria-selected="false"]`).last()
    await last.hover()
    const hovered = await last.evaluate((el) => getComputedStyle(el).backgroundColor)
    expect(hovered).not.toBe(menuBackground)
    expect(readable(await looks(page, `${options}:hover`))).toEqual([])
    await screenshot(page, 'theme-06-bob-dark-picker-menu')
    expect(formatViolations('bob dark picker menu', await axeViolations(page))).toBe('')
    await role.press('Escape')

    // A searchable table picker: what is typed, and the options it leaves.
    const relation = pickerInput(page, 'relation')
    await relation.click()
    await relation.fill('invoice')
    await page.locator('[data-choice="relation"] [role="option"]').first().waitFor()
    const typed = await looks(page, '[data-choice="relation"] input[role=combobox]')
    expect(readable(typed)).toEqual([])
    expect(isDark(typed[0]?.background ?? '')).toBe(true)
    expect(readable(await looks(page, '[data-choice="relation"] [role="option"]'))).toEqual([])
    await screenshot(page, 'theme-07-bob-dark-picker-search')
    expect(formatViolations('bob dark picker search', await axeViolations(page))).toBe('')
    await relation.press('Escape')

    // The run's link to its change-log entry reads on the night side too.
    await pick(page, 'relation', 'app.invoice_v')
    await page.getByRole('button', { name: 'Run as role' }).click()
    const logged = page.getByTestId('tester-logged')
    await logged.getByTestId('change-log-link').waitFor()
    expect(readable(await looks(page, '[data-testid="tester-logged"]'))).toEqual([])
    expect(readable(await looks(page, '[data-testid="change-log-link"]'))).toEqual([])
    await logged.scrollIntoViewIfNeeded()
    await screenshot(page, 'theme-08-bob-dark-tester-logged')
    await page.context().close()
  })
})

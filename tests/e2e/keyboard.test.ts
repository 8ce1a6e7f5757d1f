import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Pool } from '../../core/db/pool.js'
import { screenshot } from '../harness/browser.js'
import {
  closeBrowserConsole,
  openBrowserConsole,
  type BrowserConsole,
} from '../harness/browser-console.js'

let running: BrowserConsole['running']
let admin: Pool
let browser: Browser
let page: Page
let cspViolations: string[]

beforeAll(async () => {
  ;({ running, admin, browser, page, cspViolations } = await openBrowserConsole({ width: 1440 }))
  await page.setViewportSize({ width: 1440, height: 900 })
}, 180_000)

afterAll(() => closeBrowserConsole({ running, admin, browser, cspViolations }))

/** What the focused element is, for matching and for the failure message. */
const focused = (p: Page) =>
  p.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    if (!el) return { tag: '', text: '', href: '', name: '', css: '', testid: '', outline: '' }
    const style = getComputedStyle(el)
    return {
      tag: el.tagName.toLowerCase(),
      text: (el.innerText || el.getAttribute('aria-label') || '').trim(),
      href: el instanceof HTMLAnchorElement ? el.pathname : '',
      name: el.getAttribute('name') ?? '',
      css: el.getAttribute('data-css') ?? '',
      testid: el.getAttribute('data-testid') ?? '',
      outline: `${style.outlineStyle} ${style.outlineWidth}`,
    }
  })

type Focus = Awaited<ReturnType<typeof focused>>

/** Presses Tab until the focused element matches, as a person scanning with the keyboard would. */
async function tabTo(
  p: Page,
  what: string,
  match: (f: Focus) => boolean,
  max = 120,
): Promise<Focus> {
  const seen: string[] = []
  for (let i = 0; i < max; i += 1) {
    await p.keyboard.press('Tab')
    const f = await focused(p)
    if (match(f)) return f
    seen.push(`${f.tag}:${f.text || f.name || f.href}`.slice(0, 40))
  }
  throw new Error(`Tab never reached ${what}; focus went through: ${seen.join(' | ')}`)
}

const amountOf = async (id: string) =>
  (await admin.query('SELECT amount::text AS amount FROM app.invoice_raw WHERE id = $1', [id]))
    .rows[0]?.amount as string | undefined

describe('Karen with the keyboard alone', () => {
  it('signs in, finds an invoice, opens it, changes its amount and saves it', async () => {
    // Sign in: the name field has focus; Tab to the password, Enter sends the form.
    // The first page of a fresh console waits for AdminJS to bundle the components.
    await page.goto(`${running.url}/login`, { timeout: 120_000 })
    await page.locator('input[name="email"]').waitFor({ timeout: 60_000 })
    await page.keyboard.type('karen')
    await page.keyboard.press('Tab')
    await page.keyboard.type('karen-planetary')
    await page.keyboard.press('Enter')
    await page.waitForURL((url) => !url.pathname.endsWith('/login'))
    await page.locator('[data-css="sidebar"]').waitFor()
    await page.waitForLoadState('networkidle')

    // Sidebar → her invoices.
    const link = await tabTo(page, 'the invoices link', (f) =>
      f.href.endsWith('/resources/app.invoice_v'),
    )
    expect(link.outline).not.toMatch(/^none/)
    await screenshot(page, 'keyboard-01-focus-on-sidebar-link')
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/resources\/app\.invoice_v$/)
    await page.locator('table tbody tr').first().waitFor()

    // The filter: a button the keyboard reaches; its drawer takes focus and Enter applies it.
    const filter = await tabTo(page, 'the Filter button', (f) => f.css.endsWith('filter-button'))
    expect(filter.outline).not.toMatch(/^none/)
    await page.keyboard.press('Enter')
    await page.locator('input[name="filter-customer"]').waitFor()
    await tabTo(page, 'the customer filter', (f) => f.name === 'filter-customer', 30)
    await page.keyboard.type('Grace')
    await screenshot(page, 'keyboard-02-filter-drawer')
    await page.keyboard.press('Enter')
    await page.waitForURL(/filters\.customer=Grace/)
    // Escape closes the drawer and gives focus back to the Filter button.
    await page.keyboard.press('Escape')
    await page.waitForFunction(() =>
      (document.activeElement?.getAttribute('data-css') ?? '').endsWith('filter-button'),
    )
    await page.locator('table tbody tr').first().waitFor()
    const customers = await page
      .locator('table tbody tr td[data-property-name="customer"]')
      .allInnerTexts()
    expect(customers.length).toBeGreaterThan(0)
    expect(customers.every((c) => c.includes('Grace Hopper'))).toBe(true)

    // The first row's "Show" link, then the record's Edit link.
    const show = await tabTo(page, "a row's Show link", (f) => f.testid === 'action-show')
    expect(show.text).toMatch(/Grace Hopper|#\d+|\S/)
    await screenshot(page, 'keyboard-03-focus-on-row-action')
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/records\/[^/]+\/show$/)
    const id = /\/records\/([^/]+)\/show$/.exec(page.url())?.[1] as string
    const before = await amountOf(id)
    expect(before).toBeDefined()
    await tabTo(page, 'the Edit link', (f) => f.href.endsWith(`/records/${id}/edit`))
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/edit$/)
    await page.locator('input[name="amount"]').waitFor()

    // Change the amount and save with the keyboard.
    await tabTo(page, 'the amount field', (f) => f.name === 'amount', 60)
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.type('4242.42')
    await screenshot(page, 'keyboard-04-editing-amount')
    const save = await tabTo(page, 'the Save button', (f) => f.testid === 'button-save', 60)
    expect(save.outline).not.toMatch(/^none/)
    await page.keyboard.press('Enter')
    // Saved: AdminJS leaves the form for the record or the list.
    await page.waitForURL((url) => !url.pathname.endsWith('/edit'))
    await screenshot(page, 'keyboard-05-saved')
    await expect.poll(() => amountOf(id)).toBe('4242.42')
    expect(before).not.toBe('4242.42')
  }, 300_000)
})

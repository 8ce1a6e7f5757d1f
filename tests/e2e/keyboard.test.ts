import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { screenshot } from '../harness/browser.js'
import { useBrowserConsole } from '../harness/browser-console.js'

const c = useBrowserConsole({ width: 1440 })

beforeAll(async () => {
  await c.page.setViewportSize({ width: 1440, height: 900 })
}, 180_000)

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
  (await c.admin.query('SELECT amount::text AS amount FROM app.invoice_raw WHERE id = $1', [id]))
    .rows[0]?.amount as string | undefined

describe('Karen with the keyboard alone', () => {
  it('signs in, finds an invoice, opens it, changes its amount and saves it', async () => {
    // Sign in: the name field has focus; Tab to the password, Enter sends the form.
    // The first page of a fresh console waits for AdminJS to bundle the components.
    await c.page.goto(`${c.running.url}/login`, { timeout: 120_000 })
    await c.page.locator('input[name="email"]').waitFor({ timeout: 60_000 })
    await c.page.keyboard.type('karen')
    await c.page.keyboard.press('Tab')
    await c.page.keyboard.type('karen-planetary')
    await c.page.keyboard.press('Enter')
    await c.page.waitForURL((url) => !url.pathname.endsWith('/login'))
    await c.page.locator('[data-css="sidebar"]').waitFor()
    await c.page.waitForLoadState('networkidle')

    // Sidebar → her invoices.
    const link = await tabTo(c.page, 'the invoices link', (f) =>
      f.href.endsWith('/resources/app.invoice_v'),
    )
    expect(link.outline).not.toMatch(/^none/)
    await screenshot(c.page, 'keyboard-01-focus-on-sidebar-link')
    await c.page.keyboard.press('Enter')
    await c.page.waitForURL(/\/resources\/app\.invoice_v$/)
    await c.page.locator('table tbody tr').first().waitFor()

    // The filter: a button the keyboard reaches; its drawer takes focus and Enter applies it.
    const filter = await tabTo(c.page, 'the Filter button', (f) => f.css.endsWith('filter-button'))
    expect(filter.outline).not.toMatch(/^none/)
    await c.page.keyboard.press('Enter')
    await c.page.locator('input[name="filter-customer"]').waitFor()
    await tabTo(c.page, 'the customer filter', (f) => f.name === 'filter-customer', 30)
    await c.page.keyboard.type('Grace')
    await screenshot(c.page, 'keyboard-02-filter-drawer')
    await c.page.keyboard.press('Enter')
    await c.page.waitForURL(/filters\.customer=Grace/)
    // Escape closes the drawer and gives focus back to the Filter button.
    await c.page.keyboard.press('Escape')
    await c.page.waitForFunction(() =>
      (document.activeElement?.getAttribute('data-css') ?? '').endsWith('filter-button'),
    )
    await c.page.locator('table tbody tr').first().waitFor()
    const customers = await c.page
      .locator('table tbody tr td[data-property-name="customer"]')
      .allInnerTexts()
    expect(customers.length).toBeGreaterThan(0)
    expect(customers.every((c) => c.includes('Grace Hopper'))).toBe(true)

    // The first row's "Show" link, then the record's Edit link.
    const show = await tabTo(c.page, "a row's Show link", (f) => f.testid === 'action-show')
    expect(show.text).toMatch(/Grace Hopper|#\d+|\S/)
    await screenshot(c.page, 'keyboard-03-focus-on-row-action')
    await c.page.keyboard.press('Enter')
    await c.page.waitForURL(/\/records\/[^/]+\/show$/)
    const id = /\/records\/([^/]+)\/show$/.exec(c.page.url())?.[1] as string
    const before = await amountOf(id)
    expect(before).toBeDefined()
    await tabTo(c.page, 'the Edit link', (f) => f.href.endsWith(`/records/${id}/edit`))
    await c.page.keyboard.press('Enter')
    await c.page.waitForURL(/\/edit$/)
    await c.page.locator('input[name="amount"]').waitFor()

    // Change the amount and save with the keyboard.
    await tabTo(c.page, 'the amount field', (f) => f.name === 'amount', 60)
    await c.page.keyboard.press('ControlOrMeta+A')
    await c.page.keyboard.type('4242.42')
    await screenshot(c.page, 'keyboard-04-editing-amount')
    const save = await tabTo(c.page, 'the Save button', (f) => f.testid === 'button-save', 60)
    expect(save.outline).not.toMatch(/^none/)
    await c.page.keyboard.press('Enter')
    // Saved: AdminJS leaves the form for the record or the list.
    await c.page.waitForURL((url) => !url.pathname.endsWith('/edit'))
    await screenshot(c.page, 'keyboard-05-saved')
    await expect.poll(() => amountOf(id)).toBe('4242.42')
    expect(before).not.toBe('4242.42')
  }, 300_000)
})

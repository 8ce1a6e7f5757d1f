import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, formatViolations } from '../harness/axe.js'
import { screenshot, signInPage } from '../harness/browser.js'
import { useBrowserConsole } from '../harness/browser-console.js'
import { pickedValue, pickerInput } from '../harness/pick.js'

const c = useBrowserConsole()

// Every plugin page, as bob (ops) and as senior (dev): the design system's controls only (no
// native multi-select, no unstyled button or select), searchable pickers, and no serious or
// critical axe-core violation.

/** Each plugin page and what shows it has loaded. */
const PAGES: readonly { path: string; ready: string }[] = [
  { path: 'pages/roles-list', ready: '[data-testid=roles-table]' },
  { path: 'pages/roles-editor', ready: '#role-name' },
  { path: 'pages/roles-editor?role=karen', ready: '[data-testid=member-of]' },
  { path: 'pages/grants-privileges', ready: '[data-choice=object]' },
  { path: 'pages/grants-defaults', ready: '[data-testid=default-form]' },
  { path: 'pages/grants-matrix', ready: '[data-choice=schema]' },
  { path: 'pages/policies-row-security', ready: 'table' },
  { path: 'pages/policies-list', ready: '[data-testid=policy-list]' },
  { path: 'pages/policies-editor', ready: '[data-choice=table]' },
  { path: 'pages/policies-coverage', ready: '[data-testid=legend]' },
  { path: 'pages/policies-tester', ready: '[data-choice=role]' },
  { path: 'pages/claims-declared', ready: 'input[name=name]' },
  { path: 'pages/claims-mappings', ready: '[data-choice=role]' },
  { path: 'pages/protected-tables-list', ready: 'table' },
  { path: 'pages/protected-tables-wizard', ready: '[data-choice=table]' },
  { path: 'pages/protected-tables-view-builder', ready: '[data-choice=table]' },
  { path: 'resources/schema-browser.tables?filters.schema=app', ready: 'table' },
]

beforeAll(async () => {
  // Two cores shared with other suites: pages may take longer than Playwright's default.
  c.page.setDefaultTimeout(90_000)
  c.page.setDefaultNavigationTimeout(120_000)
  // The first page of a fresh console waits for AdminJS to bundle the components.
  await c.page.goto(`${c.running.url}/login`, { timeout: 240_000 })
  await signInPage(c.page, c.running.url, 'bob', 'bob-planetary')
}, 360_000)

/** What on the page is not the design system's: native multi-selects, selects, bare buttons. */
const foreignControls = (p: Page) =>
  p.evaluate(() => {
    const main = document.querySelector('[data-css="app-content"]') ?? document.body
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.getAttribute('name') ? `[name=${el.getAttribute('name')}]` : ''} "${(el.textContent ?? '').trim().slice(0, 30)}"`
    return {
      multiSelects: [...main.querySelectorAll('select[multiple]')].map(describe),
      selects: [...main.querySelectorAll('select')].map(describe),
      bareButtons: [...main.querySelectorAll('button')]
        .filter((b) => !b.className.split(/\s+/).some((c) => c.startsWith('adminjs_')))
        .map(describe),
      unnamed: [...main.querySelectorAll('button, input:not([type=hidden]), textarea')]
        .filter((el) => {
          const label = el.getAttribute('aria-label') ?? el.getAttribute('aria-labelledby')
          const id = el.getAttribute('id')
          const byFor = id ? document.querySelector(`label[for="${CSS.escape(id)}"]`) : null
          const text = el.tagName === 'BUTTON' ? (el.textContent ?? '').trim() : ''
          return !label && !byFor && !el.closest('label') && !text && !el.getAttribute('title')
        })
        .map(describe),
    }
  })

/** Opens every plugin page; returns what is wrong on each (empty when all pass). */
async function checkPages(who: string): Promise<string> {
  const problems: string[] = []
  for (const { path, ready } of PAGES) {
    await c.page.goto(`${c.running.url}/${path}`)
    await c.page.locator(ready).first().waitFor()
    // Lists arrive after the page: let the first answer render before looking.
    await c.page.waitForLoadState('networkidle')
    const found = await foreignControls(c.page)
    for (const [kind, list] of Object.entries(found)) {
      if (list.length) problems.push(`[${who}: ${path}] ${kind}: ${list.join(', ')}`)
    }
    const violations = await axeViolations(c.page)
    if (violations.length) problems.push(formatViolations(`${who}: ${path}`, violations))
    await screenshot(c.page, `plugin-look-${who}-${path.replace(/[^a-z0-9]+/gi, '-')}`)
  }
  return problems.join('\n')
}

describe('Plugin pages look like the console and pass axe, as bob', () => {
  it('every plugin page uses the design system and has no serious accessibility violation', async () => {
    expect(await checkPages('bob')).toBe('')
  }, 300_000)

  it('the role picker filters by typing and picks with the keyboard', async () => {
    await c.page.goto(`${c.running.url}/pages/grants-defaults`)
    const form = c.page.getByTestId('default-form')
    const input = pickerInput(form, 'grantees')
    await input.click()
    await input.fill('kar')
    const options = c.page.getByRole('listbox').getByRole('option')
    // Typing narrows the list to the roles whose name holds what was typed.
    await expect.poll(() => options.allInnerTexts()).toEqual(['karen'])
    await input.press('Enter')
    await input.fill('bob')
    await expect.poll(() => options.allInnerTexts()).toEqual(['bob_devops'])
    await input.press('Enter')
    await input.press('Escape')
    const chips = form.locator(
      '[data-choice=grantees] [class*="multiValue"], [data-choice=grantees] [class*="multi-value"]',
    )
    await expect.poll(() => chips.allInnerTexts()).toEqual(['karen', 'bob_devops'])
    // Backspace in the empty search box takes the last chip off, as in any tag input.
    await input.press('Backspace')
    await expect.poll(() => chips.allInnerTexts()).toEqual(['karen'])
    await screenshot(c.page, 'plugin-look-role-picker')
  })

  it('a single picker moves with the arrow keys and Enter, and shows the table picked', async () => {
    await c.page.goto(`${c.running.url}/pages/policies-tester`)
    const input = pickerInput(c.page, 'role')
    await input.focus()
    await input.press('ArrowDown')
    await c.page.getByRole('listbox').waitFor()
    await input.fill('karen')
    await input.press('Enter')
    await expect.poll(() => pickedValue(c.page, 'role')).toBe('karen')
    // The relation picker: ArrowDown opens it on the first relation, Enter takes it.
    const relation = pickerInput(c.page, 'relation')
    await relation.focus()
    await relation.press('ArrowDown')
    await c.page.getByRole('listbox').getByRole('option').first().waitFor()
    const first = (await c.page.getByRole('listbox').getByRole('option').first().innerText()).trim()
    await relation.press('Enter')
    await expect.poll(() => pickedValue(c.page, 'relation')).not.toBe('')
    const [schema, name] = JSON.parse(await pickedValue(c.page, 'relation')) as [string, string]
    expect(first.startsWith(`${schema}.${name}`)).toBe(true)
    await screenshot(c.page, 'plugin-look-table-picker')
  })
})

describe('Plugin pages look like the console and pass axe, as senior', () => {
  it('every plugin page uses the design system and has no serious accessibility violation', async () => {
    const context = c.page.context()
    await context.clearCookies()
    await signInPage(c.page, c.running.url, 'senior', 'senior-planetary')
    expect(await checkPages('senior')).toBe('')
  }, 300_000)
})

describe('Plugin pages on the night side, as the user signed in last', () => {
  it('every plugin page draws its cards dark and has no serious accessibility violation', async () => {
    const toggle = c.page.getByRole('button', { name: 'Dark theme' })
    await Promise.all([c.page.waitForEvent('load'), toggle.click()])
    expect(
      await c.page.getByRole('button', { name: 'Dark theme' }).getAttribute('aria-pressed'),
    ).toBe('true')
    // The kit's cards (the default privileges form sits on one) follow the theme.
    await c.page.goto(`${c.running.url}/pages/grants-defaults`)
    const form = c.page.locator('[data-testid=default-form]')
    await form.waitFor()
    const surface = await form.evaluate((el) => {
      for (let e: Element | null = el; e; e = e.parentElement) {
        const bg = getComputedStyle(e).backgroundColor
        if (bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') return bg
      }
      return ''
    })
    expect(surface).toBe('rgb(17, 24, 39)')
    expect(await checkPages('dark')).toBe('')
  }, 300_000)
})

import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchBrowser, signInPage } from './browser.js'
import { closeConsole, openConsole, type TestConsole } from './console.js'

export interface BrowserConsole extends TestConsole {
  readonly browser: Browser
  readonly page: Page
  /** What Chromium refused under the console's Content-Security-Policy, on any page. */
  readonly cspViolations: string[]
}

/** The refusals seen by each browser openBrowserConsole started, for closeBrowserConsole. */
const refusals = new WeakMap<Browser, string[]>()

/** Records the Content-Security-Policy refusals Chromium reports on `page`'s console. */
export function watchCsp(page: Page, into: string[]): void {
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      into.push(`${page.url()}: ${message.text()}`)
    }
  })
}

/**
 * A console on its own embedded PostgreSQL with the demo, the fixture SQL run as a superuser,
 * and a Chromium page — signed in as the given console user when one is named. Every page the
 * test opens is watched for Content-Security-Policy refusals: closeBrowserConsole fails on any.
 *
 * @example ({ running, admin, browser, page } = await openBrowserConsole({ signIn: ['bob', 'bob-planetary'] }))
 */
export async function openBrowserConsole(
  options: { signIn?: [string, string]; setupSql?: string; width?: number } = {},
): Promise<BrowserConsole> {
  const { running, admin } = await openConsole(options.setupSql)
  let browser: Browser | undefined
  try {
    browser = await launchBrowser()
    const page = await browser.newPage({ viewport: { width: options.width ?? 1400, height: 1000 } })
    const cspViolations: string[] = []
    refusals.set(browser, cspViolations)
    watchCsp(page, cspViolations)
    if (options.signIn) await signInPage(page, running.url, ...options.signIn)
    return { running, admin, browser, page, cspViolations }
  } catch (err) {
    // Whatever started is stopped: a failed start leaves no PostgreSQL or Chromium behind.
    await browser?.close().catch(() => undefined)
    await closeConsole({ running, admin }).catch(() => undefined)
    throw err
  }
}

/**
 * Closes what openBrowserConsole opened, whatever of it exists, then fails if a page broke the
 * Content-Security-Policy: the console's own code must run under it untouched.
 */
export async function closeBrowserConsole(c: Partial<BrowserConsole>): Promise<void> {
  const seen = c.cspViolations ?? (c.browser ? refusals.get(c.browser) : undefined) ?? []
  await c.browser?.close()
  await closeConsole(c)
  if (seen.length) throw new Error(`Content-Security-Policy refusals:\n${seen.join('\n')}`)
}

/**
 * openBrowserConsole before the file's tests and closeBrowserConsole after them. The object
 * returned is filled in by the time the tests run: read `c.page`, `c.running`, `c.admin` in them.
 *
 * @example
 * const c = useBrowserConsole({ signIn: ['bob', 'bob-planetary'] })
 * it('…', async () => { await c.page.goto(c.running.url) })
 */
export function useBrowserConsole(
  options: Parameters<typeof openBrowserConsole>[0] = {},
): BrowserConsole {
  const live = {} as { -readonly [K in keyof BrowserConsole]: BrowserConsole[K] }
  beforeAll(async () => {
    Object.assign(live, await openBrowserConsole(options))
  }, 180_000)
  afterAll(async () => {
    if (live.running) await closeBrowserConsole(live)
  }, 60_000)
  return live
}

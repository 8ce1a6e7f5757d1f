import type { Browser, Page } from 'playwright-core'
import { launchBrowser, signInPage } from './browser.js'
import { closeConsole, openConsole, type TestConsole } from './console.js'

export interface BrowserConsole extends TestConsole {
  readonly browser: Browser
  readonly page: Page
}

/**
 * A console on its own embedded PostgreSQL with the demo, the fixture SQL run as a superuser,
 * and a Chromium page — signed in as the given console user when one is named.
 *
 * @example ({ running, admin, browser, page } = await openBrowserConsole({ signIn: ['bob', 'bob-planetary'] }))
 */
export async function openBrowserConsole(
  options: { signIn?: [string, string]; setupSql?: string; width?: number } = {},
): Promise<BrowserConsole> {
  const { running, admin } = await openConsole(options.setupSql)
  const browser = await launchBrowser()
  const page = await browser.newPage({ viewport: { width: options.width ?? 1400, height: 1000 } })
  if (options.signIn) await signInPage(page, running.url, ...options.signIn)
  return { running, admin, browser, page }
}

/** Closes what openBrowserConsole opened, whatever of it exists. */
export async function closeBrowserConsole(c: Partial<BrowserConsole>): Promise<void> {
  await c.browser?.close()
  await closeConsole(c)
}

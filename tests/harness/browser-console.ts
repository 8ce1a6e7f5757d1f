import type { Browser, Page } from 'playwright-core'
import { createPool, type Pool } from '../../core/db/pool.js'
import { launchBrowser, signInPage } from './browser.js'
import { startTestConsole } from './console.js'

export interface BrowserConsole {
  readonly running: Awaited<ReturnType<typeof startTestConsole>>
  /** Superuser pool on the console's embedded database: for fixtures and checks only. */
  readonly admin: Pool
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
  const running = await startTestConsole()
  const admin = createPool(running.embedded?.url() as string, { max: 2 })
  if (options.setupSql) await admin.query(options.setupSql)
  const browser = await launchBrowser()
  const page = await browser.newPage({ viewport: { width: options.width ?? 1400, height: 1000 } })
  if (options.signIn) await signInPage(page, running.url, ...options.signIn)
  return { running, admin, browser, page }
}

/** Closes what openBrowserConsole opened, whatever of it exists. */
export async function closeBrowserConsole(c: Partial<BrowserConsole>): Promise<void> {
  await c.browser?.close()
  await c.admin?.end()
  await c.running?.stop()
}

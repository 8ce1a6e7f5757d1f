import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

export const CHROMIUM = process.env.PLANETARY_CHROMIUM ?? '/usr/bin/chromium'
export const OUTPUT_DIR = join(process.cwd(), 'test-output', 'screenshots')

/** Debian's Chromium, headless, with the flags that keep it off the (closed) network. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: apt-get install chromium (bash .ci/run does)`,
    )
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/**
 * Keeps a full-page screenshot under test-output/screenshots/<name>.png. Headless Chromium on a
 * busy machine now and then never delivers the frame a full-page capture waits for (the page
 * is resized to its full height first); the picture is then taken once more, of the viewport,
 * which needs no new layout. A second failure fails the test.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(OUTPUT_DIR, { recursive: true })
  const path = join(OUTPUT_DIR, `${name}.png`)
  try {
    await page.screenshot({ path, fullPage: true, animations: 'disabled', timeout: 15_000 })
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'TimeoutError') throw error
    console.warn(`screenshot ${name}: the full page timed out; taking the viewport`)
    await page.screenshot({ path, animations: 'disabled', timeout: 30_000 })
  }
  return path
}

/** Signs in through the login form, as a person would. */
export async function signInPage(
  page: Page,
  base: string,
  name: string,
  password: string,
): Promise<void> {
  await page.goto(`${base}/login`)
  await page.fill('input[name=email]', name)
  await page.fill('input[name=password]', password)
  // AdminJS's login button has no type attribute.
  await page.click('form button')
  await page.waitForURL((url) => !url.pathname.endsWith('/login'))
}

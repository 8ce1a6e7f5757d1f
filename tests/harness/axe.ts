import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { AxeResults, ImpactValue, RunOptions } from 'axe-core'
import type { Page } from 'playwright-core'

/** axe-core's browser bundle, read once. */
let axeSource: string | undefined
const source = (): string =>
  (axeSource ??= readFileSync(
    createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
    'utf8',
  ))

/** One failing rule on a page, with the elements it failed on. */
export interface AxeViolation {
  readonly rule: string
  readonly impact: ImpactValue
  readonly help: string
  /** One entry per element: its CSS selector path and axe's summary of what is wrong. */
  readonly nodes: readonly { readonly target: string; readonly summary: string }[]
}

/** What counts: the violations a person using assistive technology cannot work around. */
const BLOCKING: readonly ImpactValue[] = ['serious', 'critical']

/**
 * Runs axe-core in `page` and returns its serious and critical violations. The source is
 * evaluated through the DevTools protocol (page.evaluate), not as an inline <script>: the
 * console's Content-Security-Policy refuses inline scripts without the page's nonce, and this
 * path is not subject to it, so the page's CSP stays as strict in the test as in production.
 *
 * @example const violations = await axeViolations(page) // [] when the page passes
 */
export async function axeViolations(
  page: Page,
  options: { exclude?: string[] } = {},
): Promise<AxeViolation[]> {
  const loaded = await page.evaluate('typeof window.axe === "object"')
  if (!loaded) await page.evaluate(source())
  const runOptions: RunOptions = {
    resultTypes: ['violations'],
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }
  const results = await page.evaluate(
    async ([exclude, opts]) => {
      const axe = (
        window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<unknown> } }
      ).axe
      const context = exclude.length ? { exclude: exclude.map((s) => [s]) } : document
      return (await axe.run(context, opts)) as unknown
    },
    [options.exclude ?? [], runOptions] as const,
  )
  return (results as AxeResults).violations
    .filter((v) => v.impact && BLOCKING.includes(v.impact))
    .map((v) => ({
      rule: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n) => ({
        target: n.target.map(String).join(' >> '),
        summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
      })),
    }))
}

/** A readable list of violations, one rule per paragraph, one element per line. */
export function formatViolations(label: string, violations: readonly AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `[${label}] ${v.rule} (${v.impact}): ${v.help}\n` +
        v.nodes.map((n) => `    ${n.target} — ${n.summary}`).join('\n'),
    )
    .join('\n')
}

/**
 * Fails when `page` has any serious or critical axe-core violation, listing each rule and the
 * elements it failed on. `label` names the page in the message.
 *
 * @example await expectAccessible(page, 'karen: invoices list')
 */
export async function expectAccessible(
  page: Page,
  label: string,
  options: { exclude?: string[] } = {},
): Promise<void> {
  const violations = await axeViolations(page, options)
  if (violations.length) {
    throw new Error(`Accessibility violations on ${label}:\n${formatViolations(label, violations)}`)
  }
}

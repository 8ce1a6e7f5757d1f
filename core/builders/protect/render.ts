import type { Plan } from '../../executor/statement.js'
import { renderStatic } from '../../sql/sql.js'

/** One statement of a plan as the live SQL preview shows it. */
export interface RenderedStatement {
  readonly kind: string
  readonly summary: string
  readonly destructive: boolean
  readonly sql: string
}

/**
 * The live SQL of a plan, statement by statement (what previews and the change log show:
 * `display` where a statement hides a secret).
 *
 * @example renderPlan(await protectTablePlan(form, { draft: true })).map((s) => s.sql)
 */
export function renderPlan(plan: Plan): RenderedStatement[] {
  return plan.map((s) => ({
    kind: s.kind,
    summary: s.summary,
    destructive: s.destructive,
    sql: renderStatic(s.display ?? s.sql),
  }))
}

/** The whole plan as one script, statements ended by `;` — for copying, not for running. */
export function renderScript(plan: Plan): string {
  return plan.map((s) => `${renderStatic(s.display ?? s.sql)};\n`).join('\n')
}

import { ConsoleError } from '../errors.js'
import type { Plan } from '../executor/statement.js'
import type { PluginContext, PluginRequest } from './types.js'
import type { PlanMode } from './page.js'
import { applyReply, planReply, previewReply } from './replies.js'

/**
 * Shows a plan, dry-runs it (executor.preview, always rolled back) or applies it as the DDL role
 * in one transaction recorded in the change log under the console user's name.
 */
export async function runPlan(
  plan: Plan,
  mode: PlanMode,
  request: PluginRequest,
  ctx: PluginContext,
): Promise<Record<string, unknown>> {
  const shown = planReply(plan)
  if (mode === 'render') return shown
  if (request.method !== 'POST') throw new ConsoleError('Plans run only on POST')
  if (plan.length === 0) throw new ConsoleError('Nothing to change: the plan is empty')
  if (mode === 'preview')
    return { ...shown, preview: previewReply(await ctx.executor.preview(plan)) }
  return {
    ...shown,
    applied: applyReply(await ctx.executor.apply(plan, { name: request.user.name })),
  }
}

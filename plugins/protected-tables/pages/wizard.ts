import { InvalidInputError } from '../../../core/errors.js'
import type { PluginContext } from '../../../core/plugin/types.js'
import { readFormOptions } from '../catalog.js'
import { pageHandler, planMode } from '../page.js'
import { protectPlanOf } from '../plans.js'
import { planReply } from '../replies.js'
import { runPlan } from '../run-plan.js'
import { queryTable, tableFrom, tableReply } from './detail.js'

async function tableData(ctx: PluginContext, ref: unknown) {
  const { detail, stored } = await tableFrom(ctx, ref)
  return tableReply(detail, stored)
}

/**
 * The protect wizard: the form's options and the chosen table on load; on POST the live SQL
 * of the whole plan (`render`, drafts allowed, with the generated trigger bodies, the warnings
 * and what still blocks an apply), a dry run that also inserts a sample row through each view
 * taking INSERTs, and the apply (`protect`).
 */
export const wizardPage = pageHandler({
  async load(query, _request, ctx) {
    const ref = queryTable(query)
    return {
      options: await readFormOptions(ctx.pool, ctx.config.consoleSchema),
      ...(ref ? { table: await tableData(ctx, ref) } : {}),
    }
  },
  actions: {
    async table(payload, _request, ctx) {
      return { table: await tableData(ctx, payload.table) }
    },

    async render(payload, request, ctx) {
      const built = await protectPlanOf(ctx, payload.form, request.user.name, { draft: true })
      return {
        ...planReply(built.plan),
        skeletons: built.skeletons,
        warnings: built.warnings,
        blocking: built.blocking,
      }
    },

    async protect(payload, request, ctx) {
      const mode = planMode(payload)
      const built = await protectPlanOf(ctx, payload.form, request.user.name, {
        draft: mode === 'render',
        checks: mode === 'preview',
      })
      if (mode === 'apply' && built.warnings.length && payload.acknowledgeWarnings !== true) {
        // Never applied without warning: the wizard sends the acknowledgement Senior ticked.
        throw new InvalidInputError(
          `The plan has ${built.warnings.length === 1 ? 'a warning' : `${built.warnings.length} warnings`}: read ${built.warnings.length === 1 ? 'it' : 'them'} and apply again with acknowledgeWarnings`,
          built.warnings.reduce<Record<string, string>>((fields, w) => {
            const said = fields[w.field]
            fields[w.field] = `${said ? `${said} ` : ''}Warning: ${w.message}`
            return fields
          }, {}),
        )
      }
      const checks = built.checks.map((c) => c.statement)
      return {
        ...(await runPlan(built.plan, mode, request, ctx, built.locate, checks)),
        skeletons: built.skeletons,
        warnings: built.warnings,
        ...(mode === 'preview' ? { notExercised: built.notExercised } : {}),
      }
    },
  },
})

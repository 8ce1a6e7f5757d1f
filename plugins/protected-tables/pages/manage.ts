import { describeUnprotect } from '../../../core/builders/protect/unprotect.js'
import { InvalidInputError } from '../../../core/errors.js'
import { readFormOptions, readOperationBodies, type OperationBody } from '../catalog.js'
import { pageHandler, planMode } from '../page.js'
import {
  addViewPlanOf,
  bodyPlanOf,
  changeViewPlanOf,
  storedProtection,
  unprotectPlanOf,
} from '../plans.js'
import { runPlan } from '../run-plan.js'
import { queryTable, tableFrom, tableReply } from './detail.js'

/**
 * Later changes to a table the console protected: add a view, change a view's columns (what
 * would break is shown before apply), edit the bodies behind the INSTEAD OF triggers, and
 * unprotect with exactly what is restored.
 */
export const managePage = pageHandler({
  async load(query, _request, ctx) {
    const ref = queryTable(query)
    if (!ref) throw InvalidInputError.field('table', 'choose a protected table from the list')
    const { detail } = await tableFrom(ctx, ref)
    const stored = await storedProtection(ctx, detail.table)
    const bodies: OperationBody[][] = []
    for (const v of stored.record.views) bodies.push(await readOperationBodies(ctx.pool, v))
    return {
      options: await readFormOptions(ctx.pool, ctx.config.consoleSchema),
      table: tableReply(detail, stored),
      record: stored.record,
      views: stored.record.views.map((v, i) => ({
        ...v,
        spec: stored.viewSpecs[i] ?? null,
        bodies: bodies[i] ?? [],
      })),
      unprotect: describeUnprotect(stored.record),
    }
  },
  actions: {
    async 'add-view'(payload, request, ctx) {
      const built = await addViewPlanOf(ctx, payload.form, request.user.name)
      return {
        ...(await runPlan(built.plan, planMode(payload), request, ctx, built.locate)),
        skeletons: built.skeletons,
      }
    },

    async 'change-view'(payload, request, ctx) {
      const built = await changeViewPlanOf(ctx, payload.form, request.user.name)
      return {
        ...(await runPlan(built.plan, planMode(payload), request, ctx, built.locate)),
        skeletons: built.skeletons,
        change: { mode: built.mode, breaks: built.breaks },
      }
    },

    async body(payload, request, ctx) {
      const built = await bodyPlanOf(ctx, payload.form, request.user.name)
      return await runPlan(built.plan, planMode(payload), request, ctx, built.locate)
    },

    async unprotect(payload, request, ctx) {
      const built = await unprotectPlanOf(ctx, payload.form)
      return {
        ...(await runPlan(built.plan, planMode(payload), request, ctx, built.locate)),
        description: built.description,
      }
    },
  },
})

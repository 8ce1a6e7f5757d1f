import { readFormOptions } from '../catalog.js'
import { pageHandler, planMode } from '../page.js'
import { viewBuilderPlanOf } from '../plans.js'
import { planReply } from '../replies.js'
import { runPlan } from '../run-plan.js'
import { queryTable, tableFrom, tableReply } from './detail.js'

/** The view builder for any table, protected or not: the same form pieces as the wizard. */
export const viewBuilderPage = pageHandler({
  async load(query, _request, ctx) {
    const ref = queryTable(query)
    const table = ref ? await tableFrom(ctx, ref) : undefined
    return {
      options: await readFormOptions(ctx.pool, ctx.config.consoleSchema),
      ...(table ? { table: tableReply(table.detail, table.stored) } : {}),
    }
  },
  actions: {
    async table(payload, _request, ctx) {
      const { detail, stored } = await tableFrom(ctx, payload.table)
      return { table: tableReply(detail, stored) }
    },

    async render(payload, request, ctx) {
      const built = await viewBuilderPlanOf(ctx, payload.form, request.user.name)
      return { ...planReply(built.plan), skeletons: built.skeletons, protected: built.protected }
    },

    async build(payload, request, ctx) {
      const mode = planMode(payload)
      const built = await viewBuilderPlanOf(ctx, payload.form, request.user.name)
      return {
        ...(await runPlan(built.plan, mode, request, ctx, built.locate)),
        skeletons: built.skeletons,
      }
    },
  },
})

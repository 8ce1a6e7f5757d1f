import { ConsoleError } from '../../../core/errors.js'
import type { PluginContext, PluginRequest } from '../../../core/plugin/types.js'
import { readPolicyCatalog } from '../catalog.js'
import { pageHandler } from '../page.js'
import { runTester, testerRoles } from '../tester.js'

/** The tester reads rows as another role: only Bob's and Senior's personas may use it. */
function checkPersona(request: PluginRequest): void {
  if (!request.user.personas.some((p) => p === 'ops' || p === 'dev')) {
    throw new ConsoleError('The policy tester is for the ops and dev personas')
  }
}

async function choices(ctx: PluginContext) {
  const catalog = await readPolicyCatalog(ctx.pool, ctx.config.consoleSchema)
  const roles = await testerRoles(ctx.pool, {
    versionNum: ctx.serverVersionNum,
    ...(ctx.config.ddlRole ? { exclude: [ctx.config.ddlRole] } : {}),
  })
  const relations = [
    ...catalog.tables.map((t) => ({ schema: t.schema, name: t.name, kind: t.kind })),
    ...catalog.views.map((v) => ({ schema: v.schema, name: v.name, kind: v.kind })),
  ].sort((a, b) => a.schema.localeCompare(b.schema) || a.name.localeCompare(b.name))
  return { roles, relations }
}

/** Policy tester: rows of a table or view as a chosen role with chosen claims, read-only. */
export const testerPage = pageHandler({
  async load(_query, request, ctx) {
    checkPersona(request)
    return choices(ctx)
  },
  actions: {
    async run(payload, request, ctx) {
      checkPersona(request)
      const { roles, relations } = await choices(ctx)
      const result = await runTester(ctx.pool, payload, {
        user: request.user.name,
        allowedRoles: roles.map((r) => r.name),
        relations,
        statementTimeoutMs: Math.min(ctx.config.statementTimeoutMs || 10_000, 10_000),
      })
      return { result }
    },
  },
})

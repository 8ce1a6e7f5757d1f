import { ConsoleError } from '../../../core/errors.js'
import type { PluginContext, PluginRequest } from '../../../core/plugin/types.js'
import { UserStore } from '../../../core/users/users.js'
import { readPolicyCatalog } from '../catalog.js'
import { pageHandler } from '../page.js'
import { runTester, TESTER_NOT_CONFIGURED, testerRoles, withTesterConnection } from '../tester.js'

/** The tester reads rows as another role: only Bob's and Senior's personas may use it. */
function checkPersona(request: PluginRequest): void {
  if (!request.user.personas.some((p) => p === 'ops' || p === 'dev')) {
    throw new ConsoleError('The policy tester is for the ops and dev personas')
  }
}

/** The roles this user was given to test as, read now: a grant taken away counts at once. */
async function mayTest(request: PluginRequest, ctx: PluginContext): Promise<readonly string[]> {
  const user = await new UserStore(ctx.pool, ctx.config.consoleSchema).get(request.user.name)
  return user?.mayTest ?? []
}

const exclude = (ctx: PluginContext) => (ctx.config.ddlRole ? [ctx.config.ddlRole] : [])

async function relations(ctx: PluginContext) {
  const catalog = await readPolicyCatalog(ctx.pool, ctx.config.consoleSchema)
  return [
    ...catalog.tables.map((t) => ({ schema: t.schema, name: t.name, kind: t.kind })),
    ...catalog.views.map((v) => ({ schema: v.schema, name: v.name, kind: v.kind })),
  ].sort((a, b) => a.schema.localeCompare(b.schema) || a.name.localeCompare(b.name))
}

/**
 * Policy tester: rows of a table or view as a chosen role with chosen claims, read-only, on the
 * tester's own login. A user sees and may use only the roles they were given to test as that the
 * tester login may act as; every run is in the change log.
 */
export const testerPage = pageHandler({
  async load(_query, request, ctx) {
    checkPersona(request)
    const url = ctx.config.testerUrl
    if (!url) return { configured: false, message: TESTER_NOT_CONFIGURED, roles: [], relations: [] }
    const allowed = await mayTest(request, ctx)
    const roles = allowed.length
      ? await withTesterConnection(url, (client) =>
          testerRoles(client, { versionNum: ctx.serverVersionNum, exclude: exclude(ctx) }),
        )
      : []
    return {
      configured: true,
      roles: roles.filter((r) => allowed.includes(r.name)),
      relations: await relations(ctx),
    }
  },
  actions: {
    async run(payload, request, ctx) {
      checkPersona(request)
      const url = ctx.config.testerUrl
      if (!url) throw new ConsoleError(TESTER_NOT_CONFIGURED)
      const result = await runTester({ console: ctx.pool, testerUrl: url }, payload, {
        user: request.user.name,
        mayTest: await mayTest(request, ctx),
        relations: await relations(ctx),
        versionNum: ctx.serverVersionNum,
        exclude: exclude(ctx),
        consoleSchema: ctx.config.consoleSchema,
        statementTimeoutMs: Math.min(ctx.config.statementTimeoutMs || 10_000, 10_000),
      })
      return { result }
    },
  },
})

import { z } from 'zod'
import { nameSchema } from '../../../core/builders/names.js'
import { dropPolicy } from '../../../core/builders/policy.js'
import { InvalidInputError } from '../../../core/errors.js'
import type { Policy } from '../../../core/introspect/index.js'
import { findTable, readPolicyCatalog, type PolicyCatalog } from '../catalog.js'
import { validateAt } from '../expression.js'
import { pageHandler, planMode } from '../page.js'
import { runPlan } from '../run-plan.js'

export function policyRow(p: Policy, catalog: Pick<PolicyCatalog, 'tables'>) {
  const table = catalog.tables.find((t) => t.schema === p.schema && t.name === p.table)
  return {
    schema: p.schema,
    table: p.table,
    name: p.name,
    command: p.command.toUpperCase(),
    permissive: p.permissive,
    roles: p.roles,
    using: p.using,
    withCheck: p.withCheck,
    rlsEnabled: table?.rowSecurity.enabled ?? false,
    rlsForced: table?.rowSecurity.forced ?? false,
  }
}

const dropSchema = z.object({
  table: z.object({ schema: nameSchema, name: nameSchema }),
  name: nameSchema,
})

/** Every policy, filterable by table, role and command, with drop (edit and create open the editor). */
export const policyListPage = pageHandler({
  async load(_query, _request, ctx) {
    const catalog = await readPolicyCatalog(ctx.pool, ctx.config.consoleSchema)
    return {
      policies: catalog.policies.map((p) => policyRow(p, catalog)),
      tables: catalog.tables.map((t) => ({ schema: t.schema, name: t.name })),
      roles: ['public', ...catalog.roles.map((r) => r.name)],
    }
  },
  actions: {
    async drop(payload, request, ctx) {
      const form = validateAt(dropSchema, payload, '')
      const mode = planMode(payload)
      const catalog = await readPolicyCatalog(ctx.pool, ctx.config.consoleSchema, {
        schemas: [form.table.schema],
      })
      const table = findTable(catalog, form.table)
      const policies = catalog.policies.filter(
        (p) => p.schema === table.schema && p.table === table.name,
      )
      if (!policies.some((p) => p.name === form.name)) {
        throw InvalidInputError.field(
          'name',
          `no policy ${form.name} on ${table.schema}.${table.name}`,
        )
      }
      const warnings =
        table.rowSecurity.enabled && policies.length === 1
          ? [
              `This is the last policy on ${table.schema}.${table.name}: with RLS on, every role but the owner will get no rows.`,
            ]
          : []
      return { ...(await runPlan(dropPolicy(form.table, form.name), mode, request, ctx)), warnings }
    },
  },
})

import { z } from 'zod'
import { nameSchema } from '../../../core/builders/names.js'
import { dropPolicy } from '../../../core/builders/policy.js'
import { InvalidInputError } from '../../../core/errors.js'
import type { Policy } from '../../../core/introspect/index.js'
import type { PluginContext } from '../../../core/plugin/types.js'
import { findTable, readPolicyCatalog, type PolicyCatalog } from '../catalog.js'
import {
  disablePolicy,
  enablePolicy,
  ensureDisabledTable,
  forgetDisabled,
  readDisabled,
  type DisabledPolicy,
} from '../disabled.js'
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

const policyRefSchema = z.object({
  table: z.object({ schema: nameSchema, name: nameSchema }),
  name: nameSchema,
})

type PolicyRef = z.output<typeof policyRefSchema>

/** A table named by a form and the policies it has now (a refusal if it is not a table). */
async function tablePolicies(ref: PolicyRef, ctx: PluginContext) {
  const catalog = await readPolicyCatalog(ctx.pool, ctx.config.consoleSchema, {
    schemas: [ref.table.schema],
  })
  const table = findTable(catalog, ref.table)
  const policies = catalog.policies.filter(
    (p) => p.schema === table.schema && p.table === table.name,
  )
  return { table, policy: policies.find((p) => p.name === ref.name), policies }
}

/** The policy a drop or disable names, and the warning when it is its table's last one. */
async function livePolicy(ref: PolicyRef, ctx: PluginContext) {
  const { table, policy, policies } = await tablePolicies(ref, ctx)
  if (!policy) {
    throw InvalidInputError.field('name', `no policy ${ref.name} on ${table.schema}.${table.name}`)
  }
  const warnings =
    table.rowSecurity.enabled && policies.length === 1
      ? [
          `This is the last policy on ${table.schema}.${table.name}: with RLS on, every role but the owner will get no rows.`,
        ]
      : []
  return { policy, warnings }
}

/** The kept definition of the policy a form names, if there is one. */
async function findKept(ref: PolicyRef, ctx: PluginContext): Promise<DisabledPolicy | undefined> {
  return (await readDisabled(ctx.pool, ctx.config.consoleSchema)).find(
    (d) => d.schema === ref.table.schema && d.table === ref.table.name && d.name === ref.name,
  )
}

/** The kept definition a form names, or a refusal on `name`. */
async function keptPolicy(ref: PolicyRef, ctx: PluginContext): Promise<DisabledPolicy> {
  const kept = await findKept(ref, ctx)
  if (!kept) {
    throw InvalidInputError.field(
      'name',
      `no disabled policy ${ref.name} on ${ref.table.schema}.${ref.table.name}`,
    )
  }
  return kept
}

/**
 * Every policy, filterable by table, role and command, with drop and disable (edit and create
 * open the editor); the disabled ones beside them, to enable again or forget.
 */
export const policyListPage = pageHandler({
  async load(_query, _request, ctx) {
    const catalog = await readPolicyCatalog(ctx.pool, ctx.config.consoleSchema)
    return {
      policies: catalog.policies.map((p) => policyRow(p, catalog)),
      disabled: await readDisabled(ctx.pool, ctx.config.consoleSchema),
      tables: catalog.tables.map((t) => ({ schema: t.schema, name: t.name })),
      roles: ['public', ...catalog.roles.map((r) => r.name)],
    }
  },
  actions: {
    async drop(payload, request, ctx) {
      const form = validateAt(policyRefSchema, payload, '')
      const { warnings } = await livePolicy(form, ctx)
      const mode = planMode(payload)
      return { ...(await runPlan(dropPolicy(form.table, form.name), mode, request, ctx)), warnings }
    },

    async disable(payload, request, ctx) {
      const form = validateAt(policyRefSchema, payload, '')
      const { policy, warnings } = await livePolicy(form, ctx)
      if (await findKept(form, ctx)) {
        throw InvalidInputError.field(
          'name',
          `a disabled policy ${policy.name} on ${policy.schema}.${policy.table} is already kept: enable or forget it first`,
        )
      }
      const mode = planMode(payload)
      if (mode !== 'render') await ensureDisabledTable(ctx, request.user)
      const plan = disablePolicy(ctx.config.consoleSchema, policy, request.user.name)
      return { ...(await runPlan(plan, mode, request, ctx)), warnings }
    },

    async enable(payload, request, ctx) {
      const form = validateAt(policyRefSchema, payload, '')
      const kept = await keptPolicy(form, ctx)
      const { table, policy } = await tablePolicies(form, ctx)
      if (policy) {
        throw InvalidInputError.field(
          'name',
          `${table.schema}.${table.name} has a policy named ${form.name} again: rename or drop it first`,
        )
      }
      const warnings = table.rowSecurity.enabled
        ? []
        : [
            `Row level security is off on ${table.schema}.${table.name}: the policy has no effect until it is enabled.`,
          ]
      const plan = await enablePolicy(ctx.config.consoleSchema, kept)
      return { ...(await runPlan(plan, planMode(payload), request, ctx)), warnings }
    },

    async forget(payload, request, ctx) {
      const form = validateAt(policyRefSchema, payload, '')
      await keptPolicy(form, ctx)
      const plan = [forgetDisabled(ctx.config.consoleSchema, form.table, form.name)]
      return runPlan(plan, planMode(payload), request, ctx)
    },
  },
})

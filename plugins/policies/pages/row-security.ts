import { z } from 'zod'
import { nameSchema } from '../../../core/builders/names.js'
import { setRowLevelSecurity } from '../../../core/builders/policy.js'
import type { Statement } from '../../../core/executor/statement.js'
import type { Table } from '../../../core/introspect/index.js'
import { findTable, readPolicyCatalog, type PolicyCatalog } from '../catalog.js'
import { validateAt } from '../expression.js'
import { pageHandler, planMode } from '../page.js'
import { runPlan } from '../run-plan.js'

export const RLS_CHANGES = ['enable', 'disable', 'force', 'unforce'] as const
export type RlsChange = (typeof RLS_CHANGES)[number]

const changeSchema = z.object({
  table: z.object({ schema: nameSchema, name: nameSchema }),
  change: z.enum(RLS_CHANGES),
})

function tableRow(t: Table, catalog: PolicyCatalog) {
  const policies = catalog.policies.filter((p) => p.schema === t.schema && p.table === t.name)
  return {
    schema: t.schema,
    name: t.name,
    owner: t.owner,
    kind: t.kind,
    enabled: t.rowSecurity.enabled,
    forced: t.rowSecurity.forced,
    policyCount: policies.length,
    policies: policies.map((p) => p.name),
  }
}

/**
 * The statements for one toggle. Forcing turns RLS on as well (forcing alone does nothing);
 * stopping to force leaves ENABLE / DISABLE as it is.
 */
export function rlsChangePlan(table: Table, change: RlsChange): Statement[] {
  const ref = { schema: table.schema, name: table.name }
  switch (change) {
    case 'enable':
      return setRowLevelSecurity(ref, { enabled: true })
    case 'disable':
      return setRowLevelSecurity(ref, { enabled: false })
    case 'force':
      return table.rowSecurity.enabled
        ? setRowLevelSecurity(ref, { enabled: true, forced: true }).slice(1)
        : setRowLevelSecurity(ref, { enabled: true, forced: true })
    case 'unforce':
      // The builder restates ENABLE / DISABLE first; only the NO FORCE statement is wanted.
      return setRowLevelSecurity(ref, { enabled: table.rowSecurity.enabled, forced: false }).slice(
        1,
      )
    default: {
      const never: never = change
      throw new TypeError(`unknown change ${String(never)}`)
    }
  }
}

function warnings(table: Table, change: RlsChange, policyCount: number): string[] {
  const label = `${table.schema}.${table.name}`
  const out: string[] = []
  if ((change === 'enable' || change === 'force') && policyCount === 0) {
    out.push(
      `${label} has no policy yet: with RLS on, every role but the owner gets no rows (default deny).`,
    )
  }
  if (change === 'disable' && policyCount > 0) {
    out.push(
      `${policyCount} polic${policyCount === 1 ? 'y stops' : 'ies stop'} applying: every role with privileges on ${label} sees and changes every row.`,
    )
  }
  if (change === 'force') {
    out.push(
      `The owner (${table.owner}) is filtered too, and so is every view it owns that reads ${label}.`,
    )
  }
  if (change === 'unforce') {
    out.push(`The owner (${table.owner}) and views it owns read ${label} unfiltered again.`)
  }
  return out
}

/** Row level security per table: state, policy count, and enable / disable / force / unforce. */
export const rowSecurityPage = pageHandler({
  async load(_query, _request, ctx) {
    const catalog = await readPolicyCatalog(ctx.pool, ctx.config.consoleSchema)
    return { tables: catalog.tables.map((t) => tableRow(t, catalog)) }
  },
  actions: {
    async change(payload, request, ctx) {
      const form = validateAt(changeSchema, payload, '')
      const mode = planMode(payload)
      const consoleSchema = ctx.config.consoleSchema
      const catalog = await readPolicyCatalog(ctx.pool, consoleSchema, {
        schemas: [form.table.schema],
      })
      const table = findTable(catalog, form.table)
      const row = tableRow(table, catalog)
      const result = await runPlan(rlsChangePlan(table, form.change), mode, request, ctx)
      const after =
        mode === 'apply'
          ? await readPolicyCatalog(ctx.pool, consoleSchema, { schemas: [table.schema] })
          : undefined
      const now = after ? findTable(after, form.table) : undefined
      return {
        ...result,
        warnings: warnings(table, form.change, row.policyCount),
        table: now && after ? tableRow(now, after) : row,
      }
    },
  },
})

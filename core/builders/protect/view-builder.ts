import { z } from 'zod'
import { plan, type Plan, type Statement } from '../../executor/statement.js'
import { createPolicy, setRowLevelSecurity } from '../policy.js'
import { validate } from '../validate.js'
import { policySpecSchema, targetFields, viewSchema } from './input.js'
import { resolvePolicies } from './policies.js'
import { Refusals } from './refusals.js'
import { resolveTarget, resolveView } from './resolve.js'
import { viewStatements } from './view-plan.js'

export const viewBuilderFields = z.object({
  ...targetFields,
  view: viewSchema,
  /** Policies on the base table (PostgreSQL's RLS lives on tables; views pass it through). */
  policies: z.array(policySpecSchema).default([]),
  /** Set to change row level security on the base table; left out, it stays as it is. */
  rowLevelSecurity: z.object({ enabled: z.boolean(), forced: z.boolean().optional() }).optional(),
  /** The table is protected: apply the protect rules (writes only through triggers, no invoker). */
  protected: z.boolean().default(false),
})

export type ViewBuilderInput = z.input<typeof viewBuilderFields>

/**
 * The view builder (PRD §5.2) for any table, protected or not: pick columns, redact some,
 * assign roles, generate policies. Shares the view, trigger, grant and policy code of
 * `protectTablePlan`; its rules apply only with `protected: true`, since a security_invoker view
 * or an automatically updatable view without triggers is fine on a table the callers may read.
 *
 * @example
 * await viewBuilderPlan({ table, columns, view: { name: 'customer_v', securityInvoker: true,
 *   columns: [{ mode: 'include', name: 'id' }, { mode: 'redact', name: 'email', redaction: { fn: 'mask_email' } }],
 *   grants: [{ role: 'web_anon', privileges: ['SELECT'] }] } })
 */
export async function viewBuilderPlan(input: ViewBuilderInput): Promise<Plan> {
  const p = validate(viewBuilderFields, input)
  const refusals = new Refusals()
  const target = resolveTarget(p, refusals)
  const view = await resolveView(target, p.view, 'view', { protected: p.protected }, refusals)
  refusals.throwIfAny()
  const policies = await resolvePolicies(target, p.policies)
  const out: Statement[] = []
  if (p.rowLevelSecurity) out.push(...setRowLevelSecurity(p.table, p.rowLevelSecurity))
  for (const policy of policies) out.push(...createPolicy(policy))
  out.push(...(await viewStatements(target, view, { replaceView: false, replaceFunctions: false })))
  return plan(...out)
}

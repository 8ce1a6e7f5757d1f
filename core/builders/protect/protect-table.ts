import { z } from 'zod'
import { plan, type Plan, type Statement } from '../../executor/statement.js'
import { installRedactionPlan } from '../../redaction/install.js'
import { nameSchema, qualifiedSchema } from '../names.js'
import { createPolicy, setRowLevelSecurity } from '../policy.js'
import { validate } from '../validate.js'
import { revokeAll, uniqueRoles } from './grants.js'
import {
  previousGrantSchema,
  protectFields,
  rlsStateSchema,
  TRIGGER_OPERATIONS,
  type ProtectInput,
  type View,
} from './input.js'
import { resolvePolicies } from './policies.js'
import { Refusals } from './refusals.js'
import { resolveTarget, resolveView, type ResolvedTarget, type ResolvedView } from './resolve.js'
import { viewStatements } from './view-plan.js'

/** Resolves a list of views, refusing two with the same schema-qualified name. */
export async function resolveViews(
  target: ResolvedTarget,
  views: readonly View[],
  prefix: string,
  rules: { protected: boolean },
  refusals: Refusals,
): Promise<ResolvedView[]> {
  const seen = new Set<string>()
  const out: ResolvedView[] = []
  for (const [i, v] of views.entries()) {
    const key = JSON.stringify([v.schema ?? target.table.schema, v.name])
    if (seen.has(key))
      refusals.add(`${prefix}.${i}.name`, `a view "${v.name}" is already in this plan`)
    seen.add(key)
    out.push(await resolveView(target, v, `${prefix}.${i}`, rules, refusals))
  }
  return out
}

export interface ProtectOptions {
  /**
   * For the live SQL preview while the wizard is being filled in: allows a plan with no view
   * and no policy yet. Applying a plan built in draft mode is refused by nothing but sense.
   */
  readonly draft?: boolean
}

/**
 * The Protected Table Contract (PRD §4.1) as one plan: REVOKE ALL on the raw table from PUBLIC,
 * the app roles and everyone holding a grant; ENABLE + FORCE row level security with the
 * policies (FORCE, because the views read the table as its owner); then per view: CREATE VIEW
 * with included / redacted columns, the raw table's defaults, SECURITY DEFINER trigger
 * functions (skeleton or Senior's body, each parsed), INSTEAD OF triggers, and grants.
 *
 * @example
 * await protectTablePlan({
 *   table: { schema: 'app', name: 'invoice_raw' }, columns, primaryKey: ['id'],
 *   appRoles: ['karen', 'bob'], previousGrants,
 *   policies: [{ name: 'tenant_isolation', template: { id: 'tenant', params: { type: 'int', source: 'app' } } }],
 *   views: [{ name: 'invoice_v', columns: [{ mode: 'include', name: 'id' }, …],
 *     grants: [{ role: 'karen', privileges: ['SELECT', 'INSERT'] }], triggers: { insert: {} } }],
 * })
 */
export async function protectTablePlan(
  input: ProtectInput,
  options: ProtectOptions = {},
): Promise<Plan> {
  const p = validate(protectFields, input)
  const refusals = new Refusals()
  const target = resolveTarget(p, refusals)
  if (!options.draft && p.views.length === 0) {
    refusals.add('views', 'declare at least one view: it will be the only way to the rows')
  }
  if (!options.draft && p.policies.length === 0) {
    refusals.add(
      'policies',
      'give at least one policy: forced row level security without one lets no row through (use `true` to allow all)',
    )
  }
  p.appRoles.forEach((r, i) => {
    if (p.owner !== undefined && r === p.owner) {
      refusals.add(
        `appRoles.${i}`,
        `${r} owns the table and the views read it as ${r}: it keeps its privileges`,
      )
    }
  })
  const views = await resolveViews(target, p.views, 'views', { protected: true }, refusals)
  refusals.throwIfAny()
  const policies = await resolvePolicies(target, p.policies)

  const out: Statement[] = []
  if (p.installRedaction) out.push(...installRedactionPlan(p.redactionSchema))
  out.push(revokeAll(p.table, revokedRoles(p)))
  out.push(...setRowLevelSecurity(p.table, { enabled: true, forced: true }))
  for (const policy of policies) out.push(...createPolicy(policy))
  for (const view of views) {
    out.push(
      ...(await viewStatements(target, view, { replaceView: false, replaceFunctions: false })),
    )
  }
  return plan(...out)
}

/** PUBLIC, the app roles and every role holding a grant now — never the owner. */
function revokedRoles(p: {
  appRoles: readonly string[]
  previousGrants: readonly { grantee: string }[]
  owner?: string | undefined
}): string[] {
  return uniqueRoles(['PUBLIC', ...p.appRoles, ...p.previousGrants.map((g) => g.grantee)]).filter(
    (r) => r !== p.owner,
  )
}

export const protectionRecordSchema = z.object({
  table: qualifiedSchema,
  revokedFrom: z.array(nameSchema).default([]),
  previousGrants: z.array(previousGrantSchema).default([]),
  previousRls: rlsStateSchema.default({ enabled: false, forced: false }),
  /** Policies the protect plan created. */
  policies: z.array(nameSchema).default([]),
  views: z
    .array(
      z.object({
        schema: nameSchema,
        name: nameSchema,
        triggers: z
          .array(
            z.object({
              operation: z.enum(TRIGGER_OPERATIONS),
              language: z.enum(['plpgsql', 'sql']),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
})

export type ProtectionRecordInput = z.input<typeof protectionRecordSchema>
export type ProtectionRecord = z.output<typeof protectionRecordSchema>

/**
 * What a protect plan took away and what it created, for `unprotectPlan`: store it with the
 * table (the change log keeps the plan itself). After `addViewPlan`, append the view to `views`
 * (or call this again with the added view in the input).
 */
export function protectionRecord(input: ProtectInput): ProtectionRecord {
  const p = validate(protectFields, input)
  return {
    table: p.table,
    revokedFrom: revokedRoles(p),
    previousGrants: p.previousGrants,
    previousRls: p.previousRls,
    policies: p.policies.map((x) => x.name),
    views: p.views.map((v) => ({
      schema: v.schema ?? p.table.schema,
      name: v.name,
      triggers: TRIGGER_OPERATIONS.flatMap((operation) => {
        const t = v.triggers[operation]
        return t ? [{ operation, language: t.language }] : []
      }),
    })),
  }
}

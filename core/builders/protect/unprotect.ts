import { plan, statement, type Plan, type Statement } from '../../executor/statement.js'
import { display } from '../names.js'
import { dropPolicy, setRowLevelSecurity } from '../policy.js'
import { validate } from '../validate.js'
import { restoreGrants } from './grants.js'
import {
  protectionRecordSchema,
  type ProtectionRecord,
  type ProtectionRecordInput,
} from './protect-table.js'
import { dropOperationFunction, dropTriggerFunction } from './trigger-functions.js'
import { dropView } from './view.js'

/**
 * Undoes a protect plan from its record: drops the views (their triggers go with them) and
 * the trigger and SQL operation functions, drops the policies it created, puts row level
 * security back as it was, and gives back every grant recorded before protecting. A view
 * something else depends on stops the plan in preview, naming the dependent.
 */
export function unprotectPlan(input: ProtectionRecordInput): Plan {
  const r = validate(protectionRecordSchema, input)
  const out: Statement[] = []
  for (const v of r.views) {
    // SQL operation functions take the view's row type: they must go before the view.
    for (const t of v.triggers)
      if (t.language === 'sql') out.push(dropOperationFunction(v, t.operation))
    out.push(dropView(v))
    for (const t of v.triggers) out.push(dropTriggerFunction(v, t.operation))
  }
  for (const name of r.policies) out.push(...dropPolicy(r.table, name))
  out.push(
    ...setRowLevelSecurity(r.table, {
      enabled: r.previousRls.enabled,
      forced: r.previousRls.forced,
    }).map((s) => statement({ ...s, summary: `Restore: ${s.summary}` })),
  )
  out.push(...restoreGrants(r.table, r.previousGrants))
  return plan(...out)
}

/** What unprotecting gives back and what it removes, one line each, for the confirmation page. */
export function describeUnprotect(input: ProtectionRecordInput): {
  readonly restores: readonly string[]
  readonly drops: readonly string[]
} {
  const r: ProtectionRecord = validate(protectionRecordSchema, input)
  const table = display(r.table)
  const restores = [
    `row level security on ${table}: ${r.previousRls.enabled ? 'enabled' : 'disabled'}, ${r.previousRls.forced ? 'forced' : 'not forced'} for the owner`,
    ...restoreGrants(r.table, r.previousGrants).map((s) =>
      s.summary.replace(/^Restore: Grant /, ''),
    ),
  ]
  if (r.previousGrants.length === 0)
    restores.push(`no grants: nobody but the owner held any on ${table}`)
  const drops = [
    ...r.views.map(
      (v) =>
        `view ${v.schema}.${v.name}${v.triggers.length ? ` with its ${v.triggers.map((t) => t.operation.toUpperCase()).join(', ')} triggers and their functions` : ''}`,
    ),
    ...r.policies.map((p) => `policy ${p} on ${table}`),
  ]
  return { restores, drops }
}

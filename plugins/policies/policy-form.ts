import { z } from 'zod'
import { nameSchema } from '../../core/builders/names.js'
import {
  alterPolicy,
  createPolicy,
  parsePolicy,
  POLICY_COMMANDS,
  setRowLevelSecurity,
  type Policy,
} from '../../core/builders/policy.js'
import { InvalidInputError } from '../../core/errors.js'
import type { Statement } from '../../core/executor/statement.js'
import type { Column, Policy as CatalogPolicy, Table } from '../../core/introspect/index.js'
import { checkExpression } from './column-refs.js'
import { expressionText, validateAt } from './expression.js'

/** The editor's form as it is posted: everything the person typed, kept as typed. */
export const policyFormSchema = z.object({
  /** The policy being edited, as it is in the catalog; absent for a new policy. */
  original: z.object({ schema: nameSchema, table: nameSchema, name: nameSchema }).optional(),
  table: z.object({ schema: nameSchema, name: nameSchema }),
  name: nameSchema,
  command: z.enum(POLICY_COMMANDS).default('ALL'),
  permissive: z.boolean().default(true),
  roles: z.array(nameSchema).default([]),
  using: z.unknown().optional(),
  withCheck: z.unknown().optional(),
  /** Also enable row level security on the table when it is off. */
  enableRls: z.boolean().default(false),
})

export type PolicyForm = z.input<typeof policyFormSchema>

/** What the form means in the database right now: its table and what the table already has. */
export interface PolicyTarget {
  readonly table: Table
  readonly columns: readonly Column[]
  readonly policies: readonly CatalogPolicy[]
  /** The policies of the original's table when an edit moves a policy to another table. */
  readonly originalPolicies?: readonly CatalogPolicy[]
}

export interface PolicyPlan {
  readonly policy: Policy
  readonly using: string | undefined
  readonly withCheck: string | undefined
  readonly plan: Statement[]
  readonly warnings: string[]
}

/** The policy an edit started from, or a refusal on `original` when it is gone. */
function originalPolicy(
  original: { schema: string; table: string; name: string },
  target: PolicyTarget,
): CatalogPolicy {
  const sameTable = original.schema === target.table.schema && original.table === target.table.name
  const found = (sameTable ? target.policies : (target.originalPolicies ?? [])).find(
    (p) => p.name === original.name,
  )
  if (!found) {
    throw InvalidInputError.field(
      'original',
      `policy ${original.name} on ${original.schema}.${original.table} no longer exists`,
    )
  }
  return found
}

/** What a policy is, as the catalog gives it (or as a disabled policy was kept). */
export type PolicyDefinition = Pick<
  CatalogPolicy,
  'schema' | 'table' | 'name' | 'command' | 'permissive' | 'roles' | 'using' | 'withCheck'
>

/** A catalog policy as the builders take it, so an edit can be diffed against it. */
export async function catalogPolicy(p: PolicyDefinition): Promise<Policy> {
  return parsePolicy({
    table: { schema: p.schema, name: p.table },
    name: p.name,
    command: p.command.toUpperCase(),
    permissive: p.permissive,
    roles: [...p.roles],
    ...(p.using ? { using: p.using } : {}),
    ...(p.withCheck ? { withCheck: p.withCheck } : {}),
  })
}

/**
 * Checks the form's plain fields and returns the tables it touches, so the handler can read them
 * before `buildPolicyPlan`; every refusal names its field.
 */
export function formTables(input: unknown): {
  table: { schema: string; name: string }
  original?: { schema: string; name: string }
} {
  const form = validateAt(policyFormSchema, input, '')
  return {
    table: form.table,
    ...(form.original
      ? { original: { schema: form.original.schema, name: form.original.table } }
      : {}),
  }
}

/**
 * The plan for the editor's form: CREATE POLICY, or the ALTER (or drop and create) that turns
 * the original into it, optionally preceded by ENABLE ROW LEVEL SECURITY. USING and WITH CHECK
 * come from the builder or the raw text and are parsed by the PostgreSQL parser; every refusal
 * names its field (`name`, `using`, `withCheck.conditions.0.column`, …).
 */
export async function buildPolicyPlan(input: unknown, target: PolicyTarget): Promise<PolicyPlan> {
  const form = validateAt(policyFormSchema, input, '')
  const columns = target.columns.map((c) => c.name)
  const fields: Record<string, string> = {}
  const text = (field: 'using' | 'withCheck'): string | undefined => {
    try {
      return expressionText(form[field], field, columns)
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err
      Object.assign(fields, err.fields)
      return undefined
    }
  }
  const using = text('using')
  const withCheck = text('withCheck')
  // Both expressions are checked before refusing, so the form names every field at once.
  for (const [field, value] of [
    ['using', using],
    ['withCheck', withCheck],
  ] as const) {
    if (value === undefined) continue
    try {
      await checkExpression(value, field, form.table, columns)
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err
      Object.assign(fields, err.fields)
    }
  }
  if (Object.keys(fields).length) {
    throw InvalidInputError.fields(fields)
  }
  const { table } = target
  const existing = form.original ? originalPolicy(form.original, target) : undefined
  // Ticking the same roles in another order is no change: keep the catalog's order then.
  const sameRoles =
    existing &&
    existing.roles.length === form.roles.length &&
    existing.roles.every((r) => form.roles.includes(r))
  const policy = await parsePolicy({
    table: form.table,
    name: form.name,
    command: form.command,
    permissive: form.permissive,
    roles: sameRoles ? [...existing.roles] : form.roles,
    ...(using !== undefined ? { using } : {}),
    ...(withCheck !== undefined ? { withCheck } : {}),
  })
  const plan: Statement[] = []
  const warnings: string[] = []
  const label = `${table.schema}.${table.name}`
  if (!table.rowSecurity.enabled) {
    if (form.enableRls) plan.push(...setRowLevelSecurity(form.table, { enabled: true }))
    else
      warnings.push(
        `Row level security is off on ${label}: the policy has no effect until it is enabled.`,
      )
  }
  if (form.original && existing) {
    const { original } = form
    const sameTable = original.schema === table.schema && original.table === table.name
    if (
      (!sameTable || original.name !== form.name) &&
      target.policies.some((p) => p.name === form.name)
    ) {
      throw InvalidInputError.field('name', `${label} already has a policy named ${form.name}`)
    }
    const changes = alterPolicy(await catalogPolicy(existing), policy)
    if (changes.length === 0) warnings.push('Nothing to change: the policy is already like this.')
    plan.push(...changes)
  } else {
    if (target.policies.some((p) => p.name === form.name)) {
      throw InvalidInputError.field('name', `${label} already has a policy named ${form.name}`)
    }
    plan.push(...createPolicy(policy))
  }
  if (policy.roles.length === 0) warnings.push('No roles chosen: the policy applies to PUBLIC.')
  return { policy, using, withCheck, plan, warnings }
}

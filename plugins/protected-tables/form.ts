import { z } from 'zod'
import type { PolicySpecInput, ViewInput } from '../../core/builders/protect/input.js'
import { nameSchema } from '../../core/builders/names.js'
import { CLAIM_TYPES, claimExpression, TEMPLATE_IDS } from '../../core/builders/policy-templates.js'
import { POLICY_COMMANDS } from '../../core/builders/policy.js'
import { InvalidInputError } from '../../core/errors.js'
import { renderStatic, sql, type SqlFragment } from '../../core/sql/sql.js'

/**
 * The forms as the pages send them. Views travel in the builders' own shape (`ViewInput`), so a
 * builder's refusal (`views.0.columns.2.redaction`) names the form's field as it is; policies
 * carry the generator's choices (a template, a column picker, or raw SQL) and become policy
 * specs here, at the same index.
 */

/** Checks a part of a payload; refusals name fields under `prefix` (`policies.0.name`). */
export function validateAt<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix: string,
): z.output<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const fields: Record<string, string> = {}
  for (const issue of result.error.issues) {
    const key = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.') || 'form'
    fields[key] ??= issue.message
  }
  throw InvalidInputError.fields(fields)
}

export const tableRefSchema = z.object({
  schema: z.string().min(1, 'choose a table'),
  name: z.string().min(1, 'choose a table'),
})

export const OPERATORS = ['=', '<>', '<', '<=', '>', '>=', 'IS NULL', 'IS NOT NULL'] as const
export const SOURCES = ['claim', 'jwt', 'value', 'current_user'] as const

const conditionSchema = z.object({
  column: z.string().min(1, 'choose a column'),
  operator: z.enum(OPERATORS).default('='),
  source: z.enum(SOURCES).default('claim'),
  claim: z.string().default(''),
  type: z.enum(CLAIM_TYPES).default('text'),
  value: z.string().default(''),
})

export const policyFormSchema = z.object({
  name: z.string().min(1, 'give the policy a name'),
  command: z.enum(POLICY_COMMANDS).default('ALL'),
  permissive: z.boolean().default(true),
  roles: z.array(z.string()).default([]),
  mode: z.enum(['template', 'columns', 'raw']).default('template'),
  template: z
    .object({
      id: z.enum(TEMPLATE_IDS as [string, ...string[]]),
      params: z.record(z.string(), z.string()).default({}),
    })
    .optional(),
  conditions: z.array(conditionSchema).default([]),
  join: z.enum(['AND', 'OR']).default('AND'),
  using: z.string().default(''),
  withCheck: z.string().default(''),
})

export type PolicyForm = z.input<typeof policyFormSchema>

const claimName = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * The column picker's USING: one comparison per condition, a column against a claim, a value
 * or current_user, joined by AND / OR. Names are quoted and values escaped here; the builder
 * then parses the text like any hand-written expression.
 */
export function conditionsExpression(
  conditions: readonly z.output<typeof conditionSchema>[],
  join: 'AND' | 'OR',
  prefix: string,
): string {
  if (conditions.length === 0)
    throw InvalidInputError.field(`${prefix}.conditions`, 'add a condition')
  const parts = conditions.map((c, i): SqlFragment => {
    const column = sql.id(c.column)
    if (c.operator === 'IS NULL' || c.operator === 'IS NOT NULL') {
      return sql`${column} ${sql.raw(c.operator)}`
    }
    let right: SqlFragment
    switch (c.source) {
      case 'claim':
      case 'jwt':
        if (!claimName.test(c.claim)) {
          throw InvalidInputError.field(
            `${prefix}.conditions.${i}.claim`,
            'must be a plain identifier, e.g. tenant_id',
          )
        }
        right = claimExpression(c.claim, c.type, c.source === 'jwt' ? 'jwt' : 'app')
        break
      case 'value':
        right = sql.lit(c.value)
        break
      case 'current_user':
        right = sql`current_user`
        break
      default: {
        const never: never = c.source
        throw new TypeError(`unknown source ${String(never)}`)
      }
    }
    return sql`${column} ${sql.raw(c.operator)} ${right}`
  })
  const wrapped = join === 'OR' && parts.length > 1 ? parts.map((p) => sql`(${p})`) : parts
  return renderStatic(sql.join(wrapped, join === 'OR' ? sql` OR ` : sql` AND `))
}

/** A policy form as the builders take it: the template, or USING / WITH CHECK text. */
export function policySpec(form: unknown, prefix: string): PolicySpecInput {
  const p = validateAt(policyFormSchema, form, prefix)
  const name = validateAt(nameSchema, p.name, `${prefix}.name`)
  const base = { name, command: p.command, permissive: p.permissive, roles: p.roles }
  switch (p.mode) {
    case 'template':
      if (!p.template) throw InvalidInputError.field(`${prefix}.template`, 'choose a template')
      return {
        ...base,
        template: { id: p.template.id as (typeof TEMPLATE_IDS)[number], params: p.template.params },
      }
    case 'columns': {
      const text = conditionsExpression(p.conditions, p.join, prefix)
      return {
        ...base,
        ...(p.command === 'INSERT' ? {} : { using: text }),
        ...(p.command === 'SELECT' || p.command === 'DELETE' ? {} : { withCheck: text }),
      }
    }
    case 'raw':
      return {
        ...base,
        ...(p.using.trim() ? { using: p.using } : {}),
        ...(p.withCheck.trim() ? { withCheck: p.withCheck } : {}),
      }
    default: {
      const never: never = p.mode
      throw new TypeError(`unknown policy mode ${String(never)}`)
    }
  }
}

/** Policy specs for a list of forms, each refusal under `policies.<i>`. */
export function policySpecs(forms: unknown, prefix = 'policies'): PolicySpecInput[] {
  const list = validateAt(z.array(z.unknown()).default([]), forms, prefix)
  const fields: Record<string, string> = {}
  const out: PolicySpecInput[] = []
  list.forEach((f, i) => {
    try {
      out.push(policySpec(f, `${prefix}.${i}`))
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err
      Object.assign(fields, err.fields)
    }
  })
  if (Object.keys(fields).length) {
    throw InvalidInputError.fields(fields)
  }
  return out
}

export const redactionChoiceSchema = z
  .object({
    /** Where the redaction functions live (and are installed, with `install`). */
    schema: z.string().default(''),
    install: z.boolean().default(false),
    createSchema: z.boolean().default(false),
  })
  .default({ schema: '', install: false, createSchema: false })

/** Views as the pages send them: the builders' ViewInput, checked by the builders. */
export const viewsSchema = z.array(z.looseObject({})).default([])

/** A view form with the empty optional texts left out (an empty `as` means "same name"). */
export function cleanView(view: Record<string, unknown>): ViewInput {
  const v = { ...view }
  if (v.schema === '' || v.schema === null) delete v.schema
  if (v.comment === '' || v.comment === null) delete v.comment
  if (Array.isArray(v.columns)) {
    v.columns = v.columns.map((c: unknown) => {
      if (typeof c !== 'object' || c === null) return c
      const col = { ...(c as Record<string, unknown>) }
      if (col.as === '' || col.as === null) delete col.as
      if (col.mode !== 'redact') delete col.redaction
      return col
    })
  }
  if (typeof v.triggers === 'object' && v.triggers !== null) {
    const triggers: Record<string, unknown> = {}
    for (const [op, t] of Object.entries(v.triggers as Record<string, unknown>)) {
      if (typeof t !== 'object' || t === null) continue
      const trigger = { ...(t as Record<string, unknown>) }
      // No body, or an empty one: the generated skeleton, which follows the columns.
      if (typeof trigger.body !== 'string' || trigger.body.trim() === '') delete trigger.body
      triggers[op] = trigger
    }
    v.triggers = triggers
  }
  return v as ViewInput
}

/** Renames builder field names to the form's: `redactionSchema` → `redaction.schema`. */
export function formFields(err: unknown, renames: Readonly<Record<string, string>> = {}): unknown {
  if (!(err instanceof InvalidInputError)) return err
  const all: Record<string, string> = { redactionSchema: 'redaction.schema', ...renames }
  const rename = (field: string) => {
    for (const [from, to] of Object.entries(all)) {
      if (field === from || field.startsWith(`${from}.`)) return to + field.slice(from.length)
    }
    return field
  }
  const fields = Object.fromEntries(Object.entries(err.fields).map(([f, m]) => [rename(f), m]))
  const renamed = new InvalidInputError(err.message, fields)
  return Object.assign(renamed, 'position' in err ? { position: err.position } : {})
}

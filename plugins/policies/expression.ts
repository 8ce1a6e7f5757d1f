import { z } from 'zod'
import { CLAIM_TYPES, claimExpression } from '../../core/builders/policy-templates.js'
import { nameSchema } from '../../core/builders/names.js'
import { InvalidInputError } from '../../core/errors.js'
import { renderStatic, sql, type SqlFragment } from '../../core/sql/sql.js'

export const OPERATORS = [
  '=',
  '<>',
  '<',
  '<=',
  '>',
  '>=',
  'IS NULL',
  'IS NOT NULL',
  'IN',
  'LIKE',
  'ILIKE',
] as const

/**
 * What a condition compares its column with: a literal value, a claim (`app.<claim>` setting or
 * PostgREST's `request.jwt.claims`), the current role, the current time, or another column.
 */
export const VALUE_KINDS = ['value', 'claim', 'jwt', 'current_user', 'now', 'column'] as const

const claimName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a claim name is a plain identifier, like tenant_id')

const conditionSchema = z.object({
  column: nameSchema,
  operator: z.enum(OPERATORS).default('='),
  kind: z.enum(VALUE_KINDS).default('value'),
  value: z.string().default(''),
  claim: z.string().default(''),
  type: z.enum(CLAIM_TYPES).default('text'),
})

/** One USING or WITH CHECK field of the editor: none, built from conditions, or written out. */
export const expressionFormSchema = z.object({
  mode: z.enum(['none', 'builder', 'raw']).default('none'),
  raw: z.string().default(''),
  join: z.enum(['AND', 'OR']).default('AND'),
  conditions: z.array(conditionSchema).default([]),
})

export type ExpressionForm = z.input<typeof expressionFormSchema>
export type Condition = z.output<typeof conditionSchema>

/** Validates `input` with `schema`; refusals name fields under `prefix` (`using.conditions.0.column`). */
export function validateAt<S extends z.ZodType>(
  schema: S,
  input: unknown,
  prefix: string,
): z.output<S> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const fields: Record<string, string> = {}
  for (const issue of result.error.issues) {
    fields[[prefix, ...issue.path.map(String)].filter(Boolean).join('.')] ??= issue.message
  }
  throw InvalidInputError.fields(fields)
}

function right(c: Condition, at: string): SqlFragment {
  switch (c.kind) {
    case 'value':
      return sql.lit(c.value)
    case 'claim':
    case 'jwt':
      return claimExpression(
        validateAt(claimName, c.claim, `${at}.claim`),
        c.type,
        c.kind === 'jwt' ? 'jwt' : 'app',
      )
    case 'current_user':
      return sql`current_user`
    case 'now':
      return sql`now()`
    case 'column':
      return sql.id(validateAt(nameSchema, c.value, `${at}.value`))
    default: {
      const never: never = c.kind
      throw new TypeError(`unknown value kind ${String(never)}`)
    }
  }
}

function condition(c: Condition, at: string, columns?: readonly string[]): SqlFragment {
  if (columns && !columns.includes(c.column)) {
    throw InvalidInputError.field(
      `${at}.column`,
      `no column ${JSON.stringify(c.column)} in this table`,
    )
  }
  if (c.kind === 'column' && columns && !columns.includes(c.value)) {
    throw InvalidInputError.field(
      `${at}.value`,
      `no column ${JSON.stringify(c.value)} in this table`,
    )
  }
  const left = sql.id(c.column)
  switch (c.operator) {
    case 'IS NULL':
      return sql`${left} IS NULL`
    case 'IS NOT NULL':
      return sql`${left} IS NOT NULL`
    case 'IN': {
      if (c.kind !== 'value') {
        throw InvalidInputError.field(`${at}.kind`, 'IN takes a comma-separated list of values')
      }
      const values = c.value
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '')
      if (values.length === 0) {
        throw InvalidInputError.field(`${at}.value`, 'give at least one value, separated by commas')
      }
      return sql`${left} IN (${sql.join(values.map((v) => sql.lit(v)))})`
    }
    case '=':
    case '<>':
    case '<':
    case '<=':
    case '>':
    case '>=':
    case 'LIKE':
    case 'ILIKE':
      // The operator is one of the closed list above, never user text.
      return sql`${left} ${sql.raw(c.operator)} ${right(c, at)}`
    default: {
      const never: never = c.operator
      throw new TypeError(`unknown operator ${String(never)}`)
    }
  }
}

/**
 * The text of one USING / WITH CHECK field: written out (parsed later with the rest of the
 * policy) or built from conditions with quoted identifiers and escaped literals. Undefined when
 * the field is left empty.
 *
 * @example expressionText({ mode: 'builder', conditions: [{ column: 'tenant_id', kind: 'claim', claim: 'tenant_id', type: 'int' }] }, 'using')
 * // "\"tenant_id\" = nullif(current_setting('app.tenant_id', true), '')::int"
 */
export function expressionText(
  input: unknown,
  field: string,
  columns?: readonly string[],
): string | undefined {
  const form = validateAt(expressionFormSchema, input ?? {}, field)
  switch (form.mode) {
    case 'none':
      return undefined
    case 'raw':
      if (!form.raw.trim())
        throw InvalidInputError.field(field, 'write an expression, or choose none')
      return form.raw
    case 'builder': {
      if (form.conditions.length === 0) {
        throw InvalidInputError.field(field, 'add at least one condition, or choose none')
      }
      const parts = form.conditions.map((c, i) => condition(c, `${field}.conditions.${i}`, columns))
      return renderStatic(sql.join(parts, form.join === 'OR' ? sql` OR ` : sql` AND `))
    }
    default: {
      const never: never = form.mode
      throw new TypeError(`unknown expression mode ${String(never)}`)
    }
  }
}

import { z } from 'zod'
import { renderStatic, sql, type SqlFragment } from '../sql/sql.js'
import { nameSchema } from './names.js'
import { validate } from './validate.js'

/** Types a claim may be cast to in a template; a closed list, so no type name is user text. */
export const CLAIM_TYPES = [
  'text',
  'uuid',
  'int',
  'bigint',
  'numeric',
  'boolean',
  'date',
  'timestamptz',
] as const

const claimName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain identifier')

/**
 * The claim as the policy reads it: `app.<claim>` (set by the console and by a pre-request
 * function) or straight from PostgREST's `request.jwt.claims` JSON. Missing claims read as NULL,
 * so the policy denies instead of erroring.
 */
export function claimExpression(
  claim: string,
  type: (typeof CLAIM_TYPES)[number],
  source: 'app' | 'jwt',
): SqlFragment {
  const cast = sql.raw(type)
  return source === 'jwt'
    ? sql`(current_setting('request.jwt.claims', true)::jsonb ->> ${sql.lit(claim)})::${cast}`
    : sql`nullif(current_setting(${sql.lit(`app.${claim}`)}, true), '')::${cast}`
}

type ClaimParams = {
  column: string
  claim: string
  type: (typeof CLAIM_TYPES)[number]
  source: 'app' | 'jwt'
}

/** A template matching a column to a claim; owner and tenant differ only in their defaults. */
function claimMatch(title: string, description: string, defaults: ClaimParams) {
  return {
    title,
    description,
    params: z.object({
      column: nameSchema.default(defaults.column),
      claim: claimName.default(defaults.claim),
      type: z.enum(CLAIM_TYPES).default(defaults.type),
      source: z.enum(['app', 'jwt']).default(defaults.source),
    }),
    using: (p: ClaimParams) =>
      sql`${sql.id(p.column)} = ${claimExpression(p.claim, p.type, p.source)}`,
    withCheck: true,
  }
}

const templates = {
  owner: claimMatch('User owns row', 'Rows whose owner column equals the user claim.', {
    column: 'user_id',
    claim: 'user_id',
    type: 'uuid',
    source: 'app',
  }),
  tenant: claimMatch(
    'Tenant isolation',
    'Rows of the tenant named in the JWT (or the app.tenant_id setting).',
    { column: 'tenant_id', claim: 'tenant_id', type: 'uuid', source: 'jwt' },
  ),
  'soft-delete': {
    title: 'Soft-delete filter',
    description: 'Hides rows whose deleted-at column is set.',
    params: z.object({ column: nameSchema.default('deleted_at') }),
    using: (p: { column: string }) => sql`${sql.id(p.column)} IS NULL`,
    withCheck: false,
  },
  'time-bounded': {
    title: 'Time-bounded',
    description: 'Rows valid now: from ≤ now() ≤ to (an open end counts as valid).',
    params: z.object({
      from: nameSchema.default('valid_from'),
      to: nameSchema.default('valid_to'),
    }),
    using: (p: { from: string; to: string }) =>
      sql`${sql.id(p.from)} <= now() AND (${sql.id(p.to)} IS NULL OR ${sql.id(p.to)} >= now())`,
    withCheck: false,
  },
} as const

export type TemplateId = keyof typeof templates
export const TEMPLATE_IDS = Object.keys(templates) as TemplateId[]

export function templateInfo(id: TemplateId): { title: string; description: string } {
  const t = templates[id]
  return { title: t.title, description: t.description }
}

/**
 * The USING (and, where it applies, WITH CHECK) text of a built-in template for the given
 * parameters; the text is then parsed like any user expression.
 *
 * @example applyTemplate('tenant', { column: 'tenant_id', type: 'int' })
 */
export function applyTemplate(
  id: TemplateId,
  params: Record<string, unknown> = {},
): { using: string; withCheck?: string } {
  const t = templates[id]
  if (!t) throw new TypeError(`unknown policy template ${String(id)}`)
  const p = validate(t.params as z.ZodType, params) as never
  const using = renderStatic((t.using as (p: never) => SqlFragment)(p))
  return t.withCheck ? { using, withCheck: using } : { using }
}

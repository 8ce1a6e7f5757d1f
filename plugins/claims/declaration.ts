import { z } from 'zod'
import { nameSchema } from '../../core/builders/names.js'
import { validate } from '../../core/builders/validate.js'
import { DECLARED_TYPES, type DeclaredType } from './claim-types.js'

/** A claim's setting suffix: `app.<name>`. Lower case, because setting names are folded to it. */
export const CLAIM_NAME = /^[a-z_][a-z0-9_]*$/
const NAME_MAX = 59 // `app.` + 59 = 63, the length PostgreSQL keeps for identifiers.

/** One JWT key of a path: plain, so the path fits a `'{a,b}'` text-array literal unquoted. */
export const JWT_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/
const PATH_MAX_KEYS = 8

export const claimNameSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(NAME_MAX, `keep it to ${NAME_MAX} characters (app.<name> is a setting name)`)
  .regex(CLAIM_NAME, 'lower-case letters, digits and _, not starting with a digit (app.<name>)')

export const jwtPathSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .refine(
    (p) => p.split('.').length <= PATH_MAX_KEYS,
    `at most ${PATH_MAX_KEYS} keys, separated by dots`,
  )
  .refine(
    (p) => p.split('.').every((k) => JWT_KEY.test(k)),
    'keys separated by dots, each letters, digits, _ or - (like app_metadata.tenant_id)',
  )

const declarationSchema = z.object({
  /** The name being edited, when the form edits an existing declaration. */
  original: z.string().optional(),
  name: claimNameSchema,
  type: z.enum(DECLARED_TYPES, { message: `one of ${DECLARED_TYPES.join(', ')}` }),
  description: z.string().max(500, 'keep it under 500 characters').default(''),
  required: z.boolean().default(false),
})

const mappingSchema = z.object({
  role: nameSchema,
  claim: claimNameSchema,
  jwtPath: jwtPathSchema,
  note: z.string().max(500, 'keep it under 500 characters').default(''),
})

/** A claim variable that policies read as `current_setting('app.<name>', true)`. */
export interface ClaimDeclaration {
  readonly name: string
  readonly type: DeclaredType
  readonly description: string
  /** A request without it is refused by the pre-request function. */
  readonly required: boolean
  readonly updatedBy: string
  readonly updatedAt: string
}

/** Where one role's claim comes from in the JWT. */
export interface ClaimMapping {
  readonly role: string
  readonly claim: string
  /** Dotted path into the JWT's claims: `tenant_id`, `app_metadata.tenant_id`. */
  readonly jwtPath: string
  readonly note: string
  readonly updatedBy: string
  readonly updatedAt: string
}

export type DeclarationInput = z.output<typeof declarationSchema>
export type MappingInput = z.output<typeof mappingSchema>

/**
 * A declaration form, checked; refusals name its fields (`name`, `type`, `description`).
 *
 * @example checkDeclaration({ name: 'tenant_id', type: 'integer' })
 */
export function checkDeclaration(input: unknown): DeclarationInput {
  return validate(declarationSchema, input)
}

/** A mapping form, checked; refusals name `role`, `claim`, `jwtPath` or `note`. */
export function checkMapping(input: unknown): MappingInput {
  return validate(mappingSchema, input)
}

/** The keys of a dotted JWT path: `app_metadata.tenant_id` → ['app_metadata', 'tenant_id']. */
export function pathKeys(jwtPath: string): string[] {
  return jwtPath.split('.')
}

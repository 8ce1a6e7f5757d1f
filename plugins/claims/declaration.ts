import { z } from 'zod'
import { nameSchema } from '../../core/builders/names.js'
import { validate } from '../../core/builders/validate.js'
import { DECLARED_TYPES } from '../../core/claims/declared-types.js'

/** A claim's setting suffix: `app.<name>`. Lower case, because setting names are folded to it. */
export const CLAIM_NAME = /^[a-z_][a-z0-9_]*$/
const NAME_MAX = 59 // `app.` + 59 = 63, the length PostgreSQL keeps for identifiers.

/** A plain JWT key of a path, written bare; any other key is written in double quotes. */
export const JWT_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/
const PATH_MAX_KEYS = 8
const QUOTED_KEY_MAX = 200

/**
 * The keys of a JWT path: plain keys separated by dots, and keys in double quotes (a quote
 * inside doubled) for namespaced claims such as Auth0's: `"https://acme.test/claims".tenant_id`.
 * Returns the keys, or why the path is refused.
 *
 * @example parseJwtPath('app_metadata."org.id"') // ['app_metadata', 'org.id']
 */
export function parseJwtPath(path: string): string[] | { refused: string } {
  const keys: string[] = []
  let i = 0
  for (;;) {
    if (path[i] === '"') {
      let key = ''
      i++
      for (;;) {
        if (i >= path.length) return { refused: 'a quoted key is not closed' }
        if (path[i] === '"') {
          if (path[i + 1] !== '"') break
          i++
        }
        key += path[i]
        i++
      }
      i++
      if (key === '') return { refused: 'a quoted key is empty' }
      if (key.length > QUOTED_KEY_MAX)
        return { refused: `keep each key to ${QUOTED_KEY_MAX} characters` }
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u001f]/.test(key)) return { refused: 'a key holds a control character' }
      keys.push(key)
    } else {
      const end = path.indexOf('.', i)
      const key = path.slice(i, end === -1 ? path.length : end)
      if (!JWT_KEY.test(key)) {
        return {
          refused:
            'keys separated by dots, each letters, digits, _ or - (like app_metadata.tenant_id), or in double quotes',
        }
      }
      keys.push(key)
      i += key.length
    }
    if (i === path.length) break
    if (path[i] !== '.') return { refused: 'keys are separated by dots' }
    i++
  }
  if (keys.length > PATH_MAX_KEYS) return { refused: `at most ${PATH_MAX_KEYS} keys` }
  return keys
}

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
  .superRefine((p, ctx) => {
    const parsed = parseJwtPath(p)
    if (!Array.isArray(parsed)) ctx.addIssue({ code: 'custom', message: parsed.refused })
  })

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

/** The keys of a checked JWT path: `app_metadata.tenant_id` → ['app_metadata', 'tenant_id']. */
export function pathKeys(jwtPath: string): string[] {
  const keys = parseJwtPath(jwtPath)
  if (!Array.isArray(keys)) throw new TypeError(`not a JWT path: ${keys.refused}`)
  return keys
}

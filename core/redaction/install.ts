import { z } from 'zod'
import { grant, revoke, type FunctionIdentity } from '../builders/grant.js'
import { nameSchema } from '../builders/names.js'
import { validate } from '../builders/validate.js'
import { plan, statement, type Plan, type Statement } from '../executor/statement.js'
import { sql } from '../sql/sql.js'
import { REDACTIONS, redactionDefinition, type RedactionId } from './functions.js'

const installFields = z.object({
  schema: nameSchema,
  /** Roles given EXECUTE; PUBLIC (the default) means everyone, as for any new function. */
  grantees: z.array(nameSchema).min(1, 'choose at least one role').default(['PUBLIC']),
  createSchema: z.boolean().default(false),
})

export type InstallRedactionOptions = Omit<z.input<typeof installFields>, 'schema'>

/** The identity of a library function, for GRANT / REVOKE / DROP. */
export function redactionIdentity(schema: string, id: RedactionId): FunctionIdentity {
  const info = REDACTIONS.find((r) => r.id === id)
  if (!info) throw new TypeError(`unknown redaction function ${String(id)}`)
  return { schema, name: id, args: sql.raw(info.args), argsText: info.args }
}

/**
 * Installs the redaction library (`mask_pan`, `mask_email`, `hash`, `nullify`, `partial`) into
 * `schema` — the console's own or a chosen one — and decides who may call it. Idempotent:
 * CREATE OR REPLACE, and grants that can be given twice. A view calls these functions with its
 * caller's rights, so every role reading a redacted view needs EXECUTE (schema USAGE is not
 * needed: the view found the function when it was created).
 *
 * @example installRedactionPlan('planetary') // EXECUTE for PUBLIC
 * @example installRedactionPlan('redact', { grantees: ['bob', 'karen'], createSchema: true })
 */
export function installRedactionPlan(schema: string, options: InstallRedactionOptions = {}): Plan {
  const input = validate(installFields, { ...options, schema })
  const isPublic = (r: string) => r.toUpperCase() === 'PUBLIC'
  const toPublic = input.grantees.some(isPublic)
  const roles = [...new Set(input.grantees.map((r) => (isPublic(r) ? 'PUBLIC' : r)))]
  const out: Statement[] = []
  if (input.createSchema) {
    out.push(
      statement({
        kind: 'create_schema',
        sql: sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(input.schema)}`,
        summary: `Create schema ${input.schema} for the redaction functions`,
      }),
    )
  }
  for (const info of REDACTIONS) {
    const fn = redactionIdentity(input.schema, info.id)
    out.push(
      statement({
        kind: 'create_function',
        sql: redactionDefinition(input.schema, info.id),
        summary: `Create or replace redaction function ${input.schema}.${info.id}(${info.args})`,
      }),
      statement({
        kind: 'comment',
        sql: sql`COMMENT ON FUNCTION ${sql.id(fn.schema, fn.name)}(${fn.args}) IS ${sql.lit(`${info.title}: ${info.description}`)}`,
        summary: `Describe ${input.schema}.${info.id}`,
      }),
    )
    // A new function is executable by PUBLIC: limiting it to roles means taking that away first.
    if (!toPublic) {
      out.push(
        ...revoke({
          target: { kind: 'function', fn },
          privileges: ['EXECUTE'],
          grantees: ['PUBLIC'],
        }),
      )
    }
    out.push(
      ...grant({ target: { kind: 'function', fn }, privileges: ['EXECUTE'], grantees: roles }),
    )
  }
  return plan(...out)
}

import { z } from 'zod'
import { functionIdentity, type PrivilegeTarget } from '../../core/builders/grant.js'
import { nameSchema } from '../../core/builders/names.js'
import { validate } from '../../core/builders/validate.js'
import type { Pool } from '../../core/db/pool.js'
import { InvalidInputError } from '../../core/errors.js'
import { withCatalog } from '../../core/introspect/index.js'
import { readObjectAcl, type AclObjectRef, type ObjectAcl } from './object-acl.js'

/**
 * The object a grant form names. `table` stands for any relation (table, partitioned table,
 * view, materialized view, foreign table); `args` is a routine's identity argument list as the
 * catalog prints it.
 */
export const targetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('table'), schema: nameSchema, name: nameSchema }),
  z.object({
    kind: z.literal('columns'),
    schema: nameSchema,
    name: nameSchema,
    columns: z.array(nameSchema).min(1, 'choose at least one column'),
  }),
  z.object({ kind: z.literal('schema'), name: nameSchema }),
  z.object({
    kind: z.literal('function'),
    schema: nameSchema,
    name: nameSchema,
    args: z.string().default(''),
  }),
  z.object({ kind: z.literal('sequence'), schema: nameSchema, name: nameSchema }),
])

export type TargetInput = z.output<typeof targetSchema>

/** A form's target checked against the catalog: what the builder takes, and the ACL it changes. */
export interface ResolvedTarget {
  readonly target: PrivilegeTarget
  readonly label: string
  readonly acl: ObjectAcl
}

function aclRef(t: TargetInput): AclObjectRef {
  switch (t.kind) {
    case 'table':
    case 'columns':
      return { kind: 'relation', schema: t.schema, name: t.name }
    case 'sequence':
      return { kind: 'sequence', schema: t.schema, name: t.name }
    case 'schema':
      return { kind: 'schema', name: t.name }
    case 'function':
      return { kind: 'function', schema: t.schema, name: t.name, args: t.args }
    default: {
      const never: never = t
      throw new TypeError(`unknown target ${JSON.stringify(never)}`)
    }
  }
}

function label(t: TargetInput): string {
  if (t.kind === 'schema') return `schema ${t.name}`
  if (t.kind === 'function') return `${t.schema}.${t.name}(${t.args})`
  return `${t.schema}.${t.name}`
}

/**
 * Checks that the object exists (and its columns), reads its ACL, and builds the builder's
 * target: routines by their catalog identity (parsed by functionIdentity), procedures named
 * PROCEDURE. Refusals name `target` or `target.columns`.
 */
export async function resolveTarget(
  pool: Pool,
  input: unknown,
  consoleSchema: string,
): Promise<ResolvedTarget> {
  const t = validate(z.object({ target: targetSchema }), { target: input }).target
  if ((t.kind === 'schema' ? t.name : t.schema) === consoleSchema) {
    throw InvalidInputError.field('target', `${consoleSchema} is the console's own schema`)
  }
  const acl = await withCatalog(pool, {}, (ctx) => readObjectAcl(ctx, aclRef(t)))
  if (!acl) throw InvalidInputError.field('target', `no ${t.kind} ${label(t)}`)
  switch (t.kind) {
    case 'columns': {
      const known = new Set(acl.columns.map((c) => c.name))
      const missing = t.columns.filter((c) => !known.has(c))
      if (missing.length) {
        throw InvalidInputError.field(
          'target.columns',
          `no column ${missing.map((c) => JSON.stringify(c)).join(', ')} in ${label(t)}`,
        )
      }
      return { target: t, label: `${label(t)} (${t.columns.join(', ')})`, acl }
    }
    case 'function': {
      const fn = await functionIdentity(t.schema, t.name, t.args)
      const routine = acl.code === 'p' ? 'procedure' : 'function'
      return { target: { kind: 'function', fn, routine }, label: label(t), acl }
    }
    case 'table':
    case 'schema':
    case 'sequence':
      return { target: t, label: label(t), acl }
    default: {
      const never: never = t
      throw new TypeError(`unknown target ${JSON.stringify(never)}`)
    }
  }
}

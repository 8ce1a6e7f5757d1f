import { z } from 'zod'
import {
  DEFAULT_PRIVILEGE_OBJECTS,
  defaultPrivileges,
  defaultPrivilegesFor,
  type DefaultPrivilegeObjects,
} from '../../../core/builders/grant.js'
import { nameSchema } from '../../../core/builders/names.js'
import { validate } from '../../../core/builders/validate.js'
import { InvalidInputError } from '../../../core/errors.js'
import {
  fetchDefaultPrivileges,
  fetchRoles,
  fetchSchemas,
  withCatalog,
} from '../../../core/introspect/index.js'
import { pageHandler, planMode } from '../../../core/plugin/page.js'
import type { PluginContext } from '../../../core/plugin/types.js'
import { runPlan } from '../../../core/plugin/run-plan.js'

const OBJECTS = Object.keys(DEFAULT_PRIVILEGE_OBJECTS) as [
  DefaultPrivilegeObjects,
  ...DefaultPrivilegeObjects[],
]

const optionalName = z
  .string()
  .default('')
  .transform((s) => s.trim())
  .pipe(z.union([z.literal(''), nameSchema]))

const formSchema = z.object({
  forRole: optionalName,
  schema: optionalName,
  objects: z.enum(OBJECTS),
  privileges: z.array(z.string()).min(1, 'choose at least one privilege'),
  grantees: z.array(nameSchema).min(1, 'choose at least one role'),
  revoke: z.boolean().default(false),
  withGrantOption: z.boolean().default(false),
})

/** Default privileges, their roles and schemas; the console's own schema left out. */
async function readDefaults(ctx: PluginContext) {
  return withCatalog(ctx.pool, {}, async (c) => {
    const own = (s: string | null) => s !== ctx.config.consoleSchema
    const entries = (await fetchDefaultPrivileges(c)).filter((e) => own(e.schema))
    const schemas = (await fetchSchemas(c)).map((s) => s.name).filter(own)
    const roles = (await fetchRoles(c)).map((r) => r.name)
    return { entries, schemas, roles }
  })
}

/**
 * ALTER DEFAULT PRIVILEGES: what future objects get (per creating role, per schema or
 * everywhere), and a form to grant or stop granting more.
 */
export const defaultsPage = pageHandler({
  async load(_query, _request, ctx) {
    const { entries, schemas, roles } = await readDefaults(ctx)
    const privileges = Object.fromEntries(
      OBJECTS.map((o) => [o, defaultPrivilegesFor(o, ctx.serverVersionNum)]),
    )
    return { entries, schemas, roles, objects: OBJECTS, privileges }
  },
  actions: {
    async change(payload, request, ctx) {
      const mode = planMode(payload)
      const form = validate(formSchema, payload)
      const { schemas, roles } = await readDefaults(ctx)
      if (form.forRole && !roles.includes(form.forRole)) {
        throw InvalidInputError.field('forRole', `no role ${JSON.stringify(form.forRole)}`)
      }
      if (form.schema && !schemas.includes(form.schema)) {
        throw InvalidInputError.field('schema', `no schema ${JSON.stringify(form.schema)}`)
      }
      const unknown = form.grantees.filter(
        (g) => g.toUpperCase() !== 'PUBLIC' && !roles.includes(g),
      )
      if (unknown.length) {
        throw InvalidInputError.field(
          'grantees',
          `no role ${unknown.map((g) => JSON.stringify(g)).join(', ')}`,
        )
      }
      const plan = defaultPrivileges({
        ...(form.forRole ? { forRole: form.forRole } : {}),
        ...(form.schema ? { schema: form.schema } : {}),
        objects: form.objects,
        privileges: form.privileges,
        grantees: form.grantees,
        revoke: form.revoke,
        withGrantOption: form.withGrantOption,
        serverVersionNum: ctx.serverVersionNum,
      })
      const warnings = form.forRole
        ? []
        : ['Without FOR ROLE the defaults apply to objects the DDL role creates.']
      const result = await runPlan(plan, mode, request, ctx)
      const entries = mode === 'apply' ? { entries: (await readDefaults(ctx)).entries } : {}
      return { ...result, warnings, ...entries }
    },
  },
})

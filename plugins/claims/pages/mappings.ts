import { z } from 'zod'
import { nameSchema } from '../../../core/builders/names.js'
import { validate } from '../../../core/builders/validate.js'
import { listDeclarations } from '../../../core/claims/list-declarations.js'
import { InvalidInputError } from '../../../core/errors.js'
import { pageHandler, planMode } from '../../../core/plugin/page.js'
import type { PluginContext } from '../../../core/plugin/types.js'
import { consoleUserClaims, functionExists, rolesAndSchemas } from '../catalog.js'
import { roleDocs } from '../mapping-doc.js'
import { preRequestFunction, preRequestTargetSchema } from '../pre-request.js'
import { runPlan } from '../../../core/plugin/run-plan.js'
import { deleteMapping, listMappings, saveMapping } from '../mapping-store.js'

/** Mappings per role, their generated documentation and the console users' claim values. */
async function mappingsState(ctx: PluginContext) {
  const schema = ctx.config.consoleSchema
  const [declarations, mappings, users, names] = await Promise.all([
    listDeclarations(ctx.pool, schema),
    listMappings(ctx.pool, schema),
    consoleUserClaims(ctx.pool, schema),
    rolesAndSchemas(ctx.pool, schema),
  ])
  return {
    declarations,
    mappings,
    users,
    docs: roleDocs(mappings, declarations, users),
    ...names,
  }
}

const keySchema = z.object({ role: nameSchema, claim: nameSchema })

/** The pre-request function's plan for the mappings as stored now, with its warnings. */
async function preRequestPlan(ctx: PluginContext, input: unknown) {
  const schema = ctx.config.consoleSchema
  const target = validate(preRequestTargetSchema, input)
  const { schemas } = await rolesAndSchemas(ctx.pool, schema)
  if (!schemas.includes(target.schema)) {
    throw InvalidInputError.field('schema', `no schema ${target.schema}`)
  }
  const [declarations, mappings] = await Promise.all([
    listDeclarations(ctx.pool, schema),
    listMappings(ctx.pool, schema),
  ])
  const plan = preRequestFunction(target, mappings, declarations)
  const label = `${target.schema}.${target.name}`
  const warnings = [
    `Point PostgREST at it: db-pre-request = "${label}" (PGRST_DB_PRE_REQUEST).`,
    ...((await functionExists(ctx.pool, target))
      ? [`${label}() exists already: apply replaces its body.`]
      : []),
  ]
  return { plan, warnings }
}

/** The mappings page: per role, which JWT path feeds which claim, documented and generated. */
export const mappingsPage = pageHandler({
  async load(_query, _request, ctx) {
    return mappingsState(ctx)
  },
  actions: {
    async save(payload, request, ctx) {
      const saved = await saveMapping(ctx, payload.mapping ?? {}, request.user)
      return { saved, ...(await mappingsState(ctx)) }
    },

    async delete(payload, _request, ctx) {
      await deleteMapping(ctx, validate(keySchema, payload))
      return mappingsState(ctx)
    },

    async 'pre-request'(payload, request, ctx) {
      const mode = planMode(payload)
      const { plan, warnings } = await preRequestPlan(ctx, payload.target ?? {})
      return { ...(await runPlan(plan, mode, request, ctx)), warnings }
    },
  },
})

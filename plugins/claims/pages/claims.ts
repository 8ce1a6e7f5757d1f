import { DECLARED_TYPES } from '../../../core/claims/declared-types.js'
import { listDeclarations } from '../../../core/claims/list-declarations.js'
import { claimsTablesExist } from '../../../core/claims/tables.js'
import type { PluginContext } from '../../../core/plugin/types.js'
import { pageHandler, textField } from '../../../core/plugin/page.js'
import { claimReport } from '../claim-report.js'
import { deleteDeclaration, saveDeclaration } from '../declaration-store.js'
import { listMappings } from '../mapping-store.js'
import { readClaimUsage } from '../usage.js'

/** Declarations, where each claim is used, and the claims used without a declaration. */
async function claimsState(ctx: PluginContext) {
  const schema = ctx.config.consoleSchema
  const [declarations, mappings, places] = await Promise.all([
    listDeclarations(ctx.pool, schema),
    listMappings(ctx.pool, schema),
    readClaimUsage(ctx.pool, schema),
  ])
  return {
    types: DECLARED_TYPES,
    stored: await claimsTablesExist(ctx.pool, schema),
    ...claimReport(declarations, mappings, places),
  }
}

/** The claims page: declare, edit and delete claims; see every place each one is used. */
export const claimsPage = pageHandler({
  async load(_query, _request, ctx) {
    return claimsState(ctx)
  },
  actions: {
    async save(payload, request, ctx) {
      const saved = await saveDeclaration(ctx, payload.declaration ?? {}, request.user)
      return { saved, ...(await claimsState(ctx)) }
    },

    async delete(payload, _request, ctx) {
      const name = textField(payload, 'name')
      await deleteDeclaration(ctx, name)
      return { deleted: name, ...(await claimsState(ctx)) }
    },
  },
})

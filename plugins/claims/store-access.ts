import { createClaimsTables, MAPPINGS_TABLE } from '../../core/claims/tables.js'
import { ensureConsoleTables } from '../../core/console-schema/plugin-tables.js'
import type { PluginContext } from '../../core/plugin/types.js'

/** Creates the claims tables through the executor (a change log entry) unless they exist. */
export function ensureTables(ctx: PluginContext, user: { readonly name: string }): Promise<void> {
  return ensureConsoleTables(
    ctx,
    user,
    MAPPINGS_TABLE,
    createClaimsTables(ctx.config.consoleSchema),
  )
}

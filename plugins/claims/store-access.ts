import { consoleTableExists, ensureConsoleTables } from '../../core/console-schema/plugin-tables.js'
import type { Pool } from '../../core/db/pool.js'
import type { PluginContext } from '../../core/plugin/types.js'
import { createClaimsTables, MAPPINGS_TABLE } from './store-tables.js'

export { consoleQuery as query } from '../../core/console-schema/plugin-tables.js'

/** A timestamp column as the pages send it. */
export const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : String(d))

/** Whether the claims tables exist yet: they are made on the first declaration. */
export function claimsTablesExist(pool: Pool, consoleSchema: string): Promise<boolean> {
  return consoleTableExists(pool, consoleSchema, MAPPINGS_TABLE)
}

/** Creates the claims tables through the executor (a change log entry) unless they exist. */
export function ensureTables(ctx: PluginContext, user: { readonly name: string }): Promise<void> {
  return ensureConsoleTables(
    ctx,
    user,
    MAPPINGS_TABLE,
    createClaimsTables(ctx.config.consoleSchema),
  )
}

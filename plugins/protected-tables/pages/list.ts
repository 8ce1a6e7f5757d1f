import { readProtectionStates } from '../catalog.js'
import { pageHandler } from '../page.js'
import { readRecords } from '../records.js'

/**
 * Every table against the contract: who still holds privileges on it, the views that are its
 * access points with their INSTEAD OF triggers, row level security, and whether the console
 * keeps a protection record (needed for later changes and unprotect).
 */
export const listPage = pageHandler({
  async load(_query, _request, ctx) {
    const states = await readProtectionStates(ctx.pool, ctx.config.consoleSchema)
    const records = await readRecords(ctx.pool, ctx.config.consoleSchema)
    return {
      tables: states.map((s) => {
        const stored = records.get(`${s.schema}.${s.name}`)
        return {
          ...s,
          record: stored ? { appliedBy: stored.appliedBy, appliedAt: stored.appliedAt } : null,
        }
      }),
    }
  },
  actions: {},
})

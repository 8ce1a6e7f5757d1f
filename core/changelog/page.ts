import { pageHandler } from '../plugin/page.js'
import type { PluginPage } from '../plugin/types.js'
import { changeLogActors, KINDS, OUTCOMES, parseFilter, readChangeLog } from './query.js'

/** The console's own page name for the change log (plugin pages are `<plugin>-<page>`). */
export const CHANGE_LOG_PAGE = 'change-log'

/**
 * The change log page: every plan applied (and every impersonation), newest first, filtered by
 * actor, plugin, kind, outcome, dates and text, with each statement's SQL masked. Read-only: it
 * answers GET, and a POST only loads.
 *
 * @example changeLogPage([{ id: 'roles', title: 'Roles' }])
 */
export function changeLogPage(
  plugins: readonly { readonly id: string; readonly title: string }[],
): NonNullable<PluginPage['handler']> {
  return pageHandler({
    async load(query, _request, ctx) {
      const filter = parseFilter(query)
      const schema = ctx.config.consoleSchema
      const [page, actors] = await Promise.all([
        readChangeLog(ctx.pool, schema, filter),
        changeLogActors(ctx.pool, schema),
      ])
      return {
        ...page,
        filter,
        options: { actors, plugins, kinds: KINDS, outcomes: OUTCOMES },
      }
    },
    actions: {},
  })
}

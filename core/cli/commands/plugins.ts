import type { Config } from '../../config/schema.js'
import type { Pool } from '../../db/pool.js'
import { enabledPluginIds, resolvePlugins } from '../../plugin/loader.js'
import type { PluginDefinition } from '../../plugin/types.js'

/** `planetary plugins`: every known plugin with its state and, when unmet, why. */
export async function listPlugins(
  options: { config: Config; builtins: readonly PluginDefinition[]; pool?: Pool; demo?: boolean },
  out: (line: string) => void,
): Promise<void> {
  const statuses = await resolvePlugins({
    builtins: options.builtins,
    enabled: enabledPluginIds(options.config.plugins, options.builtins, Boolean(options.demo)),
    modules: options.config.pluginModules,
    ...(options.pool ? { pool: options.pool } : {}),
  })
  if (statuses.length === 0) {
    out('No plugins known.')
    return
  }
  const width = Math.max(...statuses.map((s) => s.plugin.id.length))
  for (const s of statuses) {
    const state = s.state === 'unmet' ? `unmet: ${s.reasons.join('; ')}` : s.state
    const source = s.source === 'built-in' ? '' : `  (${s.source})`
    out(`${s.plugin.id.padEnd(width)}  ${state.padEnd(8)}  ${s.plugin.title}${source}`)
  }
}

import type { PluginDefinition } from '../core/plugin/types.js'

/** Every plugin that ships with the console; config `plugins` picks which run. */
export const builtinPlugins: readonly PluginDefinition[] = []

import type { PluginDefinition } from '../core/plugin/types.js'
import { plugin as claims } from './claims/index.js'
import { plugin as grants } from './grants/index.js'
import { plugin as policies } from './policies/index.js'
import { plugin as protectedTables } from './protected-tables/index.js'
import { plugin as roles } from './roles/index.js'
import { plugin as schemaBrowser } from './schema-browser/index.js'

/** Every plugin that ships with the console; config `plugins` picks which run. */
export const builtinPlugins: readonly PluginDefinition[] = [
  schemaBrowser,
  policies,
  claims,
  grants,
  protectedTables,
  roles,
]

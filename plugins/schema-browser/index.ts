import { definePlugin } from '../../core/plugin/define-plugin.js'
import type { PluginContext } from '../../core/plugin/types.js'
import { CatalogResource } from '../../resources/catalog-adapter/catalog-resource.js'
import { ENTITIES } from './entities.js'
import { propertiesOf } from './flatten.js'
import { snapshotCache } from './snapshot-cache.js'

/** Every catalog object as a read-only list: metadata only, never a row of user data. */
export const plugin = definePlugin({
  id: 'schema-browser',
  title: 'Schema browser',
  description:
    'Tables, views, functions, policies, roles and every other catalog object, read-only.',
  personas: ['dev', 'ops'],
  async resources(ctx: PluginContext) {
    const snapshot = snapshotCache(ctx.pool)
    const first = await snapshot()
    return ENTITIES.map((entity) => {
      const resource = new CatalogResource({
        id: `schema-browser.${entity.key}`,
        name: entity.title,
        properties: propertiesOf(entity.rows(first), entity.fallback),
        idOf: (row) => String(row.id),
        load: async () => entity.rows(await snapshot()),
      })
      return {
        resource,
        options: {
          ...resource.adminOptions(),
          navigation: { name: 'Schema browser', icon: 'Database' },
        },
      }
    })
  },
})

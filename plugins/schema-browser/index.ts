import { definePlugin } from '../../core/plugin/define-plugin.js'
import type { PluginContext } from '../../core/plugin/types.js'
import {
  fetchFunctions,
  fetchTables,
  fetchViews,
  introspect,
  withCatalog,
} from '../../core/introspect/index.js'
import { fileURLToPath } from 'node:url'
import { VALUE_COMPONENT, withDisplay } from './display.js'
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
  components: {
    [VALUE_COMPONENT]: fileURLToPath(new URL('./components/catalog-value.tsx', import.meta.url)),
  },
  async card(ctx: PluginContext) {
    const own = (x: { schema: string }) => x.schema !== ctx.config.consoleSchema
    return withCatalog(ctx.pool, {}, async (c) => [
      { label: 'Tables', value: (await fetchTables(c)).filter(own).length },
      { label: 'Views', value: (await fetchViews(c)).filter(own).length },
      { label: 'Functions', value: (await fetchFunctions(c)).filter(own).length },
    ])
  },
  async resources(ctx: PluginContext) {
    // The resource class extends AdminJS's: loaded only when the console builds its resources,
    // so the plugin list (`planetary plugins`) never loads AdminJS.
    const { CatalogResource } = await import('../../resources/catalog-adapter/catalog-resource.js')
    const snapshot = snapshotCache(ctx.pool)
    const first = await snapshot()
    // The console's own schema (users, sessions, change log) is not part of the application.
    const own = ctx.config.consoleSchema
    const rowsOf = (entity: (typeof ENTITIES)[number], s: typeof first) =>
      entity
        .rows(s)
        .filter((r) => r.schema !== own && !(entity.key === 'schemas' && r.name === own))
    return ENTITIES.map((entity) => {
      const properties = propertiesOf(rowsOf(entity, first), entity.fallback)
      const resource = new CatalogResource({
        id: `schema-browser.${entity.key}`,
        name: entity.title,
        properties,
        idOf: (row) => String(row.id),
        load: async () => rowsOf(entity, await snapshot()),
        // A show page deparses its object's schema: definitions, bodies, policy expressions.
        detail: async (row) => {
          if (typeof row.schema !== 'string') return row
          const full = await introspect(ctx.pool, { schemas: [row.schema], definitions: true })
          return entity.rows(full).find((r) => r.id === row.id)
        },
      })
      return {
        resource,
        options: {
          ...withDisplay(resource.adminOptions(), properties),
          navigation: { name: 'Schema browser', icon: 'Database' },
        },
      }
    })
  },
})

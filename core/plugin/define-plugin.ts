import { InvalidInputError } from '../errors.js'
import type { PluginDefinition } from './types.js'

const PLUGIN_ID = /^[a-z][a-z0-9-]{1,39}$/

/** The prefix every component of a plugin carries: `schema-browser` → `SchemaBrowser`. */
export function componentPrefix(id: string): string {
  return id
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('')
}

/**
 * Declares a plugin. Checks its id and component names and freezes it.
 *
 * @example
 * export const plugin = definePlugin({ id: 'health', title: 'Health', personas: ['ops'] })
 */
export function definePlugin<const T extends PluginDefinition>(plugin: T): T {
  if (!PLUGIN_ID.test(plugin.id)) {
    throw InvalidInputError.field(
      'id',
      `plugin id ${JSON.stringify(plugin.id)} must be 2–40 lower-case letters, digits or dashes`,
    )
  }
  if (!plugin.title?.trim())
    throw InvalidInputError.field('title', `plugin ${plugin.id} needs a title`)
  if (!plugin.personas?.length) {
    throw InvalidInputError.field('personas', `plugin ${plugin.id} must name at least one persona`)
  }
  const prefix = componentPrefix(plugin.id)
  for (const name of Object.keys(plugin.components ?? {})) {
    if (!name.startsWith(prefix) || !/^[A-Za-z_$][\w$]*$/.test(name)) {
      throw InvalidInputError.field(
        'components',
        `component ${JSON.stringify(name)} of plugin ${plugin.id} must be an identifier starting with ${prefix}`,
      )
    }
  }
  for (const [name, page] of Object.entries(plugin.pages ?? {})) {
    if (!(page.component in (plugin.components ?? {}))) {
      throw InvalidInputError.field(
        'pages',
        `page ${name} of plugin ${plugin.id} uses component ${page.component}, which is not in components`,
      )
    }
  }
  return Object.freeze(plugin)
}

export function isPluginDefinition(value: unknown): value is PluginDefinition {
  const v = value as Partial<PluginDefinition> | null
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.id === 'string' &&
    typeof v.title === 'string' &&
    Array.isArray(v.personas)
  )
}

import { existsSync, readFileSync, statSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ConsoleError, InvalidInputError } from '../errors.js'
import type { Pool } from '../db/pool.js'
import { isPluginDefinition } from './define-plugin.js'
import { readDatabaseFacts, unmetRequirements } from './requirements.js'
import type { PluginDefinition } from './types.js'

export type PluginState = 'enabled' | 'disabled' | 'unmet'

export interface PluginStatus {
  readonly plugin: PluginDefinition
  readonly state: PluginState
  /** Why an enabled plugin cannot run here. */
  readonly reasons: readonly string[]
  /** Where the plugin came from: `built-in`, a package name or a path. */
  readonly source: string
}

/** A plugin specifier that names a file rather than a package. */
function isPath(specifier: string): boolean {
  return specifier.startsWith('.') || isAbsolute(specifier)
}

/** The module a package folder's `package.json` names: `exports['.']` (import), then `main`. */
function packageEntry(folder: string): string {
  const manifest = join(folder, 'package.json')
  if (!existsSync(manifest)) return join(folder, 'index.js')
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: unknown; main?: unknown }
  let target: unknown = pkg.exports
  if (target && typeof target === 'object' && !Array.isArray(target) && '.' in target) {
    target = (target as Record<string, unknown>)['.']
  }
  // Conditions in the order Node takes them for an import.
  while (target && typeof target === 'object' && !Array.isArray(target)) {
    const t = target as Record<string, unknown>
    target = t.node ?? t.import ?? t.default
  }
  const entry =
    typeof target === 'string' ? target : typeof pkg.main === 'string' ? pkg.main : 'index.js'
  return resolve(folder, entry)
}

/**
 * What `import()` takes for a `pluginModules` entry: a path (relative to `cwd`) as a file URL, a
 * folder through its package.json (a plugin installed by path), a package name as it is.
 */
export function pluginImportTarget(specifier: string, cwd = process.cwd()): string {
  if (!isPath(specifier)) return specifier
  const path = resolve(cwd, specifier)
  const file = existsSync(path) && statSync(path).isDirectory() ? packageEntry(path) : path
  return pathToFileURL(file).href
}

/**
 * Imports third-party plugins by package name or path (a module, or a package folder). A module
 * may export `plugin`, `plugins` (an array) or a default export holding either.
 */
export async function importPluginModules(
  specifiers: readonly string[],
  cwd = process.cwd(),
): Promise<{ plugin: PluginDefinition; source: string }[]> {
  const found: { plugin: PluginDefinition; source: string }[] = []
  for (const specifier of specifiers) {
    const target = pluginImportTarget(specifier, cwd)
    let mod: Record<string, unknown>
    try {
      mod = (await import(target)) as Record<string, unknown>
    } catch (err) {
      throw new ConsoleError(
        `Plugin module ${specifier} could not be loaded: ${(err as Error).message}`,
        {
          cause: err,
        },
      )
    }
    const exported = [mod.plugin, mod.plugins, mod.default].flat().filter(isPluginDefinition)
    if (exported.length === 0) {
      throw new ConsoleError(
        `Plugin module ${specifier} exports no plugin (expected \`plugin\` or \`plugins\`)`,
      )
    }
    for (const plugin of exported) found.push({ plugin, source: specifier })
  }
  return found
}

/**
 * Decides the state of every known plugin: enabled when configured and its requirements hold,
 * unmet (with reasons) when configured but this database cannot serve it, disabled otherwise.
 * An id in `enabled` that no plugin has is a config error naming the `plugins` field.
 */
export async function resolvePlugins(options: {
  builtins: readonly PluginDefinition[]
  enabled: readonly string[]
  modules?: readonly string[]
  pool?: Pool
  cwd?: string
}): Promise<PluginStatus[]> {
  const known = [
    ...options.builtins.map((plugin) => ({ plugin, source: 'built-in' })),
    ...(await importPluginModules(options.modules ?? [], options.cwd)),
  ]
  const ids = new Map<string, string>()
  for (const { plugin, source } of known) {
    const other = ids.get(plugin.id)
    if (other)
      throw new ConsoleError(`Two plugins share the id ${plugin.id} (${other} and ${source})`)
    ids.set(plugin.id, source)
  }
  const unknown = options.enabled.filter((id) => !ids.has(id))
  if (unknown.length) {
    throw InvalidInputError.field(
      'plugins',
      `unknown plugin${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; known: ${[...ids.keys()].join(', ') || 'none'}`,
    )
  }
  const enabled = new Set(options.enabled)
  const client = options.pool ? await options.pool.connect() : undefined
  try {
    await client?.query('BEGIN READ ONLY')
    const facts = client ? await readDatabaseFacts(client) : undefined
    const statuses: PluginStatus[] = []
    for (const { plugin, source } of known) {
      if (!enabled.has(plugin.id)) {
        statuses.push({ plugin, source, state: 'disabled', reasons: [] })
        continue
      }
      const reasons =
        client && facts
          ? await unmetRequirements(client, facts, plugin.requires)
          : plugin.requires
            ? ['requirements not checked: no database connection']
            : []
      statuses.push({ plugin, source, state: reasons.length ? 'unmet' : 'enabled', reasons })
    }
    return statuses
  } finally {
    await client?.query('ROLLBACK').catch(() => undefined)
    client?.release()
  }
}

/**
 * The plugin ids to enable: the configured ones; on the embedded demo with none configured,
 * every built-in, so the demo shows the whole console.
 */
export function enabledPluginIds(
  configured: readonly string[],
  builtins: readonly PluginDefinition[],
  demo: boolean,
): readonly string[] {
  return demo && configured.length === 0 ? builtins.map((p) => p.id) : configured
}

import { describe, expect, it } from 'vitest'
import { componentPrefix, definePlugin } from '../../../core/plugin/define-plugin.js'
import { resolvePlugins } from '../../../core/plugin/loader.js'

describe('definePlugin', () => {
  it('freezes a valid plugin', () => {
    const p = definePlugin({
      id: 'schema-browser',
      title: 'Schema browser',
      personas: ['dev'],
      components: { SchemaBrowserGraph: '/x.tsx' },
      pages: { graph: { component: 'SchemaBrowserGraph' } },
    })
    expect(Object.isFrozen(p)).toBe(true)
    expect(componentPrefix('schema-browser')).toBe('SchemaBrowser')
  })

  it.each([
    [{ id: 'Bad Id', title: 't', personas: ['dev'] }, /plugin id/],
    [{ id: 'ok', title: ' ', personas: ['dev'] }, /needs a title/],
    [{ id: 'ok', title: 't', personas: [] }, /at least one persona/],
    [{ id: 'ok', title: 't', personas: ['dev'], components: { Graph: '/x' } }, /starting with Ok/],
    [
      { id: 'ok', title: 't', personas: ['dev'], pages: { p: { component: 'OkPage' } } },
      /not in components/,
    ],
  ])('refuses %j', (plugin, message) => {
    expect(() => definePlugin(plugin as Parameters<typeof definePlugin>[0])).toThrow(message)
  })
})

describe('resolvePlugins without a database', () => {
  const a = definePlugin({ id: 'alpha', title: 'Alpha', personas: ['ops'] })
  const b = definePlugin({
    id: 'beta',
    title: 'Beta',
    personas: ['dev'],
    requires: { serverVersion: 150000 },
  })

  it('enables exactly the configured plugins', async () => {
    const s = await resolvePlugins({ builtins: [a, b], enabled: ['alpha'] })
    expect(s.map((x) => [x.plugin.id, x.state])).toEqual([
      ['alpha', 'enabled'],
      ['beta', 'disabled'],
    ])
  })

  it('refuses an unknown id, naming the plugins field', async () => {
    await expect(resolvePlugins({ builtins: [a], enabled: ['gamma'] })).rejects.toThrow(
      /plugins: unknown plugin gamma; known: alpha/,
    )
  })

  it('refuses two plugins with one id', async () => {
    await expect(resolvePlugins({ builtins: [a, a], enabled: [] })).rejects.toThrow(
      /share the id alpha/,
    )
  })
})

describe('enabledPluginIds', () => {
  const a = definePlugin({ id: 'alpha', title: 'Alpha', personas: ['ops'] })
  const b = definePlugin({ id: 'beta', title: 'Beta', personas: ['dev'] })
  it('takes the configured ids, and every built-in on an unconfigured demo', async () => {
    const { enabledPluginIds } = await import('../../../core/plugin/loader.js')
    expect(enabledPluginIds(['beta'], [a, b], true)).toEqual(['beta'])
    expect(enabledPluginIds([], [a, b], true)).toEqual(['alpha', 'beta'])
    expect(enabledPluginIds([], [a, b], false)).toEqual([])
  })
})

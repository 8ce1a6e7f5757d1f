import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importPluginModules, pluginImportTarget } from '../../../core/plugin/loader.js'

let dir: string

/** A package folder with the given package.json (none when `manifest` is undefined). */
function folder(name: string, manifest?: Record<string, unknown>): string {
  const path = join(dir, name)
  mkdirSync(path, { recursive: true })
  if (manifest) writeFileSync(join(path, 'package.json'), JSON.stringify(manifest))
  return path
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'planetary-loader-'))
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('pluginModules entries', () => {
  it('imports a package folder installed by path through its exports', () => {
    const plain = folder('plain', { exports: './lib/plugin.js' })
    expect(pluginImportTarget(plain)).toBe(pathToFileURL(join(plain, 'lib/plugin.js')).href)
    const conditional = folder('conditional', {
      exports: { '.': { types: './x.d.ts', import: './esm/index.js', require: './cjs/index.cjs' } },
    })
    expect(pluginImportTarget(conditional)).toBe(
      pathToFileURL(join(conditional, 'esm/index.js')).href,
    )
  })

  it('falls back to main, then index.js', () => {
    const main = folder('main', { main: 'entry.js' })
    expect(pluginImportTarget(main)).toBe(pathToFileURL(join(main, 'entry.js')).href)
    const bare = folder('bare')
    expect(pluginImportTarget(bare)).toBe(pathToFileURL(join(bare, 'index.js')).href)
  })

  it('takes a file path relative to the working folder, and a package name as it is', () => {
    expect(pluginImportTarget('./plugins/acme.js', dir)).toBe(
      pathToFileURL(join(dir, 'plugins/acme.js')).href,
    )
    expect(pluginImportTarget('planetary-acme')).toBe('planetary-acme')
  })

  it('loads the plugins a package folder exports', async () => {
    const pkg = folder('loaded', { type: 'module', exports: './index.js' })
    writeFileSync(
      join(pkg, 'index.js'),
      "export const plugin = { id: 'acme-folder', title: 'ACME', personas: ['ops'] }\n",
    )
    const found = await importPluginModules([pkg])
    expect(found.map((f) => [f.plugin.id, f.source])).toEqual([['acme-folder', pkg]])
  })

  it('names the entry that exports no plugin', async () => {
    const pkg = folder('empty', { type: 'module', main: 'index.js' })
    writeFileSync(join(pkg, 'index.js'), 'export const nothing = 1\n')
    await expect(importPluginModules([pkg])).rejects.toThrow(/exports no plugin/)
  })
})

import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import * as sdk from '../../../core/plugin/sdk.js'

const ROOT = fileURLToPath(new URL('../../..', import.meta.url))

describe('the plugin SDK (pg-planetary/plugin)', () => {
  it('offers what docs/plugins.md documents', () => {
    for (const name of [
      'definePlugin',
      'componentFile',
      'requestActor',
      'pageHandler',
      'textField',
      'planMode',
      'failureReply',
      'runPlan',
      'sql',
      'withSession',
      'poolDb',
      'ensureConsoleTables',
      'consoleQuery',
      'consoleTableExists',
      'plan',
      'statement',
      'InvalidInputError',
      'introspect',
      'introspectRelation',
      'withCatalog',
    ] as const) {
      expect(typeof sdk[name], name).toBe('function')
    }
    expect(typeof sdk.catalog.fetchTables).toBe('function')
  })

  it('gives a page request the signed-in user as actor, with the claims given', () => {
    const user = { name: 'bob', role: 'bob_devops', personas: ['ops' as const] }
    expect(sdk.requestActor({ user })).toEqual({ name: 'bob', role: 'bob_devops', claims: {} })
    expect(sdk.requestActor({ user }, { tenant_id: 2 }).claims).toEqual({ tenant_id: 2 })
  })

  it('turns a component path beside a plugin module into an absolute path', () => {
    expect(sdk.componentFile('file:///srv/acme/index.js', './components/page.tsx')).toBe(
      '/srv/acme/components/page.tsx',
    )
  })

  it('maps every package export to a file the checkout or the build has', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      exports: Record<string, string | Record<string, string>>
      types: string
      main: string
    }
    expect(Object.keys(pkg.exports).sort()).toEqual([
      '.',
      './package.json',
      './plugin',
      './resources',
      './ui',
    ])
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      const targets = typeof target === 'string' ? { default: target } : target
      for (const [condition, file] of Object.entries(targets)) {
        if (file.startsWith('./dist/')) {
          // tsc emits dist/<path>.js and .d.ts from <path>.ts.
          const source = file.replace(/^\.\/dist\//, '').replace(/\.(d\.ts|js)$/, '.ts')
          expect(existsSync(join(ROOT, source)), `${subpath} ${condition}: ${source}`).toBe(true)
        } else {
          expect(existsSync(join(ROOT, file)), `${subpath} ${condition}: ${file}`).toBe(true)
        }
      }
    }
    expect(pkg.main).toBe('./dist/core/plugin/sdk.js')
    expect(pkg.types).toBe('./dist/core/plugin/sdk.d.ts')
  })
})

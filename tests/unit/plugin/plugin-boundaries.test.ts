import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const PLUGINS = fileURLToPath(new URL('../../../plugins', import.meta.url))
const IMPORT = /(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g

function sources(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name)
    if (statSync(path).isDirectory()) return sources(path)
    return /\.(ts|tsx)$/.test(name) ? [path] : []
  })
}

describe('plugin folders', () => {
  it('import only core, resources and themes, never another plugin folder', () => {
    const crossing: string[] = []
    for (const own of readdirSync(PLUGINS)) {
      const folder = join(PLUGINS, own)
      if (!statSync(folder).isDirectory()) continue
      for (const file of sources(folder)) {
        for (const [, spec] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
          const target = relative(PLUGINS, resolve(dirname(file), spec as string))
          const top = target.split(/[\\/]/)[0]
          if (!target.startsWith('..') && top !== own) {
            crossing.push(`${relative(PLUGINS, file)} → plugins/${target}`)
          }
        }
      }
    }
    expect(crossing).toEqual([])
  })
})

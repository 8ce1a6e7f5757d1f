#!/usr/bin/env node
// Production (NODE_ENV=production, after `npm run build`) runs the compiled CLI; a checkout runs
// the TypeScript sources through tsx, so a stale dist/ never shadows the code being edited.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const compiled = join(root, 'dist', 'core', 'cli', 'main.js')
const tsx = join(root, 'node_modules', '.bin', 'tsx')
if ((process.env.NODE_ENV === 'production' || !existsSync(tsx)) && existsSync(compiled)) {
  await import(compiled)
} else {
  const result = spawnSync(tsx, [join(root, 'core', 'cli', 'main.ts'), ...process.argv.slice(2)], {
    stdio: 'inherit',
  })
  process.exit(result.status ?? 1)
}

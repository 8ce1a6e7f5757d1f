#!/usr/bin/env node
// Runs the compiled CLI when built (npm run build), the TypeScript sources through tsx otherwise.
import { existsSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const compiled = join(root, 'dist', 'core', 'cli', 'main.js')
if (existsSync(compiled)) {
  await import(compiled)
} else {
  const tsx = join(root, 'node_modules', '.bin', 'tsx')
  const result = spawnSync(tsx, [join(root, 'core', 'cli', 'main.ts'), ...process.argv.slice(2)], {
    stdio: 'inherit',
  })
  process.exit(result.status ?? 1)
}

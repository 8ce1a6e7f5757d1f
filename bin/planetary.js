#!/usr/bin/env node
// Production (NODE_ENV=production, after `npm run build`) runs the compiled CLI; a checkout runs
// the TypeScript sources through tsx, so a stale dist/ never shadows the code being edited.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const compiled = join(root, 'dist', 'core', 'cli', 'main.js')
const tsx = join(root, 'node_modules', 'tsx')
if ((process.env.NODE_ENV === 'production' || !existsSync(tsx)) && existsSync(compiled)) {
  await import(compiled)
} else {
  // tsx's loader in this process: its CLI would start two more node processes to do the same.
  await import('tsx')
  await import(pathToFileURL(join(root, 'core', 'cli', 'main.ts')).href)
}

/**
 * Build step for production: copies the non-TypeScript files the compiled code reads (SQL,
 * component sources, theme assets) into dist/, then pre-bundles every built-in component with
 * AdminJS's bundler into ADMIN_JS_TMP_DIR, so production starts with ADMIN_JS_SKIP_BUNDLE=true.
 *
 *   NODE_ENV=production node dist/core/host/bundle.js
 */
import './env.js'
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import AdminJS from 'adminjs'
import { builtinPlugins } from '../../plugins/index.js'
import { buildComponentLoader } from './component-loader.js'

const here = dirname(fileURLToPath(import.meta.url))
// Running from dist/core/host: the project root is three levels up.
const dist = join(here, '..', '..')
const root = join(dist, '..')
const ASSET = /\.(sql|tsx|css)$|theme\.bundle\.js$/

function copyAssets(folder: string): void {
  const source = join(root, folder)
  if (!existsSync(source)) return
  for (const name of readdirSync(source)) {
    const path = join(source, name)
    if (statSync(path).isDirectory()) copyAssets(join(folder, name))
    else if (ASSET.test(name)) cpSync(path, join(dist, relative(root, path)))
  }
}

if (process.env.NODE_ENV !== 'production') {
  throw new Error('Run the bundle step with NODE_ENV=production (npm run build does)')
}
for (const folder of ['core', 'plugins', 'resources', 'themes']) copyAssets(folder)
const { loader } = buildComponentLoader(builtinPlugins)
const admin = new AdminJS({ componentLoader: loader })
await admin.initialize()
console.log(`Components bundled into ${process.env.ADMIN_JS_TMP_DIR}/`)

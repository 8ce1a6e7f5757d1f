/**
 * Build step for production: copies the non-TypeScript files the compiled code reads (SQL,
 * component sources, theme assets) into dist/, then pre-bundles the components of every
 * built-in plugin and of every third-party plugin the config lists in `pluginModules` with
 * AdminJS's bundler into ADMIN_JS_TMP_DIR, so production starts with ADMIN_JS_SKIP_BUNDLE=true.
 *
 *   NODE_ENV=production node dist/core/host/bundle.js     (npm run build; reads the config as start does)
 */
import './env.js'
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import AdminJS from 'adminjs'
import { builtinPlugins } from '../../plugins/index.js'
import { loadConfig } from '../config/load.js'
import { importPluginModules } from '../plugin/loader.js'
import { buildComponentLoader } from './component-loader.js'

const here = dirname(fileURLToPath(import.meta.url))
// Running from <outDir>/core/host: the compiled tree is two levels up, and the project root is
// the nearest folder above it with a package.json (dist/.. for `npm run build`).
const dist = join(here, '..', '..')
function projectRoot(from: string): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir
    if (dirname(dir) === dir) throw new Error(`No package.json above ${from}`)
  }
}
const root = projectRoot(dist)
const ASSET = /\.(sql|tsx|css)$|theme\.bundle\.js$/
// tsc leaves components/ out (AdminJS bundles them from source): a .ts helper beside them is
// component source too.
const COMPONENT_FOLDER = /(^|[\\/])components([\\/]|$)/

function copyAssets(folder: string): void {
  const source = join(root, folder)
  if (!existsSync(source)) return
  for (const name of readdirSync(source)) {
    const path = join(source, name)
    if (statSync(path).isDirectory()) copyAssets(join(folder, name))
    else if (ASSET.test(name) || (COMPONENT_FOLDER.test(folder) && name.endsWith('.ts'))) {
      cpSync(path, join(dist, relative(root, path)))
    }
  }
}

if (process.env.NODE_ENV !== 'production') {
  throw new Error('Run the bundle step with NODE_ENV=production (npm run build does)')
}
for (const folder of ['core', 'plugins', 'resources', 'themes']) copyAssets(folder)
// Third-party plugins' components go into the same bundle: a production start serves only it.
const config = loadConfig()
const external = (await importPluginModules(config.pluginModules)).map((found) => found.plugin)
const { loader } = buildComponentLoader([...builtinPlugins, ...external])
const admin = new AdminJS({ componentLoader: loader })
await admin.initialize()
for (const p of external) {
  console.log(
    `Bundled plugin ${p.id}: ${Object.keys(p.components ?? {}).join(', ') || 'no components'}`,
  )
}
console.log(`Components bundled into ${process.env.ADMIN_JS_TMP_DIR}/`)

// Build step: kysely ships as ~280 ES modules, which Node loads one by one on every CLI start.
// The compiled console imports it from one bundled file instead (dist/vendor/kysely.js), so
// `planetary inspect` and friends start fast; a checkout (tsx) still imports the package.
import { build } from 'esbuild'
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import process from 'node:process'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(root, 'dist')
const vendored = join(dist, 'vendor', 'kysely.js')

await build({
  entryPoints: ['kysely'],
  absWorkingDir: root,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outfile: vendored,
  logLevel: 'warning',
})

const IMPORT = /(from\s+|import\s*\(\s*)(['"])kysely\2/g
let rewritten = 0
function visit(folder) {
  for (const name of readdirSync(folder)) {
    const path = join(folder, name)
    if (statSync(path).isDirectory()) {
      if (path !== dirname(vendored)) visit(path)
    } else if (name.endsWith('.js')) {
      const text = readFileSync(path, 'utf8')
      if (!text.match(IMPORT)) continue
      let target = relative(dirname(path), vendored).replaceAll('\\', '/')
      if (!target.startsWith('.')) target = `./${target}`
      writeFileSync(
        path,
        text.replace(IMPORT, (_, head, quote) => `${head}${quote}${target}${quote}`),
      )
      rewritten++
    }
  }
}
visit(join(dist, 'core'))
visit(join(dist, 'plugins'))
visit(join(dist, 'resources'))
if (rewritten === 0) throw new Error('build/vendor.mjs: no compiled module imports kysely')
process.stdout.write(
  `kysely bundled into dist/vendor/kysely.js for ${rewritten} compiled modules\n`,
)

import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPool } from '../../core/db/pool.js'
import { launchBrowser, screenshot, signInPage } from '../harness/browser.js'
import { signIn, startTestConsole } from '../harness/console.js'

// The example plugin (examples/hello-plugin) as a third party ships it: installed by path, with
// pg-planetary as its dependency. `pkg` stands for pg-planetary installed from a package: its
// package.json (exports), its sources and its own build (tsc into pkg/dist, then the bundle step
// with the config naming the plugin), all in one temp folder inside the checkout so its imports
// find node_modules. The same plugin runs in development (sources, components bundled by the
// first page) and on the compiled production start (ADMIN_JS_SKIP_BUNDLE=true: only what the
// build bundled).
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
let pkg: string
let pluginDir: string
let browser: Browser

function sh(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  const r = spawnSync(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    timeout: 240_000,
  })
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` }
}

/** A config file in the package folder naming the plugin by path; a data folder when `dataDir`. */
function configFile(name: string, options: { dataDir?: string } = {}): string {
  const file = join(pkg, name)
  writeFileSync(
    file,
    JSON.stringify({
      plugins: ['hello-plugin'],
      pluginModules: [pluginDir],
      host: '127.0.0.1',
      port: 0,
      ...options,
    }),
  )
  return file
}

beforeAll(async () => {
  mkdirSync(join(ROOT, 'test-output'), { recursive: true })
  pkg = mkdtempSync(join(ROOT, 'test-output', 'sdk-package-'))
  cpSync(join(ROOT, 'package.json'), join(pkg, 'package.json'))
  for (const folder of ['bin', 'core', 'plugins', 'resources', 'themes']) {
    symlinkSync(join(ROOT, folder), join(pkg, folder))
  }
  pluginDir = join(pkg, 'hello-plugin')
  cpSync(join(ROOT, 'examples', 'hello-plugin'), pluginDir, {
    recursive: true,
    filter: (src) => !src.includes('node_modules'),
  })
  // What `npm install` of its `file:` dependency makes: node_modules/pg-planetary → the package.
  mkdirSync(join(pluginDir, 'node_modules'))
  symlinkSync(pkg, join(pluginDir, 'node_modules', 'pg-planetary'))

  // `npm run build`'s two steps, into the package's own dist/ and admin-bundle/.
  const tsc = sh(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      join(ROOT, 'tsconfig.build.json'),
      '--outDir',
      join(pkg, 'dist'),
    ],
    { cwd: ROOT },
  )
  if (tsc.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed:\n${tsc.output}`)
  for (const file of ['core/plugin/sdk.js', 'core/plugin/sdk.d.ts', 'core/cli/main.js']) {
    expect(existsSync(join(pkg, 'dist', file)), file).toBe(true)
  }
  const bundle = sh(process.execPath, [join(pkg, 'dist', 'core', 'host', 'bundle.js')], {
    cwd: pkg,
    env: {
      NODE_ENV: 'production',
      ADMIN_JS_TMP_DIR: join(pkg, 'admin-bundle'),
      PLANETARY_CONFIG: configFile('bundle.config.json'),
    },
  })
  if (bundle.status !== 0) throw new Error(`bundle step failed:\n${bundle.output}`)
  expect(bundle.output).toContain('Bundled plugin hello-plugin: HelloPluginNotes')
  browser = await launchBrowser()
}, 300_000)

afterAll(async () => {
  await browser?.close()
  if (pkg) rmSync(pkg, { recursive: true, force: true })
})

/** Drives the plugin's page, its action and its resource as bob (ops), in one console. */
async function drivePlugin(base: string, mode: string): Promise<void> {
  const page: Page = await browser.newPage({ viewport: { width: 1300, height: 900 } })
  try {
    await signInPage(page, base, 'bob', 'bob-planetary')
    await page.goto(`${base}/pages/hello-plugin-notes`)
    await page.getByTestId('hello-server-version').waitFor()
    expect(await page.getByTestId('hello-server-version').innerText()).toMatch(
      /server_version_num 1[4-9]\d{4}/,
    )

    // The action refuses an empty note beside its field. Refusing is idempotent, so a click the
    // page was not ready for yet (seen once on a loaded machine) is simply made again.
    const refused = async () => {
      await page.getByRole('button', { name: 'Add note' }).click()
      return page
        .getByTestId('error-body')
        .waitFor({ timeout: 5_000 })
        .then(() => true)
        .catch(() => false)
    }
    await expect.poll(refused, { timeout: 30_000 }).toBe(true)
    expect(await page.getByTestId('error-body').innerText()).toContain('is required')

    // A note: written by the plugin's POST handler with what PostgreSQL said as bob's role.
    await page.fill('#hello-body', `Hello from ${mode}`)
    await page.getByRole('button', { name: 'Add note' }).click()
    await page.getByTestId('hello-notice').waitFor()
    const notes = page.getByTestId('hello-notes')
    await notes.getByText(`Hello from ${mode}`).waitFor()
    expect(await notes.innerText()).toMatch(/by bob as role bob_devops on PostgreSQL \d+/)
    await screenshot(page, `example-plugin-${mode}-01-page`)

    // The plugin's resource lists the same note.
    await page.goto(`${base}/resources/hello-plugin.notes`)
    await page.locator('table tbody tr').first().waitFor()
    const list = await page.locator('table tbody').innerText()
    expect(list).toContain(`Hello from ${mode}`)
    expect(list).toContain('bob_devops')
    await screenshot(page, `example-plugin-${mode}-02-resource`)

    // Karen (data) is no user of the plugin: its page and resource are the same 404 as none.
    const karen = await signIn(base, 'karen', 'karen-planetary')
    expect((await karen.get('/admin/api/pages/hello-plugin-notes')).status).toBe(404)
    expect((await karen.get('/admin/api/resources/hello-plugin.notes/actions/list')).status).toBe(
      404,
    )
  } finally {
    await page.close()
  }
}

describe('The example plugin, installed by path, in Chromium', () => {
  it('works in development: page, action and resource', async () => {
    const running = await startTestConsole({
      plugins: ['hello-plugin'],
      pluginModules: [pluginDir],
    })
    const admin = createPool(running.embedded?.url() as string, { max: 1 })
    try {
      await drivePlugin(running.url, 'development')
      const { rows } = await admin.query<{ author: string; acting_role: string }>(
        'SELECT author, acting_role FROM planetary.hello_plugin_note',
      )
      expect(rows).toEqual([{ author: 'bob', acting_role: 'bob_devops' }])
      // The plugin's table was made through an executor, recorded in the change log.
      const { rows: log } = await admin.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM planetary.change_log WHERE statements::text LIKE '%hello_plugin_note%'`,
      )
      expect(Number(log[0]?.n)).toBeGreaterThan(0)
    } finally {
      await admin.end()
      await running.stop()
    }
  })

  it('works on the compiled production start, from the bundle the build made', async () => {
    expect(readFileSync(join(pkg, 'admin-bundle', 'bundle.js'), 'utf8')).toContain(
      'HelloPluginNotes',
    )
    const dataDir = mkdtempSync(join(tmpdir(), 'planetary-example-'))
    // As root the server runs as `postgres`, which must reach the data folder inside.
    chmodSync(dataDir, 0o755)
    const config = configFile('start.config.json', { dataDir })
    const child: ChildProcess = spawn(
      process.execPath,
      [join(pkg, 'dist', 'core', 'cli', 'main.js'), 'start', '--config', config],
      {
        cwd: pkg,
        env: {
          ...process.env,
          NODE_ENV: 'production',
          ADMIN_JS_SKIP_BUNDLE: 'true',
          ADMIN_JS_TMP_DIR: join(pkg, 'admin-bundle'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let output = ''
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start in 120 s:\n${output}`)), 120_000)
        const read = (chunk: Buffer) => {
          output += chunk.toString()
          const m = /ready at (\S+)/.exec(output)
          if (m?.[1]) {
            clearTimeout(timer)
            resolve(m[1])
          }
        }
        child.stdout?.on('data', read)
        child.stderr?.on('data', read)
        child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)))
      })
      await drivePlugin(url, 'production')
    } finally {
      child.kill('SIGTERM')
      await exited
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 240_000)
})

/**
 * CLI start-up benchmark: wall time, CPU time and peak memory of the compiled `planetary`
 * commands (`--help`, `plugins`, `user list`, `inspect`, `inspect --json`) on an empty database,
 * the median of five runs each, beside baselines measured in the same run: node alone, the cost
 * of loading the console (`import('adminjs')`) and the same commands through tsx. It also records
 * every module a compiled command resolves, to show which of them load AdminJS.
 *
 *   npm run build && npm run bench:cli     (PLANETARY_BENCH_DATABASE_URL to use another server)
 *
 * PLANETARY_BENCH_RUNS sets the runs per command (default 5); PLANETARY_BENCH_TSX=0 skips the
 * tsx column. Peak memory needs GNU time at /usr/bin/time.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { benchServer } from '../server.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const BIN = join(ROOT, 'bin', 'planetary.js')
const COMPILED = join(ROOT, 'dist', 'core', 'cli', 'main.js')
const GNU_TIME = '/usr/bin/time'
const RUNS = Math.max(1, Number(process.env.PLANETARY_BENCH_RUNS ?? 5))
const WITH_TSX = process.env.PLANETARY_BENCH_TSX !== '0'

/** The issue's goals for the compiled CLI. */
const GOALS: Record<string, { seconds: number; megabytes?: number }> = {
  '--help': { seconds: 0.3 },
  inspect: { seconds: 0.6, megabytes: 100 },
}

interface Sample {
  readonly wall: number
  readonly cpu: number
  /** Peak resident memory in MB, when GNU time is there to tell. */
  readonly rss?: number
}

interface Figures {
  readonly wall: number
  readonly cpu: number
  readonly rss?: number
}

if (!existsSync(COMPILED)) {
  process.stderr.write(`No compiled CLI at ${COMPILED}: run \`npm run build\` first.\n`)
  process.exit(1)
}
const hasTime = existsSync(GNU_TIME)
const work = mkdtempSync(join(tmpdir(), 'planetary-bench-cli-'))
// Records every module URL a command resolves: AdminJS loaded or not, and how many modules.
const hook = join(work, 'hook.mjs')
const register = join(work, 'register.mjs')
writeFileSync(
  hook,
  `import { appendFileSync } from 'node:fs'
export async function resolve(specifier, context, next) {
  const found = await next(specifier, context)
  appendFileSync(process.env.PLANETARY_BENCH_TRACE, found.url + '\\n')
  return found
}
`,
)
writeFileSync(
  register,
  `import { register } from 'node:module'\nregister(${JSON.stringify(`file://${hook}`)})\n`,
)

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

/** Runs a command once; fails the bench when it fails, so no figure is of an error. */
function runOnce(args: readonly string[], env: NodeJS.ProcessEnv): Sample {
  const stats = join(work, 'time.txt')
  const command = hasTime ? GNU_TIME : 'node'
  const argv = hasTime ? ['-f', '%e %U %S %M', '-o', stats, 'node', ...args] : args
  const started = performance.now()
  const result = spawnSync(command, argv, {
    cwd: work,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  const wall = (performance.now() - started) / 1000
  if (result.status !== 0) {
    throw new Error(`node ${args.join(' ')} failed (${result.status}): ${result.stderr.toString()}`)
  }
  if (!hasTime) return { wall, cpu: Number.NaN }
  const [elapsed, user, system, kb] = readFileSync(stats, 'utf8').trim().split(/\s+/).map(Number)
  return {
    wall: elapsed ?? wall,
    cpu: (user ?? 0) + (system ?? 0),
    rss: (kb ?? 0) / 1024,
  }
}

/** One warm-up run (file cache, tsx's cache), then the median of `RUNS`. */
function measure(args: readonly string[], env: NodeJS.ProcessEnv = {}): Figures {
  runOnce(args, env)
  const samples = Array.from({ length: RUNS }, () => runOnce(args, env))
  const rss = samples.map((s) => s.rss).filter((v) => v !== undefined)
  return {
    wall: median(samples.map((s) => s.wall)),
    cpu: median(samples.map((s) => s.cpu)),
    ...(rss.length ? { rss: median(rss) } : {}),
  }
}

/** What a compiled command resolves: module count and whether AdminJS is among them. */
function modulesOf(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): { count: number; adminjs: boolean } {
  const trace = join(work, 'trace.txt')
  rmSync(trace, { force: true })
  runOnce(['--import', register, ...args], { ...env, PLANETARY_BENCH_TRACE: trace })
  const urls = new Set(readFileSync(trace, 'utf8').split('\n').filter(Boolean))
  return {
    count: urls.size,
    adminjs: [...urls].some((u) => /\/node_modules\/(adminjs|@adminjs)\//.test(u)),
  }
}

const server = await benchServer()
const admin = new pg.Client({ connectionString: server.url })
// The cluster's shutdown ends this connection too; that is no error.
admin.on('error', () => undefined)
await admin.connect()
const withDatabase = (url: string, database: string) => {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}
try {
  // Two databases: one bootstrapped by `planetary init` for `user list`, one left empty.
  for (const db of ['planetary_bench_cli', 'planetary_bench_empty']) {
    await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`)
    await admin.query(`CREATE DATABASE ${db}`)
  }
  const consoleUrl = withDatabase(server.url, 'planetary_bench_cli')
  const emptyUrl = withDatabase(server.url, 'planetary_bench_empty')
  const compiled = { NODE_ENV: 'production' }
  runOnce([BIN, 'init', '--admin-url', consoleUrl], compiled)

  const commands: { label: string; args: string[]; url?: string }[] = [
    { label: '--help', args: ['--help'] },
    { label: 'plugins', args: ['plugins'], url: emptyUrl },
    { label: 'user list', args: ['user', 'list'], url: consoleUrl },
    { label: 'inspect', args: ['inspect'], url: emptyUrl },
    { label: 'inspect --json', args: ['inspect', '--json'], url: emptyUrl },
  ]

  const [load1, load5] = loadavg()
  process.stdout.write(
    `CLI start-up (planetary = node bin/planetary.js, on an empty database), median of ${RUNS} runs (after one warm-up), ${hasTime ? 'peak RSS by GNU time' : 'no GNU time: no peak RSS'}; load average ${load1?.toFixed(1)} / ${load5?.toFixed(1)} on this machine\n\n`,
  )
  const fmt = (f: Figures | undefined) =>
    f
      ? `${f.wall.toFixed(2).padStart(6)} s ${f.cpu.toFixed(2).padStart(5)} s ${(f.rss === undefined ? 'n/a' : f.rss.toFixed(0)).padStart(5)} MB`
      : ''.padEnd(25)
  const figures = `${'wall'.padStart(8)} ${'cpu'.padStart(7)} ${'rss'.padStart(8)}`
  const line = (label: string, ...cells: string[]) =>
    process.stdout.write(`${[label.padEnd(30), ...cells].join('  ').trimEnd()}\n`)
  line('', 'compiled (NODE_ENV=production)'.padEnd(43), WITH_TSX ? 'through tsx' : '')
  line('', figures, 'modules', 'AdminJS', ...(WITH_TSX ? [figures] : []), 'goal')
  // What node costs alone, and what loading the console costs (by its path: the cwd is scratch).
  line('node -e 0', fmt(measure(['-e', '0'])))
  line(
    'node -e "import(\'adminjs\')"',
    fmt(measure(['-e', `import(${JSON.stringify(import.meta.resolve('adminjs'))})`])),
  )
  let failed = 0
  for (const c of commands) {
    const env = c.url ? { PLANETARY_DATABASE_URL: c.url } : {}
    const fast = measure([BIN, ...c.args], { ...compiled, ...env })
    const slow = WITH_TSX ? measure([BIN, ...c.args], env) : undefined
    const loaded = modulesOf([BIN, ...c.args], { ...compiled, ...env })
    const goal = GOALS[c.label]
    let verdict = ''
    if (goal) {
      const ok =
        fast.wall <= goal.seconds &&
        (goal.megabytes === undefined || (fast.rss ?? Infinity) <= goal.megabytes)
      if (!ok) failed++
      verdict = `≤ ${goal.seconds} s${goal.megabytes ? `, ≤ ${goal.megabytes} MB` : ''}: ${ok ? 'PASS' : 'FAIL'}`
    }
    // None of these commands serves the console: loading AdminJS is a failure in itself.
    if (loaded.adminjs) {
      failed++
      verdict += `${verdict ? '; ' : ''}loads AdminJS: FAIL`
    }
    line(
      `planetary ${c.label}`,
      fmt(fast),
      String(loaded.count).padStart(7),
      (loaded.adminjs ? 'yes' : 'no').padEnd(7),
      ...(WITH_TSX ? [fmt(slow)] : []),
      verdict,
    )
  }
  process.stdout.write(
    `\n${failed ? `${failed} goal${failed > 1 ? 's' : ''} missed` : 'Every goal met'} (wall time on a loaded machine runs over; CPU time shows the work)\n`,
  )
  process.exitCode = failed ? 1 : 0
} finally {
  await admin.end()
  await server.stop()
  rmSync(work, { recursive: true, force: true })
}

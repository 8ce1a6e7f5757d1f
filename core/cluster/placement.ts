import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  rmdirSync,
  symlinkSync,
} from 'node:fs'
import { arch, platform, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { ConsoleError } from '../errors.js'

/** The account PostgreSQL runs as when the console itself runs as root. */
export interface ServerUser {
  readonly uid: number
  readonly gid: number
}

// Root's own folders (a clone under /root, mode 700) are closed to the server's user. These
// places are not: regenerable binaries under /var/cache, data that must last under /var/lib.
const BINARY_CACHE = '/var/cache/planetary'
const DATA_HOME = '/var/lib/planetary'

function asUser(user: ServerUser, file: string, args: string[]): boolean {
  const result = spawnSync(file, args, { ...user, stdio: 'ignore', env: { LC_ALL: 'C' } })
  return result.status === 0
}

/** True when `user` can create files in `dir` (which takes search rights on every parent). */
export function reachableBy(user: ServerUser, dir: string): boolean {
  return asUser(user, 'test', ['-w', dir, '-a', '-x', dir])
}

/**
 * The embedded build's `bin/` folder, somewhere the server's user can run it from. When the
 * checkout is private (node_modules under /root), the whole build (bin, lib, share: PostgreSQL
 * finds its libraries relative to its own binary) is copied once to /var/cache/planetary,
 * keyed by version and build, and reused.
 *
 * @example const bin = reachableBinaries(user, '/root/app/node_modules/…/native/bin')
 */
export function reachableBinaries(user: ServerUser, bin: string): string {
  const postgres = join(bin, 'postgres')
  if (asUser(user, postgres, ['--version'])) return bin
  const build = dirname(bin)
  const version = execFileSync(postgres, ['--version'], { encoding: 'utf8' })
    .trim()
    .replace(/^.*\s/, '')
  // Keyed by content, not mtime: a fresh `npm ci` of the same build reuses the copy.
  const digest = createHash('sha256').update(readFileSync(postgres)).digest('hex').slice(0, 12)
  const key = `postgres-${version}-${platform()}-${arch()}-${digest}`
  const target = join(BINARY_CACHE, key)
  if (!existsSync(join(target, 'bin', 'postgres'))) {
    mkdirSync(BINARY_CACHE, { recursive: true, mode: 0o755 })
    chmodSync(BINARY_CACHE, 0o755)
    // Copied aside and renamed into place, so parallel test workers never see half a copy.
    const staging = mkdtempSync(join(BINARY_CACHE, `.${key}-`))
    try {
      cpSync(build, staging, { recursive: true, verbatimSymlinks: true })
      chmodSync(staging, 0o755)
      renameSync(staging, target)
    } catch (err) {
      rmSync(staging, { recursive: true, force: true })
      if (!existsSync(join(target, 'bin', 'postgres'))) throw err
    }
  }
  const copied = join(target, 'bin')
  if (!asUser(user, join(copied, 'postgres'), ['--version'])) {
    throw new ConsoleError(
      `PostgreSQL's user (uid ${user.uid}) cannot run ${postgres}, nor the copy in ${copied}`,
    )
  }
  return copied
}

/** Hands a cluster folder to the server's user, closed to everyone else. */
function giveTo(user: ServerUser, dir: string): void {
  chownSync(dir, user.uid, user.gid)
  chmodSync(dir, 0o700)
}

/**
 * A throwaway cluster's folder: under the temp folder, or /var/tmp when the server's user
 * cannot reach that one (a private TMPDIR).
 */
export function throwawayBase(user: ServerUser | undefined): string {
  const base = mkdtempSync(join(tmpdir(), 'planetary-pg-'))
  if (!user) return base
  giveTo(user, base)
  if (reachableBy(user, base)) return base
  rmSync(base, { recursive: true, force: true })
  const fallback = mkdtempSync(join('/var/tmp', 'planetary-pg-'))
  giveTo(user, fallback)
  return fallback
}

/**
 * A persistent cluster's folder, as the server sees it. When the server's user cannot reach
 * `dir` (a checkout under /root), the data lives in /var/lib/planetary/<name>-<hash of dir>
 * and `dir` becomes a symlink to it, so `.planetary/pg` still leads to the data. Data already
 * in `dir` from a run that could reach it is moved there.
 */
export function persistentBase(user: ServerUser | undefined, dir: string): string {
  if (!user) {
    mkdirSync(dir, { recursive: true })
    return dir
  }
  if (isSymlink(dir)) {
    // The link was made by an earlier run; its target is made again if someone removed it.
    const target = resolve(dirname(dir), readlinkSync(dir))
    mkdirSync(target, { recursive: true })
    giveTo(user, target)
    return target
  }
  mkdirSync(dir, { recursive: true })
  giveTo(user, dir)
  if (reachableBy(user, dir)) return dir
  const hash = createHash('sha256').update(dir).digest('hex').slice(0, 12)
  const name = dir
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(-60)
  const target = join(DATA_HOME, `${name}-${hash}`)
  mkdirSync(DATA_HOME, { recursive: true, mode: 0o755 })
  if (readdirSync(dir).length > 0) {
    if (existsSync(target)) {
      throw new ConsoleError(
        `PostgreSQL's user cannot reach ${dir}, and ${target} already holds data: move one aside`,
      )
    }
    // mv keeps the owner and modes PostgreSQL insists on, also across file systems.
    execFileSync('mv', ['-T', dir, target])
  } else {
    rmdirSync(dir)
    mkdirSync(target, { recursive: true })
  }
  giveTo(user, target)
  symlinkSync(target, dir)
  return target
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink()
  } catch {
    return false
  }
}

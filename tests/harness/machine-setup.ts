import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { debian15Available, debian15Bin } from '../../core/cluster/cluster.js'
import { testMajor } from './backend.js'
import { CHROMIUM } from './browser.js'
import { ensureMajor, isOtherMajor } from './pg-majors.js'

/** What a test project needs from the machine, and the Debian package that brings it. */
interface Requirement {
  readonly what: string
  readonly pkg: string
  readonly projects: readonly string[]
  present(): boolean
}

const REQUIREMENTS: readonly Requirement[] = [
  {
    what: `PostgreSQL 15 (${debian15Bin()}/postgres)`,
    pkg: 'postgresql-15',
    projects: ['integration'],
    present: () => debian15Available().server,
  },
  {
    what: `pg_cron for PostgreSQL 15 (${join(debian15Bin(), '..', 'lib', 'pg_cron.so')})`,
    pkg: 'postgresql-15-cron',
    projects: ['integration'],
    present: () => debian15Available().cron,
  },
  {
    what: `Chromium (${CHROMIUM})`,
    pkg: 'chromium',
    projects: ['e2e'],
    present: () => existsSync(CHROMIUM),
  },
]

function onPath(command: string): boolean {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .some((dir) => dir !== '' && existsSync(join(dir, command)))
}

function installCommand(pkgs: readonly string[], sudo: boolean): string {
  const s = sudo ? 'sudo ' : ''
  return `${s}apt-get update && ${s}apt-get install -y --no-install-recommends ${pkgs.join(' ')}`
}

// Integration and e2e set up side by side: one apt-get at a time, the other waits and rechecks.
const LOCK = join(tmpdir(), 'planetary-machine-setup.lock')

async function withLock<T>(run: () => T): Promise<T> {
  for (;;) {
    try {
      mkdirSync(LOCK)
      break
    } catch {
      const age = Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now())
      if (age > 15 * 60_000) rmdirSync(LOCK)
      await new Promise((r) => setTimeout(r, 500))
    }
  }
  try {
    return run()
  } finally {
    rmdirSync(LOCK)
  }
}

/**
 * Vitest global setup: before a project's tests, makes sure the machine has what they need
 * (Debian's PostgreSQL 15 with pg_cron for integration, Chromium for e2e). Missing packages are
 * installed with apt-get when running as root on Debian (unless PLANETARY_TEST_INSTALL=0);
 * otherwise the run stops at once with the exact command to run.
 */
export async function setup(project: TestProject): Promise<void> {
  const major = testMajor()
  if (project.name === 'integration' && isOtherMajor(major)) {
    await withLock(() => ensureMajor(major))
  }
  const needed = REQUIREMENTS.filter((r) => r.projects.includes(project.name))
  if (needed.every((r) => r.present())) return
  await withLock(() => {
    if (needed.every((r) => r.present())) return
    // One command for everything the suite lacks, so a person runs it once.
    const pkgs = REQUIREMENTS.filter((r) => !r.present()).map((r) => r.pkg)
    const root = process.getuid?.() === 0
    const apt = onPath('apt-get')
    if (root && apt && process.env.PLANETARY_TEST_INSTALL !== '0') {
      const command = installCommand(pkgs, false)
      process.stderr.write(`[${project.name}] installing what the tests need: ${command}\n`)
      const result = spawnSync('sh', ['-c', command], {
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      })
      const still = needed.filter((r) => !r.present())
      if (result.status === 0 && still.length === 0) return
      throw new Error(
        `[${project.name}] \`${command}\` ${result.status === 0 ? 'ran' : `failed (exit ${result.status})`}, ` +
          `still missing: ${still.map((r) => r.what).join(', ')}`,
      )
    }
    const missing = needed.filter((r) => !r.present()).map((r) => r.what)
    const how = apt
      ? `run:\n\n  ${installCommand(pkgs, !root)}\n`
      : `install Debian's packages ${pkgs.join(', ')} or their equivalents ` +
        `(PLANETARY_PG15_BIN and PLANETARY_CHROMIUM point at other builds)`
    throw new Error(`[${project.name}] tests need ${missing.join(', ')}: ${how}`)
  })
}

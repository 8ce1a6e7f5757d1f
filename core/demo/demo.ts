import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Cluster } from '../cluster/cluster.js'
import type { Config } from '../config/schema.js'
import { createPool } from '../db/pool.js'
import { initDatabase } from '../console-schema/init.js'
import { UserStore } from '../users/users.js'

export const DEMO_AUTHENTICATOR = 'planetary_authenticator'
export const DEMO_DDL_ROLE = 'platform_ddl'

/** The demo's console users: name, password, role, claims, personas. */
export const DEMO_USERS = [
  {
    name: 'karen',
    password: 'karen-planetary',
    role: 'karen',
    claims: { tenant_id: 1 },
    personas: ['data'],
  },
  {
    name: 'bob',
    password: 'bob-planetary',
    role: 'bob_devops',
    claims: { tenant_id: 2 },
    personas: ['ops', 'data'],
  },
  {
    name: 'senior',
    password: 'senior-planetary',
    role: 'senior_dev',
    claims: { tenant_id: 1 },
    personas: ['dev', 'admin'],
  },
] as const

interface DemoSecrets {
  sessionSecret: string
  authenticatorPassword: string
}

function secrets(dataDir: string): DemoSecrets {
  const file = join(resolve(dataDir), 'secrets.json')
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DemoSecrets
  mkdirSync(resolve(dataDir), { recursive: true })
  const made = {
    sessionSecret: randomBytes(32).toString('base64url'),
    authenticatorPassword: randomBytes(18).toString('base64url'),
  }
  writeFileSync(file, JSON.stringify(made, null, 2), { mode: 0o600 })
  return made
}

/**
 * Makes the embedded database a ready demo on first start — roles (PRD §7), console schema, the
 * invoice schema of demo.sql, console users karen, bob and senior — and returns what the console
 * needs to serve it. Later starts find everything in place and only connect.
 */
export async function ensureDemo(
  cluster: Cluster,
  config: Config,
  out: (line: string) => void = () => undefined,
): Promise<{ databaseUrl: string; sessionSecret: string; ddlRole: string; created: boolean }> {
  const s = secrets(config.dataDir)
  const admin = createPool(cluster.url(), { max: 2 })
  try {
    const { rows } = await admin.query<{ ready: boolean }>(
      `SELECT to_regclass($1) IS NOT NULL AND to_regnamespace('app') IS NOT NULL AS ready`,
      [`${config.consoleSchema}.users`],
    )
    const created = !rows[0]?.ready
    if (created) {
      out('Setting up the demo database (first start)…')
      await initDatabase({
        adminPool: admin,
        config,
        bootstrap: {
          authenticator: DEMO_AUTHENTICATOR,
          authenticatorPassword: s.authenticatorPassword,
          ddlRole: DEMO_DDL_ROLE,
          postgrestAuthenticator: 'postgrest_authenticator',
        },
      })
      if (!(await admin.query(`SELECT to_regnamespace('app') AS n`)).rows[0].n) {
        await admin.query(readFileSync(new URL('./demo.sql', import.meta.url), 'utf8'))
      }
      const databaseUrl = cluster.url('postgres', DEMO_AUTHENTICATOR, s.authenticatorPassword)
      const consolePool = createPool(databaseUrl, { max: 1 })
      try {
        const users = new UserStore(consolePool, config.consoleSchema)
        const existing = new Set((await users.list()).map((u) => u.name))
        for (const u of DEMO_USERS) {
          if (!existing.has(u.name)) {
            await users.add({ ...u, claims: { ...u.claims }, personas: [...u.personas] })
          }
        }
      } finally {
        await consolePool.end()
      }
    }
    return {
      databaseUrl: cluster.url('postgres', DEMO_AUTHENTICATOR, s.authenticatorPassword),
      sessionSecret: s.sessionSecret,
      ddlRole: DEMO_DDL_ROLE,
      created,
    }
  } finally {
    await admin.end()
  }
}

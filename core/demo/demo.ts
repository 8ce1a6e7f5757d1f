import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Cluster } from '../cluster/cluster.js'
import type { Config } from '../config/schema.js'
import { createPool } from '../db/pool.js'
import { initDatabase } from '../console-schema/init.js'
import type { Pool } from '../db/pool.js'
import { compile, renderStatic, sql } from '../sql/sql.js'
import { UserStore } from '../users/users.js'

export const DEMO_AUTHENTICATOR = 'planetary_authenticator'
export const DEMO_TESTER = 'planetary_tester'
export const DEMO_DDL_ROLE = 'platform_ddl'

/** The demo's console users: name, password, role, claims, personas. */
export const DEMO_USERS = [
  {
    name: 'karen',
    password: 'karen-planetary',
    role: 'karen',
    claims: { tenant_id: 1 },
    personas: ['data'],
    mayTest: [],
  },
  {
    name: 'bob',
    password: 'bob-planetary',
    role: 'bob_devops',
    claims: { tenant_id: 2 },
    personas: ['ops', 'data'],
    mayTest: ['karen', 'bob_devops'],
  },
  {
    name: 'senior',
    password: 'senior-planetary',
    role: 'senior_dev',
    claims: { tenant_id: 1 },
    personas: ['dev', 'admin'],
    mayTest: ['karen', 'bob_devops', 'senior_dev'],
  },
] as const

interface DemoSecrets {
  sessionSecret: string
  authenticatorPassword: string
  testerPassword: string
}

/** The demo's secrets, made on first start; a secret added since is made and saved too. */
function secrets(dataDir: string): DemoSecrets {
  const file = join(resolve(dataDir), 'secrets.json')
  const kept = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<DemoSecrets>)
    : undefined
  const made = {
    sessionSecret: kept?.sessionSecret ?? randomBytes(32).toString('base64url'),
    authenticatorPassword: kept?.authenticatorPassword ?? randomBytes(18).toString('base64url'),
    testerPassword: kept?.testerPassword ?? randomBytes(18).toString('base64url'),
  }
  if (!kept || Object.keys(made).some((k) => !(k in kept))) {
    mkdirSync(resolve(dataDir), { recursive: true })
    writeFileSync(file, JSON.stringify(made, null, 2), { mode: 0o600 })
  }
  return made
}

/** The demo's views, as demo.sql makes them. */
export const DEMO_VIEWS = ['invoice_v', 'invoice_v_finance', 'invoice_v_redacted'] as const

/**
 * Takes security_barrier off the demo's views in a demo made by an older version, where they
 * had it: they have no WHERE clause, RLS on the raw table hides other tenants' rows as a
 * security qual anyway, and the barrier kept every list page from the id index (a sort of the
 * whole table per page). A view changed since to filter rows in its own WHERE keeps it. One
 * catalog read per start; nothing is written when no view needs it. Returns the views changed.
 */
export async function dropDemoViewBarriers(admin: Pool): Promise<string[]> {
  const { text, values } = compile(sql`SELECT c.relname AS name
    FROM pg_catalog.pg_class c
    WHERE c.relnamespace = pg_catalog.to_regnamespace('app') AND c.relkind = 'v'
      AND c.relname = ANY (${sql.val([...DEMO_VIEWS])}::text[])
      AND EXISTS (SELECT FROM pg_catalog.unnest(c.reloptions) o
        WHERE pg_catalog.split_part(o, '=', 1) = 'security_barrier')
      AND pg_catalog.pg_get_viewdef(c.oid) !~* '\\mwhere\\M'
    ORDER BY c.relname`)
  const { rows } = await admin.query<{ name: string }>(text, [...values])
  for (const { name } of rows) {
    await admin.query(renderStatic(sql`ALTER VIEW ${sql.id('app', name)} RESET (security_barrier)`))
  }
  return rows.map((r) => r.name)
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
): Promise<{
  databaseUrl: string
  testerUrl: string
  sessionSecret: string
  ddlRole: string
  created: boolean
}> {
  const s = secrets(config.dataDir)
  const admin = createPool(cluster.url(), { max: 2 })
  const bootstrap = {
    authenticator: DEMO_AUTHENTICATOR,
    authenticatorPassword: s.authenticatorPassword,
    ddlRole: DEMO_DDL_ROLE,
    postgrestAuthenticator: 'postgrest_authenticator',
    tester: DEMO_TESTER,
    testerPassword: s.testerPassword,
  }
  const databaseUrl = cluster.url('postgres', DEMO_AUTHENTICATOR, s.authenticatorPassword)
  try {
    // One query: is there a demo, and is it as current as this code (tester login, users
    // table out of the console login's hands, may_test)?
    const { rows } = await admin.query<{ ready: boolean; current: boolean }>(
      `SELECT to_regclass($1) IS NOT NULL AND to_regnamespace('app') IS NOT NULL AS ready,
         to_regprocedure($2) IS NOT NULL AND EXISTS (SELECT FROM pg_roles WHERE rolname = $3) AS current`,
      [
        `${config.consoleSchema}.users`,
        `${config.consoleSchema}.password_matches(text, text)`,
        DEMO_TESTER,
      ],
    )
    const created = !rows[0]?.ready
    if (created) {
      out('Setting up the demo database (first start)…')
      await initDatabase({ adminPool: admin, config, bootstrap })
      if (!(await admin.query(`SELECT to_regnamespace('app') AS n`)).rows[0].n) {
        await admin.query(readFileSync(new URL('./demo.sql', import.meta.url), 'utf8'))
      }
    } else if (!rows[0]?.current) {
      // A demo made by an older version: `planetary init` again brings it up to date.
      out('Bringing the demo database up to date…')
      await initDatabase({ adminPool: admin, config, bootstrap })
    }
    if (!created) {
      const changed = await dropDemoViewBarriers(admin)
      if (changed.length) out(`Demo views without security_barrier now: ${changed.join(', ')}`)
    }
    if (created || !rows[0]?.current) {
      const consolePool = createPool(databaseUrl, { max: 1 })
      try {
        const users = new UserStore(consolePool, config.consoleSchema)
        const existing = new Map((await users.list()).map((u) => [u.name, u]))
        for (const u of DEMO_USERS) {
          const known = existing.get(u.name)
          if (!known) {
            await users.add({
              ...u,
              claims: { ...u.claims },
              personas: [...u.personas],
              mayTest: [...u.mayTest],
            })
          } else if (known.mayTest.length === 0 && u.mayTest.length) {
            await users.update(u.name, { mayTest: [...u.mayTest] })
          }
        }
      } finally {
        await consolePool.end()
      }
    }
    return {
      databaseUrl,
      testerUrl: cluster.url('postgres', DEMO_TESTER, s.testerPassword),
      sessionSecret: s.sessionSecret,
      ddlRole: DEMO_DDL_ROLE,
      created,
    }
  } finally {
    await admin.end()
  }
}

import { readFileSync } from 'node:fs'
import { parseConfig } from '../../core/config/load.js'
import { initDatabase } from '../../core/console-schema/init.js'
import { DEMO_USERS } from '../../core/demo/demo.js'
import { Executor } from '../../core/executor/executor.js'
import type { Persona, PluginContext, PluginPage } from '../../core/plugin/types.js'
import { UserStore } from '../../core/users/users.js'
import type { TestDatabase } from './database.js'

export interface PluginFixture {
  readonly ctx: PluginContext
  readonly login: string
  /** Calls a page handler as a console user, the way the host does. */
  call(
    page: NonNullable<PluginPage['handler']>,
    method: 'GET' | 'POST',
    body?: Record<string, unknown>,
    user?: { name: string; role: string; personas: Persona[] },
  ): Promise<Record<string, unknown> & { ok: boolean }>
}

export const BOB = { name: 'bob', role: 'bob_devops', personas: ['ops', 'data'] as Persona[] }
export const SENIOR = {
  name: 'senior',
  role: 'senior_dev',
  personas: ['dev', 'admin'] as Persona[],
}

/**
 * The demo on a test database, set up as `planetary init` and the demo do: console schema,
 * a NOINHERIT console login that may SET ROLE to platform_ddl and the example roles, and the
 * invoice schema of core/demo/demo.sql, the policy tester's own login, and the demo's console
 * users bob and senior (who may test as the demo lets them). Plugin handlers get the context the
 * host gives them.
 */
export async function pluginFixture(db: TestDatabase): Promise<PluginFixture> {
  const login = await db.createLogin('console_login', 'NOINHERIT')
  const tester = await db.createLogin('tester_login', 'NOINHERIT')
  const config = parseConfig({
    consoleSchema: 'planetary',
    lockTimeoutMs: 2000,
    statementTimeoutMs: 10_000,
    testerUrl: tester.url,
  })
  await initDatabase({
    adminPool: db.admin,
    config,
    bootstrap: {
      authenticator: login.role,
      ddlRole: 'platform_ddl',
      postgrestAuthenticator: 'postgrest_authenticator',
      tester: tester.role,
    },
  })
  await db.admin.query(readFileSync(new URL('../../core/demo/demo.sql', import.meta.url), 'utf8'))
  const pool = db.pool(login.url)
  const executor = new Executor({
    pool,
    ddlRole: 'platform_ddl',
    consoleSchema: config.consoleSchema,
    lockTimeoutMs: config.lockTimeoutMs,
    statementTimeoutMs: config.statementTimeoutMs,
  })
  const users = new UserStore(pool, config.consoleSchema)
  // Only the two who run the tester: other suites count the console users of a role.
  for (const u of DEMO_USERS.filter((d) => d.name === 'bob' || d.name === 'senior')) {
    if (!(await users.get(u.name))) {
      await users.add({
        ...u,
        claims: { ...u.claims },
        personas: [...u.personas],
        mayTest: [...u.mayTest],
      })
    }
  }
  const ctx: PluginContext = { config, pool, executor, serverVersionNum: db.versionNum }
  return {
    ctx,
    login: login.role,
    async call(page, method, body = {}, user = BOB) {
      const reply = await page(
        method === 'GET' ? { method, query: body, user } : { method, payload: body, user },
        ctx,
      )
      // The host sends handler results through JSON: so do the tests.
      return JSON.parse(JSON.stringify(reply)) as Record<string, unknown> & { ok: boolean }
    },
  }
}

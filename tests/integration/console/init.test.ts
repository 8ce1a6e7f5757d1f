import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../../core/config/load.js'
import { initDatabase } from '../../../core/console-schema/init.js'
import { UserStore } from '../../../core/users/users.js'
import { useTestDatabase } from '../../harness/database.js'

const db = useTestDatabase()
const config = parseConfig({})
const bootstrap = {
  authenticator: 'planetary_authenticator',
  authenticatorPassword: 'auth-pass-123',
  ddlRole: 'platform_ddl',
  postgrestAuthenticator: 'postgrest_authenticator',
}

describe('planetary init', () => {
  it('bootstraps roles and the console schema, shows the SQL first, and is idempotent', async () => {
    const lines: string[] = []
    const first = await initDatabase({
      adminPool: db().admin,
      config,
      bootstrap,
      out: (l) => lines.push(l),
    })
    expect(first.applied).toBe(true)
    expect(lines.join('\n')).toContain('CREATE ROLE "planetary_authenticator" LOGIN NOINHERIT;')
    expect(lines.join('\n')).not.toContain('auth-pass-123')
    const roles = await db().admin.query(
      `SELECT rolname, rolinherit, rolcanlogin FROM pg_roles
       WHERE rolname IN ('planetary_authenticator', 'platform_ddl', 'karen', 'senior_dev', 'bob_devops', 'audit_writer', 'postgrest_authenticator')
       ORDER BY rolname`,
    )
    expect(roles.rows).toHaveLength(7)
    expect(roles.rows.find((r) => r.rolname === 'planetary_authenticator')).toMatchObject({
      rolinherit: false,
      rolcanlogin: true,
    })
    const log = await db().admin.query(`SELECT statements::text AS s FROM planetary.change_log`)
    expect(log.rows[0].s).not.toContain('auth-pass-123')

    const second = await initDatabase({
      adminPool: db().admin,
      config,
      bootstrap: { ...bootstrap, authenticatorPassword: 'auth-pass-123' },
    })
    expect(second.applied).toBe(true)
    expect(second.preview.statements.map((s) => s.kind)).not.toContain('create_role')
  })

  it('lets the authenticator manage console users and act as the served roles', async () => {
    const url = db().server.url(db().name, 'planetary_authenticator', 'auth-pass-123')
    const pool = db().pool(url)
    const users = new UserStore(pool, 'planetary')
    await users.add({
      name: 'karen',
      password: 'karen-pass-1',
      role: 'karen',
      claims: { tenant_id: 1 },
      personas: ['data'],
    })
    await expect(
      users.add({ name: 'karen', password: 'karen-pass-1', role: 'karen' }),
    ).rejects.toThrow(/already exists/)
    await expect(
      users.add({ name: 'eve', password: 'eve-pass-12', role: 'postgres' }),
    ).rejects.toThrow(/may not act as role/)
    await expect(users.add({ name: 'eve', password: 'short', role: 'karen' })).rejects.toThrow(
      /password: must be at least 8/,
    )
    expect(await users.verify('karen', 'karen-pass-1')).toMatchObject({
      role: 'karen',
      claims: { tenant_id: 1 },
    })
    expect(await users.verify('karen', 'wrong-pass')).toBeUndefined()
    expect(await users.verify('nobody', 'karen-pass-1')).toBeUndefined()
    const stored = await db().admin.query(
      `SELECT password_hash FROM planetary.users WHERE name = 'karen'`,
    )
    expect(stored.rows[0].password_hash).toMatch(/^\$argon2id\$/)
    await users.setPassword('karen', 'new-pass-99')
    expect(await users.verify('karen', 'new-pass-99')).toBeDefined()
    await users.remove('karen')
    expect(await users.list()).toEqual([])
  })
})

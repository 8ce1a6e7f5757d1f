import { describe, expect, it } from 'vitest'
import { bootstrapPlan } from '../../../core/console-schema/bootstrap.js'
import { renderStatic } from '../../../core/sql/sql.js'

const options = {
  consoleSchema: 'planetary',
  authenticator: 'planetary_authenticator',
  ddlRole: 'platform_ddl',
  postgrestAuthenticator: 'postgrest_authenticator',
}

describe('bootstrapPlan', () => {
  it('creates missing roles, the console schema and the memberships', () => {
    const plan = bootstrapPlan(options, { roles: new Set() })
    const text = plan.map((s) => renderStatic(s.sql))
    expect(text).toContain('CREATE ROLE "planetary_authenticator" LOGIN NOINHERIT')
    expect(text).toContain('CREATE ROLE "platform_ddl" NOLOGIN CREATEROLE')
    expect(text).toContain('CREATE ROLE "karen" NOLOGIN')
    expect(text).toContain(
      'GRANT "platform_ddl", "senior_dev", "bob_devops", "karen", "audit_writer" TO "planetary_authenticator"',
    )
    expect(text).toContain('CREATE SCHEMA IF NOT EXISTS "planetary"')
    expect(text.some((t) => t.startsWith('CREATE TABLE IF NOT EXISTS "planetary"."users"'))).toBe(
      true,
    )
  })

  it('keeps sessions and login rate limits in tables the console login owns', () => {
    const text = bootstrapPlan(options, { roles: new Set() }).map((s) => renderStatic(s.sql))
    for (const table of ['session', 'rate_limit']) {
      expect(
        text.some((t) => t.startsWith(`CREATE TABLE IF NOT EXISTS "planetary"."${table}"`)),
      ).toBe(true)
      expect(text).toContain(
        `ALTER TABLE "planetary"."${table}" OWNER TO "planetary_authenticator"`,
      )
    }
  })

  it('creates no role that exists already', () => {
    const roles = new Set([
      'planetary_authenticator',
      'platform_ddl',
      'senior_dev',
      'bob_devops',
      'karen',
      'audit_writer',
      'postgrest_authenticator',
      'planetary_owner',
      'planetary_tester',
    ])
    const kinds = bootstrapPlan(options, { roles }).map((s) => s.kind)
    expect(kinds).not.toContain('create_role')
  })

  it('masks the password in what previews and the change log show', () => {
    const plan = bootstrapPlan(
      { ...options, authenticatorPassword: "s3cret'pw" },
      { roles: new Set() },
    )
    const alter = plan.find((s) => s.kind === 'alter_role')
    expect(alter && renderStatic(alter.sql)).toBe(
      `ALTER ROLE "planetary_authenticator" PASSWORD 's3cret''pw'`,
    )
    expect(alter?.display && renderStatic(alter.display)).toBe(
      `ALTER ROLE "planetary_authenticator" PASSWORD '********'`,
    )
  })

  it('gives the users table to a NOLOGIN owner and the console login no read of the hash', () => {
    const text = bootstrapPlan(options, { roles: new Set() }).map((s) => renderStatic(s.sql))
    expect(text).toContain('CREATE ROLE "planetary_owner" NOLOGIN')
    expect(text).toContain('ALTER TABLE "planetary"."users" OWNER TO "planetary_owner"')
    expect(text).toContain('ALTER SCHEMA "planetary" OWNER TO "planetary_owner"')
    const grant = text.find((t) => t.startsWith('GRANT SELECT (') && t.includes('"users"'))
    expect(grant).toBeDefined()
    const selected = /SELECT \(([^)]*)\)/.exec(grant ?? '')?.[1] ?? ''
    expect(selected).not.toContain('password_hash')
    expect(selected).toContain('"may_test"')
    expect(
      text.some((t) => t.includes('SECURITY DEFINER') && t.includes('"password_matches"')),
    ).toBe(true)
  })

  it('makes a tester login a member only of the roles that may be tested', () => {
    const plan = bootstrapPlan(
      { ...options, testerPassword: 'pw' },
      { roles: new Set(['bob_devops']), privileged: new Set(['bob_devops']) },
    )
    const text = plan.map((s) => renderStatic(s.sql))
    expect(text).toContain('CREATE ROLE "planetary_tester" LOGIN NOINHERIT')
    // bob_devops here is privileged: never granted; neither the DDL role nor audit_writer.
    expect(text).toContain('GRANT "karen", "senior_dev" TO "planetary_tester"')
    expect(text.filter((t) => t.endsWith('TO "planetary_tester"'))).toHaveLength(1)
    const password = plan.find((s) => renderStatic(s.sql).includes('"planetary_tester" PASSWORD'))
    expect(password?.display && renderStatic(password.display)).toBe(
      `ALTER ROLE "planetary_tester" PASSWORD '********'`,
    )
  })
})

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

  it('creates no role that exists already', () => {
    const roles = new Set([
      'planetary_authenticator',
      'platform_ddl',
      'senior_dev',
      'bob_devops',
      'karen',
      'audit_writer',
      'postgrest_authenticator',
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
})

import { describe, expect, it } from 'vitest'
import { defaultPrivileges, functionIdentity, grant, revoke } from '../../../core/builders/grant.js'
import {
  alterRole,
  createRole,
  dropRole,
  grantMembership,
  parseRole,
  revokeMembershipAdmin,
} from '../../../core/builders/role.js'
import { InvalidInputError } from '../../../core/errors.js'
import type { Statement } from '../../../core/executor/statement.js'
import { renderStatic } from '../../../core/sql/sql.js'

const texts = (plan: Statement[]) => plan.map((s) => renderStatic(s.sql))
const shown = (plan: Statement[]) => plan.map((s) => renderStatic(s.display ?? s.sql))

describe('role builder', () => {
  it('creates a role with every attribute, masking the password in what is shown', () => {
    const r = parseRole({
      name: 'Ops Team',
      login: true,
      inherit: false,
      connectionLimit: 5,
      password: "pa'ssword1",
    })
    const [sent] = texts(createRole(r))
    expect(sent).toMatch(
      /^CREATE ROLE "Ops Team" LOGIN NOINHERIT NOBYPASSRLS NOCREATEROLE NOCREATEDB CONNECTION LIMIT 5 VALID UNTIL 'infinity' PASSWORD 'SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{44}'$/,
    )
    expect(sent).not.toContain('ssword1')
    expect(shown(createRole(r))[0]).toMatch(/PASSWORD '\*\*\*\*\*\*\*\*'$/)
    expect(shown(createRole(r))[0]).not.toContain('pa')
  })

  it('renames and changes attributes only when something changed', () => {
    const before = parseRole({ name: 'a' })
    expect(alterRole(before, before)).toEqual([])
    expect(
      texts(
        alterRole(
          before,
          parseRole({ name: 'b', bypassRls: true, validUntil: '2027-01-01T00:00:00Z' }),
        ),
      ),
    ).toEqual([
      'ALTER ROLE "a" RENAME TO "b"',
      `ALTER ROLE "b" BYPASSRLS VALID UNTIL '2027-01-01T00:00:00Z'`,
    ])
    const withPassword = texts(alterRole(before, parseRole({ name: 'a', password: 'long enough' })))
    expect(withPassword).toHaveLength(1)
    expect(withPassword[0]).toMatch(/^ALTER ROLE "a" PASSWORD 'SCRAM-SHA-256\$4096:/)
    expect(texts(alterRole(before, parseRole({ name: 'a', comment: 'Readers' })))).toEqual([
      `COMMENT ON ROLE "a" IS 'Readers'`,
    ])
  })

  it('offers REASSIGN and DROP OWNED before DROP ROLE', () => {
    expect(texts(dropRole('old', { reassignTo: 'postgres', dropOwned: true }))).toEqual([
      'REASSIGN OWNED BY "old" TO "postgres"',
      'DROP OWNED BY "old"',
      'DROP ROLE "old"',
    ])
    expect(texts(grantMembership('karen', 'authenticator', { admin: true }))).toEqual([
      'GRANT "karen" TO "authenticator" WITH ADMIN OPTION',
    ])
    expect(texts(grantMembership('readers', 'ann', { inherit: false, set: true }))).toEqual([
      'GRANT "readers" TO "ann" WITH ADMIN FALSE, INHERIT FALSE, SET TRUE',
    ])
    expect(texts(revokeMembershipAdmin('readers', 'ann'))).toEqual([
      'REVOKE ADMIN OPTION FOR "readers" FROM "ann"',
    ])
  })

  it('names the bad field', () => {
    expect(() => parseRole({ name: '', connectionLimit: -3 })).toThrow(
      /name: is required; connectionLimit/,
    )
    expect(() => parseRole({ name: 'x', password: 'short' })).toThrow(
      /password: must be at least 8/,
    )
  })
})

describe('grant builder', () => {
  it('grants and revokes table, column, schema and sequence privileges', () => {
    expect(
      texts(
        grant({
          target: { kind: 'table', schema: 'app', name: 'invoice_v' },
          privileges: ['SELECT', 'INSERT'],
          grantees: ['karen', 'PUBLIC'],
        }),
      ),
    ).toEqual(['GRANT SELECT, INSERT ON TABLE "app"."invoice_v" TO "karen", PUBLIC'])
    expect(
      texts(
        revoke({
          target: { kind: 'columns', schema: 'app', name: 't', columns: ['email', 'Tax %'] },
          privileges: ['SELECT'],
          grantees: ['karen'],
        }),
      ),
    ).toEqual(['REVOKE SELECT ("email", "Tax %") ON TABLE "app"."t" FROM "karen"'])
    expect(
      texts(
        grant({
          target: { kind: 'schema', name: 'app' },
          privileges: ['USAGE'],
          grantees: ['bob'],
          withGrantOption: true,
        }),
      ),
    ).toEqual(['GRANT USAGE ON SCHEMA "app" TO "bob" WITH GRANT OPTION'])
    expect(
      texts(
        grant({
          target: { kind: 'sequence', schema: 'app', name: 's' },
          privileges: ['USAGE'],
          grantees: ['bob'],
        }),
      )[0],
    ).toBe('GRANT USAGE ON SEQUENCE "app"."s" TO "bob"')
  })

  it('refuses privileges a target cannot have', () => {
    expect(() =>
      grant({ target: { kind: 'schema', name: 'app' }, privileges: ['SELECT'], grantees: ['x'] }),
    ).toThrow(/cannot be granted on a schema/)
    expect(() =>
      grant({
        target: { kind: 'table', schema: 'a', name: 'b' },
        privileges: ['SELECT; DROP TABLE x'],
        grantees: ['x'],
      }),
    ).toThrow(InvalidInputError)
    expect(() =>
      grant({
        target: { kind: 'table', schema: 'a', name: 'b' },
        privileges: ['SELECT'],
        grantees: [],
      }),
    ).toThrow(/grantees/)
  })

  it('grants EXECUTE on one function identified by its argument list, and refuses smuggled ones', async () => {
    const fn = await functionIdentity('app', 'process_invoice', 'integer, text')
    expect(
      texts(
        grant({ target: { kind: 'function', fn }, privileges: ['EXECUTE'], grantees: ['karen'] }),
      ),
    ).toEqual(['GRANT EXECUTE ON FUNCTION "app"."process_invoice"(integer, text) TO "karen"'])
    await expect(functionIdentity('app', 'f', 'int) , g(int')).rejects.toThrow(
      /exactly one function/,
    )
    await expect(functionIdentity('app', 'f', 'int); drop table x; --')).rejects.toThrow(
      InvalidInputError,
    )
  })

  it('renders default privileges', () => {
    expect(
      texts(
        defaultPrivileges({
          forRole: 'platform_ddl',
          schema: 'app',
          objects: 'TABLES',
          privileges: ['SELECT'],
          grantees: ['bob_devops'],
        }),
      ),
    ).toEqual([
      'ALTER DEFAULT PRIVILEGES FOR ROLE "platform_ddl" IN SCHEMA "app" GRANT SELECT ON TABLES TO "bob_devops"',
    ])
    expect(() =>
      defaultPrivileges({ objects: 'FUNCTIONS', privileges: ['SELECT'], grantees: ['x'] }),
    ).toThrow(/choose from EXECUTE/)
  })
})

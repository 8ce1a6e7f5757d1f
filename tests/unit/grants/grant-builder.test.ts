import { describe, expect, it } from 'vitest'
import {
  defaultPrivileges,
  defaultPrivilegesFor,
  functionIdentity,
  grant,
  privilegesFor,
  revoke,
} from '../../../core/builders/grant.js'
import { InvalidInputError } from '../../../core/errors.js'
import type { Statement } from '../../../core/executor/statement.js'
import { renderStatic } from '../../../core/sql/sql.js'

const texts = (plan: Statement[]) => plan.map((s) => renderStatic(s.sql))
const table = { kind: 'table', schema: 'app', name: 'invoice' } as const

function refusal(fn: () => unknown): InvalidInputError {
  try {
    fn()
  } catch (err) {
    if (err instanceof InvalidInputError) return err
    throw err
  }
  throw new Error('expected a refusal')
}

describe('grant builder: server versions', () => {
  it('offers MAINTAIN only from PostgreSQL 17', () => {
    expect(privilegesFor('table', 150004)).not.toContain('MAINTAIN')
    expect(privilegesFor('table', 170004).at(-1)).toBe('MAINTAIN')
    expect(privilegesFor('columns', 170004)).toEqual(['SELECT', 'INSERT', 'UPDATE', 'REFERENCES'])
    expect(defaultPrivilegesFor('TABLES', 150004)).not.toContain('MAINTAIN')
    expect(defaultPrivilegesFor('TABLES', 170000)).toContain('MAINTAIN')
  })

  it('refuses MAINTAIN on PG 15 with a field error, and renders it on 17', () => {
    const err = refusal(() =>
      grant({
        target: table,
        privileges: ['SELECT', 'MAINTAIN'],
        grantees: ['bob'],
        serverVersionNum: 150004,
      }),
    )
    expect(err.fields).toEqual({
      privileges: 'MAINTAIN needs PostgreSQL 17 or later (this server is 15)',
    })
    expect(
      refusal(() =>
        revoke({
          target: table,
          privileges: ['MAINTAIN'],
          grantees: ['bob'],
          serverVersionNum: 160002,
        }),
      ).fields.privileges,
    ).toMatch(/this server is 16/)
    expect(
      texts(
        grant({
          target: table,
          privileges: ['MAINTAIN'],
          grantees: ['bob'],
          serverVersionNum: 170004,
        }),
      ),
    ).toEqual(['GRANT MAINTAIN ON TABLE "app"."invoice" TO "bob"'])
    expect(
      refusal(() =>
        defaultPrivileges({
          objects: 'TABLES',
          privileges: ['MAINTAIN'],
          grantees: ['bob'],
          serverVersionNum: 150004,
        }),
      ).fields.privileges,
    ).toMatch(/MAINTAIN needs PostgreSQL 17/)
  })
})

describe('grant builder: revoke options and routines', () => {
  it('revokes only the grant option, and cascades when asked', () => {
    expect(
      texts(
        revoke({
          target: table,
          privileges: ['SELECT'],
          grantees: ['Ks Auditor'],
          grantOptionOnly: true,
          cascade: true,
        }),
      ),
    ).toEqual(['REVOKE GRANT OPTION FOR SELECT ON TABLE "app"."invoice" FROM "Ks Auditor" CASCADE'])
    const [stmt] = revoke({ target: table, privileges: ['SELECT'], grantees: ['PUBLIC'] })
    expect(stmt?.summary).toBe('Revoke SELECT on app.invoice from PUBLIC')
    expect(stmt?.destructive).toBe(true)
  })

  it('names a procedure PROCEDURE (GRANT ON FUNCTION refuses one)', async () => {
    const fn = await functionIdentity('ks', 'archive', 'IN days integer, INOUT moved integer')
    expect(
      texts(
        grant({
          target: { kind: 'function', fn, routine: 'procedure' },
          privileges: ['EXECUTE'],
          grantees: ['bob'],
        }),
      ),
    ).toEqual([
      'GRANT EXECUTE ON PROCEDURE "ks"."archive"(IN days integer, INOUT moved integer) TO "bob"',
    ])
  })

  it('grants default privileges with grant option, never on a revoke', () => {
    expect(
      texts(
        defaultPrivileges({
          schema: 'app',
          objects: 'SEQUENCES',
          privileges: ['USAGE'],
          grantees: ['karen'],
          withGrantOption: true,
        }),
      ),
    ).toEqual([
      'ALTER DEFAULT PRIVILEGES IN SCHEMA "app" GRANT USAGE ON SEQUENCES TO "karen" WITH GRANT OPTION',
    ])
    expect(
      refusal(() =>
        defaultPrivileges({
          objects: 'TABLES',
          privileges: ['SELECT'],
          grantees: ['karen'],
          revoke: true,
          withGrantOption: true,
        }),
      ).fields,
    ).toEqual({ withGrantOption: 'applies to GRANT only' })
  })
})

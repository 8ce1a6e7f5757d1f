import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../../../core/errors.js'
import { renderStatic } from '../../../core/sql/sql.js'
import { matrixPlan } from '../../../plugins/grants/matrix-plan.js'
import { MATRIX } from './matrix-fixture.js'

const sqlOf = (changes: unknown[], version = 170004) =>
  matrixPlan(MATRIX, { changes }, version).plan.map((s) => renderStatic(s.sql))

describe('matrix plan: grouping', () => {
  it('makes one GRANT per role × relation with the privileges in ACL order', () => {
    expect(
      sqlOf([
        { role: 'bob', relation: 'invoice', privilege: 'DELETE', action: 'grant' },
        { role: 'bob', relation: 'invoice', privilege: 'SELECT', action: 'grant' },
        { role: 'PUBLIC', relation: 'invoice', privilege: 'SELECT', action: 'grant' },
        { role: 'bob', relation: 'invoice_v', privilege: 'SELECT', action: 'grant' },
        { role: 'bob', relation: 'invoice', privilege: 'MAINTAIN', action: 'grant' },
      ]),
    ).toEqual([
      'GRANT SELECT ON TABLE "app"."invoice" TO PUBLIC',
      'GRANT SELECT, DELETE, MAINTAIN ON TABLE "app"."invoice" TO "bob"',
      'GRANT SELECT ON TABLE "app"."invoice_v" TO "bob"',
    ])
  })

  it('puts a role’s revokes before its grants, and separates them', () => {
    expect(
      sqlOf([
        { role: 'ann', relation: 'invoice', privilege: 'INSERT', action: 'grant' },
        { role: 'ann', relation: 'invoice', privilege: 'SELECT', action: 'revoke' },
        { role: 'ann', relation: 'invoice', privilege: 'UPDATE', action: 'grant' },
      ]),
    ).toEqual([
      'REVOKE SELECT ON TABLE "app"."invoice" FROM "ann"',
      'GRANT INSERT, UPDATE ON TABLE "app"."invoice" TO "ann"',
    ])
  })

  it('shares a column statement between privileges that name the same columns', () => {
    expect(
      sqlOf([
        { role: 'bob', relation: 'invoice', column: 'Tax %', privilege: 'UPDATE', action: 'grant' },
        { role: 'bob', relation: 'invoice', column: 'id', privilege: 'SELECT', action: 'grant' },
        { role: 'bob', relation: 'invoice', column: 'id', privilege: 'UPDATE', action: 'grant' },
        { role: 'bob', relation: 'invoice', column: 'Tax %', privilege: 'SELECT', action: 'grant' },
        {
          role: 'bob',
          relation: 'invoice',
          column: 'email',
          privilege: 'REFERENCES',
          action: 'grant',
        },
        {
          role: 'bob',
          relation: 'invoice',
          column: 'email',
          privilege: 'SELECT',
          action: 'revoke',
        },
      ]),
    ).toEqual([
      'REVOKE SELECT ("email") ON TABLE "app"."invoice" FROM "bob"',
      'GRANT SELECT ("id", "Tax %"), UPDATE ("id", "Tax %") ON TABLE "app"."invoice" TO "bob"',
      'GRANT REFERENCES ("email") ON TABLE "app"."invoice" TO "bob"',
    ])
  })

  it('keeps the last toggle of a cell', () => {
    expect(
      sqlOf([
        { role: 'bob', relation: 'invoice', privilege: 'SELECT', action: 'grant' },
        { role: 'bob', relation: 'invoice', privilege: 'SELECT', action: 'revoke' },
      ]),
    ).toEqual(['REVOKE SELECT ON TABLE "app"."invoice" FROM "bob"'])
  })
})

describe('matrix plan: refusals', () => {
  const refused = (changes: unknown[], version = 170004) => {
    try {
      matrixPlan(MATRIX, { changes }, version)
    } catch (err) {
      if (err instanceof InvalidInputError) return err.fields
      throw err
    }
    throw new Error('expected a refusal')
  }

  it('names the change and field it refuses', () => {
    expect(refused([])).toEqual({ changes: 'toggle at least one cell' })
    expect(
      refused([{ role: 'nobody', relation: 'invoice', privilege: 'SELECT', action: 'grant' }]),
    ).toEqual({ 'changes.0.role': 'no role "nobody"' })
    expect(
      refused([
        { role: 'bob', relation: 'invoice', privilege: 'SELECT', action: 'grant' },
        { role: 'bob', relation: 'ghost', privilege: 'SELECT', action: 'grant' },
      ]),
    ).toEqual({ 'changes.1.relation': 'no relation "ghost" in schema app' })
    expect(
      refused([
        { role: 'bob', relation: 'invoice', column: 'x', privilege: 'SELECT', action: 'grant' },
      ]),
    ).toEqual({ 'changes.0.column': 'no column "x" in app.invoice' })
    expect(
      refused([
        { role: 'bob', relation: 'invoice', column: 'id', privilege: 'DELETE', action: 'grant' },
      ])['changes.0.privilege'],
    ).toMatch(/DELETE is not a column privilege/)
    expect(
      refused([{ role: 'bob', relation: 'invoice', privilege: 'SELECT', action: 'drop' }]),
    ).toHaveProperty(['changes.0.action'])
  })

  it('refuses MAINTAIN on a PG 15 server', () => {
    expect(
      refused(
        [{ role: 'bob', relation: 'invoice', privilege: 'MAINTAIN', action: 'grant' }],
        150004,
      ),
    ).toEqual({ privileges: 'MAINTAIN needs PostgreSQL 17 or later (this server is 15)' })
  })
})

describe('matrix plan: warnings', () => {
  const warnings = (changes: unknown[]) => matrixPlan(MATRIX, { changes }, 170004).warnings

  it('says a revoked direct grant stays held through membership', () => {
    expect(
      warnings([{ role: 'ann', relation: 'invoice', privilege: 'SELECT', action: 'revoke' }]),
    ).toEqual([
      'Revoking the direct grant will not remove SELECT on app.invoice from ann: via ann → readers (granted by owner_role).',
    ])
  })

  it('says when there is nothing to revoke, or PUBLIC still grants it', () => {
    expect(
      warnings([{ role: 'ann', relation: 'invoice_v', privilege: 'SELECT', action: 'revoke' }]),
    ).toEqual([
      'ann has no direct grant of SELECT on app.invoice_v: there is nothing to revoke.',
      'Revoking the direct grant will not remove SELECT on app.invoice_v from ann: granted to PUBLIC by owner_role.',
    ])
  })

  it('warns about grants made by someone else, column grants going too, and the owner', () => {
    expect(
      warnings([{ role: 'bob', relation: 'invoice', privilege: 'UPDATE', action: 'revoke' }]),
    ).toEqual([
      "bob's grant of UPDATE on app.invoice was made by ann, not by the owner owner_role: REVOKE run as the DDL role removes only the owner's grants.",
    ])
    expect(
      warnings([{ role: 'bob', relation: 'invoice', privilege: 'SELECT', action: 'revoke' }]),
    ).toContain("Revoking SELECT on the table also revokes bob's column grants of it (email).")
    expect(
      warnings([
        { role: 'owner_role', relation: 'invoice', privilege: 'SELECT', action: 'revoke' },
      ]),
    ).toContain('owner_role owns app.invoice and can grant SELECT back to itself.')
  })

  it('says a grant adds nothing today when the role already has the privilege', () => {
    expect(
      warnings([{ role: 'ann', relation: 'invoice_v', privilege: 'SELECT', action: 'grant' }]),
    ).toEqual([
      'ann already has SELECT on app.invoice_v (granted to PUBLIC by owner_role); the direct grant keeps it if that changes.',
    ])
    expect(
      warnings([{ role: 'PUBLIC', relation: 'invoice', privilege: 'INSERT', action: 'grant' }]),
    ).toEqual(['Every role, present and future, gets INSERT on app.invoice.'])
  })
})

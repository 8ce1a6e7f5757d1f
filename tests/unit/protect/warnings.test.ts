import { describe, expect, it } from 'vitest'
import type { ColumnInput, ProtectInput, ViewInput } from '../../../core/builders/protect/input.js'
import { protectWarnings } from '../../../core/builders/protect/warnings.js'
import { table } from './fixture.js'

/** The demo's invoices with what the catalog says about NOT NULL. */
const columns: ColumnInput[] = [
  { name: 'id', type: 'bigint', identity: 'byDefault', notNull: true },
  { name: 'tenant_id', type: 'integer', notNull: true },
  { name: 'customer', type: 'text', notNull: true },
  { name: 'email', type: 'text', notNull: true },
  { name: 'amount', type: 'numeric(12,2)', notNull: true, default: '0' },
  { name: 'notes', type: 'text' },
  { name: 'total', type: 'numeric', notNull: true, generated: true },
]

const all = columns.map((c) => ({ mode: 'include' as const, name: c.name }))

const input = (views: ViewInput[]): ProtectInput => ({
  table,
  columns,
  primaryKey: ['id'],
  owner: 'platform_ddl',
  views,
})

describe('protectWarnings', () => {
  it("warns about the wizard's defaults: a view granted to nobody, no view taking writes", () => {
    expect(protectWarnings(input([{ name: 'invoice_v', columns: all }]))).toEqual([
      {
        kind: 'not-granted',
        field: 'views.0.grants',
        message:
          'Nobody is granted app.invoice_v: after apply no role can read it (only its owner, platform_ddl). Add a role under Roles.',
      },
      {
        kind: 'no-write-path',
        field: 'views',
        message:
          'No view takes writes (none has an INSTEAD OF trigger): after apply nobody but the owner can add, change or delete rows of app.invoice_raw. Grant INSERT, UPDATE or DELETE on a view to add its trigger.',
      },
    ])
  })

  it('says nothing about a view granted for reading and writing with every column inserts need', () => {
    const view: ViewInput = {
      name: 'invoice_v',
      columns: all,
      grants: [{ role: 'karen', privileges: ['SELECT', 'INSERT'] }],
      triggers: { insert: {} },
    }
    expect(protectWarnings(input([view]))).toEqual([])
  })

  it('names each NOT NULL column without default an INSERT cannot give, at its row', () => {
    const view: ViewInput = {
      name: 'invoice_v',
      columns: [
        { mode: 'include', name: 'id' },
        { mode: 'include', name: 'tenant_id' },
        { mode: 'redact', name: 'customer', redaction: { fn: 'hash' } },
        // email not listed at all; amount has a default, notes is nullable, total generated.
        { mode: 'exclude', name: 'amount' },
        { mode: 'exclude', name: 'notes' },
      ],
      grants: [{ role: 'karen', privileges: ['SELECT', 'INSERT'] }],
      triggers: { insert: {} },
    }
    const warnings = protectWarnings(input([view]))
    expect(warnings.map((w) => [w.kind, w.field])).toEqual([
      ['insert-needs-column', 'views.0.columns.2'],
      ['insert-needs-column', 'views.0.columns'],
    ])
    expect(warnings[0]?.message).toBe(
      'Column customer is NOT NULL without a default and is redacted in app.invoice_v, so an INSERT cannot give it a value: every INSERT through app.invoice_v will fail. Include it, or give the column a default in the table.',
    )
    expect(warnings[1]?.message).toContain(
      'Column email is NOT NULL without a default and is left out of app.invoice_v',
    )
  })

  it("hedges for Senior's own INSERT body, and says nothing for a view without INSERT", () => {
    const columnsWithoutEmail = all.filter((c) => c.name !== 'email')
    const own: ViewInput = {
      name: 'invoice_v',
      columns: columnsWithoutEmail,
      grants: [{ role: 'karen', privileges: ['SELECT', 'INSERT'] }],
      triggers: { insert: { body: 'BEGIN RETURN NEW; END' } },
    }
    const readOnly: ViewInput = {
      name: 'invoice_v_read',
      columns: columnsWithoutEmail,
      grants: [{ role: 'bob', privileges: ['SELECT'] }],
    }
    const warnings = protectWarnings(input([own, readOnly]))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]?.field).toBe('views.0.columns')
    expect(warnings[0]?.message).toMatch(/will fail unless your INSERT body sets it\./)
  })

  it('warns about a trigger no role is granted', () => {
    const view: ViewInput = {
      name: 'invoice_v',
      columns: all,
      grants: [{ role: 'karen', privileges: ['SELECT', 'UPDATE'] }],
      triggers: { update: {}, delete: {} },
    }
    expect(protectWarnings(input([view]))).toEqual([
      {
        kind: 'unused-trigger',
        field: 'views.0.triggers.delete',
        message:
          'app.invoice_v has an INSTEAD OF DELETE trigger, but no role is granted DELETE on it: nobody can use it. Grant DELETE to a role under Roles, or drop the trigger.',
      },
    ])
  })
})

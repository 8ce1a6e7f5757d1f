import { describe, expect, it } from 'vitest'
import {
  alterPolicy,
  createPolicy,
  dropPolicy,
  parsePolicy,
  setRowLevelSecurity,
} from '../../../core/builders/policy.js'
import { applyTemplate } from '../../../core/builders/policy-templates.js'
import { InvalidInputError } from '../../../core/errors.js'
import { renderStatic } from '../../../core/sql/sql.js'
import type { Statement } from '../../../core/executor/statement.js'

const texts = (plan: Statement[]) => plan.map((s) => renderStatic(s.sql))
const table = { schema: 'app', name: 'Invoice "Raw"' }

describe('policy builder', () => {
  it('renders CREATE POLICY with quoted names and parsed expressions', async () => {
    const p = await parsePolicy({
      table,
      name: 'tenant isolation',
      command: 'SELECT',
      permissive: false,
      roles: ['karen', 'public'],
      using: "tenant_id = current_setting('app.tenant_id', true)::int",
    })
    expect(texts(createPolicy(p))).toEqual([
      `CREATE POLICY "tenant isolation" ON "app"."Invoice ""Raw"""
  AS RESTRICTIVE
  FOR SELECT
  TO "karen", PUBLIC
  USING (tenant_id = current_setting('app.tenant_id', true)::int)`,
    ])
  })

  it('refuses a smuggled statement in USING, naming the field', async () => {
    const err = await parsePolicy({
      table,
      name: 'p',
      using: 'true) ; drop table x; select (1',
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InvalidInputError)
    expect((err as InvalidInputError).fields).toHaveProperty('using')
  })

  it('refuses expressions a command cannot have, and a policy with none', async () => {
    await expect(
      parsePolicy({ table, name: 'p', command: 'INSERT', using: 'true' }),
    ).rejects.toThrow(/INSERT policy has no USING/)
    await expect(
      parsePolicy({ table, name: 'p', command: 'SELECT', withCheck: 'true' }),
    ).rejects.toThrow(/WITH CHECK/)
    await expect(parsePolicy({ table, name: 'p' })).rejects.toThrow(/give USING/)
    await expect(parsePolicy({ table, name: 'x'.repeat(64), using: 'true' })).rejects.toThrow(
      /name: is longer than 63 bytes/,
    )
  })

  it('alters in place where PostgreSQL can, and recreates where it cannot', async () => {
    const before = await parsePolicy({ table, name: 'p', roles: ['karen'], using: 'a = 1' })
    const renamed = await parsePolicy({ table, name: 'q', roles: ['karen', 'bob'], using: 'a = 2' })
    expect(texts(alterPolicy(before, renamed))).toEqual([
      `ALTER POLICY "p" ON "app"."Invoice ""Raw""" RENAME TO "q"`,
      `ALTER POLICY "q" ON "app"."Invoice ""Raw""" TO "karen", "bob" USING (a = 2)`,
    ])
    const restrictive = await parsePolicy({
      table,
      name: 'p',
      permissive: false,
      roles: ['karen'],
      using: 'a = 1',
    })
    expect(alterPolicy(before, restrictive).map((s) => s.kind)).toEqual([
      'drop_policy',
      'create_policy',
    ])
    expect(alterPolicy(before, before)).toEqual([])
  })

  it('drops, and toggles RLS', () => {
    expect(dropPolicy(table, 'p')[0]?.destructive).toBe(true)
    expect(texts(setRowLevelSecurity(table, { enabled: true, forced: true }))).toEqual([
      'ALTER TABLE "app"."Invoice ""Raw""" ENABLE ROW LEVEL SECURITY',
      'ALTER TABLE "app"."Invoice ""Raw""" FORCE ROW LEVEL SECURITY',
    ])
  })
})

describe('policy templates', () => {
  it('builds the tenant template from the JWT claims', async () => {
    const t = applyTemplate('tenant', { column: 'tenant_id', type: 'int' })
    expect(t.using).toBe(
      `"tenant_id" = (current_setting('request.jwt.claims', true)::jsonb ->> 'tenant_id')::int`,
    )
    expect(t.withCheck).toBe(t.using)
    const p = await parsePolicy({ table, name: 'tenant', ...t })
    expect(p.using?.text).toBe(t.using)
  })

  it('builds owner, soft-delete and time-bounded', () => {
    expect(applyTemplate('owner').using).toBe(
      `"user_id" = nullif(current_setting('app.user_id', true), '')::uuid`,
    )
    expect(applyTemplate('soft-delete').using).toBe('"deleted_at" IS NULL')
    expect(applyTemplate('time-bounded').using).toBe(
      '"valid_from" <= now() AND ("valid_to" IS NULL OR "valid_to" >= now())',
    )
  })

  it('refuses a cast type outside the list and a claim that is not an identifier', () => {
    expect(() => applyTemplate('owner', { type: 'int); drop table x; --' })).toThrow(
      InvalidInputError,
    )
    expect(() => applyTemplate('owner', { claim: "x'y" })).toThrow(
      /claim: must be a plain identifier/,
    )
  })
})

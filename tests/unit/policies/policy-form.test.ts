import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../../../core/errors.js'
import type { Column, Policy, Table } from '../../../core/introspect/index.js'
import { buildPolicyPlan, type PolicyTarget } from '../../../plugins/policies/policy-form.js'
import { planReply } from '../../../plugins/policies/replies.js'

const table = {
  schema: 'app',
  name: 'Order Lines',
  owner: 'platform_ddl',
  rowSecurity: { enabled: false, forced: false },
} as unknown as Table
const columns = ['id', 'tenant_id', 'deleted_at'].map((name) => ({
  name,
  type: 'integer',
})) as unknown as Column[]
const existing = {
  schema: 'app',
  table: 'Order Lines',
  name: 'tenant',
  command: 'all',
  permissive: true,
  roles: ['karen', 'bob_devops'],
  using: '(tenant_id = 1)',
  withCheck: null,
} as unknown as Policy
const target: PolicyTarget = { table, columns, policies: [existing] }

const form = {
  table: { schema: 'app', name: 'Order Lines' },
  name: 'live rows',
  command: 'SELECT',
  roles: ['karen'],
  using: {
    mode: 'builder',
    conditions: [
      { column: 'tenant_id', operator: '=', kind: 'jwt', claim: 'tenant_id', type: 'int' },
      { column: 'deleted_at', operator: 'IS NULL' },
    ],
  },
}

describe('policy form', () => {
  it('renders CREATE POLICY, enabling RLS first when asked', async () => {
    const built = await buildPolicyPlan({ ...form, enableRls: true }, target)
    expect(planReply(built.plan).sql)
      .toBe(`ALTER TABLE "app"."Order Lines" ENABLE ROW LEVEL SECURITY;

CREATE POLICY "live rows" ON "app"."Order Lines"
  AS PERMISSIVE
  FOR SELECT
  TO "karen"
  USING ("tenant_id" = (current_setting('request.jwt.claims', true)::jsonb ->> 'tenant_id')::int AND "deleted_at" IS NULL);`)
    expect(built.warnings).toEqual([])
  })

  it('warns that a policy on a table without RLS does nothing', async () => {
    const built = await buildPolicyPlan(form, target)
    expect(built.plan).toHaveLength(1)
    expect(built.warnings.join()).toMatch(/no effect until it is enabled/)
  })

  it('names every refused field at once and keeps nothing half-built', async () => {
    const err = await buildPolicyPlan(
      {
        ...form,
        command: 'ALL',
        using: { mode: 'raw', raw: 'tenant = 1' },
        withCheck: {
          mode: 'builder',
          conditions: [{ column: 'nope', kind: 'now', operator: '<' }],
        },
      },
      target,
    ).catch((e: unknown) => e as InvalidInputError)
    expect(err).toBeInstanceOf(InvalidInputError)
    expect((err as InvalidInputError).fields).toEqual({
      using: 'no column "tenant" in app.Order Lines at position 1',
      'withCheck.conditions.0.column': 'no column "nope" in this table',
    })
  })

  it('alters in place, ignoring the order roles were ticked in', async () => {
    const edit = {
      original: { schema: 'app', table: 'Order Lines', name: 'tenant' },
      table: { schema: 'app', name: 'Order Lines' },
      name: 'tenant_rows',
      command: 'ALL',
      roles: ['bob_devops', 'karen'],
      using: { mode: 'raw', raw: '(tenant_id = 1)' },
    }
    const built = await buildPolicyPlan(edit, target)
    expect(planReply(built.plan).statements.map((s) => s.sql)).toEqual([
      'ALTER POLICY "tenant" ON "app"."Order Lines" RENAME TO "tenant_rows"',
    ])
    const taken = await buildPolicyPlan({ ...form, name: 'tenant' }, target).catch(
      (e: unknown) => e,
    )
    expect((taken as InvalidInputError).fields).toEqual({
      name: 'app.Order Lines already has a policy named tenant',
    })
    const gone = await buildPolicyPlan(
      { ...edit, original: { ...edit.original, name: 'gone' } },
      target,
    ).catch((e: unknown) => e)
    expect(Object.keys((gone as InvalidInputError).fields)).toEqual(['original'])
  })
})

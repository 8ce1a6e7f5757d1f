import { beforeAll, describe, expect, it } from 'vitest'
import { changeViewColumnsPlan } from '../../../core/builders/protect/change-view-columns.js'
import type { ProtectInput, ViewInput } from '../../../core/builders/protect/input.js'
import { protectionRecord, protectTablePlan } from '../../../core/builders/protect/protect-table.js'
import { renderPlan } from '../../../core/builders/protect/render.js'
import { replaceFunctionBodyPlan } from '../../../core/builders/protect/replace-function-body.js'
import { describeUnprotect, unprotectPlan } from '../../../core/builders/protect/unprotect.js'
import { viewDependents } from '../../../core/builders/protect/view-dependents.js'
import { withSession } from '../../../core/db/session.js'
import { ExecutionError } from '../../../core/errors.js'
import { sql } from '../../../core/sql/sql.js'
import { useTestDatabase } from '../../harness/database.js'
import {
  createInvoiceTable,
  describeTable,
  rlsState,
  setUpConsole,
  tableGrants,
  type ConsoleSetup,
} from './console.js'

const db = useTestDatabase()
let setup: ConsoleSetup
let input: ProtectInput
let target: Awaited<ReturnType<typeof describeTable>> & { redactionSchema: string }
let before: Awaited<ReturnType<typeof tableGrants>>

const karen = { name: 'karen', role: 'karen', claims: { tenant_id: 3 } }

const view = (names: string[]): ViewInput => ({
  name: 'invoice_v',
  columns: names.map((name) => ({ mode: 'include' as const, name })),
  grants: [{ role: 'karen', privileges: ['SELECT', 'INSERT'] }],
  // SQL language: its operation function takes the view's row type, a dependent of the view.
  triggers: { insert: { language: 'sql' } },
})

const columnsOf = async (relation: string) =>
  (
    await db().admin.query<{ attname: string }>(
      `SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 ORDER BY attnum`,
      [relation],
    )
  ).rows.map((r) => r.attname)

beforeAll(async () => {
  setup = await setUpConsole(db())
  const { admin } = db()
  await createInvoiceTable(admin, 'invoice_raw')
  await admin.query(`
    GRANT SELECT, INSERT ON app.invoice_raw TO karen;
    GRANT SELECT ON app.invoice_raw TO bob WITH GRANT OPTION;
    GRANT UPDATE (customer, email) ON app.invoice_raw TO bob;
    GRANT SELECT ON app.invoice_raw TO PUBLIC;
  `)
  before = await tableGrants(admin, 'app', 'invoice_raw')
  target = { ...(await describeTable(admin, 'app', 'invoice_raw')), redactionSchema: 'planetary' }
  input = {
    ...target,
    appRoles: ['karen', 'bob'],
    previousGrants: before,
    previousRls: await rlsState(admin, 'app.invoice_raw'),
    policies: [
      { name: 'tenant', template: { id: 'tenant', params: { type: 'int', source: 'app' } } },
    ],
    views: [view(['id', 'tenant_id', 'customer', 'amount'])],
  }
  await setup.ddl.apply(await protectTablePlan(input), { name: 'senior' })
})

describe('changeViewColumnsPlan on a live view', () => {
  it('appends a column with CREATE OR REPLACE VIEW and rewrites the skeleton to write it', async () => {
    const change = await changeViewColumnsPlan(
      target,
      view(['id', 'tenant_id', 'customer', 'amount']),
      view(['id', 'tenant_id', 'customer', 'amount', 'email']),
      await viewDependents(db().admin, 'app', 'invoice_v'),
    )
    expect(change.mode).toBe('replace')
    expect(renderPlan(change.plan)[0]?.sql).toMatch(/^CREATE OR REPLACE VIEW "app"\."invoice_v" /)
    expect(renderPlan(change.plan).some((s) => /^DROP/.test(s.sql))).toBe(false)
    await setup.ddl.apply(change.plan, { name: 'senior' })
    expect(await columnsOf('app.invoice_v')).toEqual([
      'id',
      'tenant_id',
      'customer',
      'amount',
      'email',
    ])
    const [row] = await withSession(setup.pool, karen, (s) =>
      s.query<{ email: string }>(
        sql`INSERT INTO app.invoice_v (tenant_id, customer, amount, email) VALUES (3, 'Lin', 4, 'lin@example.com') RETURNING email`,
      ),
    )
    expect(row?.email).toBe('lin@example.com')
    const { rows } = await db().admin.query(
      `SELECT email FROM app.invoice_raw WHERE customer = 'Lin'`,
    )
    expect(rows).toEqual([{ email: 'lin@example.com' }])
  })

  it('reads what depends on the view from pg_depend', async () => {
    await db().admin.query(`
      SET ROLE platform_ddl;
      CREATE VIEW app.invoice_totals AS SELECT tenant_id, sum(amount) AS total FROM app.invoice_v GROUP BY tenant_id;
      RESET ROLE;
    `)
    expect(await viewDependents(db().admin, 'app', 'invoice_v')).toEqual([
      {
        kind: 'function',
        schema: 'app',
        name: 'invoice_v_insert',
        identity: 'new app.invoice_v',
        on: null,
        columns: [],
      },
      {
        kind: 'view',
        schema: 'app',
        name: 'invoice_totals',
        identity: null,
        on: null,
        columns: ['amount', 'tenant_id'],
      },
    ])
  })

  it('reports the dependent view that removing a column would break, and the preview agrees', async () => {
    const change = await changeViewColumnsPlan(
      target,
      view(['id', 'tenant_id', 'customer', 'amount', 'email']),
      view(['id', 'tenant_id', 'customer', 'email']),
      await viewDependents(db().admin, 'app', 'invoice_v'),
    )
    expect(change.mode).toBe('recreate')
    expect(change.breaks.map((d) => `${d.kind} ${d.schema}.${d.name}`)).toEqual([
      'view app.invoice_totals',
    ])
    const preview = await setup.ddl.preview(change.plan)
    const failed = preview.statements.find((s) => s.status === 'error')
    expect(failed?.kind).toBe('drop_view')
    expect(failed?.error?.sqlstate).toBe('2BP01')
    expect(failed?.error?.detail).toMatch(/view app\.invoice_totals depends on view app\.invoice_v/)
  })

  it('drops and recreates once nothing else depends on it: grants and triggers are back', async () => {
    await db().admin.query(`DROP VIEW app.invoice_totals`)
    const change = await changeViewColumnsPlan(
      target,
      view(['id', 'tenant_id', 'customer', 'amount', 'email']),
      view(['id', 'tenant_id', 'customer', 'email']),
      await viewDependents(db().admin, 'app', 'invoice_v'),
    )
    expect(change.breaks).toEqual([])
    await setup.ddl.apply(change.plan, { name: 'senior' })
    expect(await columnsOf('app.invoice_v')).toEqual(['id', 'tenant_id', 'customer', 'email'])
    const seen = await withSession(setup.pool, karen, (s) =>
      s.query<{ customer: string }>(sql`SELECT customer FROM app.invoice_v ORDER BY id`),
    )
    expect(seen).toEqual([{ customer: 'Lin' }])
    const { rows: triggers } = await db().admin.query(
      `SELECT tgname FROM pg_trigger WHERE tgrelid = 'app.invoice_v'::regclass`,
    )
    expect(triggers).toEqual([{ tgname: 'invoice_v_insert' }])
    const err = await withSession(setup.pool, karen, (s) =>
      s.query(
        sql`INSERT INTO app.invoice_v (tenant_id, customer, email) VALUES (3, 'Mo', 'mo@example.com')`,
      ),
    ).catch((e: unknown) => e)
    // The trigger ran the regenerated skeleton, which no longer writes amount: the raw table's
    // NOT NULL refuses the row, naming the column — Senior's body is the fix (next test).
    expect(err).toBeInstanceOf(ExecutionError)
    expect((err as ExecutionError).sqlstate).toBe('23502')
    expect((err as ExecutionError).column).toBe('amount')
  })

  it("replaces a body with Senior's own and the trigger uses it at once", async () => {
    const body = `
INSERT INTO app.invoice_raw (tenant_id, customer, email, amount)
VALUES (new.tenant_id, new.customer, new.email, 0)
RETURNING id, tenant_id, customer, email
`
    const next = view(['id', 'tenant_id', 'customer', 'email'])
    const plan = await replaceFunctionBodyPlan({
      ...target,
      view: { ...next, triggers: { insert: { language: 'sql', body } } },
      operation: 'insert',
      previousLanguage: 'sql',
    })
    await setup.ddl.apply(plan, { name: 'senior' })
    const rows = await withSession(setup.pool, karen, (s) =>
      s.query<{ customer: string }>(
        sql`INSERT INTO app.invoice_v (tenant_id, customer, email) VALUES (3, 'Mo', 'mo@example.com') RETURNING customer`,
      ),
    )
    expect(rows).toEqual([{ customer: 'Mo' }])
    const { rows: raw } = await db().admin.query(
      `SELECT amount FROM app.invoice_raw WHERE customer = 'Mo'`,
    )
    expect(raw).toEqual([{ amount: '0.00' }])
  })
})

describe('unprotectPlan on a live table', () => {
  it('restores the grants recorded before protecting, RLS as it was, and removes the rest', async () => {
    expect(before.length).toBeGreaterThan(0)
    expect(await tableGrants(db().admin, 'app', 'invoice_raw')).toEqual([])
    const record = protectionRecord(input)
    expect(describeUnprotect(record).restores).toEqual([
      'row level security on app.invoice_raw: disabled, not forced for the owner',
      'SELECT on app.invoice_raw to PUBLIC',
      'SELECT on app.invoice_raw to bob',
      'INSERT, SELECT on app.invoice_raw to karen',
      'UPDATE on app.invoice_raw (customer) to bob',
      'UPDATE on app.invoice_raw (email) to bob',
    ])
    const plan = unprotectPlan(record)
    const preview = await setup.ddl.preview(plan)
    expect(preview.statements.filter((s) => s.status !== 'ok')).toEqual([])
    await setup.ddl.apply(plan, { name: 'senior' })
    expect(await tableGrants(db().admin, 'app', 'invoice_raw')).toEqual(before)
    expect(await rlsState(db().admin, 'app.invoice_raw')).toEqual({ enabled: false, forced: false })
    const { rows } = await db().admin.query(
      `SELECT (SELECT count(*) FROM pg_class WHERE relname = 'invoice_v')::int AS views,
         (SELECT count(*) FROM pg_proc WHERE proname LIKE 'invoice_v%')::int AS functions,
         (SELECT count(*) FROM pg_policy WHERE polrelid = 'app.invoice_raw'::regclass)::int AS policies`,
    )
    expect(rows[0]).toEqual({ views: 0, functions: 0, policies: 0 })
    const seen = await withSession(setup.pool, karen, (s) =>
      s.query<{ n: string }>(sql`SELECT count(*) AS n FROM app.invoice_raw`),
    )
    expect(Number(seen[0]?.n)).toBeGreaterThan(0)
  })
})

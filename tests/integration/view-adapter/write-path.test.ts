import { ValidationError, type ActionContext, type CurrentAdmin } from 'adminjs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ProtectInput } from '../../../core/builders/protect/input.js'
import { protectTablePlan } from '../../../core/builders/protect/protect-table.js'
import { parseWritePathRecord } from '../../../core/builders/protect/write-path-record.js'
import type { Actor } from '../../../core/db/session.js'
import { loadViewResources, type ViewResource } from '../../../resources/view-adapter/index.js'
import type { ViewColumn } from '../../../resources/view-adapter/model.js'
import { useTestDatabase } from '../../harness/database.js'
import { HAND } from './write-path-fixture.js'
import {
  createInvoiceTable,
  describeTable,
  rlsState,
  setUpConsole,
  tableGrants,
  type ConsoleSetup,
} from '../protect/console.js'

const db = useTestDatabase()
let setup: ConsoleSetup

const karen: CurrentAdmin = { email: 'karen@example.com', role: 'karen' }
const ctx = { currentAdmin: karen } as unknown as ActionContext
const actorOf = (): Actor => ({ name: 'karen', role: 'karen', claims: { tenant_id: 1 } })

let resources: Map<string, ViewResource>

async function load(): Promise<Map<string, ViewResource>> {
  const list = await loadViewResources({
    pool: setup.pool,
    servedRoles: ['karen'],
    resolveActor: async () => actorOf(),
    excludeSchemas: ['planetary'],
    privilegeTtlMs: 600_000,
  })
  return new Map(list.map((r) => [String(r.options.id), r.resource as ViewResource]))
}

function view(id: string): ViewResource {
  const r = resources.get(id)
  if (!r) throw new Error(`no resource ${id}`)
  return r
}

function column(id: string, name: string): ViewColumn {
  const c = view(id).model.columns.find((x) => x.name === name)
  if (!c) throw new Error(`no column ${id}.${name}`)
  return c
}

/** The ValidationError a write failed with; fails the test when it succeeded. */
async function refusal(p: Promise<unknown>): Promise<ValidationError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(ValidationError)
  return err as ValidationError
}

const messages = (err: ValidationError) =>
  Object.fromEntries(Object.entries(err.propertyErrors).map(([k, v]) => [k, v.message]))

async function raw(where: string, values: unknown[] = []) {
  return (
    await db().admin.query(
      `SELECT id, tenant_id, customer, amount::text AS amount, status FROM app.hand_raw WHERE ${where} ORDER BY id`,
      values,
    )
  ).rows as { id: string; tenant_id: number; customer: string; amount: string; status: string }[]
}

async function wizardInput(
  name: string,
  triggers: NonNullable<ProtectInput['views']>[number]['triggers'],
) {
  const described = await describeTable(db().admin, 'app', name)
  return {
    ...described,
    redactionSchema: 'planetary',
    appRoles: [setup.login, 'karen', 'bob'],
    previousGrants: await tableGrants(db().admin, 'app', name),
    previousRls: await rlsState(db().admin, `app.${name}`),
    policies: [
      { name: 'tenant', template: { id: 'tenant', params: { type: 'int', source: 'app' } } },
    ],
    views: [
      {
        name: name.replace(/_raw$/, '_v'),
        columns: described.columns.map((c) => ({ mode: 'include' as const, name: c.name })),
        grants: [{ role: 'karen', privileges: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] }],
        triggers,
      },
    ],
  } as ProtectInput
}

beforeAll(async () => {
  setup = await setUpConsole(db())
  await db().admin.query(HAND)
  await createInvoiceTable(db().admin, 'wiz_raw')
  await createInvoiceTable(db().admin, 'wizsql_raw')
  await setup.ddl.apply(
    await protectTablePlan(await wizardInput('wiz_raw', { insert: {}, update: {}, delete: {} })),
    { name: 'senior' },
  )
  await setup.ddl.apply(
    await protectTablePlan(
      await wizardInput('wizsql_raw', {
        insert: { language: 'sql' },
        update: { language: 'sql' },
        delete: { language: 'sql' },
      }),
    ),
    { name: 'senior' },
  )
  resources = await load()
}, 120_000)

describe('which view columns a form may set', () => {
  it('reads a hand-written INSTEAD OF trigger: a tenant from the claim, ids and timestamps it fills, columns it ignores', () => {
    const tenant = column('app.hand_v', 'tenant_id')
    expect(tenant.editable).toBe(false)
    expect(tenant.required).toBe(false)
    expect(tenant.readOnlyReason).toContain('set by app.hand_v_insert when a row is added')
    expect(tenant.readOnlyReason).toContain('not changed by app.hand_v_update')
    const created = column('app.hand_v', 'created_at')
    expect(created.editable).toBe(false)
    expect(created.readOnlyReason).toContain('set by app.hand_v_insert')
    // taken when a row is added, ignored by the UPDATE: only the edit form leaves it out
    const code = column('app.hand_v', 'code')
    expect(code.editable).toBe(true)
    expect(code.insertReadOnly).toBeUndefined()
    expect(code.updateReadOnly).toBe('not changed by app.hand_v_update: it keeps its stored value')
    // read through the validation function the whole row is handed to, and by the body
    for (const name of ['customer', 'amount', 'email', 'tax', 'customer_id', 'ip']) {
      expect(column('app.hand_v', name).editable, name).toBe(true)
      expect(column('app.hand_v', name).insertReadOnly, name).toBeUndefined()
    }
    expect(column('app.hand_v', 'customer').required).toBe(true)
  })

  it('takes a view default and a fill-when-empty as optional, still settable', () => {
    expect(column('app.note_v', 'priority').viewDefault).toBe(true)
    expect(column('app.note_v', 'priority').required).toBe(false)
    expect(column('app.note_v', 'kind').editable).toBe(true)
    expect(column('app.note_v', 'kind').required).toBe(false)
    expect(column('app.note_v', 'body').required).toBe(true)
  })

  it('proves nothing about a row that escapes into dynamic SQL: every column stays settable', () => {
    expect(column('app.opaque_v', 'tenant_id').editable).toBe(true)
    expect(column('app.opaque_v', 'tenant_id').updateReadOnly).toBeUndefined()
  })

  it('reads back what the protect wizard recorded on the triggers it generated', async () => {
    const { rows } = await db().admin.query<{ tgname: string; comment: string | null }>(`
      SELECT t.tgname, obj_description(t.oid, 'pg_trigger') AS comment FROM pg_trigger t
      WHERE t.tgrelid = 'app.wiz_v'::regclass ORDER BY t.tgname`)
    const record = (name: string) =>
      parseWritePathRecord(rows.find((r) => r.tgname === name)?.comment)
    expect(record('wiz_v_insert')?.sets).toEqual([
      'tenant_id',
      'customer',
      'email',
      'amount',
      'status',
    ])
    expect(record('wiz_v_update')?.sets).toEqual([
      'tenant_id',
      'customer',
      'email',
      'amount',
      'status',
    ])
    expect(record('wiz_v_delete')).toBeNull()
    // the identity key is filled by the table and never changed; the rest is the form's
    expect(column('app.wiz_v', 'id').editable).toBe(false)
    for (const name of ['tenant_id', 'customer', 'email', 'amount', 'status']) {
      expect(column('app.wiz_v', name).editable, name).toBe(true)
      expect(column('app.wiz_v', name).insertReadOnly, name).toBeUndefined()
    }
    // SQL-language operations: the record matches the operation function's body
    const sqlRecord = await db().admin.query<{ comment: string | null }>(
      `SELECT obj_description(oid, 'pg_trigger') AS comment FROM pg_trigger
       WHERE tgrelid = 'app.wizsql_v'::regclass AND tgname = 'wizsql_v_insert'`,
    )
    expect(parseWritePathRecord(sqlRecord.rows[0]?.comment)?.sets).toContain('customer')
    expect(column('app.wizsql_v', 'id').readOnlyReason).toBeDefined()
    expect(column('app.wizsql_v', 'customer').editable).toBe(true)
  })

  it('stops trusting the record once the body it describes was replaced, and reads the body', async () => {
    await db().admin.query(`
      SET ROLE platform_ddl;
      CREATE OR REPLACE FUNCTION app.wiz_v_insert() RETURNS trigger LANGUAGE plpgsql
      SECURITY DEFINER SET search_path = pg_catalog, app AS $$
      BEGIN
        NEW.tenant_id := nullif(current_setting('app.tenant_id', true), '')::int;
        INSERT INTO app.wiz_raw (tenant_id, customer, email, amount)
        VALUES (NEW.tenant_id, NEW.customer, NEW.email, NEW.amount) RETURNING id INTO NEW.id;
        RETURN NEW;
      END $$;
      RESET ROLE;`)
    resources = await load()
    expect(column('app.wiz_v', 'tenant_id').insertReadOnly).toBe(
      'set by app.wiz_v_insert when a row is added',
    )
    // the new body ignores status on insert; the UPDATE's record still holds
    expect(column('app.wiz_v', 'status').insertReadOnly).toBe(
      'not stored by app.wiz_v_insert when a row is added',
    )
    expect(column('app.wiz_v', 'status').updateReadOnly).toBeUndefined()
  })
})

describe('writes through the write path', () => {
  it('creates without a tenant: the trigger takes Karen’s claim', async () => {
    const created = await view('app.hand_v').create(
      { customer: 'Grace', email: 'g@x.test', amount: '10.50' },
      ctx,
    )
    expect(created.tenant_id).toBe(1)
    const rows = await raw('customer = $1', ['Grace'])
    expect(rows).toEqual([expect.objectContaining({ tenant_id: 1, amount: '10.50' })])
  })

  it('refuses a tenant posted to the create form by field, before any SQL', async () => {
    const err = await refusal(
      view('app.hand_v').create({ customer: 'Mallory', amount: '1', tenant_id: '2' }, ctx),
    )
    expect(Object.keys(err.propertyErrors)).toEqual(['tenant_id'])
    expect(err.propertyErrors.tenant_id?.message).toContain('set by app.hand_v_insert')
    expect(await raw('customer = $1', ['Mallory'])).toEqual([])
  })

  it('refuses a change of a column the UPDATE ignores, by field, and keeps the row as it was', async () => {
    const [row] = await raw('customer = $1', ['Grace'])
    const id = String(row?.id)
    const err = await refusal(view('app.hand_v').update(id, { tenant_id: '2', amount: '11' }, ctx))
    expect(Object.keys(err.propertyErrors)).toEqual(['tenant_id'])
    const err2 = await refusal(view('app.hand_v').update(id, { code: 'X1' }, ctx))
    expect(err2.propertyErrors.code?.message).toContain('not changed by app.hand_v_update')
    expect((await raw('id = $1', [id]))[0]).toEqual(
      expect.objectContaining({ tenant_id: 1, amount: '10.50' }),
    )
  })

  it('never says "saved" when the database kept the old value (checked after the write)', async () => {
    const [row] = await raw('customer = $1', ['Grace'])
    const id = String(row?.id)
    const err = await refusal(
      view('app.opaque_v').update(id, { tenant_id: '2', customer: 'Grace H' }, ctx),
    )
    expect(messages(err)).toEqual({
      tenant_id: 'was not saved: the view kept "1" (its write path does not change this column)',
    })
    // the whole change was rolled back, the customer too
    expect((await raw('id = $1', [id]))[0]).toEqual(
      expect.objectContaining({ tenant_id: 1, customer: 'Grace' }),
    )
    const saved = await view('app.opaque_v').update(id, { customer: 'Grace H' }, ctx)
    expect(saved.customer).toBe('Grace H')
  })
})

describe('PostgreSQL refusing a value: in words, on the field it names', () => {
  const good = { customer: 'Errors', email: 'e@x.test', amount: '5' }

  it.each([
    [
      '22003 numeric overflow',
      { amount: '12345678901.5' },
      'amount',
      'Amount is too large: at most 10 digits before the point',
    ],
    [
      '22003 integer out of range',
      { qty: '99999999999' },
      'qty',
      'Qty is out of range: a whole number from -2,147,483,648 to 2,147,483,647',
    ],
    ['22P02 invalid text', { ip: 'not-an-ip' }, 'ip', 'Ip is not a valid inet: "not-an-ip"'],
    [
      '22001 too long',
      { email: 'a-very-long-address@example.test' },
      'email',
      'Email is too long: at most 20 characters',
    ],
    ['23502 NOT NULL', { amount: '' }, 'amount', 'Amount is required'],
    [
      '23514 CHECK',
      { tax: '-1' },
      'tax',
      'Tax is not allowed: it must satisfy ((tax >= (0)::numeric))',
    ],
    [
      '23503 foreign key',
      { customer_id: '999' },
      'customer_id',
      'Customer id: there is no customer_raw with customer_id = 999',
    ],
  ])('%s', async (_, change, field, words) => {
    const err = await refusal(view('app.hand_v').create({ ...good, ...change }, ctx))
    expect(messages(err)).toEqual({ [field]: words })
    expect(err.baseError?.message).toBe(words)
    expect(await raw('customer = $1', ['Errors'])).toEqual([])
  })

  it('23505 unique: on the field of the unique key the view shows', async () => {
    await view('app.hand_v').create({ customer: 'Twin', email: 'twin@x.test', amount: '1' }, ctx)
    const err = await refusal(
      view('app.hand_v').create({ customer: 'Twin 2', email: 'twin@x.test', amount: '1' }, ctx),
    )
    expect(messages(err)).toEqual({
      email: 'Email must be unique: another row already has email = twin@x.test',
    })
  })

  it('keeps a trigger’s own words on the field it names', async () => {
    const err = await refusal(view('app.hand_v').create({ ...good, customer: 'nobody' }, ctx))
    expect(messages(err)).toEqual({ customer: 'customer cannot be nobody' })
  })

  it('maps the same refusals on update', async () => {
    const [row] = await raw('customer = $1', ['Twin'])
    const err = await refusal(
      view('app.hand_v').update(String(row?.id), { amount: '99999999999' }, ctx),
    )
    expect(messages(err)).toEqual({
      amount: 'Amount is too large: at most 10 digits before the point',
    })
  })
})

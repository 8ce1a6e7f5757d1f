import { readFileSync } from 'node:fs'
import AdminJS, {
  ApiController,
  DeleteAction,
  Filter,
  ValidationError,
  ViewHelpers,
  type ActionContext,
  type ActionHandler,
  type ActionRequest,
  type CurrentAdmin,
  type RecordActionResponse,
  type ResourceWithOptions,
} from 'adminjs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Pool } from '../../../core/db/pool.js'
import { withSession, type Actor } from '../../../core/db/session.js'
import { ExecutionError, InvalidInputError, NotFoundError } from '../../../core/errors.js'
import { sql } from '../../../core/sql/sql.js'
import { loadViewResources, type ViewResource } from '../../../resources/view-adapter/index.js'
import { useTestDatabase } from '../../harness/database.js'
import { SPLIT_FROM } from '../../../resources/view-adapter/split-walk.js'

const db = useTestDatabase()
const FIXTURE = new URL('../../fixtures/views.sql', import.meta.url)

const karen: CurrentAdmin = { email: 'karen@example.com', role: 'karen', tenant: 1 }
const karen2: CurrentAdmin = { email: 'karen2@example.com', role: 'karen', tenant: 2 }
const viewer: CurrentAdmin = { email: 'viewer@example.com', role: 'viewer', tenant: 1 }

function actorOf(ca: CurrentAdmin | undefined): Actor {
  if (!ca) throw new Error('not logged in')
  return { name: ca.email, role: String(ca.role), claims: { tenant_id: ca.tenant as number } }
}

/** The context AdminJS passes to adapter methods; only currentAdmin matters to them. */
const ctx = (currentAdmin: CurrentAdmin) => ({ currentAdmin }) as unknown as ActionContext

let pool: Pool
let acquired = 0
let resources: ResourceWithOptions[]
let admin: AdminJS

function resource(id: string): ViewResource {
  const r = resources.find((x) => x.options.id === id)
  if (!r) throw new Error(`no resource ${id}`)
  return r.resource as ViewResource
}

function actions(id: string) {
  const r = resources.find((x) => x.options.id === id)
  return (r?.options.actions ?? {}) as Record<string, { isAccessible?: unknown }>
}

function accessible(id: string, action: string, who: CurrentAdmin): boolean {
  const f = actions(id)[action]?.isAccessible
  if (typeof f !== 'function') throw new Error(`${id}.${action} has no isAccessible`)
  return (f as (c: ActionContext) => boolean)(ctx(who))
}

/** What plain OFFSET pagination returns, as Karen, for comparison. */
async function naiveIds(who: CurrentAdmin, q: ReturnType<typeof sql>): Promise<string[]> {
  const rows = await withSession(pool, actorOf(who), (s) => s.query<{ id: string | number }>(q))
  return rows.map((r) => String(r.id))
}

const ids = (records: { params: Record<string, unknown> }[]) =>
  records.map((r) => String(r.params.id))
const filter = (r: ViewResource, filters: Record<string, unknown> = {}) => new Filter(filters, r)

beforeAll(async () => {
  const { admin: su } = db()
  await su.query(readFileSync(FIXTURE, 'utf8'))
  await su.query(`
    SET ROLE app_owner;
    CREATE TABLE app.big_raw (id int PRIMARY KEY, grp int NOT NULL, label text);
    INSERT INTO app.big_raw
      SELECT g, g % 100, CASE WHEN g % 7 = 0 THEN NULL ELSE 'label ' || (g % 1000) END
      FROM generate_series(1, 200000) AS g;
    CREATE VIEW app.big_v AS SELECT id, grp, label FROM app.big_raw;
    CREATE TABLE app.sparse_raw (id int PRIMARY KEY, v int);
    INSERT INTO app.sparse_raw
      SELECT g, CASE WHEN g % 3 = 0 THEN NULL ELSE g % 5 END FROM generate_series(1, 20) AS g;
    CREATE VIEW app.sparse_v AS SELECT id, v FROM app.sparse_raw;
    CREATE VIEW app.paid_v AS SELECT customer, id AS invoice_no, amount FROM app.invoice_v
      WHERE status = 'paid';
    RESET ROLE;
    GRANT SELECT ON app.big_v, app.sparse_v TO karen;
    GRANT SELECT ON app.paid_v TO viewer;
    ANALYZE app.big_raw;
  `)
  const login = await db().createLogin('authenticator', 'NOINHERIT')
  await su.query(`GRANT karen, viewer TO "${login.role}"`)
  pool = db().pool(login.url, 6)
  pool.on('acquire', () => {
    acquired++
  })
  resources = await loadViewResources({
    pool,
    servedRoles: ['karen', 'viewer'],
    resolveActor: async (ca) => actorOf(ca),
    privilegeTtlMs: 600_000,
    resourceOptions: {
      'app.invoice_v': {
        list_display: ['id', 'customer', 'email', 'amount', 'status'],
        list_filter: ['status', 'amount', 'issued_on'],
        search_fields: ['customer', 'email'],
        ordering: ['-created_at'],
        list_per_page: 5,
        readonly_fields: ['created_at'],
        fieldsets: [
          { title: 'Customer', fields: ['customer', 'email'] },
          {
            title: 'Invoice',
            fields: ['amount', 'status', 'issued_on', 'tags', 'meta', 'created_at'],
          },
        ],
      },
    },
  })
  admin = new AdminJS({ resources, rootPath: '/admin' })
}, 120_000)

describe('loading', () => {
  it('serves views (materialized ones read-only) grouped by schema, never tables', () => {
    const served = resources.map((r) => r.options.id).sort()
    expect(served).toEqual([
      'app.big_v',
      'app.invoice_line_v',
      'app.invoice_totals',
      'app.invoice_v',
      'app.paid_v',
      'app.sparse_v',
      'app.status_mv',
    ])
    for (const r of resources)
      expect(r.options.navigation).toEqual({ name: 'app', icon: 'Database' })
    expect(resource('app.status_mv').readOnlyReason()).toMatch(/Materialized/)
    // a view over a view: the key is traced through both to invoice_raw's primary key
    expect(resource('app.paid_v').model.key).toEqual(['invoice_no'])
    expect(resource('app.invoice_totals').model.key).toEqual([])
    expect(accessible('app.status_mv', 'new', karen)).toBe(false)
  })

  it('types fields from the catalog, enum values in their declared order', () => {
    const props = resources.find((r) => r.options.id === 'app.invoice_v')?.options.properties ?? {}
    expect(props.status?.availableValues?.map((v) => v.value)).toEqual(['draft', 'sent', 'paid'])
    expect(resource('app.invoice_v').property('status')?.availableValues()).toEqual([
      'draft',
      'sent',
      'paid',
    ])
    expect(props.amount).toMatchObject({ type: 'number', isRequired: true, isDisabled: false })
    expect(props.issued_on).toMatchObject({ type: 'date', isRequired: false })
    expect(props.created_at).toMatchObject({ type: 'datetime', isDisabled: true })
    expect(props.tags).toMatchObject({ type: 'string', isArray: true })
    expect(props.meta).toMatchObject({ type: 'textarea' })
    expect(props.doc).toMatchObject({ isDisabled: true, isVisible: { edit: false } })
    expect(props.id).toMatchObject({ isDisabled: true })
    // decorated by AdminJS: the types it renders with
    const decorated = admin.findResource('app.invoice_v').decorate()
    expect(decorated.getPropertyByKey('issued_on')?.type()).toBe('date')
    expect(
      decorated
        .getPropertyByKey('status')
        ?.availableValues()
        ?.map((v) => v.value),
    ).toEqual(['draft', 'sent', 'paid'])
  })

  it('maps the Django-style options', () => {
    const o = resources.find((r) => r.options.id === 'app.invoice_v')?.options
    expect(o?.listProperties).toEqual(['id', 'customer', 'email', 'amount', 'status'])
    expect(o?.filterProperties).toEqual(['status', 'amount', 'issued_on'])
    expect(o?.sort).toEqual({ sortBy: 'created_at', direction: 'desc' })
    expect(o?.titleProperty).toBe('customer')
    expect(o?.editProperties).toEqual([
      'customer',
      'email',
      'amount',
      'status',
      'issued_on',
      'tags',
      'meta',
      'created_at',
    ])
    expect(
      JSON.stringify((o?.actions as Record<string, { layout?: unknown }>).edit?.layout),
    ).toContain('Invoice')
    expect(resource('app.invoice_v').searchFields()).toEqual({
      titleProperty: 'customer',
      fields: ['customer', 'email'],
    })
  })
})

describe('reading as the logged-in role', () => {
  it('shows Karen only her tenant, and refuses her the raw table', async () => {
    const inv = resource('app.invoice_v')
    const mine = await inv.find(
      filter(inv),
      { limit: 100, offset: 0, sort: { sortBy: 'id', direction: 'asc' } },
      ctx(karen),
    )
    expect(ids(mine)).toEqual(Array.from({ length: 30 }, (_, i) => String(i + 1)))
    expect(await inv.count(filter(inv), ctx(karen))).toBe(30)
    expect(await inv.count(filter(inv), ctx(karen2))).toBe(20)
    await expect(inv.findOne('40', ctx(karen))).rejects.toBeInstanceOf(NotFoundError)
    expect((await inv.findOne('40', ctx(karen2)))?.params.customer).toBe('Customer 40')
    const direct = withSession(pool, actorOf(karen), (s) =>
      s.query(sql`SELECT * FROM app.invoice_raw`),
    )
    await expect(direct).rejects.toBeInstanceOf(ExecutionError)
    await expect(direct).rejects.toMatchObject({ sqlstate: '42501' })
  })

  it('keeps numeric digits, dates, arrays and JSON exact', async () => {
    const inv = resource('app.invoice_v')
    const r = await inv.findOne('3', ctx(karen))
    expect(r?.params).toMatchObject({
      amount: '30.75',
      issued_on: '2024-01-04',
      status: 'draft',
      'tags.0': 't3',
      'tags.1': 'all',
      meta: '{"n": 3}',
      doc: '\\xdeadbeef',
    })
    expect(r?.params.created_at).toBe('2024-01-01T03:00:04.5+00:00')
  })

  it('filters by type, and the search box searches every search field', async () => {
    const inv = resource('app.invoice_v')
    const opts = { limit: 100, offset: 0, sort: { sortBy: 'id', direction: 'asc' as const } }
    const paid = await inv.find(filter(inv, { status: 'paid' }), opts, ctx(karen))
    expect(ids(paid)).toEqual(['2', '5', '8', '11', '14', '17', '20', '23', '26', '29'])
    const range = await inv.find(
      filter(inv, { 'amount~~from': '100', 'amount~~to': '123' }),
      opts,
      ctx(karen),
    )
    expect(ids(range)).toEqual(['10', '11', '12'])
    const byEmail = await inv.find(filter(inv, { customer: 'C7@EXAMPLE' }), opts, ctx(karen))
    expect(ids(byEmail)).toEqual(['7'])
    const api = new ApiController({ admin }, karen)
    const search = (await api.resourceAction(
      {
        params: { resourceId: 'app.invoice_v', action: 'search', query: 'c12@' },
        query: {},
        method: 'get',
      } as unknown as ActionRequest,
      {},
    )) as { records: { id: string }[] }
    expect(search.records.map((r) => r.id)).toEqual(['12'])
  })

  it('runs the list action with list_per_page and says when a view is read-only', async () => {
    const api = new ApiController({ admin }, karen)
    const list = (await api.resourceAction(
      {
        params: { resourceId: 'app.invoice_v', action: 'list' },
        query: {},
        method: 'get',
      } as unknown as ActionRequest,
      {},
    )) as {
      meta: Record<string, unknown>
      records: { id: string; recordActions: { name: string }[] }[]
    }
    expect(list.meta).toMatchObject({
      perPage: 5,
      total: 30,
      totalEstimated: false,
      sortBy: 'created_at',
    })
    expect(list.records.map((r) => r.id)).toEqual(['30', '29', '28', '27', '26'])
    expect(list.records[0]?.recordActions.map((a) => a.name).sort()).toEqual([
      'delete',
      'edit',
      'show',
    ])

    const totals = (await api.resourceAction(
      {
        params: { resourceId: 'app.invoice_totals', action: 'list' },
        query: {},
        method: 'get',
      } as unknown as ActionRequest,
      {},
    )) as {
      meta: Record<string, unknown>
      records: { recordActions: unknown[] }[]
      notice?: { message: string; type: string }
    }
    expect(totals.records).toHaveLength(3)
    expect(totals.records.every((r) => r.recordActions.length === 0)).toBe(true)
    expect(totals.notice).toMatchObject({
      type: 'info',
      message: expect.stringMatching(/aggregates rows/),
    })
    expect(totals.meta.readOnlyReason).toMatch(/no key/)
    for (const a of ['show', 'new', 'edit', 'delete', 'bulkDelete']) {
      expect(accessible('app.invoice_totals', a, karen), a).toBe(false)
    }
    await expect(resource('app.invoice_totals').findOne('1', ctx(karen))).rejects.toBeInstanceOf(
      InvalidInputError,
    )
  })
})

describe('writing through INSTEAD OF triggers', () => {
  it('creates, updates and deletes with exact values', async () => {
    const inv = resource('app.invoice_v')
    const created = await inv.create(
      {
        customer: 'Exact Ltd',
        email: 'exact@example.com',
        amount: '9999999999.99',
        status: 'sent',
        issued_on: '2024-02-29',
        'tags.0': 'x',
        'tags.1': 'y z',
        meta: '{"po": "A-1", "n": 12345678901234567890}',
      },
      ctx(karen),
    )
    expect(created).toMatchObject({
      amount: '9999999999.99',
      status: 'sent',
      issued_on: '2024-02-29',
      tags: ['x', 'y z'],
    })
    const id = String(created.__key)
    const again = await inv.findOne(id, ctx(karen))
    expect(again?.params).toMatchObject({
      amount: '9999999999.99',
      meta: '{"n": 12345678901234567890, "po": "A-1"}',
    })
    await expect(inv.findOne(id, ctx(karen2))).rejects.toBeInstanceOf(NotFoundError)

    const updated = await inv.update(
      id,
      { ...again?.params, amount: '0.01', 'tags.0': 'only', 'tags.1': undefined },
      ctx(karen),
    )
    expect(updated).toMatchObject({ amount: '0.01' })
    const { rows } = await db().admin.query(
      'SELECT amount::text, tenant_id FROM app.invoice_raw WHERE id = $1',
      [id],
    )
    expect(rows[0]).toEqual({ amount: '0.01', tenant_id: 1 })

    await inv.delete(id, ctx(karen))
    await expect(inv.findOne(id, ctx(karen))).rejects.toBeInstanceOf(NotFoundError)
  })

  it('puts a trigger error on its field and keeps the input in the form', async () => {
    const inv = resource('app.invoice_v')
    const record = inv.build({ customer: 'Bad', amount: '-5', email: 'bad@example.com' })
    await record.create(ctx(karen))
    expect(record.isValid()).toBe(false)
    expect(record.errors.amount?.message).toBe('amount must be positive')
    expect(record.baseError?.message).toBe('amount must be positive')
    expect(record.params).toMatchObject({ customer: 'Bad', amount: '-5' })
    await expect(inv.create({ customer: 'Bad', amount: '-5' }, ctx(karen))).rejects.toBeInstanceOf(
      ValidationError,
    )

    // through AdminJS's edit action: an error notice, the field error, the user's values kept
    const api = new ApiController({ admin }, karen)
    const edit = (await api.recordAction(
      {
        params: { resourceId: 'app.invoice_v', recordId: '4', action: 'edit' },
        payload: { customer: 'Customer 04', email: 'not-an-address', amount: '41.00' },
        query: {},
        method: 'post',
      } as unknown as ActionRequest,
      {},
    )) as {
      record: { params: Record<string, unknown>; errors: Record<string, { message: string }> }
      notice: { type: string }
    }
    expect(edit.notice.type).toBe('error')
    expect(edit.record.errors.email?.message).toBe('email not-an-address is not an address')
    expect(edit.record.params).toMatchObject({ email: 'not-an-address', amount: '41.00' })
    const { rows } = await db().admin.query('SELECT email FROM app.invoice_raw WHERE id = 4')
    expect(rows[0].email).toBe('c4@example.com')
  })

  it('maps constraint violations and field-less errors onto fields, never a success', async () => {
    const inv = resource('app.invoice_v')
    const dup = inv.build({ customer: 'Dup', amount: '1', email: 'c5@example.com' })
    await dup.create(ctx(karen))
    expect(dup.errors.email?.message).toBe(
      'Email must be unique: another row already has email = c5@example.com',
    )
    const noField = inv.build({ customer: 'nobody', amount: '1' })
    await noField.create(ctx(karen))
    expect(noField.baseError?.message).toBe('this invoice cannot be saved')
    expect(noField.errors.customer?.message).toBe('this invoice cannot be saved')
    const badJson = inv.build({ customer: 'J', amount: '1', meta: '{oops' })
    await badJson.create(ctx(karen))
    expect(badJson.errors.meta?.message).toMatch(/not valid JSON/)
  })

  it('refuses changes to readonly_fields on update, accepts them unchanged', async () => {
    const inv = resource('app.invoice_v')
    const r = await inv.findOne('6', ctx(karen))
    const params = r?.params ?? {}
    await expect(
      inv.update('6', { ...params, created_at: '2030-01-01T00:00:00Z' }, ctx(karen)),
    ).rejects.toMatchObject({
      propertyErrors: { created_at: { message: expect.stringMatching(/read-only/) } },
    })
    // the same instant written differently is no change
    const same = await inv.update(
      '6',
      { ...params, created_at: '2024-01-01 06:00:09+00', customer: 'Renamed' },
      ctx(karen),
    )
    expect(same.customer).toBe('Renamed')
  })
})

describe('privileges', () => {
  it('shows write actions only to roles holding the privilege', () => {
    for (const a of ['new', 'edit', 'delete', 'bulkDelete']) {
      expect(accessible('app.invoice_v', a, viewer), `viewer ${a}`).toBe(false)
      expect(accessible('app.invoice_v', a, karen), `karen ${a}`).toBe(true)
    }
    expect(accessible('app.invoice_v', 'list', viewer)).toBe(true)
    expect(accessible('app.invoice_v', 'show', viewer)).toBe(true)
    const decorated = admin.findResource('app.invoice_v').decorate()
    expect(decorated.actions.delete?.isAccessible(viewer)).toBe(false)
    expect(decorated.actions.delete?.isAccessible(karen)).toBe(true)
  })

  it('reports a forged delete that PostgreSQL refuses as a clean error', async () => {
    const inv = resource('app.invoice_v')
    const err = await inv.delete('3', ctx(viewer)).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ValidationError)
    expect((err as ValidationError).baseError?.message).toMatch(
      /permission denied for view invoice_v/,
    )
    expect(Object.keys((err as ValidationError).propertyErrors).length).toBeGreaterThan(0)
    const { rows } = await db().admin.query(
      'SELECT count(*)::int AS n FROM app.invoice_raw WHERE id = 3',
    )
    expect(rows[0].n).toBe(1)

    // AdminJS's own delete handler, bypassing isAccessible as a forged POST would: an error notice
    const decorated = admin.findResource('app.invoice_v').decorate()
    const record = await inv.findOne('3', ctx(viewer))
    const deleteHandler = DeleteAction.handler as ActionHandler<RecordActionResponse>
    const response = await deleteHandler(
      {
        method: 'post',
        params: { resourceId: 'app.invoice_v', recordId: '3', action: 'delete' },
      } as ActionRequest,
      {},
      {
        resource: inv,
        record,
        currentAdmin: viewer,
        action: decorated.actions.delete,
        h: new ViewHelpers({ options: admin.options }),
        _admin: admin,
      } as unknown as ActionContext,
    )
    expect(response.notice).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/permission denied/),
    })
    // and through the API the button's absence is enforced too
    const api = new ApiController({ admin }, viewer)
    const viaApi = (await api.recordAction(
      {
        params: { resourceId: 'app.invoice_v', recordId: '3', action: 'delete' },
        query: {},
        method: 'post',
      } as unknown as ActionRequest,
      {},
    )) as { notice: { type: string } }
    expect(viaApi.notice.type).toBe('error')
  })
})

describe('hostile input', () => {
  it('is refused before any SQL reaches the server', async () => {
    const { admin: su } = db()
    const statsAvailable = await su
      .query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements')
      .then(() => su.query('SELECT pg_stat_statements_reset()'))
      .then(() => true)
      .catch(() => false)
    const inv = resource('app.invoice_v')
    const line = resource('app.invoice_line_v')
    const before = acquired
    const attempts: Promise<unknown>[] = [
      inv.find(
        filter(inv),
        { limit: 5, offset: 0, sort: { sortBy: 'amount; DROP TABLE app.invoice_raw --' } },
        ctx(karen),
      ),
      inv.find(
        filter(inv),
        { limit: 5, offset: 0, sort: { sortBy: '"amount"', direction: 'asc' } },
        ctx(karen),
      ),
      inv.find(
        filter(inv),
        { limit: 5, offset: 0, sort: { sortBy: 'amount', direction: 'asc; --' as 'asc' } },
        ctx(karen),
      ),
      inv.find(filter(inv, { 'tenant_id" = 2 OR "1': '1' }), { limit: 5, offset: 0 }, ctx(karen)),
      inv.find(filter(inv, { status: "paid' OR 'x'='x" }), { limit: 5, offset: 0 }, ctx(karen)),
      inv.count(filter(inv, { amount: '1 OR 1=1' }), ctx(karen)),
      inv.findOne('1 OR 1=1', ctx(karen)),
      inv.findMany(['1', "2'); DELETE FROM app.invoice_raw; --"], ctx(karen)),
      inv.update('../2', { amount: '1' }, ctx(karen)),
      inv.delete('1;', ctx(karen)),
      line.findOne(Buffer.from('["1"]').toString('base64url'), ctx(karen)),
      line.findOne('1,1', ctx(karen)),
    ]
    for (const a of attempts) await expect(a).rejects.toBeInstanceOf(InvalidInputError)
    // the list action turns the refusal into an error notice, not a 500
    const api = new ApiController({ admin }, karen)
    const list = (await api.resourceAction(
      {
        params: { resourceId: 'app.invoice_v', action: 'list' },
        query: { sortBy: 'id;select' },
        method: 'get',
      } as unknown as ActionRequest,
      {},
    )) as { notice: { type: string; message: string } }
    expect(list.notice).toMatchObject({ type: 'error', message: expect.stringMatching(/sortBy/) })
    expect(acquired - before).toBe(0)
    // the embedded server preloads pg_stat_statements: there the second witness must run
    if (db().server.backend === 'embedded') expect(statsAvailable).toBe(true)
    if (statsAvailable) {
      const { rows } = await su.query(
        `SELECT coalesce(sum(calls), 0)::int AS calls FROM pg_stat_statements s
         JOIN pg_roles r ON r.oid = s.userid WHERE r.rolname IN ('karen', 'viewer')`,
      )
      expect(rows[0].calls).toBe(0)
    }
  })
})

describe('composite keys', () => {
  it('round-trips ids through show, many, update, create and delete', async () => {
    const line = resource('app.invoice_line_v')
    const page = await line.find(
      filter(line),
      { limit: 4, offset: 0, sort: { sortBy: 'invoice_id', direction: 'asc' } },
      ctx(karen),
    )
    expect(page.map((r) => [r.params.invoice_id, r.params.line_no])).toEqual([
      ['1', 1],
      ['1', 2],
      ['2', 1],
      ['2', 2],
    ])
    const id = page[1]?.id() as string
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(line.decodeId(id)).toEqual(['1', '2'])
    expect((await line.findOne(id, ctx(karen)))?.params.description).toBe('line 2 of 1')
    expect(
      (await line.findMany([page[0]?.id() as string, page[3]?.id() as string], ctx(karen))).length,
    ).toBe(2)

    const updated = await line.update(id, { ...page[1]?.params, qty: '7.125' }, ctx(karen))
    expect(updated).toMatchObject({ qty: '7.125', double_qty: '14.250' })

    const created = await line.create(
      { invoice_id: '1', line_no: '9', description: 'added' },
      ctx(karen),
    )
    expect(line.decodeId(created.__key)).toEqual(['1', '9'])
    expect(created.qty).toBe('1.000')
    await line.delete(String(created.__key), ctx(karen))
    await expect(line.findOne(String(created.__key), ctx(karen))).rejects.toBeInstanceOf(
      NotFoundError,
    )

    // another tenant's line is invisible: row-level security follows the invoice
    const foreign = Buffer.from(JSON.stringify(['40', '1'])).toString('base64url')
    await expect(line.findOne(foreign, ctx(karen))).rejects.toBeInstanceOf(NotFoundError)
    expect(await line.findOne(foreign, ctx(karen2))).not.toBeNull()
  })
})

describe('counting and paging', () => {
  it('estimates large unfiltered counts and counts small or filtered ones exactly', async () => {
    const big = resource('app.big_v')
    const est = await big.countInfo(filter(big), ctx(karen))
    expect(est.estimated).toBe(true)
    expect(est.total).toBeGreaterThan(180_000)
    expect(est.total).toBeLessThan(220_000)
    expect(big.lastCount).toEqual(est)
    expect(await big.countInfo(filter(big, { grp: '5' }), ctx(karen))).toEqual({
      total: 2000,
      estimated: false,
      kind: 'exact',
    })
    // filtered and large: counting stops at the threshold and the (bound) EXPLAIN estimate answers
    const many = await big.countInfo(filter(big, { label: 'label 1' }), ctx(karen))
    expect(many.estimated).toBe(true)
    expect(many.total).toBeGreaterThan(10_000)
    const inv = resource('app.invoice_v')
    expect(await inv.countInfo(filter(inv), ctx(karen))).toEqual({
      total: 30,
      estimated: false,
      kind: 'exact',
    })

    const api = new ApiController({ admin }, karen)
    const list = (await api.resourceAction(
      {
        params: { resourceId: 'app.big_v', action: 'list' },
        query: { perPage: '10' },
        method: 'get',
      } as unknown as ActionRequest,
      {},
    )) as { meta: Record<string, unknown> }
    expect(list.meta.totalEstimated).toBe(true)
  })

  it('pages by number, by cursor and from the end return what OFFSET returns', async () => {
    const inv = resource('app.invoice_v')
    const sort = { sortBy: 'status', direction: 'desc' as const }
    const all = await naiveIds(
      karen,
      sql`SELECT id FROM app.invoice_v ORDER BY status DESC, id DESC`,
    )
    const want = (w: Record<string, unknown>) =>
      ({ currentAdmin: karen, planetaryViewWant: w }) as unknown as ActionContext
    for (const offset of [0, 4, 8, 24, 28, 32]) {
      const page = await inv.find(filter(inv), { limit: 4, offset, sort }, ctx(karen))
      expect(ids(page), `offset ${offset}`).toEqual(all.slice(offset, offset + 4))
      expect(inv.lastPage).toBe(offset === 0 ? 'first' : 'offset')
    }
    // next after the last row of page 2, previous before its first row, the last page
    await inv.find(filter(inv), { limit: 4, offset: 4, sort }, ctx(karen))
    const { first, last } = inv.lastPageInfo ?? {}
    expect(
      ids(await inv.find(filter(inv), { limit: 4, offset: 0, sort }, want({ after: last }))),
    ).toEqual(all.slice(8, 12))
    expect(inv.lastPage).toBe('after')
    expect(
      ids(await inv.find(filter(inv), { limit: 4, offset: 0, sort }, want({ before: first }))),
    ).toEqual(all.slice(0, 4))
    expect(inv.lastPage).toBe('before')
    expect(
      ids(await inv.find(filter(inv), { limit: 4, offset: 0, sort }, want({ last: true }))),
    ).toEqual(all.slice(-4))
    expect(inv.lastPage).toBe('last')

    // a nullable sort column, both directions, page after page by cursor and back
    const sparse = resource('app.sparse_v')
    for (const direction of ['asc', 'desc'] as const) {
      const expected = await naiveIds(
        karen,
        direction === 'asc'
          ? sql`SELECT id FROM app.sparse_v ORDER BY v ASC, id ASC`
          : sql`SELECT id FROM app.sparse_v ORDER BY v DESC, id DESC`,
      )
      const s = { sortBy: 'v', direction }
      const seen = ids(
        await sparse.find(filter(sparse), { limit: 3, offset: 0, sort: s }, ctx(karen)),
      )
      let cursor = sparse.lastPageInfo?.last
      while (cursor) {
        const page = await sparse.find(
          filter(sparse),
          { limit: 3, offset: 0, sort: s },
          want({ after: cursor }),
        )
        seen.push(...ids(page))
        cursor = page.length > 0 ? sparse.lastPageInfo?.last : undefined
      }
      expect(seen, direction).toEqual(expected)
      const back = ids(
        await sparse.find(filter(sparse), { limit: 3, offset: 0, sort: s }, want({ last: true })),
      )
      let before = sparse.lastPageInfo?.first
      while (back.length < expected.length) {
        const page = await sparse.find(
          filter(sparse),
          { limit: 3, offset: 0, sort: s },
          want({ before }),
        )
        const fresh = ids(page).filter((id) => !back.includes(id))
        back.unshift(...fresh)
        before = sparse.lastPageInfo?.first
      }
      expect(back, `${direction} backwards`).toEqual(expected)
    }
  })

  it('finds deep pages by a walk over the ordering columns, exactly where OFFSET does', async () => {
    const big = resource('app.big_v')
    const sort = { sortBy: 'grp', direction: 'asc' as const }
    for (const offset of [0, 10, 20, 5_000, 123_456, 199_990, 199_995, 200_000]) {
      const page = await big.find(filter(big), { limit: 10, offset, sort }, ctx(karen))
      expect(ids(page), `offset ${offset}`).toEqual(
        await naiveIds(
          karen,
          sql`SELECT id FROM app.big_v ORDER BY grp, id LIMIT 10 OFFSET ${sql.lit(offset)}`,
        ),
      )
      expect(big.lastPage).toBe(
        offset === 0 ? 'first' : offset < 500 ? 'offset' : offset < SPLIT_FROM ? 'seek' : 'split',
      )
    }
  })
})

import { Filter, type ActionContext, type CurrentAdmin } from 'adminjs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Pool } from '../../../core/db/pool.js'
import { withSession, type Actor, type Session } from '../../../core/db/session.js'
import { cancellable } from '../../../core/db/cancel.js'
import { CancelledError, type ExecutionError } from '../../../core/errors.js'
import { sql, type SqlFragment } from '../../../core/sql/sql.js'
import { estimateSql, planRows } from '../../../resources/view-adapter/counting.js'
import { loadViewResources, type ViewResource } from '../../../resources/view-adapter/index.js'
import { columnOf } from '../../../resources/view-adapter/model.js'
import {
  planPage,
  SEEK_FROM,
  type ListQuery,
  type PagePlan,
} from '../../../resources/view-adapter/paging.js'
import { runSplitPlan, type OpenSecond } from '../../../resources/view-adapter/split-walk-run.js'
import { SPLIT_FROM } from '../../../resources/view-adapter/split-walk.js'
import { checkFilters } from '../../../resources/view-adapter/query-input.js'
import { runningStatements } from '../../harness/activity.js'
import { useTestDatabase } from '../../harness/database.js'

// Karen's list on 400,000 rows (200,000 hers under RLS): every page the rows OFFSET gives, at
// every depth, in every direction, whatever the planner estimates; no timings here (see
// `npm run bench:list`).

const db = useTestDatabase()
const karen: CurrentAdmin = { email: 'karen@example.com', role: 'karen' }
const actor: Actor = { name: 'karen', role: 'karen', claims: { tenant_id: 1 } }
const ctx = { currentAdmin: karen } as unknown as ActionContext
const HERS = 200_000

let pool: Pool
let loginUrl: string
let items: ViewResource
let hurried: ViewResource
/** Per served view: the columns whose comparisons row-level security holds back. */
let heldBack: Map<string, readonly string[]>

const ids = (records: { params: Record<string, unknown> }[]) =>
  records.map((r) => String(r.params.id))

/** What Karen gets by hand: the same view, ORDER BY … LIMIT … OFFSET, as her role. */
async function truth(q: SqlFragment): Promise<string[]> {
  const rows = await withSession(pool, actor, (s) => s.query<{ id: number }>(q))
  return rows.map((r) => String(r.id))
}

/** PostgreSQL's plan for a statement, as Karen, one line per node. */
async function explain(q: SqlFragment): Promise<string> {
  const rows = await withSession(pool, actor, (s) =>
    s.query<{ 'QUERY PLAN': string }>(sql`EXPLAIN ${q}`),
  )
  return rows.map((r) => r['QUERY PLAN']).join('\n')
}

/** Karen's served views, as the console loads them (on the file's pool unless given). */
function loadServed(o: { pool?: Pool; exactCountBelow?: number; countBudgetMs?: number } = {}) {
  return loadViewResources({
    servedRoles: ['karen'],
    resolveActor: async () => actor,
    excludeSchemas: ['public'],
    ...o,
    pool: o.pool ?? pool,
  })
}

function servedAs(rs: Awaited<ReturnType<typeof loadServed>>, id: string): ViewResource {
  const r = rs.find((x) => x.options.id === id)
  if (!r) throw new Error(`${id} is not served`)
  return r.resource as ViewResource
}

beforeAll(async () => {
  const { admin } = db()
  await admin.query(`
    DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app_owner') THEN
        CREATE ROLE app_owner NOLOGIN NOSUPERUSER NOBYPASSRLS;
      END IF;
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'karen') THEN CREATE ROLE karen NOLOGIN; END IF;
    END $$;
    CREATE SCHEMA paging AUTHORIZATION app_owner;
    SET ROLE app_owner;
    CREATE TABLE paging.item_raw (
      id int PRIMARY KEY, tenant_id int NOT NULL, grp int NOT NULL, grp2 int NOT NULL,
      amount numeric(12, 2) NOT NULL, issued_on date, created_at timestamptz NOT NULL,
      wait interval NOT NULL, label text);
    -- grp and grp2 are the same number: the planner multiplies their selectivities, so a filter
    -- on both is estimated about 100 times too low.
    INSERT INTO paging.item_raw
      SELECT g, 1 + g % 2, g % 50, g % 50, ((g::bigint * 7919) % 100000) / 100.0,
        CASE WHEN g % 11 = 0 THEN NULL ELSE date '2020-01-01' + (g * 37) % 2000 END,
        timestamptz '2024-01-01 00:00+00' + ((g * 13) % 100000) * interval '1 minute',
        ((g * 31) % 500) * interval '1 hour', 'label ' || g % 1000
      FROM generate_series(1, 400000) AS g;
    CREATE INDEX ON paging.item_raw (tenant_id, id);
    CREATE INDEX ON paging.item_raw (issued_on);
    CREATE INDEX ON paging.item_raw (amount);
    ALTER TABLE paging.item_raw ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
    CREATE POLICY tenant ON paging.item_raw
      USING (tenant_id = current_setting('app.tenant_id')::int);
    CREATE VIEW paging.item_v AS
      SELECT id, grp, grp2, amount, issued_on, created_at, wait, label FROM paging.item_raw;
    -- where row-level security holds a comparison back: through another view, not through a
    -- materialized view; a security barrier does it alone, a plain view on a plain table not
    CREATE VIEW paging.item_vv AS SELECT id, amount FROM paging.item_v;
    SET app.tenant_id = '1';
    CREATE MATERIALIZED VIEW paging.item_mv AS SELECT id, amount FROM paging.item_raw WHERE id < 100;
    CREATE UNIQUE INDEX ON paging.item_mv (id);
    RESET app.tenant_id;
    CREATE TABLE paging.open_raw (id int PRIMARY KEY, amount numeric NOT NULL);
    CREATE VIEW paging.open_v AS SELECT id, amount FROM paging.open_raw;
    CREATE VIEW paging.open_barrier_v WITH (security_barrier) AS SELECT id, amount FROM paging.open_raw;
    RESET ROLE;
    GRANT USAGE ON SCHEMA paging TO karen;
    GRANT SELECT ON paging.item_v, paging.item_vv, paging.item_mv, paging.open_v,
      paging.open_barrier_v TO karen;
  `)
  await admin.query('VACUUM ANALYZE paging.item_raw')
  const login = await db().createLogin('paging_login', 'NOINHERIT')
  await admin.query(`GRANT karen TO "${login.role}"`)
  loginUrl = login.url
  pool = db().pool(login.url, 4)
  const load = async (o: { exactCountBelow?: number; countBudgetMs?: number }) => {
    const rs = await loadServed(o)
    heldBack = new Map(
      rs.map((x) => [String(x.options.id), (x.resource as ViewResource).model.heldBack ?? []]),
    )
    return servedAs(rs, 'paging.item_v')
  }
  items = await load({ exactCountBelow: 5_000 })
  hurried = await load({ countBudgetMs: 1 })
}, 240_000)

// `split`: a walked deep page is walked in two halves at once (a NOT NULL number or timestamp
// ordering; amount's deep pages are not walked at all, see below)
const sorts = [
  { sortBy: 'id', direction: 'asc', order: sql`id ASC`, split: true },
  { sortBy: 'id', direction: 'desc', order: sql`id DESC`, split: true },
  { sortBy: 'amount', direction: 'asc', order: sql`amount ASC, id ASC`, split: false },
  { sortBy: 'issued_on', direction: 'desc', order: sql`issued_on DESC, id DESC`, split: false },
  { sortBy: 'issued_on', direction: 'asc', order: sql`issued_on ASC, id ASC`, split: false },
  { sortBy: 'created_at', direction: 'asc', order: sql`created_at ASC, id ASC`, split: true },
  { sortBy: 'wait', direction: 'desc', order: sql`wait DESC, id DESC`, split: false },
] as const

describe('comparisons row-level security holds back', () => {
  it('are the columns whose ordering is not LEAKPROOF, on views that read a table with RLS', () => {
    expect(heldBack.get('paging.item_v')).toEqual(['amount'])
    expect(heldBack.get('paging.item_vv')).toEqual(['amount'])
    expect(heldBack.get('paging.open_barrier_v')).toEqual(['amount'])
    expect(heldBack.get('paging.item_mv')).toEqual([])
    expect(heldBack.get('paging.open_v')).toEqual([])
  })

  it('would make a walked deep page read from the start twice: PostgreSQL filters after the policy', async () => {
    const amount = columnOf(items.model, 'amount')
    if (!amount) throw new Error('no amount')
    const plan = planPage(
      {
        model: { ...items.model, heldBack: [] },
        sort: { column: amount, direction: 'asc' },
        conditions: [],
        limit: 10,
      },
      { kind: 'offset', offset: 100_000 },
    )
    if (plan.strategy !== 'seek' || !plan.together) throw new Error(plan.strategy)
    const explained = await explain(plan.together)
    // the row comparison is a Filter, not an Index Cond: the read would start at the beginning
    expect(explained).toMatch(/Filter: .*ROW\(amount, id\) >= /)
    expect(explained).not.toMatch(/Index Cond: .*ROW\(amount, id\)/)
  })
})

describe('pages by number', () => {
  it('are the rows OFFSET returns at the first, shallow, middle, deep and last pages and past the end', async () => {
    const offsets = [0, 10, SEEK_FROM - 10, SEEK_FROM, 54_321, 100_000, HERS - 10, HERS - 3, HERS]
    for (const s of sorts) {
      for (const offset of offsets) {
        const page = await items.find(
          new Filter({}, items),
          { limit: 10, offset, sort: { sortBy: s.sortBy, direction: s.direction } },
          ctx,
        )
        const expected = await truth(
          sql`SELECT id FROM paging.item_v ORDER BY ${s.order} LIMIT 10 OFFSET ${sql.val(offset)}`,
        )
        expect(ids(page), `${s.sortBy} ${s.direction} at ${offset}`).toEqual(expected)
        // numeric's comparisons are not LEAKPROOF: under RLS a deep page by amount is OFFSET's
        const walked = !(items.model.heldBack ?? []).includes(s.sortBy)
        expect(items.lastPage).toBe(
          offset === 0
            ? 'first'
            : offset < SEEK_FROM || !walked
              ? 'offset'
              : s.split && offset >= SPLIT_FROM
                ? 'split'
                : 'seek',
        )
      }
    }
  }, 120_000)

  it('sort dates, timestamps, numerics and intervals by value, through the index', async () => {
    // an interval read as text would put '10 days' before '2 days'
    const byWait = await items.find(
      new Filter({}, items),
      { limit: 50, offset: 0, sort: { sortBy: 'wait', direction: 'asc' } },
      ctx,
    )
    expect(ids(byWait)).toEqual(
      await truth(sql`SELECT id FROM paging.item_v ORDER BY wait, id LIMIT 50`),
    )
    const sortBy = columnOf(items.model, 'issued_on')
    if (!sortBy) throw new Error('no issued_on')
    const q: ListQuery = {
      model: items.model,
      sort: { column: sortBy, direction: 'asc' },
      conditions: [],
      limit: 10,
    }
    const plan = planPage(q, { kind: 'offset', offset: 0 })
    if (plan.strategy === 'seek') throw new Error('seek')
    const text = await explain(plan.rows)
    expect(text).toMatch(/Index Scan using item_raw_issued_on_idx/)
    expect(text).not.toMatch(/Seq Scan/)
    // a deep page in one statement: the walk feeds the read's index condition
    const byId = columnOf(items.model, 'id')
    if (!byId) throw new Error('no id')
    const deep = planPage(
      { ...q, sort: { column: byId, direction: 'desc' } },
      { kind: 'offset', offset: 5_000 },
    )
    if (deep.strategy !== 'seek' || !deep.together) throw new Error(deep.strategy)
    const seek = await explain(deep.together)
    expect(seek).toMatch(/InitPlan/)
    // (PostgreSQL 17 names the walked value `(InitPlan 1).col1`, older majors `$0`)
    expect(seek).toMatch(/Index Cond: .*\bid <= (\(InitPlan 1\)\.col1|\$\d)/)
    expect(seek).not.toMatch(/Seq Scan|Sort/)
  })
})

describe('a filter estimated 100 times too low', () => {
  const filters = { grp: '4', grp2: '4' }
  const order = sql`amount DESC, id DESC`
  const sort = { sortBy: 'amount', direction: 'desc' as const }

  it('is estimated far below what it holds, and its total is never taken for the estimate', async () => {
    const conditions = checkFilters(
      items.model,
      Object.entries(filters).map(([path, value]) => ({ path, value })),
      { titleProperty: 'label', searchFields: [], defaultSort: { sortBy: 'id', direction: 'asc' } },
    )
    const estimate = await withSession(pool, actor, async (s) =>
      planRows(await s.query(estimateSql(items.model, conditions))),
    )
    const all = await truth(sql`SELECT id FROM paging.item_v WHERE grp = 4 AND grp2 = 4`)
    expect(all.length).toBe(8_000)
    expect(estimate * 50).toBeLessThan(all.length)
    // more than the exact-count threshold (5,000 here), estimated below it: a lower bound
    const info = await items.countInfo(new Filter(filters, items), ctx)
    expect(info).toEqual({ total: 5_001, estimated: true, kind: 'more-than' })
  })

  it('gives every page by number exactly as OFFSET does', async () => {
    const all = await truth(
      sql`SELECT id FROM paging.item_v WHERE grp = 4 AND grp2 = 4 ORDER BY ${order}`,
    )
    for (let offset = 0; offset <= all.length; offset += 100) {
      const page = await items.find(new Filter(filters, items), { limit: 100, offset, sort }, ctx)
      expect(ids(page), `offset ${offset}`).toEqual(all.slice(offset, offset + 100))
    }
  }, 120_000)

  it('goes next page by page to the end and previous back to the start by cursors', async () => {
    const all = await truth(
      sql`SELECT id FROM paging.item_v WHERE grp = 4 AND grp2 = 4 ORDER BY ${order}`,
    )
    const limit = 250
    const filter = () => new Filter(filters, items)
    const seen: string[] = []
    await items.find(filter(), { limit, offset: 0, sort }, ctx)
    let cursor = items.lastPageInfo?.last
    seen.push(...all.slice(0, limit))
    while (cursor) {
      const c = { ...ctx, planetaryViewWant: { after: cursor } } as unknown as ActionContext
      const page = await items.find(filter(), { limit, offset: 0, sort }, c)
      expect(items.lastPage).toBe('after')
      expect(ids(page)).toEqual(all.slice(seen.length, seen.length + limit))
      seen.push(...ids(page))
      cursor = page.length > 0 ? items.lastPageInfo?.last : undefined
    }
    expect(seen).toEqual(all)

    // the last page, read backwards: the final `limit` rows, then previous back to the start
    const last = { ...ctx, planetaryViewWant: { last: true } } as unknown as ActionContext
    const end = await items.find(filter(), { limit, offset: 0, sort }, last)
    expect(items.lastPage).toBe('last')
    expect(ids(end)).toEqual(all.slice(-limit))
    let first = items.lastPageInfo?.first
    let upTo = all.length - limit
    while (upTo > 0) {
      const c = { ...ctx, planetaryViewWant: { before: first } } as unknown as ActionContext
      const page = await items.find(filter(), { limit, offset: 0, sort }, c)
      const from = Math.max(0, upTo - limit)
      // near the start a short read is replaced by the whole first page
      expect(ids(page)).toEqual(upTo < limit ? all.slice(0, limit) : all.slice(from, upTo))
      first = items.lastPageInfo?.first
      upTo = from
    }
  }, 120_000)
})

describe('counts', () => {
  it('estimate a large unfiltered list, count small ones, and give up after their budget', async () => {
    const all = await items.countInfo(new Filter({}, items), ctx)
    expect(all.kind).toBe('estimate')
    expect(all.total).toBeGreaterThan(HERS * 0.8)
    expect(all.total).toBeLessThan(HERS * 1.2)
    // an indexed filter is counted exactly, within the budget
    const day = await truth(sql`SELECT id FROM paging.item_v WHERE issued_on = '2020-01-05'`)
    expect(day.length).toBeGreaterThan(0)
    expect(await items.countInfo(new Filter({ issued_on: '2020-01-05' }, items), ctx)).toEqual({
      total: day.length,
      estimated: false,
      kind: 'exact',
    })
    // a text search over every row cannot be counted within 1 ms: "many", and the list still works
    const many = await hurried.countInfo(new Filter({ label: 'zzz' }, hurried), ctx)
    expect(many.kind).toBe('many')
    const page = await hurried.find(
      new Filter({ label: 'label 99' }, hurried),
      { limit: 5, offset: 0, sort: { sortBy: 'id', direction: 'asc' } },
      ctx,
    )
    expect(ids(page)).toEqual(
      await truth(
        sql`SELECT id FROM paging.item_v WHERE label ILIKE '%label 99%' ORDER BY id LIMIT 5`,
      ),
    )
  })
})

describe('a deep page walked in two halves at once', () => {
  type Seek = Extract<PagePlan, { strategy: 'seek' }>
  const deepPlan = (
    sortBy: string,
    direction: 'asc' | 'desc',
    offset: number,
    model = items.model,
  ) => {
    const column = columnOf(model, sortBy)
    if (!column) throw new Error(sortBy)
    const q: ListQuery = {
      model,
      sort: { column, direction },
      conditions: [],
      limit: 10,
    }
    const plan = planPage(q, { kind: 'offset', offset })
    if (plan.strategy !== 'seek' || !plan.split) throw new Error(`${sortBy}: not split`)
    return { q, plan }
  }
  const second: OpenSecond = (snapshot, fn) => withSession(pool, actor, fn, { snapshot })
  const split = (plan: Seek, q: ListQuery, open: OpenSecond = second, who: Actor = actor) =>
    withSession(pool, who, (s) => runSplitPlan(plan, q, s, open), { repeatableRead: true })
  /** The plan with its probe answering `v`, wherever the estimate would have put it. */
  const cutAt = (plan: Seek, v: string): Seek => {
    if (!plan.split) throw new Error('not split')
    return {
      ...plan,
      split: {
        ...plan.split,
        probe: () =>
          sql`SELECT pg_catalog.pg_export_snapshot() AS snapshot, ${sql.val(v)}::text AS v`,
      },
    }
  }

  it('is the page OFFSET reads wherever the split value falls: before the first row, at, around and after row N, past the last', async () => {
    const offset = 123_457
    for (const s of [
      { sortBy: 'id', direction: 'asc', order: sql`id ASC`, beyond: ['-5', '999999999'] },
      { sortBy: 'id', direction: 'desc', order: sql`id DESC`, beyond: ['-5', '999999999'] },
      {
        sortBy: 'created_at',
        direction: 'asc',
        order: sql`created_at ASC, id ASC`,
        beyond: ['1999-01-01 00:00+00', '2999-01-01 00:00+00'],
      },
    ] as const) {
      const { q, plan } = deepPlan(s.sortBy, s.direction, offset)
      const expected = await truth(
        sql`SELECT id FROM paging.item_v ORDER BY ${s.order} LIMIT 10 OFFSET ${sql.val(offset)}`,
      )
      // the sort column's value at rows 0, N - 1, N, N + 1 and the last
      const at = async (n: number) =>
        (
          await withSession(pool, actor, (x) =>
            x.queryText(
              sql`SELECT ${sql.id(s.sortBy)} AS v FROM paging.item_v ORDER BY ${s.order} LIMIT 1 OFFSET ${sql.val(n)}`,
            ),
          )
        ).rows[0]?.v as string
      const values = [
        ...s.beyond,
        await at(0),
        await at(offset - 1),
        await at(offset),
        await at(offset + 1),
        await at(HERS - 1),
      ]
      for (const v of values) {
        const page = await split(cutAt(plan, v), q)
        expect(page?.strategy, `${s.sortBy} ${s.direction} cut at ${v}`).toBe('split')
        expect(
          page?.rows.map((r) => String(r.id)),
          `${s.sortBy} ${s.direction} cut at ${v}`,
        ).toEqual(expected)
      }
      // and where the estimate puts it
      const page = await split(plan, q)
      expect(page?.rows.map((r) => String(r.id))).toEqual(expected)
    }
  }, 120_000)

  it('reads in one snapshot: rows committed while it walks are not on the page', async () => {
    const { q, plan } = deepPlan('id', 'asc', 100_000)
    const expected = await truth(
      sql`SELECT id FROM paging.item_v ORDER BY id LIMIT 10 OFFSET 100000`,
    )
    // three rows before the page, committed after the first connection exported its snapshot
    const meanwhile: OpenSecond = <T>(snapshot: string, fn: (s: Session) => Promise<T>) =>
      db()
        .admin.query(
          `INSERT INTO paging.item_raw (id, tenant_id, grp, grp2, amount, created_at, wait)
           SELECT -g, 1, 0, 0, 0, now(), '1 hour' FROM generate_series(1, 3) AS g`,
        )
        .then(() => withSession(pool, actor, fn, { snapshot }))
    try {
      const page = await split(plan, q, meanwhile)
      expect(page?.rows.map((r) => String(r.id))).toEqual(expected)
      // read afresh, the page has moved three rows back
      const now = await truth(sql`SELECT id FROM paging.item_v ORDER BY id LIMIT 10 OFFSET 100000`)
      expect(now).not.toEqual(expected)
      expect(now.slice(3)).toEqual(expected.slice(0, 7))
    } finally {
      await db().admin.query('DELETE FROM paging.item_raw WHERE id < 0')
    }
  })

  it('walks on one connection when no second one is free, and for an empty list or an infinite end', async () => {
    const { q, plan } = deepPlan('id', 'asc', 100_000)
    const expected = await truth(
      sql`SELECT id FROM paging.item_v ORDER BY id LIMIT 10 OFFSET 100000`,
    )
    // a pool of one: the list never waits for a second connection
    const single = servedAs(await loadServed({ pool: db().pool(loginUrl, 1) }), 'paging.item_v')
    const page = await single.find(
      new Filter({}, single),
      { limit: 10, offset: 100_000, sort: { sortBy: 'id', direction: 'asc' } },
      ctx,
    )
    expect(single.lastPage).toBe('seek')
    expect(ids(page)).toEqual(expected)
    // busy: the second connection is refused, so the first reads the page alone
    expect(await split(plan, q, () => undefined)).toBeUndefined()
    // a tenant without rows: no first or last row, no split value
    expect(await split(plan, q, second, { ...actor, claims: { tenant_id: 3 } })).toBeUndefined()
    // an infinite end: no value lies between
    const byTime = deepPlan('created_at', 'asc', 100_000)
    const last = await truth(
      sql`SELECT id FROM paging.item_v ORDER BY created_at DESC, id DESC LIMIT 1`,
    )
    await db().admin.query(
      `UPDATE paging.item_raw SET created_at = 'infinity' WHERE id = ${Number(last[0])}`,
    )
    try {
      expect(await split(byTime.plan, byTime.q)).toBeUndefined()
      const deep = await items.find(
        new Filter({}, items),
        { limit: 10, offset: 100_000, sort: { sortBy: 'created_at', direction: 'asc' } },
        ctx,
      )
      expect(items.lastPage).toBe('seek')
      expect(ids(deep)).toEqual(
        await truth(
          sql`SELECT id FROM paging.item_v ORDER BY created_at, id LIMIT 10 OFFSET 100000`,
        ),
      )
    } finally {
      await db().admin.query(
        `UPDATE paging.item_raw SET created_at = timestamptz '2024-01-01 00:00+00' + ((id * 13) % 100000) * interval '1 minute' WHERE id = ${Number(last[0])}`,
      )
    }
  })

  it('cancels both halves in PostgreSQL when the request goes away', async () => {
    const { admin } = db()
    // every row costs a millisecond to read: each half would take a minute
    await admin.query(`
      SET ROLE app_owner;
      CREATE FUNCTION paging.slowly(int) RETURNS boolean LANGUAGE sql VOLATILE
        AS 'SELECT pg_catalog.pg_sleep(0.001) IS NOT NULL';
      CREATE VIEW paging.slow_v AS SELECT id, amount FROM paging.item_raw WHERE paging.slowly(id);
      RESET ROLE;
      GRANT SELECT ON paging.slow_v TO karen;`)
    const slow = servedAs(await loadServed(), 'paging.slow_v')
    const { q, plan } = deepPlan('id', 'asc', 100_000, slow.model)
    const walking = () => runningStatements(admin, 'IN "pv_walk_')
    const abandon = new AbortController()
    const work = cancellable(abandon.signal, () => split(plan, q)).catch((e: unknown) => e)
    await expect.poll(walking, { interval: 50, timeout: 20_000 }).toBe(2)
    abandon.abort(new Error('the client went away'))
    const err = await work
    expect(
      err instanceof CancelledError || (err as ExecutionError).sqlstate === '57014',
      String(err),
    ).toBe(true)
    await expect.poll(walking, { interval: 50, timeout: 5_000 }).toBe(0)
  }, 60_000)
})

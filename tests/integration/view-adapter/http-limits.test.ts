import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPool, type Pool } from '../../../core/db/pool.js'
import { runningStatements } from '../../harness/activity.js'
import { signIn, startTestConsole, type ConsoleClient } from '../../harness/console.js'

// Karen's requests over real HTTP: bounded in time, cancelled in PostgreSQL when the browser
// goes away, pages carrying only what she may use, one session-store read per request.

let running: Awaited<ReturnType<typeof startTestConsole>>
let admin: Pool
let karen: ConsoleClient
let senior: ConsoleClient
const TIMEOUT_MS = 3_000

// A view whose rows take as long as app.slow_conf says: 0 while the console finds it, then long.
const SLOW_VIEW = `
  SET ROLE platform_ddl;
  CREATE TABLE app.slow_conf (seconds float8 NOT NULL);
  INSERT INTO app.slow_conf VALUES (0);
  CREATE FUNCTION app.slow_rows() RETURNS TABLE (id int, label text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
      SELECT g, 'row ' || g FROM generate_series(1, 20) AS g,
        LATERAL (SELECT pg_catalog.pg_sleep((SELECT seconds FROM app.slow_conf))) AS s $$;
  CREATE VIEW app.slow_v AS SELECT id, label FROM app.slow_rows();
  GRANT SELECT ON app.slow_v TO karen;
  GRANT SELECT ON app.invoice_v TO senior_dev;
  RESET ROLE;`

/** Karen's statements on the slow view now running in PostgreSQL. */
const sleepingQueries = () => runningStatements(admin, 'slow_v', 'pg-planetary requests')

beforeAll(async () => {
  running = await startTestConsole({ requestStatementTimeoutMs: TIMEOUT_MS })
  admin = createPool(running.embedded?.url() as string, { max: 2 })
  await admin.query(SLOW_VIEW)
  karen = await signIn(running.url, 'karen', 'karen-planetary')
  senior = await signIn(running.url, 'senior', 'senior-planetary')
  // The console finds a view made in psql once the catalog statistics are flushed.
  for (let i = 0; ; i++) {
    await karen.get('/admin')
    if ((await karen.get('/admin/api/resources/app.slow_v/actions/list')).status === 200) break
    if (i > 60) throw new Error('app.slow_v never showed up')
    await new Promise((r) => setTimeout(r, 500))
  }
  await admin.query('UPDATE app.slow_conf SET seconds = 60')
}, 180_000)

afterAll(async () => {
  await admin?.end()
  await running?.stop()
})

describe('time limits', () => {
  it('cancels the list query in PostgreSQL when the client goes away', async () => {
    const abort = new AbortController()
    const request = fetch(
      `${new URL(running.url).origin}/admin/api/resources/app.slow_v/actions/list`,
      {
        headers: { cookie: karen.cookie },
        signal: abort.signal,
      },
    ).catch((err: unknown) => err)
    await expect.poll(sleepingQueries, { timeout: 5_000, interval: 100 }).toBeGreaterThan(0)
    abort.abort()
    await request
    // gone within a second or so, long before the statement timeout would end it
    const started = Date.now()
    await expect.poll(sleepingQueries, { timeout: 2_000, interval: 50 }).toBe(0)
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS)
  })

  it('ends a list that runs longer than the request statement timeout', async () => {
    const started = Date.now()
    const res = await karen.get('/admin/api/resources/app.slow_v/actions/list')
    const elapsed = Date.now() - started
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 100)
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 5_000)
    const body = await res.text()
    expect(res.status === 200 ? body : 'refused').not.toContain('"records":[{')
    expect(await sleepingQueries()).toBe(0)
  })
})

describe('index advice', () => {
  const advice = async (who: ConsoleClient, path: string) =>
    ((await (await who.get(path)).json()) as { notice?: { message: string } }).notice?.message ?? ''
  /** How PostgreSQL reads karen's filter (seq scans off: the demo's table is small). */
  const karenPlan = async (where: string) => {
    const c = await admin.connect()
    try {
      await c.query(`BEGIN; SET LOCAL ROLE karen; SELECT set_config('app.tenant_id', '1', true);
        SET LOCAL enable_seqscan = off`)
      const { rows } = await c.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (COSTS OFF) SELECT * FROM app.invoice_v WHERE ${where}`,
      )
      return rows.map((r) => r['QUERY PLAN']).join('\n')
    } finally {
      await c.query('ROLLBACK')
      c.release()
    }
  }

  it('tells a developer why a search reads every row under row-level security, and not karen', async () => {
    const path = '/admin/api/resources/app.invoice_v/actions/list?filters.customer=acme'
    const first = await advice(senior, path)
    expect(first).toMatch(
      /CREATE INDEX ON "app"."invoice_raw" USING gin \("customer" gin_trgm_ops\)/,
    )
    expect(first).toContain('ALTER FUNCTION pg_catalog.texticlike(text, text) LEAKPROOF;')
    expect(await advice(karen, path)).not.toMatch(/gin_trgm_ops|LEAKPROOF/)

    await admin.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm;
      CREATE INDEX invoice_raw_customer_trgm ON app.invoice_raw USING gin (customer gin_trgm_ops)`)
    await admin.query('ANALYZE app.invoice_raw')
    const indexed = await advice(senior, path)
    expect(indexed).not.toMatch(/gin_trgm_ops/)
    expect(indexed).toContain('texticlike')
    // what the advice says is what PostgreSQL does: the index stays out while ILIKE is leaky…
    expect(await karenPlan(`customer ILIKE '%acme%'`)).not.toContain('invoice_raw_customer_trgm')
    try {
      await admin.query('ALTER FUNCTION pg_catalog.texticlike(text, text) LEAKPROOF')
      // …and is used once a superuser has marked it, when the advice has nothing left to say
      expect(await karenPlan(`customer ILIKE '%acme%'`)).toContain('invoice_raw_customer_trgm')
      expect(await advice(senior, path)).toBe('')
    } finally {
      await admin.query('ALTER FUNCTION pg_catalog.texticlike(text, text) NOT LEAKPROOF')
    }
  })

  it('tells a developer that a numeric filter reads every row the policy allows', async () => {
    const path = '/admin/api/resources/app.invoice_v/actions/list?filters.amount=120.50'
    const said = await advice(senior, path)
    expect(said).toContain(
      'Filtering by invoice_raw.amount reads every row row-level security lets the user see',
    )
    expect(said).toContain('ALTER FUNCTION pg_catalog.numeric_eq(numeric, numeric) LEAKPROOF;')
    // past the first page, a sort by amount reads what comes before the page
    const list = '/admin/api/resources/app.invoice_v/actions/list?sortBy=amount&direction=asc'
    expect(await advice(senior, `${list}&page=2`)).toMatch(
      /^Pages sorted by invoice_raw.amount read every row before them: .*numeric_lt/,
    )
    expect(await advice(senior, list)).toBe('')
    // a page found by number at depth walks (issued_on, id): the advised index serves it alone
    const deep = '/admin/api/resources/app.invoice_v/actions/list?sortBy=issued_on&page=60'
    expect(await advice(senior, deep)).toBe(
      'A page found by number walks every row of invoice_raw before it in (issued_on, id) order, and row-level security checks tenant_id on each of them, reading the table where an index alone would do. Index for the walk: CREATE INDEX ON "app"."invoice_raw" ("tenant_id", "issued_on", "id");',
    )
    await admin.query('CREATE INDEX ON app.invoice_raw (tenant_id, issued_on, id)')
    expect(await advice(senior, deep)).toBe('')
    // an integer's comparisons are LEAKPROOF: nothing to say
    expect(
      await advice(senior, '/admin/api/resources/app.invoice_v/actions/list?filters.id=3'),
    ).toBe('')
  })
})

describe('what a page carries', () => {
  it('holds only the resources karen may use, in a state of a few kilobytes', async () => {
    const html = await (await karen.get('/admin/resources/app.invoice_v')).text()
    const json = /window\.REDUX_STATE = (\{.*?\});\n/s.exec(html)?.[1] ?? ''
    const state = JSON.parse(json) as { resources: { id: string }[] }
    const ids = state.resources.map((r) => r.id).sort()
    expect(ids).toContain('app.invoice_v')
    expect(ids).not.toContain('app.invoice_v_finance')
    expect(ids.every((id) => id.startsWith('app.'))).toBe(true)
    const seniorHtml = await (await senior.get('/admin/resources/app.invoice_v')).text()
    const seniorState = /window\.REDUX_STATE = (\{.*?\});\n/s.exec(seniorHtml)?.[1] ?? ''
    const seniorIds = (JSON.parse(seniorState) as { resources: { id: string }[] }).resources.map(
      (r) => r.id,
    )
    // measured on the demo: karen's state about 21 KB (469 KB with every resource, 55 KB before
    // the property lists were written as names); senior, with the plugins' resources, carries more
    console.log(`page state: karen ${json.length} bytes, senior ${seniorState.length} bytes`)
    expect(seniorIds.filter((id) => !id.startsWith('app.')).length).toBeGreaterThan(0)
    expect(json.length).toBeLessThan(seniorState.length)
    expect(json.length).toBeLessThan(40_000)
  })

  it('reads the session store once per request at most', async () => {
    const sessions = running.pools.sessions
    const query = sessions.query.bind(sessions) as (...args: unknown[]) => unknown
    const seen: string[] = []
    ;(sessions as unknown as { query: (...args: unknown[]) => unknown }).query = (
      ...args: unknown[]
    ) => {
      const text = typeof args[0] === 'string' ? args[0] : ''
      if (/"session"/.test(text)) seen.push(text)
      return query(...args)
    }
    try {
      for (const path of [
        '/admin/resources/app.invoice_v',
        '/admin/api/resources/app.invoice_v/actions/list',
        '/admin/api/resources/app.invoice_v/actions/list?page=2',
      ]) {
        seen.length = 0
        expect((await karen.get(path)).status).toBe(200)
        expect(seen.length, path).toBeLessThanOrEqual(1)
        expect(
          seen.every((t) => t.startsWith('SELECT')),
          path,
        ).toBe(true)
      }
    } finally {
      ;(sessions as unknown as { query: unknown }).query = query
    }
  })
})

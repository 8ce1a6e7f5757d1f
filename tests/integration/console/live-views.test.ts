import AdminJS from 'adminjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Pool } from '../../../core/db/pool.js'
import { LiveViews } from '../../../core/host/live-views.js'
import { catalogChangeToken } from '../../../core/introspect/change-probe.js'
import { loadViewResources } from '../../../resources/view-adapter/index.js'
import {
  closeConsole,
  openConsole,
  signIn,
  type ConsoleClient,
  type TestConsole,
} from '../../harness/console.js'

let running: TestConsole['running']
let admin: Pool
let karen: ConsoleClient

beforeAll(async () => {
  ;({ running, admin } = await openConsole())
  karen = await signIn(running.url, 'karen', 'karen-planetary')
}, 180_000)

afterAll(() => closeConsole({ running, admin }))

/** The resources and their sidebar labels in the state of the page AdminJS renders for karen. */
async function pageState(): Promise<{
  ids: string[]
  labels: Record<string, Record<string, string>>
}> {
  const res = await karen.get('/admin')
  expect(res.status).toBe(200)
  const json = /window\.REDUX_STATE = (\{.*?\});\n/s.exec(await res.text())?.[1] ?? '{}'
  const state = JSON.parse(json) as {
    resources: { id: string }[]
    // AdminJS unflattens the locale: the label of `app.memo_v` sits at labels.app.memo_v.
    locale: { translations: { en: { labels: Record<string, Record<string, string>> } } }
  }
  return { ids: state.resources.map((r) => r.id), labels: state.locale.translations.en.labels }
}

const MEMO_VIEW = `
  SET ROLE platform_ddl;
  CREATE TABLE app.memo_raw (id int PRIMARY KEY, body text NOT NULL);
  INSERT INTO app.memo_raw VALUES (1, 'first memo');
  CREATE VIEW app.memo_v AS SELECT id, body FROM app.memo_raw;
  GRANT SELECT ON app.memo_v TO karen;
  RESET ROLE;`

describe('views made or dropped while the console runs', () => {
  it('shows a view made in psql on a later page load, with its label and rows', async () => {
    const before = await pageState()
    expect(before.ids).toContain('app.invoice_v')
    expect(before.ids).not.toContain('app.memo_v')
    await admin.query(MEMO_VIEW)
    // Outside the console the catalog's statistics tell: flushed within seconds.
    await expect
      .poll(async () => (await pageState()).ids, { timeout: 20_000, interval: 500 })
      .toContain('app.memo_v')
    expect((await pageState()).labels.app?.memo_v).toBe('Memos')
    const list = await karen.get('/admin/api/resources/app.memo_v/actions/list')
    expect(list.status).toBe(200)
    const body = (await list.json()) as { records: { params: { body: string } }[] }
    expect(body.records.map((r) => r.params.body)).toEqual(['first memo'])
  }, 30_000)

  it('drops it from the sidebar once the view is gone', async () => {
    await admin.query(`DROP VIEW app.memo_v`)
    await expect
      .poll(async () => (await pageState()).ids, { timeout: 20_000, interval: 500 })
      .not.toContain('app.memo_v')
    expect((await pageState()).ids).toContain('app.invoice_v')
  }, 30_000)
})

describe('LiveViews', () => {
  const load = (counter: { n: number }) => async () => {
    counter.n++
    return loadViewResources({
      pool: admin,
      servedRoles: ['karen'],
      resolveActor: async () => ({ name: 'karen', role: 'karen', claims: {} }),
    })
  }

  it('reads the views again after an apply, and only when something changed', async () => {
    const counter = { n: 0 }
    const first = await load(counter)()
    const app = new AdminJS({ resources: first })
    const live = new LiveViews({
      admin: app,
      pool: admin,
      load: load(counter),
      fixed: [],
      labels: {},
      token: await catalogChangeToken(admin),
      minIntervalMs: 0,
    })
    await live.refreshIfChanged()
    expect(counter.n).toBe(1)
    // An apply of the executor marks the views stale: read again even before statistics tell.
    live.markStale()
    await live.refreshIfChanged()
    expect(counter.n).toBe(2)
    expect(app.resources.map((r) => r.id())).toEqual(first.map((r) => r.resource.id()))
    await live.refreshIfChanged()
    expect(counter.n).toBe(2)
    // Two pages at once share one refresh.
    live.markStale()
    await Promise.all([live.refreshIfChanged(), live.refreshIfChanged()])
    expect(counter.n).toBe(3)
  })

  it('keeps the views it has when reading them again fails, and reads again next time', async () => {
    const first = await load({ n: 0 })()
    const app = new AdminJS({ resources: first })
    const counter = { n: 0 }
    let fails = true
    const live = new LiveViews({
      admin: app,
      pool: admin,
      load: () => (fails ? Promise.reject(new Error('the catalog went away')) : load(counter)()),
      fixed: [],
      labels: {},
      token: await catalogChangeToken(admin),
      minIntervalMs: 0,
    })
    const errors: unknown[] = []
    const original = console.error
    console.error = (...args: unknown[]) => errors.push(args)
    try {
      live.markStale()
      await live.refreshIfChanged()
    } finally {
      console.error = original
    }
    expect(errors).toHaveLength(1)
    expect(app.resources.map((r) => r.id())).toEqual(first.map((r) => r.resource.id()))
    // Nothing new was applied, yet the read that failed is still owed: the next call makes it.
    fails = false
    await live.refreshIfChanged()
    expect(counter.n).toBe(1)
    await live.refreshIfChanged()
    expect(counter.n).toBe(1)
  })
})

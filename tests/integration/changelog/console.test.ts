import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Pool } from '../../../core/db/pool.js'
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
let bob: ConsoleClient

beforeAll(async () => {
  ;({ running, admin } = await openConsole(`
    INSERT INTO planetary.change_log (actor, summary, statements, outcome)
    VALUES ('someone', 'Set a password', '[{"kind": "alter_role", "summary": "Rotate", "sql": "ALTER ROLE x PASSWORD ''in-the-clear''"}]', 'committed');
  `))
  karen = await signIn(running.url, 'karen', 'karen-planetary')
  bob = await signIn(running.url, 'bob', 'bob-planetary')
}, 180_000)

afterAll(() => closeConsole({ running, admin }))

/** The page state AdminJS inlines into a page, as the browser would parse it. */
async function pageState(client: ConsoleClient): Promise<Record<string, unknown>> {
  const html = await (await client.get('/admin')).text()
  const json = /window\.REDUX_STATE = (.*);\n/.exec(html)?.[1]
  expect(json).toBeDefined()
  return JSON.parse(json as string) as Record<string, unknown>
}

type Sections = { id: string; links: { id: string }[]; editors: Record<string, string> }[]

describe('navigation and the change log through the console', () => {
  it('gives each user the sidebar sections of what they may use, and no more', async () => {
    const karenState = await pageState(karen)
    expect((karenState.branding as { planetaryNavigation: Sections }).planetaryNavigation).toEqual(
      [],
    )
    const bobState = await pageState(bob)
    const sections = (bobState.branding as { planetaryNavigation: Sections }).planetaryNavigation
    expect(sections.map((s) => s.id)).toEqual([
      'console',
      'schema-browser',
      'policies',
      'claims',
      'grants',
      'protected-tables',
      'roles',
    ])
    const roles = sections.find((s) => s.id === 'roles')
    expect(roles?.links.map((l) => l.id)).toEqual(['roles-list'])
    expect(roles?.editors).toEqual({ 'roles-editor': 'roles-list' })
    // The editor is still a page bob may open (from the list), so it stays in the page list.
    const pages = (bobState.pages as { name: string }[]).map((p) => p.name)
    expect(pages).toContain('roles-editor')
    expect(pages).toContain('change-log')
    expect((karenState.pages as { name: string }[]).map((p) => p.name)).not.toContain('change-log')
  })

  it('answers the dashboard with cards and changes for bob, her views and claims for karen', async () => {
    const mine = (await (await karen.get('/admin/api/dashboard')).json()) as {
      cards: unknown[]
      changes: unknown
      views: { id: string }[]
      claims: Record<string, unknown>
    }
    expect(mine).toMatchObject({ cards: [], changes: null, claims: { tenant_id: 1 } })
    expect(mine.views.map((v) => v.id)).toEqual(['app.invoice_v', 'app.invoice_v_redacted'])
    const his = (await (await bob.get('/admin/api/dashboard')).json()) as {
      cards: { id: string; figures: { label: string; value: number }[] | null }[]
      changes: { summary: string; statements?: unknown }[]
    }
    const roles = his.cards.find((c) => c.id === 'roles')
    const count = Number(
      (await admin.query(`SELECT count(*) AS n FROM pg_roles WHERE rolname NOT LIKE 'pg\\_%'`))
        .rows[0].n,
    )
    expect(roles?.figures?.find((f) => f.label === 'Roles')?.value).toBe(count)
    expect(his.changes[0]?.summary).toBe('Set a password')
    expect(JSON.stringify(his)).not.toContain('in-the-clear')
  })

  it('serves the change log to bob only, masked, and changes nothing on POST', async () => {
    expect((await karen.get('/admin/api/pages/change-log')).status).toBe(404)
    const res = await bob.get('/admin/api/pages/change-log?actor=someone')
    expect(res.status).toBe(200)
    const body = (await res.json()) as {
      ok: boolean
      entries: { statements: { sql: string }[] }[]
    }
    expect(body.ok).toBe(true)
    expect(body.entries.map((e) => e.statements[0]?.sql)).toEqual([
      `ALTER ROLE x PASSWORD '********'`,
    ])
    const before = await admin.query(`SELECT count(*) AS n FROM planetary.change_log`)
    const post = await bob.post('/admin/api/pages/change-log', { action: 'delete', id: '1' })
    expect(post.status).toBe(200)
    expect(await post.json()).toMatchObject({ ok: false, fields: { action: expect.any(String) } })
    const refused = await bob.get('/admin/api/pages/change-log?from=yesterday')
    expect(await refused.json()).toMatchObject({ ok: false, fields: { from: expect.any(String) } })
    const after = await admin.query(`SELECT count(*) AS n FROM planetary.change_log`)
    expect(after.rows).toEqual(before.rows)
  })
})

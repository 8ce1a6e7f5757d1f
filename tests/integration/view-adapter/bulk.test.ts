import AdminJS, {
  ViewHelpers,
  type ActionContext,
  type ActionRequest,
  type CurrentAdmin,
} from 'adminjs'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Actor } from '../../../core/db/session.js'
import { loadViewResources, type ViewResource } from '../../../resources/view-adapter/index.js'
import type { ResourceWithOptions } from 'adminjs'
import { useTestDatabase } from '../../harness/database.js'
import { setUpConsole, type ConsoleSetup } from '../protect/console.js'
import { HAND } from './write-path-fixture.js'

const db = useTestDatabase()
let setup: ConsoleSetup
let resources: ResourceWithOptions[]
let invoices: ViewResource

const karen: CurrentAdmin = { email: 'karen@example.com', role: 'karen' }
const ctx = { currentAdmin: karen } as unknown as ActionContext
const actorOf = (): Actor => ({ name: 'karen', role: 'karen', claims: { tenant_id: 1 } })

async function ids(): Promise<string[]> {
  const { rows } = await db().admin.query<{ id: string }>(
    `SELECT id::text FROM app.hand_raw WHERE customer LIKE 'Bulk%' ORDER BY id`,
  )
  return rows.map((r) => r.id)
}

/** Three invoices, the middle one paid. */
async function three(): Promise<string[]> {
  await db().admin.query(`DELETE FROM app.hand_raw WHERE customer LIKE 'Bulk%'`)
  await db().admin.query(`
    INSERT INTO app.hand_raw (tenant_id, customer, amount, status) VALUES
      (1, 'Bulk A', 1, 'draft'), (1, 'Bulk B', 2, 'paid'), (1, 'Bulk C', 3, 'draft')`)
  return ids()
}

beforeAll(async () => {
  setup = await setUpConsole(db())
  await db().admin.query(HAND)
  resources = await loadViewResources({
    pool: setup.pool,
    servedRoles: ['karen'],
    resolveActor: async () => actorOf(),
    excludeSchemas: ['planetary'],
    privilegeTtlMs: 600_000,
  })
  const r = resources.find((x) => x.options.id === 'app.hand_v')
  invoices = r?.resource as ViewResource
  // decorates the resources: records render as AdminJS sends them
  new AdminJS({ resources, rootPath: '/admin' })
}, 120_000)

let selected: string[]
beforeEach(async () => {
  selected = await three()
})

describe('bulk delete at the resource', () => {
  it('is all or nothing: one paid invoice keeps all three, and is named', async () => {
    const outcome = await invoices.bulkDelete(selected, ctx, 'all')
    expect(outcome.deleted).toEqual([])
    expect(outcome.refused).toEqual([
      { id: selected[1], label: `Hand ${selected[1]}`, reason: 'paid invoices are kept' },
    ])
    expect(outcome.message).toBe(`Hand ${selected[1]}: paid invoices are kept; nothing was deleted`)
    expect(await ids()).toEqual(selected)
  })

  it('deletes all of them when none refuses', async () => {
    const drafts = [selected[0], selected[2]] as string[]
    const outcome = await invoices.bulkDelete(drafts, ctx, 'all')
    expect(outcome.deleted.map((d) => d.id)).toEqual(drafts)
    expect(outcome.refused).toEqual([])
    expect(await ids()).toEqual([selected[1]])
  })

  it('skips what cannot be deleted, each row in its own savepoint, and says which', async () => {
    const outcome = await invoices.bulkDelete(selected, ctx, 'skip')
    expect(outcome.deleted.map((d) => d.id)).toEqual([selected[0], selected[2]])
    expect(outcome.refused).toEqual([
      { id: selected[1], label: `Hand ${selected[1]}`, reason: 'paid invoices are kept' },
    ])
    expect(await ids()).toEqual([selected[1]])
  })

  it('refuses, by name, a row another tenant owns (hidden by RLS) in all mode', async () => {
    const { rows } = await db().admin.query<{ id: string }>(
      `INSERT INTO app.hand_raw (tenant_id, customer, amount) VALUES (2, 'Bulk other', 1) RETURNING id::text`,
    )
    const other = rows[0]?.id as string
    const outcome = await invoices.bulkDelete([selected[0] as string, other], ctx, 'all')
    expect(outcome.refused[0]?.label).toBe(`Hand ${other}`)
    expect(outcome.refused[0]?.reason).toMatch(/^no such row/)
    expect(await ids()).toEqual([...selected, other])
  })
})

describe('the bulkDelete action', () => {
  const handler = () => {
    const r = resources.find((x) => x.options.id === 'app.hand_v')
    const h = (r?.options.actions as Record<string, { handler?: unknown }>).bulkDelete?.handler
    return h as (
      req: ActionRequest,
      res: unknown,
      c: ActionContext,
    ) => Promise<Record<string, unknown>>
  }
  const context = async (list: string[]) =>
    ({
      currentAdmin: karen,
      records: await invoices.findMany(list, ctx),
      h: new ViewHelpers({ options: { rootPath: '/admin' } }),
      resource: invoices,
    }) as unknown as ActionContext

  it('answers a refusal with the named row and the list to reload, deleting nothing', async () => {
    const res = await handler()(
      { method: 'post', params: {}, query: {} } as unknown as ActionRequest,
      {},
      await context(selected),
    )
    expect(res.notice).toEqual({
      message: `Hand ${selected[1]}: paid invoices are kept; nothing was deleted`,
      type: 'error',
    })
    expect(res.redirectUrl).toBe('/admin/resources/app.hand_v')
    expect(await ids()).toEqual(selected)
  })

  it('with mode=skip lists what was deleted and what was not', async () => {
    const res = await handler()(
      { method: 'post', params: {}, query: { mode: 'skip' } } as unknown as ActionRequest,
      {},
      await context(selected),
    )
    expect(res.notice).toEqual({
      message: `Deleted 2: Hand ${selected[0]}, Hand ${selected[2]}. Not deleted: Hand ${selected[1]} (paid invoices are kept).`,
      type: 'error',
    })
    expect(await ids()).toEqual([selected[1]])
  })

  it('refuses, by name, an id asked for that RLS hides, though the others were found', async () => {
    const { rows } = await db().admin.query<{ id: string }>(
      `INSERT INTO app.hand_raw (tenant_id, customer, amount) VALUES (2, 'Bulk hidden', 1) RETURNING id::text`,
    )
    const hidden = rows[0]?.id as string
    const asked = [selected[0] as string, hidden]
    const res = await handler()(
      {
        method: 'post',
        params: {},
        query: { recordIds: asked.join(',') },
      } as unknown as ActionRequest,
      {},
      await context(asked),
    )
    expect(res.notice).toEqual({
      message: `Hand ${hidden}: no such row: it was deleted meanwhile, or row-level security hides it from you; nothing was deleted`,
      type: 'error',
    })
    expect(await ids()).toEqual([...selected, hidden])
  })

  it('only lists the rows on GET (and HEAD): nothing is deleted', async () => {
    for (const method of ['get', 'head']) {
      const res = await handler()(
        { method, params: {}, query: {} } as unknown as ActionRequest,
        {},
        await context(selected),
      )
      expect(res.notice).toBeUndefined()
    }
    expect(await ids()).toEqual(selected)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Pool } from '../../../core/db/pool.js'
import { withSession } from '../../../core/db/session.js'
import type { ExecutionError } from '../../../core/errors.js'
import { sql } from '../../../core/sql/sql.js'
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

interface ListResponse {
  records: { id: string; params: Record<string, unknown>; recordActions: { name: string }[] }[]
  meta: { total: number }
}

const api = (resource: string, rest = '') =>
  `/admin/api/resources/${encodeURIComponent(resource)}${rest}`

async function list(client: ConsoleClient, resource: string, query = ''): Promise<ListResponse> {
  const res = await client.get(`${api(resource, '/actions/list')}${query}`)
  expect(res.status).toBe(200)
  return (await res.json()) as ListResponse
}

const invoiceCount = async () =>
  Number((await admin.query(`SELECT count(*) AS n FROM app.invoice_raw`)).rows[0].n)

beforeAll(async () => {
  ;({ running, admin } = await openConsole())
  karen = await signIn(running.url, 'karen', 'karen-planetary')
}, 180_000)

afterAll(() => closeConsole({ running, admin }))

describe("Karen's rows, through the console", () => {
  it('lists only her tenant’s invoices', async () => {
    const page = await list(karen, 'app.invoice_v', '?perPage=100')
    expect(page.records.length).toBeGreaterThan(0)
    expect(new Set(page.records.map((r) => Number(r.params.tenant_id)))).toEqual(new Set([1]))
    expect(page.meta.total).toBe(180)
  })

  it('cannot read the raw table, even through her own role', async () => {
    const err = await withSession(
      running.pool,
      { name: 'karen', role: 'karen', claims: { tenant_id: 1 } },
      (s) => s.query(sql`SELECT * FROM app.invoice_raw`),
    ).catch((e: unknown) => e)
    expect((err as ExecutionError).sqlstate).toBe('42501')
  })

  it('shows a validation function’s error on the named field and keeps her input', async () => {
    const before = await invoiceCount()
    const res = await karen.post(api('app.invoice_v', '/actions/new'), {
      customer: 'Ada Lovelace',
      email: 'ada@acme.test',
      amount: '-5',
      status: 'draft',
      issued_on: '2026-11-25',
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as {
      record: { errors: Record<string, { message: string }>; params: Record<string, unknown> }
    }
    expect(body.record.errors.amount?.message).toMatch(/amount must be greater than zero/)
    expect(body.record.params.customer).toBe('Ada Lovelace')
    expect(body.record.params.amount).toBe('-5')
    expect(await invoiceCount()).toBe(before)
  })

  it('creates, edits and deletes through the INSTEAD OF triggers', async () => {
    const created = await karen.post(api('app.invoice_v', '/actions/new'), {
      customer: 'Grace Hopper',
      email: 'grace@acme.test',
      amount: '1234.56',
      status: 'draft',
      issued_on: '2026-11-25',
    })
    const record = (
      (await created.json()) as {
        record: { id: string; params: Record<string, unknown>; errors: object }
      }
    ).record
    expect(record.errors).toEqual({})
    const row = (
      await admin.query(`SELECT tenant_id, amount FROM app.invoice_raw WHERE id = $1`, [
        record.params.id,
      ])
    ).rows[0]
    expect(row).toEqual({ tenant_id: 1, amount: '1234.56' })

    const edited = await karen.post(
      api('app.invoice_v', `/records/${encodeURIComponent(record.id)}/edit`),
      {
        ...record.params,
        amount: '99.99',
      },
    )
    expect(edited.status).toBe(200)
    expect(
      (await admin.query(`SELECT amount FROM app.invoice_raw WHERE id = $1`, [record.params.id]))
        .rows[0].amount,
    ).toBe('99.99')

    const deleted = await karen.post(
      api('app.invoice_v', `/records/${encodeURIComponent(record.id)}/delete`),
      {},
    )
    expect(deleted.status).toBe(200)
    expect(
      (await admin.query(`SELECT 1 FROM app.invoice_raw WHERE id = $1`, [record.params.id]))
        .rowCount,
    ).toBe(0)
  })

  it('offers no delete where her role lacks DELETE, and refuses a forged one', async () => {
    const page = await list(karen, 'app.invoice_v_redacted', '?perPage=5')
    const first = page.records[0]
    expect(first).toBeDefined()
    expect(first?.recordActions.map((a) => a.name)).not.toContain('delete')
    expect(first?.recordActions.map((a) => a.name)).not.toContain('edit')
    const before = await invoiceCount()
    const forged = await karen.post(
      api('app.invoice_v_redacted', `/records/${encodeURIComponent(first?.id ?? '')}/delete`),
      {},
    )
    // AdminJS answers a refused action with its error in the body, never a 500.
    expect(forged.status).toBe(200)
    const body = (await forged.json()) as {
      record: { baseError?: { type: string } }
      notice?: { type: string }
    }
    expect(body.record.baseError?.type).toBe('ForbiddenError')
    expect(body.notice?.type).not.toBe('success')
    expect(await invoiceCount()).toBe(before)
  })

  it('refuses a hostile sortBy and filter key cleanly', async () => {
    for (const query of [
      '?sortBy=amount%3Bdrop%20table%20x',
      '?sortBy=%22nope',
      '?filters.x%22%3B=1',
    ]) {
      const res = await karen.get(`${api('app.invoice_v', '/actions/list')}${query}`)
      expect(res.status).toBe(200)
      const body = (await res.json()) as {
        records: unknown[]
        notice: { type: string; message: string }
      }
      expect(body.notice.type).toBe('error')
      expect(body.notice.message).toMatch(/is not a column of app\.invoice_v/)
      expect(body.records).toEqual([])
    }
    expect(await invoiceCount()).toBeGreaterThan(0)
  })

  it('refuses a hostile record id with a 400 naming the key, before any SQL', async () => {
    const res = await karen.get(
      api('app.invoice_v', `/records/${encodeURIComponent("1'; drop table x --")}/show`),
    )
    expect(res.status).toBe(400)
    const body = (await res.json()) as { notice: { message: string; type: string } }
    expect(body.notice).toEqual({
      type: 'error',
      message: expect.stringMatching(/key id must be an integer/),
    })
  })

  it('changes nothing on a POST without the CSRF token, or on a GET', async () => {
    const before = await invoiceCount()
    const noToken = await karen.post(
      api('app.invoice_v', '/actions/new'),
      {
        customer: 'Mallory',
        email: 'm@evil.test',
        amount: '1',
        status: 'draft',
        issued_on: '2026-11-25',
      },
      { csrf: false },
    )
    expect(noToken.status).toBe(403)
    const page = await list(karen, 'app.invoice_v', '?perPage=1')
    const id = page.records[0]?.id ?? ''
    const viaGet = await karen.get(
      api('app.invoice_v', `/records/${encodeURIComponent(id)}/delete`),
    )
    expect(viaGet.status).toBe(200)
    expect(await invoiceCount()).toBe(before)
  })
})

describe('the page frame', () => {
  it('names its own icon on the login page and serves it', async () => {
    const origin = new URL(running.url).origin
    const login = await (await fetch(`${origin}/admin/login`)).text()
    expect(login).toContain('href="/admin/planetary/favicon.svg"')
    const icon = await fetch(`${origin}/admin/planetary/favicon.svg`)
    expect(icon.status).toBe(200)
    expect(icon.headers.get('content-type')).toMatch(/^image\/svg\+xml/)
    expect(await icon.text()).toMatch(/^<svg /)
  })
})

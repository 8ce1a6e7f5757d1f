import { readFileSync } from 'node:fs'
import AdminJS, { type CurrentAdmin, type ResourceWithOptions } from 'adminjs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Pool } from '../../../core/db/pool.js'
import { withSession, type Actor } from '../../../core/db/session.js'
import { sql } from '../../../core/sql/sql.js'
import { dashboardViews } from '../../../core/host/dashboard-views.js'
import { loadViewResources, type ViewResource } from '../../../resources/view-adapter/index.js'
import { useTestDatabase } from '../../harness/database.js'

/*
 * Karen's dashboard lists the views her role may read, each counted as she sees it (RLS by her
 * tenant claim), and names them as her pages do: verbose_name from the options, @verbose_name
 * tags from the view's COMMENT, or the view's name in words.
 */

const db = useTestDatabase()
const FIXTURE = new URL('../../fixtures/views.sql', import.meta.url)

const karen: CurrentAdmin = { email: 'karen@example.com', role: 'karen', tenant: 1 }
const karen2: CurrentAdmin = { email: 'karen2@example.com', role: 'karen', tenant: 2 }
const viewer: CurrentAdmin = { email: 'viewer@example.com', role: 'viewer', tenant: 1 }

function actorOf(ca: CurrentAdmin | undefined): Actor {
  if (!ca) throw new Error('not logged in')
  return { name: ca.email, role: String(ca.role), claims: { tenant_id: ca.tenant as number } }
}

let pool: Pool
let resources: ResourceWithOptions[]
let admin: AdminJS

/** What PostgreSQL counts in a view as this user, through their role and claims. */
async function countAs(who: CurrentAdmin, view: string): Promise<string> {
  const rows = await withSession(pool, actorOf(who), (s) =>
    s.query<{ n: string }>(sql`SELECT count(*)::text AS n FROM ${sql.id('app', view)}`),
  )
  return Number(rows[0]?.n).toLocaleString('en')
}

beforeAll(async () => {
  const { admin: su } = db()
  await su.query(readFileSync(FIXTURE, 'utf8'))
  await su.query(`
    COMMENT ON VIEW app.invoice_line_v IS 'Lines of an invoice.
@verbose_name invoice line
@verbose_name_plural lines of invoices'`)
  const login = await db().createLogin('authenticator', 'NOINHERIT')
  await su.query(`GRANT karen, viewer TO "${login.role}"`)
  pool = db().pool(login.url, 4)
  resources = await loadViewResources({
    pool,
    servedRoles: ['karen', 'viewer'],
    resolveActor: async (ca) => actorOf(ca),
    resourceOptions: {
      'app.invoice_totals': { verbose_name: 'total', verbose_name_plural: 'totals by invoice' },
    },
  })
  admin = new AdminJS({ resources, rootPath: '/admin' })
}, 120_000)

describe('the views on a dashboard', () => {
  it('lists what each user may read, counted through their role and tenant', async () => {
    const mine = await dashboardViews(admin.resources, karen)
    const ids = mine.map((v) => v.id).sort()
    expect(ids).toContain('app.invoice_v')
    expect(ids).toContain('app.status_mv')
    const invoices = mine.find((v) => v.id === 'app.invoice_v')
    expect(invoices?.count).toBe(await countAs(karen, 'invoice_v'))
    const other = (await dashboardViews(admin.resources, karen2)).find(
      (v) => v.id === 'app.invoice_v',
    )
    expect(other?.count).toBe(await countAs(karen2, 'invoice_v'))
    expect(other?.count).not.toBe(invoices?.count)

    // The viewer role holds SELECT on three views only: the others are not on its dashboard.
    const theirs = (await dashboardViews(admin.resources, viewer)).map((v) => v.id).sort()
    expect(theirs).toEqual(['app.invoice_line_v', 'app.invoice_totals', 'app.invoice_v'])
  })

  it('names and describes each view as its pages do', async () => {
    const mine = await dashboardViews(admin.resources, karen)
    const byId = new Map(mine.map((v) => [v.id, v]))
    expect(byId.get('app.invoice_v')?.title).toBe('Invoices')
    expect(byId.get('app.invoice_totals')?.title).toBe('Totals by invoice')
    expect(byId.get('app.invoice_line_v')).toMatchObject({
      title: 'Lines of invoices',
      description: 'Lines of an invoice.',
    })
    const lines = resources.find((r) => r.options.id === 'app.invoice_line_v')
    expect((lines?.resource as ViewResource).name()).toBe('Lines of invoices')
  })
})

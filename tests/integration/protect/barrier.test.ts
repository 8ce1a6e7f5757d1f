import { beforeAll, describe, expect, it } from 'vitest'
import type { ProtectInput } from '../../../core/builders/protect/input.js'
import { protectTablePlan } from '../../../core/builders/protect/protect-table.js'
import type { PoolClient } from '../../../core/db/pool.js'
import { sessionPrelude, type Actor } from '../../../core/db/session.js'
import { renderStatic } from '../../../core/sql/sql.js'
import { useTestDatabase } from '../../harness/database.js'
import {
  createInvoiceTable,
  describeTable,
  rlsState,
  setUpConsole,
  tableGrants,
  type ConsoleSetup,
} from './console.js'

// The views the wizard makes have no WHERE clause: tenant isolation is the raw table's RLS,
// which PostgreSQL applies as a security qual with or without security_barrier on the view.
// These tests hold the wizard to that: no barrier, no rows of another tenant, not even to a
// leaky function in a caller's filter, and the primary key index for sorted pages.

const db = useTestDatabase()
let setup: ConsoleSetup

const karen: Actor = { name: 'karen', role: 'karen', claims: { tenant_id: 1 } }
const bob: Actor = { name: 'bob', role: 'bob', claims: { tenant_id: 2 } }
const ROWS = 50_000

beforeAll(async () => {
  setup = await setUpConsole(db())
  await createInvoiceTable(db().admin, 'invoice_raw')
  // Half the rows per tenant, interleaved: an index walk for one tenant skips every other row.
  await db().admin.query(
    `INSERT INTO app.invoice_raw (tenant_id, customer, email, amount)
     SELECT 1 + g % 2, 'Customer ' || g, 'person' || g || '@tenant' || (1 + g % 2) || '.test', g % 1000 + 1
     FROM generate_series(1, $1::int) g`,
    [ROWS],
  )
  const described = await describeTable(db().admin, 'app', 'invoice_raw')
  const input: ProtectInput = {
    ...described,
    redactionSchema: 'planetary',
    appRoles: [setup.login, 'karen', 'bob'],
    previousGrants: await tableGrants(db().admin, 'app', 'invoice_raw'),
    previousRls: await rlsState(db().admin, 'app.invoice_raw'),
    policies: [
      {
        name: 'tenant_isolation',
        template: { id: 'tenant', params: { type: 'int', source: 'app' } },
      },
    ],
    views: [
      {
        name: 'invoice_v',
        columns: described.columns.map((c) => ({ mode: 'include' as const, name: c.name })),
        grants: [{ role: 'karen', privileges: ['SELECT'] }],
      },
      {
        name: 'invoice_v_redacted',
        columns: [
          { mode: 'include', name: 'id' },
          { mode: 'include', name: 'tenant_id' },
          { mode: 'redact', name: 'email', redaction: { fn: 'mask_email' } },
        ],
        grants: [{ role: 'bob', privileges: ['SELECT'] }],
      },
    ],
  }
  const result = await setup.ddl.apply(await protectTablePlan(input), { name: 'senior' })
  expect(result.outcome).toBe('committed')
  await db().admin.query(`ANALYZE app.invoice_raw`)
  // A leaky function as an attacker would write it: cheap, so the planner would like to run it
  // first, and not leakproof, so it must not see a row before the security quals pass it.
  await db().admin.query(`
    CREATE FUNCTION public.leak(id bigint, tenant int, email text) RETURNS boolean
    LANGUAGE plpgsql NOT LEAKPROOF COST 0.0001 AS $$
    BEGIN
      RAISE NOTICE 'leak id=% tenant=% email=%', id, tenant, email;
      RETURN true;
    END
    $$;
    GRANT EXECUTE ON FUNCTION public.leak(bigint, int, text) TO PUBLIC;
  `)
})

/** Runs `fn` on one connection in the actor's shoes, with every NOTICE the server sends. */
async function asActor<T>(
  actor: Actor,
  fn: (client: PoolClient, notices: string[]) => Promise<T>,
): Promise<T> {
  const client = await setup.pool.connect()
  const notices: string[] = []
  const onNotice = (n: { message?: string }) => notices.push(n.message ?? '')
  client.on('notice', onNotice)
  try {
    await client.query(renderStatic(sessionPrelude(actor)))
    return await fn(client, notices)
  } finally {
    await client.query('ROLLBACK').catch(() => undefined)
    client.off('notice', onNotice)
    client.release()
  }
}

interface PlanNode {
  'Node Type': string
  'Index Name'?: string
  'Relation Name'?: string
  Plans?: PlanNode[]
}

function nodes(p: PlanNode): PlanNode[] {
  return [p, ...(p.Plans ?? []).flatMap(nodes)]
}

async function explain(client: PoolClient, query: string): Promise<PlanNode[]> {
  const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
    `EXPLAIN (FORMAT JSON) ${query}`,
  )
  return nodes((rows[0]?.['QUERY PLAN'] as [{ Plan: PlanNode }])[0].Plan)
}

describe('views the protect wizard makes', () => {
  it('have no security_barrier and no WHERE clause of their own', async () => {
    const { rows } = await db().admin.query<{
      relname: string
      reloptions: string[] | null
      def: string
    }>(
      `SELECT relname, reloptions, pg_get_viewdef(oid) AS def FROM pg_class
       WHERE relnamespace = 'app'::regnamespace AND relkind = 'v' ORDER BY relname`,
    )
    expect(rows.map((r) => [r.relname, r.reloptions])).toEqual([
      ['invoice_v', null],
      ['invoice_v_redacted', null],
    ])
    for (const r of rows) expect(r.def).not.toMatch(/\bWHERE\b/i)
  })

  it("still hide every other tenant's row through RLS", async () => {
    const seen = await asActor(karen, async (c) => {
      const { rows } = await c.query<{ tenant_id: number; n: string }>(
        `SELECT tenant_id, count(*) AS n FROM app.invoice_v GROUP BY tenant_id`,
      )
      return rows.map((r) => ({ tenant_id: r.tenant_id, n: Number(r.n) }))
    })
    expect(seen).toEqual([{ tenant_id: 1, n: ROWS / 2 }])
    const other = await asActor(karen, async (c) => {
      const { rows } = await c.query(`SELECT id FROM app.invoice_v WHERE tenant_id = 2`)
      return rows
    })
    expect(other).toEqual([])
    const shown = await asActor(karen, async (c) => {
      // An id of tenant 2's, asked for by key: the show page's query.
      const { rows } = await c.query(`SELECT id FROM app.invoice_v WHERE id = 1`)
      return rows
    })
    expect(shown).toEqual([])
  })

  it('let a leaky function in a filter see only rows of the caller’s tenant', async () => {
    const { rows, notices } = await asActor(karen, async (c, notices) => {
      const { rows } = await c.query<{ id: string }>(
        `SELECT id FROM app.invoice_v WHERE public.leak(id, tenant_id, email) AND id <= 2000 ORDER BY id`,
      )
      return { rows, notices: [...notices] }
    })
    expect(rows).toHaveLength(1000)
    // The function ran (the test would prove nothing otherwise), and never on tenant 2's rows.
    expect(notices.length).toBeGreaterThanOrEqual(1000)
    expect(notices.every((n) => / tenant=1 /.test(n))).toBe(true)
    expect(notices.some((n) => /tenant2\.test/.test(n))).toBe(false)
  })

  it('let a leaky function on a redacted view see the masked value of the caller’s rows only', async () => {
    const notices = await asActor(bob, async (c, notices) => {
      await c.query(
        `SELECT id FROM app.invoice_v_redacted WHERE public.leak(id, tenant_id, email) AND id <= 200`,
      )
      return [...notices]
    })
    expect(notices.length).toBeGreaterThanOrEqual(100)
    expect(notices.every((n) => / tenant=2 /.test(n))).toBe(true)
    // mask_email keeps the first letter and the domain: the raw address never reaches it.
    expect(notices.every((n) => / email=p\*\*\*@tenant2\.test$/.test(n))).toBe(true)
  })

  it('serve a sorted page from the primary key index, not a sort of the whole table', async () => {
    const plan = await asActor(karen, (c) =>
      explain(c, `SELECT * FROM app.invoice_v ORDER BY id LIMIT 20`),
    )
    const types = plan.map((n) => n['Node Type'])
    expect(types).not.toContain('Sort')
    expect(types).not.toContain('Seq Scan')
    expect(
      plan.some((n) => n['Node Type'] === 'Index Scan' && n['Index Name'] === 'invoice_raw_pkey'),
    ).toBe(true)
    const page = await asActor(karen, async (c) => {
      const { rows } = await c.query<{ id: string; tenant_id: number }>(
        `SELECT id, tenant_id FROM app.invoice_v ORDER BY id DESC LIMIT 20`,
      )
      return rows
    })
    expect(page).toHaveLength(20)
    expect(page.every((r) => r.tenant_id === 1)).toBe(true)
    expect(Number(page[0]?.id)).toBe(ROWS)
  })
})

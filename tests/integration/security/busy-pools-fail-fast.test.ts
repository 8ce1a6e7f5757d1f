import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPool, type Pool } from '../../../core/db/pool.js'
import { withSession, type Actor } from '../../../core/db/session.js'
import { ConsoleBusyError, ExecutionError } from '../../../core/errors.js'
import { sql } from '../../../core/sql/sql.js'
import {
  closeConsole,
  openConsole,
  signIn,
  startTestConsole,
  type TestConsole,
} from '../../harness/console.js'
import { useTestDatabase } from '../../harness/database.js'

/*
 * SECURITY.md rule 6, bounded work: a pool with no free connection answers with a typed busy
 * error within its acquire timeout instead of queueing forever; Karen's requests have a statement
 * timeout; long manager work runs on its own pool and cannot starve Karen's requests or the
 * session store.
 */

const db = useTestDatabase()
const karen: Actor = { name: 'karen', role: 'karen', claims: {} }

/** Resolves to what `p` settles with, or rejects after `ms` (so a hang fails instead of timing out). */
function within<T>(ms: number, p: Promise<T>): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms),
    ),
  ])
}

let url: string

beforeAll(async () => {
  const login = await db().createLogin('authenticator', 'NOINHERIT')
  await db().admin.query(`CREATE ROLE karen NOLOGIN; GRANT karen TO ${login.role}`)
  url = login.url
})

describe('an exhausted pool', () => {
  it('refuses a checkout with ConsoleBusyError within its acquire timeout', async () => {
    const pool = createPool(url, { max: 1, acquireTimeoutMs: 300, purpose: 'requests' })
    const held = await pool.connect()
    try {
      const started = Date.now()
      const err = await within(3_000, pool.connect()).then(
        (c) => (c.release(), undefined),
        (e: unknown) => e,
      )
      expect(err).toBeInstanceOf(ConsoleBusyError)
      expect((err as Error).message).toMatch(/busy.*no database connection free within 0\.3 s/)
      expect(Date.now() - started).toBeLessThan(2_000)
      // One-shot queries and Karen's sessions get the same answer.
      await expect(within(3_000, pool.query('SELECT 1'))).rejects.toBeInstanceOf(ConsoleBusyError)
      await expect(
        within(
          3_000,
          withSession(pool, karen, (s) => s.query(sql`SELECT 1`)),
        ),
      ).rejects.toBeInstanceOf(ConsoleBusyError)
    } finally {
      held.release()
      await pool.end()
    }
  })
})

describe("Karen's requests", () => {
  it('are cancelled by the statement timeout of their pool', async () => {
    const pool: Pool = createPool(url, { max: 2, statementTimeoutMs: 300 })
    try {
      const err = await within(
        5_000,
        withSession(pool, karen, (s) => s.query(sql`SELECT pg_catalog.pg_sleep(3)`)),
      ).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(ExecutionError)
      expect((err as ExecutionError).sqlstate).toBe('57014')
      // A request that turned the timeout off for its session does not keep it off.
      await withSession(pool, karen, (s) =>
        s.query(sql`SELECT set_config('statement_timeout', '0', false)`),
      )
      const after = await withSession(pool, karen, (s) =>
        s.query<{ t: string }>(sql`SELECT current_setting('statement_timeout') AS t`),
      )
      expect(after[0]?.t).toBe('300ms')
    } finally {
      await pool.end()
    }
  })
})

describe('the running console', () => {
  let c: TestConsole | undefined
  beforeAll(async () => {
    c = await openConsole()
  }, 120_000)
  afterAll(async () => {
    if (c) {
      // Cancel what the test left sleeping, so the console stops at once.
      await c.admin
        .query(
          `SELECT pg_cancel_backend(pid) FROM pg_stat_activity
           WHERE query LIKE '%pg_sleep(20)%' AND pid <> pg_backend_pid()`,
        )
        .catch(() => undefined)
      await closeConsole(c)
    }
  }, 60_000)

  it("answers Karen's list quickly while long manager work fills the manager pool", async () => {
    const running = (c as TestConsole).running as TestConsole['running'] & {
      pools?: { manager: Pool }
    }
    // Before the pools were split, manager work shared the one console pool.
    const manager = running.pools?.manager ?? running.pool
    const karenClient = await signIn(running.url, 'karen', 'karen-planetary')
    const max = manager.options.max ?? 10
    const sleepers = Array.from({ length: max + 2 }, () =>
      manager.query('SELECT pg_catalog.pg_sleep(20)').catch(() => undefined),
    )
    await new Promise((r) => setTimeout(r, 300))
    const started = Date.now()
    const res = await within(
      15_000,
      karenClient.get('/admin/api/resources/app.invoice_v/actions/list'),
    )
    const elapsed = Date.now() - started
    expect(res.status).toBe(200)
    const body = (await res.json()) as { records: unknown[] }
    expect(body.records.length).toBeGreaterThan(0)
    expect(elapsed).toBeLessThan(5_000)
    void sleepers
  })
})

describe("a console whose pool for Karen's requests is full", () => {
  let running: Awaited<ReturnType<typeof startTestConsole>> | undefined
  beforeAll(async () => {
    running = await startTestConsole({ requestPoolSize: 2, poolAcquireTimeoutMs: 500 })
  }, 120_000)
  afterAll(async () => {
    await running?.stop()
  }, 60_000)

  it('answers her list with the busy error within the acquire timeout, and still signs people in', async () => {
    const r = running as NonNullable<typeof running> & { pools: { requests: Pool } }
    const held = await Promise.all([r.pools.requests.connect(), r.pools.requests.connect()])
    try {
      // The session store has its own pool: signing in works while Karen's pool is full.
      const karenClient = await within(5_000, signIn(r.url, 'karen', 'karen-planetary'))
      const started = Date.now()
      const res = await within(
        5_000,
        karenClient.get('/admin/api/resources/app.invoice_v/actions/list'),
      )
      expect(Date.now() - started).toBeLessThan(3_000)
      expect(res.status).toBeGreaterThanOrEqual(400)
      expect(res.status).not.toBe(500)
      const body = (await res.json()) as { notice?: { message?: string } }
      expect(body.notice?.message).toMatch(/the console is busy/)
    } finally {
      for (const c of held) c.release()
    }
    // Once a connection is free again, the list answers.
    const again = await signIn(r.url, 'karen', 'karen-planetary')
    const res = await again.get('/admin/api/resources/app.invoice_v/actions/list')
    expect(res.status).toBe(200)
  })
})

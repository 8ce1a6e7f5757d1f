import { describe, expect, it } from 'vitest'
import { cancellable, detached } from '../../../core/db/cancel.js'
import type { Pool } from '../../../core/db/pool.js'
import { CancelledError } from '../../../core/errors.js'
import { runningStatements } from '../../harness/activity.js'
import { useTestDatabase } from '../../harness/database.js'

// Abandoned work cancels its statements in PostgreSQL, and a connection that had a cancel sent
// is closed, never lent to the next user while the cancel may still be on its way.

const db = useTestDatabase()

/** Backends running a statement that contains `marker`. */
const running = (marker: string) => runningStatements(db().admin, marker)

async function alive(pid: number): Promise<boolean> {
  const { rows } = await db().admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])
  return rows.length === 1
}

const pidOf = async (pool: Pool) =>
  (await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid as number

describe('cancellable work', () => {
  it('cancels the running statement when its signal fires, and closes the connection', async () => {
    const pool = db().pool(db().adminUrl, 2)
    const abandon = new AbortController()
    const client = await cancellable(abandon.signal, () => pool.connect())
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]
      ?.pid as number
    const sleeping = client.query("SELECT pg_sleep(30), 'cancel-me-1'").catch((e: unknown) => e)
    await expect.poll(() => running('cancel-me-1'), { interval: 50 }).toBe(1)
    const started = Date.now()
    abandon.abort(new Error('the client went away'))
    const err = (await sleeping) as { code?: string }
    expect(err.code).toBe('57014')
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(await running('cancel-me-1')).toBe(0)
    // no new statement starts for abandoned work: refused before it reaches PostgreSQL
    await expect(client.query("SELECT 'never-ran'")).rejects.toThrow(CancelledError)
    await expect(client.query("SELECT 'never-ran'")).rejects.toThrow(/the client went away/)
    client.release()
    await expect.poll(() => alive(pid), { interval: 50 }).toBe(false)
    expect(pool.totalCount).toBe(0)
    // and the pool lends no connection to work already abandoned
    await expect(cancellable(abandon.signal, () => pool.connect())).rejects.toThrow(CancelledError)
    expect(pool.totalCount).toBe(0)
  })

  it('gives back a connection released before the signal fired, and never cancels its next user', async () => {
    const pool = db().pool(db().adminUrl, 1)
    const abandon = new AbortController()
    const first = await cancellable(abandon.signal, () => pool.query('SELECT 1'))
    expect(first.rowCount).toBe(1)
    abandon.abort(new Error('too late'))
    const pid = await pidOf(pool)
    // the same connection, reused by other work, which runs to its end
    const { rows } = await pool.query<{ pid: number; done: string }>(
      "SELECT pg_backend_pid() AS pid, pg_sleep(0.3)::text || 'done' AS done",
    )
    expect(rows[0]).toEqual({ pid, done: 'done' })
  })

  it('cancels inner work when the enclosing work is abandoned, but not detached work', async () => {
    const pool = db().pool(db().adminUrl, 2)
    const outer = new AbortController()
    const inner = new AbortController()
    const results = cancellable(outer.signal, () =>
      cancellable(inner.signal, () =>
        Promise.all([
          pool.query("SELECT pg_sleep(30), 'cancel-me-2'").catch((e: unknown) => e),
          detached(() => pool.query("SELECT pg_sleep(1)::text || 'shared' AS shared")),
        ]),
      ),
    )
    await expect.poll(() => running('cancel-me-2'), { interval: 50 }).toBe(1)
    outer.abort(new Error('the dashboard went away'))
    const [cancelled, shared] = await results
    expect((cancelled as { code?: string }).code).toBe('57014')
    expect(shared.rows[0]?.shared).toBe('shared')
    expect(inner.signal.aborted).toBe(false)
  })
})

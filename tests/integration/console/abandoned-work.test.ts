import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPool, type Pool } from '../../../core/db/pool.js'
import { runningStatements } from '../../harness/activity.js'
import { signIn, startTestConsole, type ConsoleClient } from '../../harness/console.js'

// Over real HTTP, with a plugin whose reads take a minute: a dashboard card past its time and a
// page whose browser went away leave nothing running in PostgreSQL; a change (POST) runs on.

const slowWork = fileURLToPath(new URL('../../fixtures/plugins/slow-work.ts', import.meta.url))
let running: Awaited<ReturnType<typeof startTestConsole>>
let admin: Pool
let bob: ConsoleClient

/** The statements now running whose text names `marker`. */
const runningNow = (marker: string) => runningStatements(admin, marker)

beforeAll(async () => {
  running = await startTestConsole({ plugins: ['slow-work'], pluginModules: [slowWork] })
  admin = createPool(running.embedded?.url() as string, { max: 2 })
  bob = await signIn(running.url, 'bob', 'bob-planetary')
}, 180_000)

afterAll(async () => {
  await admin?.end()
  await running?.stop()
})

describe('abandoned work', () => {
  it("ends a dashboard card's query in PostgreSQL when the card's time is up", async () => {
    const started = Date.now()
    const res = await bob.get('/admin/api/dashboard')
    const elapsed = Date.now() - started
    expect(res.status).toBe(200)
    const body = (await res.json()) as { cards: { id: string; failed: boolean }[] }
    expect(body.cards.find((c) => c.id === 'slow-work')).toMatchObject({ failed: true })
    expect(elapsed).toBeLessThan(10_000)
    // cancelled, not left sleeping for the rest of its minute
    await expect.poll(() => runningNow('slow-work-card'), { timeout: 3_000 }).toBe(0)
  })

  it('cancels the cards of a dashboard whose client goes away, and does not log them', async () => {
    const logged: string[] = []
    const original = console.error
    console.error = (...args: unknown[]) => logged.push(args.map(String).join(' '))
    try {
      const abort = new AbortController()
      const request = fetch(`${new URL(running.url).origin}/admin/api/dashboard`, {
        headers: { cookie: bob.cookie },
        signal: abort.signal,
      }).catch((err: unknown) => err)
      await expect
        .poll(() => runningNow('slow-work-card'), { timeout: 3_000, interval: 50 })
        .toBe(1)
      const started = Date.now()
      abort.abort()
      await request
      await expect
        .poll(() => runningNow('slow-work-card'), { timeout: 3_000, interval: 50 })
        .toBe(0)
      expect(Date.now() - started).toBeLessThan(2_000) // long before the card's 4 s
      await new Promise((r) => setTimeout(r, 300))
    } finally {
      console.error = original
    }
    expect(logged.filter((l) => l.includes('Dashboard card'))).toEqual([])
  })

  it("cancels a page's read when its client goes away", async () => {
    const abort = new AbortController()
    const request = fetch(`${new URL(running.url).origin}/admin/api/pages/slow-work-wait`, {
      headers: { cookie: bob.cookie },
      signal: abort.signal,
    }).catch((err: unknown) => err)
    await expect.poll(() => runningNow('slow-work-page'), { timeout: 5_000, interval: 100 }).toBe(1)
    abort.abort()
    await request
    await expect.poll(() => runningNow('slow-work-page'), { timeout: 3_000, interval: 50 }).toBe(0)
  })

  it('lets a change run to its end when its client goes away', async () => {
    const abort = new AbortController()
    const request = fetch(`${new URL(running.url).origin}/admin/api/pages/slow-work-wait`, {
      method: 'POST',
      headers: {
        cookie: bob.cookie,
        'content-type': 'application/json',
        'x-csrf-token': bob.csrf,
      },
      body: JSON.stringify({}),
      signal: abort.signal,
    }).catch((err: unknown) => err)
    await expect.poll(() => runningNow('slow-work-post'), { timeout: 5_000, interval: 50 }).toBe(1)
    abort.abort()
    await request
    await new Promise((r) => setTimeout(r, 300))
    expect(await runningNow('slow-work-post')).toBe(1)
    // and the console still answers the page afterwards
    const res = await bob.post('/admin/api/pages/slow-work-wait', {})
    expect(await res.json()).toEqual({ done: 'kept' })
  })
})

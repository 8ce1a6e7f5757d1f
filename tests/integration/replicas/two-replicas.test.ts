import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPool, type Pool } from '../../../core/db/pool.js'
import { Executor } from '../../../core/executor/executor.js'
import { plan, statement } from '../../../core/executor/statement.js'
import { sql } from '../../../core/sql/sql.js'
import { UserStore } from '../../../core/users/users.js'
import type { RunningConsole } from '../../../core/cli/commands/start.js'
import { signIn, startTestConsole, type ConsoleClient } from '../../harness/console.js'
import { startReplica } from '../../harness/replica.js'

// Two console processes on one database, as behind a round-robin address: every check sends
// its requests to A and B in turn and expects them to behave as one console.
let a: Awaited<ReturnType<typeof startTestConsole>>
let b: RunningConsole
let admin: Pool

beforeAll(async () => {
  a = await startTestConsole()
  admin = createPool(a.embedded?.url() as string, { max: 2 })
  // As on a database set up before the table: the replica makes it when it starts.
  await admin.query('DROP TABLE planetary.rate_limit')
  b = await startReplica(a)
}, 180_000)

afterAll(async () => {
  await admin?.end()
  await b?.stop()
  await a?.stop()
})

/** The same client's requests sent to another replica: same cookie and token, other port. */
function on(replica: { url: string }, client: ConsoleClient): ConsoleClient {
  const origin = new URL(replica.url).origin
  return {
    csrf: client.csrf,
    cookie: client.cookie,
    get: (path) =>
      fetch(`${origin}${path}`, { headers: { cookie: client.cookie }, redirect: 'manual' }),
    post: (path, body, options = {}) =>
      fetch(`${origin}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          cookie: client.cookie,
          'content-type': 'application/json',
          ...(options.csrf === false ? {} : { 'x-csrf-token': client.csrf }),
        },
        body: JSON.stringify(body),
      }),
  }
}

/** The resource ids in the state of the page AdminJS renders. */
async function pageResources(client: ConsoleClient): Promise<string[]> {
  const res = await client.get('/admin')
  expect(res.status).toBe(200)
  const json = /window\.REDUX_STATE = (\{.*?\});\n/s.exec(await res.text())?.[1] ?? '{}'
  return (JSON.parse(json) as { resources: { id: string }[] }).resources.map((r) => r.id)
}

const failedSignIn = (replica: { url: string }) =>
  fetch(`${new URL(replica.url).origin}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: 'karen', password: 'not her password' }),
  })

describe('two console replicas on one database', () => {
  it('made the rate limit table at start, for the console login, in the change log', async () => {
    const { rows } = await admin.query<{ owner: string; logged: boolean }>(
      `SELECT pg_get_userbyid(relowner) AS owner,
         EXISTS (SELECT FROM planetary.change_log WHERE summary LIKE '%rate_limit%') AS logged
       FROM pg_class WHERE oid = 'planetary.rate_limit'::regclass`,
    )
    expect(rows[0]).toEqual({ owner: 'planetary_authenticator', logged: true })
  })

  it('takes a session made on A on B, and back', async () => {
    const onA = await signIn(a.url, 'karen', 'karen-planetary')
    const onB = on(b, onA)
    expect((await onB.get('/admin/api/resources/app.invoice_v/actions/list')).status).toBe(200)
    expect((await onA.get('/admin/api/resources/app.invoice_v/actions/list')).status).toBe(200)
    expect((await onB.get('/admin')).status).toBe(200)
  })

  it("accepts A's CSRF token on B and refuses a POST on B without one", async () => {
    const onA = await signIn(a.url, 'karen', 'karen-planetary')
    const onB = on(b, onA)
    const token = (await (await onB.get('/admin/planetary/csrf')).json()) as { token: string }
    expect(token.token).toBe(onA.csrf)
    const search = '/admin/api/resources/app.invoice_v/search/'
    expect((await onB.post(search, {})).status).not.toBe(403)
    expect((await onA.post(search, {})).status).not.toBe(403)
    expect((await onB.post(search, {}, { csrf: false })).status).toBe(403)
    expect((await onA.post(search, {}, { csrf: false })).status).toBe(403)
  })

  it('ends on B the access of a user removed on A within seconds', async () => {
    const users = new UserStore(admin, 'planetary')
    await users.add({
      name: 'karen_two',
      password: 'karen-two-planetary',
      role: 'karen',
      claims: { tenant_id: 1 },
      personas: ['data'],
    })
    const onA = await signIn(a.url, 'karen_two', 'karen-two-planetary')
    const onB = on(b, onA)
    expect((await onB.get('/admin/api/resources/app.invoice_v/actions/list')).status).toBe(200)
    await users.remove('karen_two')
    await expect
      .poll(async () => (await onB.get('/admin/api/resources/app.invoice_v/actions/list')).status, {
        timeout: 5_000,
        interval: 250,
      })
      .toBe(401)
    expect((await onA.get('/admin/api/resources/app.invoice_v/actions/list')).status).toBe(401)
  })

  it("shows on B's next page load a view a plan applied on A made", async () => {
    const karenA = await signIn(a.url, 'karen', 'karen-planetary')
    const karenB = on(b, karenA)
    expect(await pageResources(karenB)).not.toContain('app.replica_memo_v')
    expect(await pageResources(karenA)).not.toContain('app.replica_memo_v')
    // Through an executor on A's manager pool, as A's plugin pages apply plans.
    const executor = new Executor({
      pool: a.pools.manager,
      ddlRole: 'platform_ddl',
      consoleSchema: 'planetary',
      lockTimeoutMs: 5_000,
      statementTimeoutMs: 30_000,
    })
    await executor.apply(
      plan(
        statement({
          kind: 'create_table',
          sql: sql`CREATE TABLE app.replica_memo (id int PRIMARY KEY, body text NOT NULL)`,
          summary: 'Create app.replica_memo',
        }),
        statement({
          kind: 'create_view',
          sql: sql`CREATE VIEW app.replica_memo_v AS SELECT id, body FROM app.replica_memo`,
          summary: 'Create app.replica_memo_v',
        }),
        statement({
          kind: 'grant',
          sql: sql`GRANT SELECT ON app.replica_memo_v TO karen`,
          summary: 'Let karen read app.replica_memo_v',
        }),
      ),
      { name: 'bob' },
    )
    // The next load, not after the catalog statistics reach B some seconds later.
    expect(await pageResources(karenB)).toContain('app.replica_memo_v')
    expect(await pageResources(karenA)).toContain('app.replica_memo_v')
  })

  it('ends on A a session signed out on B', async () => {
    const onA = await signIn(a.url, 'karen', 'karen-planetary')
    const onB = on(b, onA)
    const out = await onB.post('/admin/logout', {})
    expect(out.status).toBe(302)
    expect((await onA.get('/admin/api/resources/app.invoice_v/actions/list')).status).toBe(401)
    expect((await onB.get('/admin/api/resources/app.invoice_v/actions/list')).status).toBe(401)
  })

  // Last: it locks sign-in from this address for a minute.
  it('counts failed sign-ins on A and B together: the 11th is refused on either', async () => {
    for (let i = 0; i < 10; i++) {
      expect((await failedSignIn(i % 2 === 0 ? a : b)).status).toBe(401)
    }
    expect((await failedSignIn(a)).status).toBe(429)
    expect((await failedSignIn(b)).status).toBe(429)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Pool } from '../../../core/db/pool.js'
import { UserStore } from '../../../core/users/users.js'
import { resourceIdOf } from '../../../resources/view-adapter/resource-id.js'
import {
  closeConsole,
  signIn,
  startTestConsole,
  type ConsoleClient,
} from '../../harness/console.js'

/**
 * What a forging client tries at the HTTP edge — anonymous, karen and bob, with curl-like
 * requests: script breakouts through names, HEAD and other methods, other origins, old or
 * fixed sessions, removed users, huge and malformed bodies, unknown and forbidden ids.
 */

const PAYLOAD = '</script><script>window.__pwned=1</script>'
const HOSTILE_VIEW = `inv${PAYLOAD}`
const HOSTILE_COLUMN = '</script><img src=x onerror=alert(1)>'
const SECRET_VIEW = 'secret_ledger_v'

const SETUP = `
CREATE VIEW app."${HOSTILE_VIEW}" AS
  SELECT id, customer AS "${HOSTILE_COLUMN}", tenant_id FROM app.invoice_raw;
COMMENT ON VIEW app."${HOSTILE_VIEW}" IS 'a comment with ${PAYLOAD} and \u2028 in it';
GRANT SELECT ON app."${HOSTILE_VIEW}" TO karen;
CREATE VIEW app.${SECRET_VIEW} AS SELECT id FROM app.invoice_raw;
`

let running: Awaited<ReturnType<typeof startTestConsole>>
let admin: Pool
let origin: string

interface Reply {
  status: number
  headers: Headers
  text: string
  cookie: string
}

/** A request with an explicit cookie, never following redirects. */
async function send(path: string, init: RequestInit & { cookie?: string } = {}): Promise<Reply> {
  const { cookie, headers, ...rest } = init
  const res = await fetch(`${origin}${path}`, {
    redirect: 'manual',
    ...rest,
    headers: { ...(cookie ? { cookie } : {}), ...((headers as Record<string, string>) ?? {}) },
  })
  return {
    status: res.status,
    headers: res.headers,
    text: await res.text(),
    cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
  }
}

async function login(name: string, password: string, cookie = '', headers = {}): Promise<Reply> {
  return send('/admin/login', {
    method: 'POST',
    cookie,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ email: name, password }).toString(),
  })
}

async function tokenFor(cookie: string): Promise<string> {
  return (JSON.parse((await send('/admin/planetary/csrf', { cookie })).text) as { token: string })
    .token
}

/** The page state a page inlines, parsed back. */
function pageState(html: string): Record<string, unknown> {
  const line = /window\.REDUX_STATE = ([^\n]*);\n/.exec(html)?.[1]
  expect(line).toBeDefined()
  return JSON.parse(line as string) as Record<string, unknown>
}

const invoiceExists = async (id: number) =>
  (await admin.query('SELECT 1 FROM app.invoice_raw WHERE id = $1', [id])).rowCount === 1

async function karenInvoiceId(karen: ConsoleClient): Promise<number> {
  const res = await karen.get('/admin/api/resources/app.invoice_v/actions/list?perPage=1')
  const body = (await res.json()) as { records: { id: string }[] }
  return Number(body.records[0]?.id)
}

beforeAll(async () => {
  running = await startTestConsole({ trustProxy: true, sessionMaxAgeMinutes: 60 })
  origin = new URL(running.url).origin
  const { createPool } = await import('../../../core/db/pool.js')
  admin = createPool(running.embedded?.url() as string, { max: 2 })
  await admin.query(SETUP)
}, 180_000)

afterAll(() => closeConsole({ running, admin }))

describe('names from the database stay text in the page', () => {
  it('keeps the anonymous login page free of every view and page name', async () => {
    const page = await send('/admin/login')
    expect(page.status).toBe(200)
    expect(page.text).toContain('window.REDUX_STATE')
    const state = pageState(page.text)
    const text = JSON.stringify(state)
    for (const name of ['invoice_v', 'Policies', 'Row level security', 'schema-browser']) {
      expect(text).not.toContain(name)
    }
  })

  it('escapes a </script> in a view and column name and carries the nonce on every script', async () => {
    const karen = await signIn(running.url, 'karen', 'karen-planetary')
    // A view made in psql shows on a page load within the catalog statistics' flush delay.
    let html = ''
    for (let i = 0; i < 40; i += 1) {
      html = await (await karen.get('/admin')).text()
      if (html.includes('inv\\u003c/script\\u003e')) break
      await new Promise((r) => setTimeout(r, 500))
    }
    expect(html).toContain('inv\\u003c/script\\u003e\\u003cscript\\u003ewindow.__pwned=1')
    expect(html).not.toContain(PAYLOAD)
    expect(html).not.toContain('<img src=x')
    const state = pageState(html) as { resources: { id: string; properties: object }[] }
    const hostile = state.resources.find(
      (r) => r.id === resourceIdOf({ schema: 'app', name: HOSTILE_VIEW }),
    )
    expect(Object.keys(hostile?.properties ?? {})).toContain(HOSTILE_COLUMN)
    const csp = (await karen.get('/admin')).headers.get('content-security-policy') ?? ''
    const page = await karen.get('/admin')
    const policy = page.headers.get('content-security-policy') ?? ''
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1]
    expect(nonce).toBeTruthy()
    const scripts = (await page.text()).match(/<script[^>]*>/g) ?? []
    expect(scripts.length).toBeGreaterThan(3)
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`)
    expect(csp).toMatch(/script-src 'self' 'nonce-/)
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
  })

  it('carries no resource karen cannot use, nor its columns, in her page state', async () => {
    const karen = await signIn(running.url, 'karen', 'karen-planetary')
    const html = await (await karen.get('/admin')).text()
    const state = pageState(html) as { resources: { id: string }[]; pages: unknown[] }
    const ids = state.resources.map((r) => r.id)
    expect(ids).toContain('app.invoice_v')
    expect(ids.some((id) => id.startsWith('schema-browser'))).toBe(false)
    expect(state.pages).toEqual([])
    expect(html).not.toContain(SECRET_VIEW)
    expect(html).not.toContain('rolpassword')
  })
})

describe('only POST changes anything', () => {
  it('deletes nothing on HEAD, with or without a token', async () => {
    const karen = await signIn(running.url, 'karen', 'karen-planetary')
    const id = await karenInvoiceId(karen)
    const cookie = karen.cookie
    for (const headers of [{}, { 'x-csrf-token': karen.csrf }] as Record<string, string>[]) {
      const res = await fetch(`${origin}/admin/api/resources/app.invoice_v/records/${id}/delete`, {
        method: 'HEAD',
        headers: { cookie: cookie ?? '', ...headers },
      })
      expect(res.status).toBe(200)
      expect(await res.text()).toBe('')
    }
    expect(await invoiceExists(id)).toBe(true)
  })

  it('refuses PUT, DELETE, PATCH and OPTIONS with 405', async () => {
    const karen = await signIn(running.url, 'karen', 'karen-planetary')
    const id = await karenInvoiceId(karen)
    for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const res = await fetch(`${origin}/admin/api/resources/app.invoice_v/records/${id}/delete`, {
        method,
        headers: { cookie: karen.cookie, 'x-csrf-token': karen.csrf },
      })
      expect(res.status, method).toBe(405)
    }
    expect(await invoiceExists(id)).toBe(true)
  })

  it('refuses a POST from another origin even with the token', async () => {
    const karen = await signIn(running.url, 'karen', 'karen-planetary')
    const id = await karenInvoiceId(karen)
    const port = Number(new URL(origin).port)
    for (const other of [`http://127.0.0.1:${port + 1}`, `https://127.0.0.1:${port}`]) {
      const res = await send(`/admin/api/resources/app.invoice_v/records/${id}/delete`, {
        method: 'POST',
        cookie: karen.cookie,
        headers: { origin: other, 'x-csrf-token': karen.csrf },
      })
      expect(res.status, other).toBe(403)
    }
    expect(await invoiceExists(id)).toBe(true)
  })
})

describe('sessions', () => {
  it('sets the cookie HttpOnly, SameSite=Strict, with a lifetime, and Secure behind TLS', async () => {
    const plain = await login('karen', 'karen-planetary')
    expect(plain.status).toBe(302)
    const header = plain.headers.get('set-cookie') ?? ''
    expect(header).toMatch(/HttpOnly/i)
    expect(header).toMatch(/SameSite=Strict/i)
    expect(header).toMatch(/Expires=/i)
    expect(header).not.toMatch(/Secure/i)
    const proxied = await login('karen', 'karen-planetary', '', { 'x-forwarded-proto': 'https' })
    expect(proxied.headers.get('set-cookie') ?? '').toMatch(/;\s*Secure/i)
    expect(proxied.headers.get('strict-transport-security')).toMatch(/max-age=\d+/)
  })

  it('keeps the session on the server no longer than the configured lifetime', async () => {
    const { cookie } = await login('karen', 'karen-planetary')
    const sid = decodeURIComponent(cookie.split('=')[1] ?? '')
      .slice(2)
      .split('.')[0]
    const { rows } = await admin.query<{ minutes: number }>(
      `SELECT extract(epoch FROM expire - now()::timestamp) / 60 AS minutes
       FROM planetary.session WHERE sid = $1`,
      [sid],
    )
    expect(Number(rows[0]?.minutes)).toBeGreaterThan(55)
    expect(Number(rows[0]?.minutes)).toBeLessThanOrEqual(61)
    expect((await send('/admin/api/dashboard', { cookie })).status).toBe(200)
    // The same session, signed in longer ago than the lifetime: ended by the server.
    await admin.query(
      `UPDATE planetary.session
       SET sess = jsonb_set(sess::jsonb, '{signedInAt}', to_jsonb((extract(epoch FROM now()) - 3601) * 1000))::json
       WHERE sid = $1`,
      [sid],
    )
    expect((await send('/admin/api/dashboard', { cookie })).status).toBe(401)
    expect(
      (await admin.query('SELECT 1 FROM planetary.session WHERE sid = $1', [sid])).rowCount,
    ).toBe(0)
  })

  it('gives a new session id and CSRF token at sign-in, whatever cookie came with it', async () => {
    const first = await login('karen', 'karen-planetary')
    const firstToken = await tokenFor(first.cookie)
    const second = await login('bob', 'bob-planetary', first.cookie)
    expect(second.status).toBe(302)
    expect(second.cookie).not.toBe('')
    expect(second.cookie).not.toBe(first.cookie)
    expect((await send('/admin/api/dashboard', { cookie: first.cookie })).status).toBe(401)
    const secondToken = await tokenFor(second.cookie)
    expect(secondToken).not.toBe(firstToken)
  })

  it('signs out only by POST with the token, and the old cookie is worth nothing after', async () => {
    const { cookie } = await login('karen', 'karen-planetary')
    const token = await tokenFor(cookie)
    const form = await send('/admin/logout', { cookie })
    expect(form.status).toBe(200)
    expect(form.text).toContain('method="post"')
    expect((await send('/admin/api/dashboard', { cookie })).status).toBe(200)
    const noToken = await send('/admin/logout', { method: 'POST', cookie })
    expect(noToken.status).toBe(403)
    const out = await send('/admin/logout', {
      method: 'POST',
      cookie,
      headers: { 'x-csrf-token': token },
    })
    expect(out.status).toBe(302)
    expect((await send('/admin/api/dashboard', { cookie })).status).toBe(401)
  })

  it('ends the sessions of a user removed or changed, within seconds', async () => {
    const users = new UserStore(running.pool, 'planetary')
    for (const name of ['eve', 'mallory']) {
      await users.add({ name, password: `${name}-password`, role: 'bob_devops', personas: ['ops'] })
    }
    const eve = await signIn(running.url, 'eve', 'eve-password')
    const mallory = await signIn(running.url, 'mallory', 'mallory-password')
    const page = '/admin/api/pages/policies-list'
    expect((await eve.get(page)).status).toBe(200)
    expect((await mallory.get(page)).status).toBe(200)
    // Changed and removed behind the console's back, in psql.
    await admin.query(`UPDATE planetary.users SET personas = '{data}' WHERE name = 'eve'`)
    await admin.query(`DELETE FROM planetary.users WHERE name = 'mallory'`)
    await new Promise((r) => setTimeout(r, 2_500))
    // A POST with a valid token is refused as well: the token belongs to an ended session.
    expect((await mallory.post(page, { action: 'anything' })).status).toBe(401)
    expect((await eve.get(page)).status).toBe(401)
    expect((await mallory.get(page)).status).toBe(401)
    const left = await admin.query(
      `SELECT 1 FROM planetary.session WHERE sess->'adminUser'->>'email' IN ('eve', 'mallory')`,
    )
    expect(left.rowCount).toBe(0)
  })
})

describe('bounded work and plain errors', () => {
  it('refuses a body over the limit before reading it, and one of unknown length', async () => {
    const karen = await signIn(running.url, 'karen', 'karen-planetary')
    const big = JSON.stringify({ customer: 'x'.repeat(2 * 1024 * 1024) })
    const res = await karen.post('/admin/api/resources/app.invoice_v/actions/new', JSON.parse(big))
    expect(res.status).toBe(413)
    const chunked = await fetch(`${origin}/admin/api/resources/app.invoice_v/actions/new`, {
      method: 'POST',
      headers: {
        cookie: karen.cookie,
        'x-csrf-token': karen.csrf,
        'content-type': 'application/json',
      },
      body: new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode('{"customer":"x"}'))
          c.close()
        },
      }),
      duplex: 'half',
    } as RequestInit)
    expect(chunked.status).toBe(411)
    const { rows } = await admin.query(
      `SELECT count(*)::int AS n FROM app.invoice_raw WHERE length(customer) > 1000`,
    )
    expect(rows[0].n).toBe(0)
  })

  it('answers malformed and deep JSON with 400', async () => {
    const karen = await signIn(running.url, 'karen', 'karen-planetary')
    const post = (body: string) =>
      send('/admin/api/resources/app.invoice_v/actions/new', {
        method: 'POST',
        cookie: karen.cookie,
        headers: { 'x-csrf-token': karen.csrf, 'content-type': 'application/json' },
        body,
      })
    const malformed = await post('{"customer": ')
    expect(malformed.status).toBe(400)
    expect(JSON.parse(malformed.text)).toEqual({
      notice: { type: 'error', message: 'The request body is not valid JSON' },
    })
    const deep = await post(`${'['.repeat(10_000)}${']'.repeat(10_000)}`)
    expect(deep.status).toBe(400)
    expect(deep.text).toMatch(/nests deeper/)
  })

  it('answers unknown and forbidden resources, actions and pages alike with 404', async () => {
    const karen = await signIn(running.url, 'karen', 'karen-planetary')
    const paths = [
      '/admin/api/resources/no.such_view/actions/list',
      '/admin/api/resources/schema-browser.tables/actions/list',
      `/admin/api/resources/app.${SECRET_VIEW}/actions/list`,
      '/admin/api/resources/app.invoice_v/actions/__proto__',
      '/admin/api/resources/app.invoice_v/actions/constructor',
      '/admin/api/resources/app.invoice_v/records/1/__proto__',
      '/admin/api/pages/policies-list',
      '/admin/api/pages/__proto__',
      '/admin/api/pages/no-such-page',
    ]
    const bodies = new Set<string>()
    for (const path of paths) {
      const res = await karen.get(path)
      expect(res.status, path).toBe(404)
      bodies.add(await res.text())
    }
    expect(bodies.size).toBe(1)
    const proto = await karen.post('/admin/api/resources/app.invoice_v/actions/__proto__', {})
    expect(proto.status).toBe(404)
  })

  it('answers a bulk action without records with 400', async () => {
    const karen = await signIn(running.url, 'karen', 'karen-planetary')
    for (const query of ['', '?recordIds=', '?recordIds=,,']) {
      const res = await karen.post(`/admin/api/resources/app.invoice_v/bulk/bulkDelete${query}`, {})
      expect(res.status, query).toBe(400)
    }
  })

  it('sends the security headers on pages and API answers', async () => {
    for (const path of [
      '/admin/login',
      '/admin/api/dashboard',
      '/admin/frontend/assets/app.bundle.js',
    ]) {
      const res = await send(path)
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(res.headers.get('x-frame-options'), path).toBe('DENY')
      expect(res.headers.get('referrer-policy'), path).toBe('same-origin')
      expect(res.headers.get('content-security-policy'), path).toMatch(/frame-ancestors 'none'/)
    }
  })
})

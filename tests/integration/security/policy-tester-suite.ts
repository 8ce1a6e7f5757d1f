import { beforeAll, describe, expect, it } from 'vitest'
import type { Flavor } from '../../../core/cluster/cluster.js'
import type { ExecutionError } from '../../../core/errors.js'
import type { Persona } from '../../../core/plugin/types.js'
import { UserStore } from '../../../core/users/users.js'
import { testerPage } from '../../../plugins/policies/pages/tester.js'
import { useTestDatabase } from '../../harness/database.js'
import { BOB, pluginFixture, SENIOR, type PluginFixture } from '../../harness/plugin-fixture.js'

/**
 * The policy tester against the escapes of SQL text, the connection it used, the console login's
 * reach to password hashes, the permission to test as a role, and the change log — on one flavor
 * of PostgreSQL.
 */
export function policyTesterSuite(flavor?: Flavor): void {
  const db = useTestDatabase(flavor ? { flavor } : {})
  let f: PluginFixture

  const INVOICES = { schema: 'app', name: 'invoice_v' }

  beforeAll(async () => {
    f = await pluginFixture(db())
    // A function that runs whatever SQL text it is given: the kind a deny list cannot see into.
    await db().admin.query(`
    CREATE FUNCTION app.run_sql(q text) RETURNS text LANGUAGE plpgsql AS $$
    DECLARE r text; BEGIN EXECUTE q INTO r; RETURN r; END $$;
    GRANT EXECUTE ON FUNCTION app.run_sql(text) TO PUBLIC;
  `)
  }, 120_000)

  const run = (body: Record<string, unknown>, user: typeof BOB = BOB) =>
    f.call(testerPage, 'POST', { action: 'run', ...body }, user)

  const asKaren = (where: string) =>
    run({ role: 'karen', claims: { tenant_id: 1 }, relation: INVOICES, where })

  /** SQL text as a literal inside a filter. */
  const lit = (s: string) => `'${s.replaceAll("'", "''")}'`

  /** Reads `what` after switching back to the connection's login, leaked through a cast error. */
  const escapes = (what: string) => {
    const back = `select set_config('role', session_user, true)`
    const back2 = `select set_config('role', ${lit(f.login)}, true)`
    return [
      // query_to_xml: back to the login, then the secret in an error message.
      `CASE WHEN query_to_xml(${lit(back)}, true, false, '') IS NOT NULL
       THEN query_to_xml(${lit(what)}, true, false, '')::text::int = 1 END`,
      // Straight to the console login by name.
      `CASE WHEN query_to_xml(${lit(back2)}, true, false, '') IS NOT NULL
       THEN query_to_xml(${lit(what)}, true, false, '')::text::int = 1 END`,
      // PL/pgSQL EXECUTE in a function the filter calls.
      `CASE WHEN app.run_sql(${lit(back)}) IS NOT NULL THEN app.run_sql(${lit(what)})::int = 1 END`,
      // Both in one query text.
      `query_to_xml(${lit(`${back}; ${what}`)}, true, false, '') IS NOT NULL`,
    ]
  }

  describe('the tester filter cannot leave the tested role', () => {
    for (const [table, what] of [
      ['users', `select string_agg(name || ':' || password_hash, ',') from planetary.users`],
      ['session', `select string_agg(sid || sess::text, ',') from planetary.session`],
      ['change_log', `select string_agg(actor || summary, ',') from planetary.change_log`],
    ] as const) {
      it(`reads nothing of planetary.${table} through SQL text`, async () => {
        await db().admin.query(
          `INSERT INTO planetary.session (sid, sess, expire) VALUES ('s-secret', '{"adminUser": {"email": "senior"}}', now() + interval '1 hour') ON CONFLICT DO NOTHING`,
        )
        for (const where of escapes(what)) {
          const reply = await asKaren(where)
          const text = JSON.stringify(reply)
          expect(reply.ok, text).toBe(false)
          expect(text).not.toMatch(/argon2|s-secret|adminUser|planetary init/)
          expect(text).toMatch(/permission denied/)
        }
      })
    }

    it('runs on a login that owns nothing and may not use the console schema', async () => {
      const login = new URL(f.ctx.config.testerUrl ?? 'postgres://none@x/').username
      const { rows } = await db().admin.query<{
        usage: boolean
        owns: number
        inherit: boolean
        login: boolean
      }>(
        `SELECT has_schema_privilege(r.oid, 'planetary', 'USAGE') AS usage, r.rolinherit AS inherit,
         r.rolcanlogin AS login,
         (SELECT count(*)::int FROM pg_class WHERE relowner = r.oid)
         + (SELECT count(*)::int FROM pg_proc WHERE proowner = r.oid)
         + (SELECT count(*)::int FROM pg_namespace WHERE nspowner = r.oid) AS owns
       FROM pg_roles r WHERE r.rolname = $1`,
        [login],
      )
      expect(rows).toEqual([{ usage: false, owns: 0, inherit: false, login: true }])
      expect(login).not.toBe(f.login)
    })
  })

  describe('the connection a run used is gone afterwards', () => {
    const poll = async (check: () => Promise<boolean>, tries = 60) => {
      for (let i = 0; i < tries; i++) {
        if (await check()) return true
        await new Promise((r) => setTimeout(r, 50))
      }
      return false
    }

    it('closes the backend that ran the filter', async () => {
      const nonce = `run-${Date.now()}`
      // The filter sleeps on one row, long enough to find its backend while it runs.
      const running = asKaren(`'${nonce}' <> '' AND (id <> 1 OR pg_sleep(0.8) IS NOT NULL)`)
      let pid: number | undefined
      const found = await poll(async () => {
        const { rows } = await db().admin.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE query LIKE $1 AND pid <> pg_backend_pid()`,
          [`%${nonce}%`],
        )
        pid = rows[0]?.pid
        return pid !== undefined
      })
      const reply = await running
      expect(reply.ok, JSON.stringify(reply)).toBe(true)
      expect(found).toBe(true)
      const gone = await poll(async () => {
        const { rows } = await db().admin.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1`, [
          pid,
        ])
        return rows.length === 0
      })
      expect(gone).toBe(true)
    })

    it('leaves no session setting, lock or backend behind', async () => {
      const reply = await asKaren(
        `query_to_xml(${lit(`select set_config('app.leftover', 'tainted', false), pg_advisory_lock(4242)`)}, true, false, '') IS NOT NULL`,
      )
      expect(reply.ok, JSON.stringify(reply)).toBe(true)
      // Every connection of the console's pool, at once, so each pooled one is asked.
      const seen = await Promise.all(
        Array.from({ length: 4 }, async () => {
          const c = await f.ctx.pool.connect()
          try {
            return (
              await c.query<{ v: string | null; r: string }>(
                `SELECT current_setting('app.leftover', true) AS v, current_user AS r`,
              )
            ).rows[0]
          } finally {
            c.release()
          }
        }),
      )
      expect(seen.every((s) => !s?.v && s?.r === f.login)).toBe(true)
      const login = new URL(f.ctx.config.testerUrl ?? 'postgres://none@x/').username
      let left = { backends: -1, locks: -1 }
      const clean = await poll(async () => {
        const { rows } = await db().admin.query<{ backends: number; locks: number }>(
          `SELECT (SELECT count(*)::int FROM pg_stat_activity WHERE usename = $1) AS backends,
           (SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242) AS locks`,
          [login],
        )
        left = rows[0] ?? left
        return left.backends === 0 && left.locks === 0
      })
      expect(clean, JSON.stringify(left)).toBe(true)
    })
  })

  describe('the console login does not read password hashes', () => {
    it('is refused password_hash, and sign-in still tells right from wrong', async () => {
      const err = await f.ctx.pool
        .query(`SELECT password_hash FROM planetary.users`)
        .catch((e: unknown) => e)
      expect((err as ExecutionError & { code?: string }).code).toBe('42501')
      const users = new UserStore(f.ctx.pool, 'planetary')
      expect(await users.verify('bob', 'bob-planetary')).toMatchObject({
        name: 'bob',
        role: 'bob_devops',
      })
      expect(await users.verify('bob', 'bob-planetary-wrong')).toBeUndefined()
      expect(await users.verify('nobody', 'bob-planetary')).toBeUndefined()
      expect(await users.verify('senior', 'bob-planetary')).toBeUndefined()
      const { rows } = await db().admin.query<{ owner: string }>(
        `SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE oid = 'planetary.users'::regclass`,
      )
      expect(rows[0]?.owner).not.toBe(f.login)
    })

    it('keeps a new password and refuses the old one', async () => {
      const users = new UserStore(f.ctx.pool, 'planetary')
      await users.add({
        name: 'carol',
        password: 'carol-first-pass',
        role: 'karen',
        personas: ['data'],
      })
      await users.setPassword('carol', 'carol-second-pass')
      expect(await users.verify('carol', 'carol-first-pass')).toBeUndefined()
      expect(await users.verify('carol', 'carol-second-pass')).toMatchObject({ name: 'carol' })
    })
  })

  describe('testing as a role is a permission', () => {
    it('refuses a user without it, and a role outside it, by field', async () => {
      const users = new UserStore(f.ctx.pool, 'planetary')
      await users.add({
        name: 'dave',
        password: 'dave-password',
        role: 'bob_devops',
        personas: ['ops'],
      })
      const dave = { name: 'dave', role: 'bob_devops', personas: ['ops'] as Persona[] }
      const none = await run({ role: 'karen', claims: {}, relation: INVOICES }, dave)
      expect(none).toMatchObject({
        ok: false,
        fields: { role: expect.stringMatching(/may not test as/) },
      })
      const offered = await f.call(testerPage, 'GET', {}, dave)
      expect(offered.roles).toEqual([])
      // bob may test karen and bob_devops, not senior_dev.
      const outside = await run({ role: 'senior_dev', claims: {}, relation: INVOICES })
      expect(outside).toMatchObject({
        ok: false,
        fields: { role: expect.stringMatching(/may not test as "senior_dev"/) },
      })
      const bobs = await f.call(testerPage, 'GET')
      expect((bobs.roles as { name: string }[]).map((r) => r.name)).toEqual(['bob_devops', 'karen'])
      const seniors = await f.call(testerPage, 'GET', {}, SENIOR)
      expect((seniors.roles as { name: string }[]).map((r) => r.name)).toEqual([
        'bob_devops',
        'karen',
        'senior_dev',
      ])
    })

    it('is given and taken away through the user store, ending the user’s sessions', async () => {
      const users = new UserStore(f.ctx.pool, 'planetary')
      await users.add({
        name: 'erin',
        password: 'erin-password',
        role: 'bob_devops',
        personas: ['ops'],
        mayTest: ['karen'],
      })
      const erin = { name: 'erin', role: 'bob_devops', personas: ['ops'] as Persona[] }
      expect(await run({ role: 'karen', claims: {}, relation: INVOICES }, erin)).toMatchObject({
        ok: true,
      })
      const session = (sid: string, email: string) =>
        db().admin.query(
          `INSERT INTO planetary.session (sid, sess, expire) VALUES ($1, $2, now() + interval '1 hour')`,
          [sid, JSON.stringify({ adminUser: { email } })],
        )
      const sessions = async () =>
        (
          await db().admin.query<{ sid: string }>(`SELECT sid FROM planetary.session ORDER BY sid`)
        ).rows.map((r) => r.sid)
      await session('erin-1', 'erin')
      await session('frank-1', 'frank')
      await users.update('erin', { mayTest: [] })
      // Only what was asked changes.
      expect(await users.get('erin')).toMatchObject({
        role: 'bob_devops',
        personas: ['ops'],
        claims: {},
        mayTest: [],
      })
      expect(await sessions()).not.toContain('erin-1')
      expect(await sessions()).toContain('frank-1')
      expect(await run({ role: 'karen', claims: {}, relation: INVOICES }, erin)).toMatchObject({
        ok: false,
        fields: { role: expect.any(String) },
      })
      expect((await users.list()).find((u) => u.name === 'erin')).toMatchObject({ mayTest: [] })
      await session('erin-2', 'erin')
      await users.update('erin', { personas: ['ops', 'data'], claims: { tenant_id: 3 } })
      expect(await users.get('erin')).toMatchObject({
        personas: ['ops', 'data'],
        claims: { tenant_id: 3 },
        mayTest: [],
      })
      expect(await sessions()).not.toContain('erin-2')
      await session('erin-3', 'erin')
      await users.remove('erin')
      expect(await sessions()).not.toContain('erin-3')
      expect(await sessions()).toContain('frank-1')
    })
  })

  describe('every run is in the change log', () => {
    const last = async () =>
      (
        await db().admin.query<{
          actor: string
          kind: string
          summary: string
          outcome: string
          error: string | null
          statements: Record<string, unknown>[]
        }>(
          `SELECT actor, kind, summary, outcome, error, statements FROM planetary.change_log ORDER BY id DESC LIMIT 1`,
        )
      ).rows[0]

    it('records who read as whom, with which claims, where and how', async () => {
      const reply = await run({
        role: 'karen',
        claims: { tenant_id: 2 },
        relation: INVOICES,
        where: 'amount > 100',
        orderBy: { column: 'id', descending: true },
      })
      expect(reply.ok, JSON.stringify(reply)).toBe(true)
      const row = await last()
      expect(row).toMatchObject({ actor: 'bob', kind: 'impersonation', error: null })
      expect(row?.summary).toMatch(/bob .*karen/)
      expect(row?.statements[0]).toMatchObject({
        kind: 'impersonate',
        role: 'karen',
        claims: { tenant_id: 2 },
        relation: 'app.invoice_v',
        where: 'amount > 100',
        orderBy: { column: 'id', descending: true },
      })
    })

    it('records a run PostgreSQL refused, with the error', async () => {
      const reply = await run({
        role: 'karen',
        claims: { tenant_id: 1 },
        relation: { schema: 'app', name: 'invoice_raw' },
      })
      expect(reply).toMatchObject({ ok: false, error: { sqlstate: '42501' } })
      const row = await last()
      expect(row).toMatchObject({ actor: 'bob', kind: 'impersonation' })
      expect(row?.error).toMatch(/permission denied/)
      expect(row?.statements[0]).toMatchObject({ role: 'karen', relation: 'app.invoice_raw' })
    })

    it('records an escape attempt with its filter', async () => {
      const where = escapes(`select password_hash from planetary.users`)[0] as string
      await asKaren(where)
      const row = await last()
      expect(row).toMatchObject({ actor: 'bob', kind: 'impersonation' })
      expect(row?.statements[0]).toMatchObject({ where: where.trim() })
    })
  })

  describe('without a tester login', () => {
    it('says plainly that the tester is not configured, and runs nothing', async () => {
      const { testerUrl, ...config } = f.ctx.config
      expect(testerUrl).toBeDefined()
      const ctx = { ...f.ctx, config }
      const load = await testerPage({ method: 'GET', query: {}, user: BOB }, ctx)
      expect(load).toMatchObject({
        ok: true,
        configured: false,
        message: expect.stringMatching(/not configured: set testerUrl \(PLANETARY_TESTER_URL\)/),
      })
      const before = await db().admin.query(`SELECT count(*)::int AS n FROM planetary.change_log`)
      const reply = await testerPage(
        {
          method: 'POST',
          payload: { action: 'run', role: 'karen', claims: {}, relation: INVOICES },
          user: BOB,
        },
        ctx,
      )
      expect(reply).toMatchObject({ ok: false, message: expect.stringMatching(/not configured/) })
      const after = await db().admin.query(`SELECT count(*)::int AS n FROM planetary.change_log`)
      expect(after.rows[0].n).toBe(before.rows[0].n)
    })
  })
}

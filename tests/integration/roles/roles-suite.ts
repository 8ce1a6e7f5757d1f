import pg from 'pg'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Flavor } from '../../../core/cluster/cluster.js'
import { withSession } from '../../../core/db/session.js'
import { fetchRoles, withCatalog } from '../../../core/introspect/index.js'
import { sql } from '../../../core/sql/sql.js'
import { roleEditorPage } from '../../../plugins/roles/pages/editor.js'
import { roleListPage } from '../../../plugins/roles/pages/list.js'
import { testMajor } from '../../harness/backend.js'
import { useTestDatabase } from '../../harness/database.js'
import { pluginFixture, type PluginFixture } from '../../harness/plugin-fixture.js'

/**
 * Roles through the roles plugin's pages on one server: create, change, rename, memberships,
 * settings, rights and drop, each re-read from the catalog and proven by acting as the role.
 * `pg16`: the server has per-grant INHERIT / SET options (Debian's 15 has not; the embedded
 * server has them unless `PLANETARY_TEST_PG_MAJOR` puts it on 14).
 */
export function rolesSuite(
  flavor?: Flavor,
  pg16 = flavor !== 'debian-15' && testMajor() >= 16,
): void {
  const db = useTestDatabase(flavor ? { flavor } : {})
  let f: PluginFixture

  beforeAll(async () => {
    f = await pluginFixture(db())
    await db().admin.query(`
      SET ROLE platform_ddl;
      CREATE TABLE app.ledger (id int PRIMARY KEY, secret text);
      INSERT INTO app.ledger VALUES (1, 'a'), (2, 'b');
      RESET ROLE;
    `)
  }, 120_000)

  const PASSWORD = "correct horse 'battery' 9"

  const roleRow = async (name: string) =>
    (
      await db().admin.query(
        `SELECT r.rolcanlogin, r.rolinherit, r.rolbypassrls, r.rolcreatedb, r.rolconnlimit,
           r.rolvaliduntil, a.rolpassword, pg_catalog.shobj_description(r.oid, 'pg_authid') AS comment
         FROM pg_roles r JOIN pg_authid a ON a.oid = r.oid WHERE r.rolname = $1`,
        [name],
      )
    ).rows[0]

  const canLogIn = async (role: string, password: string) => {
    const client = new pg.Client({ connectionString: db().server.url(db().name, role, password) })
    try {
      await client.connect()
      return (await client.query('SELECT current_user AS me')).rows[0].me as string
    } finally {
      await client.end().catch(() => undefined)
    }
  }

  const canLogInAndShow = async (role: string, password: string, setting: string) => {
    const client = new pg.Client({ connectionString: db().server.url(db().name, role, password) })
    try {
      await client.connect()
      return (await client.query(`SELECT current_setting($1) AS v`, [setting])).rows[0].v as string
    } finally {
      await client.end().catch(() => undefined)
    }
  }

  const asRole = (role: string, query: string) =>
    withSession(f.ctx.pool, { name: 'test', role, claims: {} }, (s) => s.query(sql.raw(query)))

  const newRole = {
    name: 'Report Writer',
    login: true,
    inherit: true,
    bypassRls: false,
    createRole: false,
    createDb: false,
    connectionLimit: '3',
    validUntil: '2031-06-30T12:00',
    password: PASSWORD,
    comment: 'Writes the monthly reports',
  }

  describe('creating a role', () => {
    it('offers only the attributes the role running the plans may grant', async () => {
      const blank = await f.call(roleEditorPage, 'GET')
      expect(blank).toMatchObject({ role: null, runsAs: 'platform_ddl' })
      // Before PG 16, CREATEROLE was enough to grant CREATEDB.
      expect(blank.grantable).toEqual({ createDb: !pg16, bypassRls: false })
      const attempt = (role: Record<string, unknown>) =>
        f.call(roleEditorPage, 'POST', { action: 'save', mode: 'preview', role })
      const refused = (await attempt({ ...newRole, bypassRls: true })).preview as {
        ok: boolean
        statements: { error?: { sqlstate?: string } }[]
      }
      expect(refused.ok).toBe(false)
      expect(refused.statements[0]?.error?.sqlstate).toBe('42501')
      const createDb = (await attempt({ ...newRole, createDb: true })).preview as { ok: boolean }
      expect(createDb.ok).toBe(!pg16)
    })

    it('shows the live SQL with the password masked and changes nothing', async () => {
      const reply = await f.call(roleEditorPage, 'POST', { action: 'save', role: newRole })
      expect(reply.ok).toBe(true)
      expect(reply.sql).toContain(
        `CREATE ROLE "Report Writer" LOGIN INHERIT NOBYPASSRLS NOCREATEROLE NOCREATEDB CONNECTION LIMIT 3 VALID UNTIL '2031-06-30T12:00:00Z' PASSWORD '********'`,
      )
      expect(reply.sql).toContain(`COMMENT ON ROLE "Report Writer" IS 'Writes the monthly reports'`)
      expect(JSON.stringify(reply)).not.toContain('battery')
      expect(await roleRow('Report Writer')).toBeUndefined()
    })

    it('dry-runs and applies; the password works for a login and is stored only as a SCRAM verifier', async () => {
      const dry = await f.call(roleEditorPage, 'POST', {
        action: 'save',
        mode: 'preview',
        role: newRole,
      })
      expect(dry.ok).toBe(true)
      expect((dry.preview as { ok: boolean }).ok).toBe(true)
      expect(await roleRow('Report Writer')).toBeUndefined()

      const applied = await f.call(roleEditorPage, 'POST', {
        action: 'save',
        mode: 'apply',
        role: newRole,
      })
      expect(applied.ok).toBe(true)
      const row = await roleRow('Report Writer')
      expect(row).toMatchObject({
        rolcanlogin: true,
        rolcreatedb: false,
        rolconnlimit: 3,
        comment: 'Writes the monthly reports',
      })
      expect((row.rolvaliduntil as Date).toISOString()).toBe('2031-06-30T12:00:00.000Z')
      expect(row.rolpassword).toMatch(/^SCRAM-SHA-256\$4096:/)
      expect(await canLogIn('Report Writer', PASSWORD)).toBe('Report Writer')
      await expect(canLogIn('Report Writer', 'not the password')).rejects.toThrow(
        /password authentication failed/,
      )
      const log = await db().admin.query(`SELECT statements::text AS s FROM planetary.change_log`)
      expect(log.rows.map((r) => r.s).join('\n')).not.toContain('battery')
      expect(JSON.stringify(applied)).not.toContain('battery')
      // The editor reads the role back from the catalog.
      expect(applied.role).toMatchObject({ name: 'Report Writer', connectionLimit: 3 })
    })

    it('refuses a name that is taken, naming the field', async () => {
      const reply = await f.call(roleEditorPage, 'POST', {
        action: 'save',
        role: { ...newRole, name: 'karen' },
      })
      expect(reply).toMatchObject({
        ok: false,
        fields: { 'role.name': 'a role named "karen" exists' },
      })
      const short = await f.call(roleEditorPage, 'POST', {
        action: 'save',
        role: { ...newRole, name: 'someone', password: 'short' },
      })
      expect(short.ok).toBe(false)
      expect(short.fields).toHaveProperty('password')
    })
  })

  describe('changing a role', () => {
    it('renames it and changes attributes and description; the catalog shows it', async () => {
      const loaded = await f.call(roleEditorPage, 'GET', { role: 'Report Writer' })
      const form = loaded.role as Record<string, unknown>
      expect(form).toMatchObject({ validUntil: '2031-06-30T12:00:00.000Z', login: true })
      const reply = await f.call(roleEditorPage, 'POST', {
        action: 'save',
        mode: 'apply',
        original: 'Report Writer',
        role: { ...form, name: 'reporter', connectionLimit: 5, validUntil: '', comment: '' },
      })
      expect(reply.ok).toBe(true)
      expect((reply.statements as { sql: string }[]).map((s) => s.sql)).toEqual([
        'ALTER ROLE "Report Writer" RENAME TO "reporter"',
        `ALTER ROLE "reporter" CONNECTION LIMIT 5 VALID UNTIL 'infinity'`,
        'COMMENT ON ROLE "reporter" IS NULL',
      ])
      const roles = await withCatalog(db().admin, {}, fetchRoles)
      expect(roles.find((r) => r.name === 'Report Writer')).toBeUndefined()
      expect(roles.find((r) => r.name === 'reporter')).toMatchObject({
        connectionLimit: 5,
        validUntil: 'infinity',
        comment: null,
      })
      // The password survived the rename (SCRAM verifiers do not depend on the name).
      expect(await canLogIn('reporter', PASSWORD)).toBe('reporter')
    })
  })

  describe('memberships', () => {
    beforeAll(async () => {
      await f.call(roleEditorPage, 'POST', {
        action: 'save',
        mode: 'apply',
        role: { name: 'ledger_readers' },
      })
      await db().admin.query(
        `GRANT USAGE ON SCHEMA app TO ledger_readers; GRANT SELECT ON app.ledger TO ledger_readers;
         GRANT reporter TO ${f.login}`,
      )
    })

    it('a membership with ADMIN OPTION grants the group’s rights to the member', async () => {
      await expect(
        asRole('reporter', 'SELECT count(*) AS n FROM app.ledger'),
      ).rejects.toMatchObject({
        sqlstate: '42501',
      })
      const reply = await f.call(roleEditorPage, 'POST', {
        action: 'membership',
        mode: 'apply',
        group: 'ledger_readers',
        member: 'reporter',
        change: 'grant',
        admin: true,
      })
      expect(reply.ok).toBe(true)
      const admin = await db().admin.query(
        `SELECT admin_option FROM pg_auth_members WHERE roleid = 'ledger_readers'::regrole AND member = 'reporter'::regrole`,
      )
      expect(admin.rows).toEqual([{ admin_option: true }])
      expect(reply.memberOf).toEqual(
        expect.arrayContaining([expect.objectContaining({ role: 'ledger_readers', admin: true })]),
      )
      const rows = await asRole('reporter', 'SELECT count(*)::int AS n FROM app.ledger')
      expect(rows).toEqual([{ n: 2 }])
    })

    it('takes the ADMIN OPTION back, then the membership, and the rights go with it', async () => {
      await f.call(roleEditorPage, 'POST', {
        action: 'membership',
        mode: 'apply',
        group: 'ledger_readers',
        member: 'reporter',
        change: 'revoke-admin',
      })
      const admin = await db().admin.query(
        `SELECT admin_option FROM pg_auth_members WHERE roleid = 'ledger_readers'::regrole AND member = 'reporter'::regrole`,
      )
      expect(admin.rows).toEqual([{ admin_option: false }])
      await f.call(roleEditorPage, 'POST', {
        action: 'membership',
        mode: 'apply',
        group: 'ledger_readers',
        member: 'reporter',
        change: 'revoke',
      })
      await expect(
        asRole('reporter', 'SELECT count(*) AS n FROM app.ledger'),
      ).rejects.toMatchObject({
        sqlstate: '42501',
      })
    })

    // Per-grant INHERIT / SET exist from PG 16; older servers have no such grant to test.
    if (pg16) {
      it('a membership granted WITHOUT INHERIT (PG 16+) gives no rights until SET ROLE', async () => {
        const reply = await f.call(roleEditorPage, 'POST', {
          action: 'membership',
          mode: 'apply',
          group: 'ledger_readers',
          member: 'reporter',
          change: 'grant',
          inherit: false,
        })
        expect((reply.statements as { sql: string }[])[0]?.sql).toBe(
          'GRANT "ledger_readers" TO "reporter" WITH ADMIN FALSE, INHERIT FALSE, SET TRUE',
        )
        await expect(
          asRole('reporter', 'SELECT count(*) AS n FROM app.ledger'),
        ).rejects.toMatchObject({
          sqlstate: '42501',
        })
        const viaSetRole = await withSession(
          f.ctx.pool,
          { name: 'test', role: 'reporter', claims: {} },
          async (s) => {
            await s.query(sql`SET LOCAL ROLE ledger_readers`)
            return s.query(sql`SELECT count(*)::int AS n FROM app.ledger`)
          },
        )
        expect(viaSetRole).toEqual([{ n: 2 }])
        await f.call(roleEditorPage, 'POST', {
          action: 'membership',
          mode: 'apply',
          group: 'ledger_readers',
          member: 'reporter',
          change: 'revoke',
        })
      })
    }

    it('refuses a role as its own member and unknown roles, naming the field', async () => {
      const self = await f.call(roleEditorPage, 'POST', {
        action: 'membership',
        group: 'reporter',
        member: 'reporter',
        change: 'grant',
      })
      expect(self).toMatchObject({
        ok: false,
        fields: { group: 'a role cannot be its own member' },
      })
      const unknown = await f.call(roleEditorPage, 'POST', {
        action: 'membership',
        group: 'nobody_here',
        member: 'reporter',
        change: 'grant',
      })
      expect(unknown).toMatchObject({
        ok: false,
        fields: { group: 'there is no role "nobody_here"' },
      })
    })

    it('draws the hierarchy: a member below its group, with the edge between them', async () => {
      await f.call(roleEditorPage, 'POST', {
        action: 'membership',
        mode: 'apply',
        group: 'ledger_readers',
        member: 'reporter',
        change: 'grant',
      })
      const list = await f.call(roleListPage, 'GET')
      const graph = list.graph as {
        nodes: { name: string; layer: number }[]
        edges: { from: string; to: string; admin: boolean }[]
      }
      const layer = (n: string) => graph.nodes.find((x) => x.name === n)?.layer
      expect(graph.edges).toContainEqual(
        expect.objectContaining({ from: 'ledger_readers', to: 'reporter', admin: false }),
      )
      expect(layer('reporter')).toBeGreaterThan(layer('ledger_readers') as number)
      expect((list.roles as { name: string }[]).some((r) => r.name.startsWith('pg_'))).toBe(false)
    })
  })

  describe('dropping a role', () => {
    beforeAll(async () => {
      await db().admin.query(`
        CREATE ROLE old_app NOLOGIN;
        GRANT old_app TO platform_ddl WITH ADMIN OPTION;
        CREATE TABLE app.old_things (id int) ;
        ALTER TABLE app.old_things OWNER TO old_app;
        GRANT SELECT ON app.ledger TO old_app;
      `)
    })

    it('reports what blocks the drop, and a plain drop fails in the dry run, changing nothing', async () => {
      const loaded = await f.call(roleEditorPage, 'GET', { role: 'old_app' })
      const dependents = loaded.dependents as { kind: string; description: string; here: boolean }[]
      expect(dependents).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            kind: 'owns',
            description: 'table app.old_things',
            here: true,
          }),
          expect.objectContaining({
            kind: 'privilege',
            description: 'table app.ledger',
            here: true,
          }),
        ]),
      )
      const dry = await f.call(roleEditorPage, 'POST', {
        action: 'drop',
        mode: 'preview',
        role: 'old_app',
      })
      const preview = dry.preview as { ok: boolean; statements: { error?: { sqlstate: string } }[] }
      expect(preview.ok).toBe(false)
      expect(preview.statements.at(-1)?.error?.sqlstate).toBe('2BP01')
      expect(await roleRow('old_app')).toBeDefined()
    })

    it('drops it after REASSIGN OWNED and DROP OWNED, in one transaction', async () => {
      const reply = await f.call(roleEditorPage, 'POST', {
        action: 'drop',
        mode: 'apply',
        role: 'old_app',
        reassignTo: 'platform_ddl',
        dropOwned: true,
      })
      expect(reply.ok).toBe(true)
      expect(await roleRow('old_app')).toBeUndefined()
      const owner = await db().admin.query(
        `SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE oid = 'app.old_things'::regclass`,
      )
      expect(owner.rows).toEqual([{ owner: 'platform_ddl' }])
    })

    it('will not drop a role the console runs as', async () => {
      const reply = await f.call(roleEditorPage, 'POST', {
        action: 'drop',
        mode: 'preview',
        role: 'platform_ddl',
      })
      expect(reply.ok).toBe(false)
      expect(reply.fields).toHaveProperty('role')
    })
  })

  describe('session settings and rights of a role', () => {
    it('sets a list-valued and a unit-valued setting, read by the parser, and resets one', async () => {
      const shown = await f.call(roleEditorPage, 'POST', {
        action: 'setting',
        role: 'reporter',
        name: 'search_path',
        value: `app, "$user"; drop table app.ledger`,
      })
      // Not a list of constants: taken as one string, never as SQL.
      expect((shown.statements as { sql: string }[])[0]?.sql).toBe(
        `ALTER ROLE "reporter" SET "search_path" TO 'app, "$user"; drop table app.ledger'`,
      )
      await f.call(roleEditorPage, 'POST', {
        action: 'setting',
        mode: 'apply',
        role: 'reporter',
        name: 'search_path',
        value: `app, '$user'`,
      })
      const applied = await f.call(roleEditorPage, 'POST', {
        action: 'setting',
        mode: 'apply',
        role: 'reporter',
        name: 'statement_timeout',
        value: '30s',
        database: db().name,
      })
      expect(applied.ok).toBe(true)
      expect(applied.settings).toEqual([
        { database: null, name: 'search_path', value: 'app, "$user"' },
        { database: db().name, name: 'statement_timeout', value: '30s' },
      ])
      const session = await canLogInAndShow('reporter', PASSWORD, 'statement_timeout')
      expect(session).toBe('30s')
      await f.call(roleEditorPage, 'POST', {
        action: 'setting',
        mode: 'apply',
        role: 'reporter',
        name: 'statement_timeout',
        database: db().name,
        reset: true,
      })
      expect(await canLogInAndShow('reporter', PASSWORD, 'statement_timeout')).toBe('0')
    })

    it('refuses an unknown setting, naming the field', async () => {
      const reply = await f.call(roleEditorPage, 'POST', {
        action: 'setting',
        role: 'reporter',
        name: 'no_such_setting',
        value: '1',
      })
      expect(reply.ok).toBe(false)
      expect(reply.fields).toHaveProperty('name')
    })

    it('shows what the role can do, and through which role', async () => {
      const loaded = await f.call(roleEditorPage, 'GET', { role: 'reporter' })
      const rights = loaded.rights as {
        objects: {
          schema: string
          name: string
          privileges: { privilege: string; via: string[] }[]
        }[]
      }
      const ledger = rights.objects.find((o) => o.schema === 'app' && o.name === 'ledger')
      expect(ledger?.privileges).toEqual([
        expect.objectContaining({ privilege: 'SELECT', via: ['ledger_readers'] }),
      ])
      const check = await db().admin.query(
        `SELECT has_table_privilege('reporter', 'app.ledger', 'SELECT') AS s,
                has_table_privilege('reporter', 'app.ledger', 'INSERT') AS i`,
      )
      expect(check.rows).toEqual([{ s: true, i: false }])
    })
  })
}

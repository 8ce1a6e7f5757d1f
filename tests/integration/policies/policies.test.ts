import { beforeAll, describe, expect, it } from 'vitest'
import { withSession } from '../../../core/db/session.js'
import type { ExecutionError } from '../../../core/errors.js'
import { introspectRelation } from '../../../core/introspect/index.js'
import { sql } from '../../../core/sql/sql.js'
import { coverageMap } from '../../../plugins/policies/coverage.js'
import { readCoverageFacts } from '../../../plugins/policies/coverage-facts.js'
import { coveragePage } from '../../../plugins/policies/pages/coverage.js'
import { policyEditorPage } from '../../../plugins/policies/pages/policy-editor.js'
import { policyListPage } from '../../../plugins/policies/pages/policy-list.js'
import { rowSecurityPage } from '../../../plugins/policies/pages/row-security.js'
import { testerPage } from '../../../plugins/policies/pages/tester.js'
import { useTestDatabase } from '../../harness/database.js'
import { BOB, pluginFixture, SENIOR, type PluginFixture } from '../../harness/plugin-fixture.js'

const db = useTestDatabase()
let f: PluginFixture

const LEDGER = { schema: 'app', name: 'ledger' }

beforeAll(async () => {
  f = await pluginFixture(db())
  // A fresh table for the policy round trip, owned by the DDL role like the demo's tables.
  await db().admin.query(`
    SET ROLE platform_ddl;
    CREATE TABLE app.ledger (id int PRIMARY KEY, tenant_id int NOT NULL, amount numeric NOT NULL,
      owner_name text NOT NULL DEFAULT current_user, deleted_at timestamptz);
    INSERT INTO app.ledger VALUES (1, 1, 10, 'karen', NULL), (2, 1, 20, 'karen', NULL), (3, 1, 30, 'bob_devops', NULL),
      (4, 2, 40, 'bob_devops', NULL), (5, 2, 50, 'karen', now());
    CREATE TABLE app.notes (id int PRIMARY KEY, author text NOT NULL, body text);
    INSERT INTO app.notes VALUES (1, 'karen', 'mine'), (2, 'bob_devops', 'his');
    GRANT SELECT, INSERT ON app.ledger, app.notes TO karen;
    GRANT SELECT ON app.ledger TO bob_devops;
    RESET ROLE;
  `)
}, 120_000)

const rls = async (table: string) =>
  (
    await db().admin.query<{ relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      `SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = $1::regclass`,
      [table],
    )
  ).rows[0]

const changeLogSize = async () =>
  Number((await db().admin.query(`SELECT count(*) AS n FROM planetary.change_log`)).rows[0].n)

const asRole = (
  role: string,
  claims: Record<string, unknown>,
  query = 'SELECT * FROM app.ledger ORDER BY id',
) => withSession(f.ctx.pool, { name: 'test', role, claims }, (s) => s.query(sql.raw(query)))

const tenantForm = (using: string) => ({
  table: LEDGER,
  name: 'tenant rows',
  command: 'ALL',
  permissive: true,
  roles: [],
  using: { mode: 'raw', raw: using },
  withCheck: { mode: 'raw', raw: using },
})

describe('row level security per table', () => {
  it('lists tables with their RLS state and policy count, without the console schema', async () => {
    const reply = await f.call(rowSecurityPage, 'GET')
    const tables = reply.tables as {
      schema: string
      name: string
      enabled: boolean
      forced: boolean
      policyCount: number
    }[]
    expect(tables.find((t) => t.name === 'invoice_raw')).toMatchObject({
      enabled: true,
      forced: true,
      policyCount: 1,
    })
    expect(tables.find((t) => t.name === 'ledger')).toMatchObject({
      enabled: false,
      policyCount: 0,
    })
    expect(tables.some((t) => t.schema === 'planetary')).toBe(false)
  })

  it('shows, dry-runs, then applies ENABLE; with no policy the table denies every row', async () => {
    const body = { action: 'change', table: LEDGER, change: 'enable' }
    const shown = await f.call(rowSecurityPage, 'POST', { ...body, mode: 'render' })
    expect(shown.sql).toBe('ALTER TABLE "app"."ledger" ENABLE ROW LEVEL SECURITY;')
    expect((shown.warnings as string[]).join()).toMatch(/default deny/)
    const dry = await f.call(rowSecurityPage, 'POST', { ...body, mode: 'preview' })
    expect(dry.preview).toMatchObject({ ok: true, statements: [{ status: 'ok' }] })
    expect(await rls('app.ledger')).toEqual({ relrowsecurity: false, relforcerowsecurity: false })
    expect(await asRole('karen', { tenant_id: 1 })).toHaveLength(5)

    const before = await changeLogSize()
    const applied = await f.call(rowSecurityPage, 'POST', { ...body, mode: 'apply' })
    expect(applied).toMatchObject({
      ok: true,
      applied: { outcome: 'committed' },
      table: { enabled: true },
    })
    expect(await rls('app.ledger')).toEqual({ relrowsecurity: true, relforcerowsecurity: false })
    expect(await changeLogSize()).toBe(before + 1)
    const { rows } = await db().admin.query(
      `SELECT actor FROM planetary.change_log ORDER BY id DESC LIMIT 1`,
    )
    expect(rows[0].actor).toBe('bob')
    expect(await asRole('karen', { tenant_id: 1 })).toHaveLength(0)
  })

  it('forces and stops forcing with one statement each', async () => {
    const force = await f.call(rowSecurityPage, 'POST', {
      action: 'change',
      table: LEDGER,
      change: 'force',
      mode: 'apply',
    })
    expect(force.sql).toBe('ALTER TABLE "app"."ledger" FORCE ROW LEVEL SECURITY;')
    expect(await rls('app.ledger')).toEqual({ relrowsecurity: true, relforcerowsecurity: true })
    const unforce = await f.call(rowSecurityPage, 'POST', {
      action: 'change',
      table: LEDGER,
      change: 'unforce',
      mode: 'apply',
    })
    expect(unforce.sql).toBe('ALTER TABLE "app"."ledger" NO FORCE ROW LEVEL SECURITY;')
    expect(await rls('app.ledger')).toEqual({ relrowsecurity: true, relforcerowsecurity: false })
  })

  it('refuses views and the console schema, naming the table', async () => {
    const view = await f.call(rowSecurityPage, 'POST', {
      action: 'change',
      table: { schema: 'app', name: 'invoice_v' },
      change: 'enable',
      mode: 'apply',
    })
    expect(view).toMatchObject({ ok: false, fields: { table: expect.stringMatching(/is a view/) } })
    const own = await f.call(rowSecurityPage, 'POST', {
      action: 'change',
      table: { schema: 'planetary', name: 'users' },
      change: 'disable',
      mode: 'apply',
    })
    expect(own).toMatchObject({ ok: false, fields: { table: expect.stringMatching(/no table/) } })
  })
})

describe('policies: create, alter, drop', () => {
  it('builds a tenant policy from the template and it hides the other tenant’s rows', async () => {
    const t = await f.call(policyEditorPage, 'POST', {
      action: 'template',
      template: 'tenant',
      params: { column: 'tenant_id', claim: 'tenant_id', type: 'int', source: 'app' },
      table: LEDGER,
      command: 'ALL',
    })
    expect(t).toMatchObject({
      ok: true,
      using: expect.stringContaining(`current_setting('app.tenant_id', true)`),
    })
    const form = tenantForm(t.using as string)
    const shown = await f.call(policyEditorPage, 'POST', { action: 'render', form })
    expect(shown.sql).toBe(`CREATE POLICY "tenant rows" ON "app"."ledger"
  AS PERMISSIVE
  FOR ALL
  TO PUBLIC
  USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::int)
  WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::int);`)
    const dry = await f.call(policyEditorPage, 'POST', { action: 'policy', mode: 'preview', form })
    expect(dry.preview).toMatchObject({ ok: true })
    const applied = await f.call(policyEditorPage, 'POST', {
      action: 'policy',
      mode: 'apply',
      form,
    })
    expect(applied).toMatchObject({
      ok: true,
      policy: { name: 'tenant rows', command: 'ALL', roles: ['public'] },
    })

    const detail = await introspectRelation(f.ctx.pool, LEDGER)
    expect(detail.policies.map((p) => [p.name, p.command, p.permissive, p.roles])).toEqual([
      ['tenant rows', 'all', true, ['public']],
    ])
    const tenant1 = await asRole('karen', { tenant_id: 1 })
    expect(tenant1.map((r) => r.id)).toEqual([1, 2, 3])
    expect((await asRole('karen', { tenant_id: 2 })).map((r) => r.id)).toEqual([4, 5])
    expect(await asRole('karen', {})).toHaveLength(0)
    const err = await asRole(
      'karen',
      { tenant_id: 1 },
      `INSERT INTO app.ledger VALUES (9, 2, 1)`,
    ).catch((e: unknown) => e as ExecutionError)
    expect((err as ExecutionError).sqlstate).toBe('42501')
    expect((err as ExecutionError).message).toMatch(/row-level security/)
  })

  it('loads the policy into the editor and alters its roles in place', async () => {
    const loaded = await f.call(policyEditorPage, 'GET', {
      schema: 'app',
      table: 'ledger',
      policy: 'tenant rows',
    })
    const form = loaded.form as Record<string, unknown>
    expect(form).toMatchObject({
      original: { schema: 'app', table: 'ledger', name: 'tenant rows' },
      roles: ['public'],
    })
    expect((loaded.table as { columns: { name: string }[] }).columns.map((c) => c.name)).toContain(
      'tenant_id',
    )

    const edited = { ...form, roles: ['karen'] }
    const shown = await f.call(policyEditorPage, 'POST', { action: 'render', form: edited })
    expect(shown.sql).toBe(`ALTER POLICY "tenant rows" ON "app"."ledger" TO "karen";`)
    await f.call(policyEditorPage, 'POST', { action: 'policy', mode: 'apply', form: edited })
    const [policy] = (await introspectRelation(f.ctx.pool, LEDGER)).policies
    expect(policy?.roles).toEqual(['karen'])
    expect((await asRole('karen', { tenant_id: 1 })).map((r) => r.id)).toEqual([1, 2, 3])
    // bob_devops may SELECT, but no policy names him any more: default deny.
    expect(await asRole('bob_devops', { tenant_id: 1 })).toHaveLength(0)
  })

  it('recreates a policy whose command changes, with a builder expression', async () => {
    const loaded = await f.call(policyEditorPage, 'GET', {
      schema: 'app',
      table: 'ledger',
      policy: 'tenant rows',
    })
    const form = {
      ...(loaded.form as Record<string, unknown>),
      command: 'SELECT',
      using: {
        mode: 'builder',
        join: 'AND',
        conditions: [
          { column: 'tenant_id', operator: '=', kind: 'claim', claim: 'tenant_id', type: 'int' },
          { column: 'deleted_at', operator: 'IS NULL' },
        ],
      },
      withCheck: { mode: 'none' },
    }
    const applied = await f.call(policyEditorPage, 'POST', {
      action: 'policy',
      mode: 'apply',
      form,
    })
    expect((applied.statements as { summary: string }[]).map((s) => s.summary)).toEqual([
      'Drop policy tenant rows on app.ledger',
      'Create permissive policy tenant rows for SELECT on app.ledger',
    ])
    const [policy] = (await introspectRelation(f.ctx.pool, LEDGER)).policies
    expect(policy).toMatchObject({ command: 'select', hasWithCheck: false })
    expect((await asRole('karen', { tenant_id: 2 })).map((r) => r.id)).toEqual([4])
  })

  it('lists policies and drops one through the list page', async () => {
    const list = await f.call(policyListPage, 'GET')
    expect(list.policies).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          table: 'ledger',
          name: 'tenant rows',
          command: 'SELECT',
          roles: ['karen'],
        }),
        expect.objectContaining({ table: 'invoice_raw', name: 'tenant_isolation' }),
      ]),
    )
    const body = { action: 'drop', table: LEDGER, name: 'tenant rows' }
    const shown = await f.call(policyListPage, 'POST', { ...body, mode: 'render' })
    expect(shown.sql).toBe('DROP POLICY "tenant rows" ON "app"."ledger";')
    expect((shown.warnings as string[]).join()).toMatch(/last policy/)
    await f.call(policyListPage, 'POST', { ...body, mode: 'apply' })
    expect((await introspectRelation(f.ctx.pool, LEDGER)).policies).toEqual([])
    expect(await asRole('karen', { tenant_id: 1 })).toHaveLength(0)
    const again = await f.call(policyListPage, 'POST', { ...body, mode: 'apply' })
    expect(again).toMatchObject({ ok: false, fields: { name: expect.stringMatching(/no policy/) } })
  })
})

describe('refusals', () => {
  it('refuses a bad USING expression with the field named, and applies nothing', async () => {
    const before = await changeLogSize()
    const form = tenantForm('tenant_id = 1); DROP TABLE app.ledger; SELECT (1')
    for (const mode of ['render', 'preview', 'apply']) {
      const reply = await f.call(policyEditorPage, 'POST', { action: 'policy', mode, form })
      expect(reply).toMatchObject({
        ok: false,
        fields: { using: expect.any(String), withCheck: expect.any(String) },
      })
    }
    const named = await f.call(policyEditorPage, 'POST', {
      action: 'render',
      form: { ...tenantForm('tenant_id ='), name: '' },
    })
    expect(Object.keys(named.fields as object).sort()).toEqual(['name'])
    const parsed = await f.call(policyEditorPage, 'POST', {
      action: 'render',
      form: { ...tenantForm('tenant_id ='), withCheck: { mode: 'none' } },
    })
    expect(parsed.fields).toEqual({ using: expect.stringMatching(/^syntax error at or near/) })
    expect(await changeLogSize()).toBe(before)
    expect((await introspectRelation(f.ctx.pool, LEDGER)).policies).toEqual([])
    const { rows } = await db().admin.query(
      `SELECT to_regclass('app.ledger') IS NOT NULL AS present`,
    )
    expect(rows[0].present).toBe(true)
  })

  it('refuses an unknown column on its field, with its position, before the database sees it', async () => {
    const reply = await f.call(policyEditorPage, 'POST', {
      action: 'policy',
      mode: 'preview',
      form: { ...tenantForm('tenant_id = 1 AND tenant = 1'), withCheck: { mode: 'none' } },
    })
    expect(reply).toMatchObject({
      ok: false,
      fields: { using: 'no column "tenant" in app.ledger at position 19' },
    })
  })

  it('reports what PostgreSQL refuses in a dry run and on apply, rolling back', async () => {
    const before = await changeLogSize()
    const form = tenantForm(`tenant_id = 'abc'`)
    const dry = await f.call(policyEditorPage, 'POST', { action: 'policy', mode: 'preview', form })
    const preview = dry.preview as {
      ok: boolean
      statements: { status: string; error?: { message: string; sqlstate?: string } }[]
    }
    expect(preview.ok).toBe(false)
    expect(preview.statements[0]).toMatchObject({
      status: 'error',
      error: {
        sqlstate: '22P02',
        message: expect.stringMatching(/invalid input syntax for type integer/),
      },
    })
    const applied = await f.call(policyEditorPage, 'POST', {
      action: 'policy',
      mode: 'apply',
      form,
    })
    expect(applied).toMatchObject({
      ok: false,
      outcome: 'rolled back',
      error: { sqlstate: '22P02' },
    })
    // A failed apply is recorded too, as rolled back.
    expect(await changeLogSize()).toBe(before + 1)
    expect((await introspectRelation(f.ctx.pool, LEDGER)).policies).toEqual([])
  })

  it('refuses a duplicate policy name on the name field', async () => {
    const reply = await f.call(policyEditorPage, 'POST', {
      action: 'render',
      form: {
        ...tenantForm('true'),
        table: { schema: 'app', name: 'invoice_raw' },
        name: 'tenant_isolation',
      },
    })
    expect(reply).toMatchObject({
      ok: false,
      fields: { name: expect.stringMatching(/already has a policy/) },
    })
  })

  it('changes nothing on GET, whatever the query asks for', async () => {
    const before = await changeLogSize()
    const query = {
      action: 'change',
      table: LEDGER,
      change: 'disable',
      mode: 'apply',
      'table.schema': 'app',
    }
    const reply = await f.call(rowSecurityPage, 'GET', query)
    expect(reply).toMatchObject({
      ok: false,
      fields: { action: expect.stringMatching(/only done on POST/) },
    })
    const drop = await f.call(policyListPage, 'GET', { action: 'drop', mode: 'apply' })
    expect(drop.ok).toBe(false)
    const run = await f.call(testerPage, 'GET', { action: 'run', role: 'karen' })
    expect(run.ok).toBe(false)
    expect(await rls('app.ledger')).toEqual({ relrowsecurity: true, relforcerowsecurity: false })
    expect(await changeLogSize()).toBe(before)
  })
})

describe('custom templates', () => {
  it('saves a template in the console schema, owned by the console login, and reuses it on two tables', async () => {
    const refused = await f.call(policyEditorPage, 'POST', {
      action: 'save-template',
      name: 'own rows',
      using: '{{owner}} = current_user; DROP TABLE app.ledger',
    })
    expect(refused).toMatchObject({ ok: false, fields: { using: expect.any(String) } })
    const saved = await f.call(policyEditorPage, 'POST', {
      action: 'save-template',
      name: 'own rows',
      description: 'Rows whose owner column is the current role',
      using: '{{owner}} = current_user',
    })
    expect(saved).toMatchObject({
      ok: true,
      saved: { name: 'own rows', params: ['owner'], createdBy: 'bob' },
    })
    const { rows } = await db().admin.query(
      `SELECT tableowner FROM pg_tables WHERE schemaname = 'planetary' AND tablename = 'policy_templates'`,
    )
    expect(rows[0]?.tableowner).toBe(f.login)

    const loaded = await f.call(policyEditorPage, 'GET')
    expect((loaded.customTemplates as { name: string }[]).map((t) => t.name)).toEqual(['own rows'])

    const onLedger = await f.call(policyEditorPage, 'POST', {
      action: 'template',
      custom: 'own rows',
      params: { owner: 'owner_name' },
      table: LEDGER,
      command: 'SELECT',
    })
    expect(onLedger).toMatchObject({
      ok: true,
      using: '"owner_name" = current_user',
      withCheck: null,
    })
    const onNotes = await f.call(policyEditorPage, 'POST', {
      action: 'template',
      custom: 'own rows',
      params: { owner: 'author' },
      table: { schema: 'app', name: 'notes' },
      command: 'ALL',
    })
    expect(onNotes).toMatchObject({ ok: true, using: '"author" = current_user' })
    const wrong = await f.call(policyEditorPage, 'POST', {
      action: 'template',
      custom: 'own rows',
      params: { owner: 'owner_name' },
      table: { schema: 'app', name: 'notes' },
    })
    expect(wrong).toMatchObject({
      ok: false,
      fields: { 'params.owner': expect.stringMatching(/no column/) },
    })

    const form = {
      table: { schema: 'app', name: 'notes' },
      name: 'own notes',
      command: 'SELECT',
      roles: ['karen'],
      using: { mode: 'raw', raw: onNotes.using },
      enableRls: true,
    }
    const applied = await f.call(policyEditorPage, 'POST', {
      action: 'policy',
      mode: 'apply',
      form,
    })
    expect((applied.statements as { summary: string }[]).map((s) => s.summary)).toEqual([
      'Enable row level security on app.notes',
      'Create permissive policy own notes for SELECT on app.notes',
    ])
    const notes = await asRole('karen', {}, 'SELECT body FROM app.notes')
    expect(notes).toEqual([{ body: 'mine' }])
  })
})

describe('coverage map', () => {
  beforeAll(async () => {
    await db().admin.query(`
      CREATE SCHEMA cov AUTHORIZATION platform_ddl;
      SET ROLE platform_ddl;
      CREATE TABLE cov.open (id int);
      CREATE TABLE cov.gap (id int, tenant_id int);
      CREATE TABLE cov.wide (id int);
      ALTER TABLE cov.gap ENABLE ROW LEVEL SECURITY;
      ALTER TABLE cov.wide ENABLE ROW LEVEL SECURITY;
      CREATE POLICY gap_read ON cov.gap FOR SELECT TO karen USING (tenant_id = 1);
      CREATE POLICY everything ON cov.wide FOR SELECT TO bob_devops USING (true);
      GRANT USAGE ON SCHEMA cov TO karen, bob_devops;
      GRANT SELECT ON cov.open TO karen;
      GRANT SELECT, UPDATE ON cov.gap TO karen;
      GRANT SELECT ON cov.wide TO bob_devops;
      RESET ROLE;
    `)
  })

  it('finds gaps, always-true policies and tables exposed without RLS on a fixture', async () => {
    const facts = await readCoverageFacts(f.ctx.pool, {
      consoleSchema: 'planetary',
      schemas: ['cov'],
    })
    const map = coverageMap(facts)
    expect(map.rows.map((r) => r.table)).toEqual(['gap', 'open', 'wide'])
    expect(map.roles).toEqual(expect.arrayContaining(['karen', 'bob_devops', 'platform_ddl']))
    expect(map.findings.gaps).toEqual([
      { schema: 'cov', table: 'gap', role: 'karen', command: 'UPDATE' },
    ])
    expect(map.findings.alwaysTrue).toEqual([
      { schema: 'cov', table: 'wide', policy: 'everything', clause: 'USING' },
    ])
    expect(map.findings.exposed).toEqual([
      { schema: 'cov', table: 'open', roles: [{ role: 'karen', privileges: ['SELECT'] }] },
    ])
    const state = (table: string, role: string, command: string) =>
      map.rows
        .find((r) => r.table === table)
        ?.cells.find((c) => c.role === role && c.command === command)?.state
    expect(state('gap', 'karen', 'SELECT')).toBe('filtered')
    expect(state('wide', 'bob_devops', 'SELECT')).toBe('always-true')
    expect(state('wide', 'karen', 'SELECT')).toBe('no-privilege')
    expect(state('open', 'platform_ddl', 'SELECT')).toBe('owner')
  })

  it('agrees with has_table_privilege and with what the roles actually see', async () => {
    const map = coverageMap(
      await readCoverageFacts(f.ctx.pool, { consoleSchema: 'planetary', schemas: ['cov'] }),
    )
    for (const row of map.rows) {
      for (const cell of row.cells) {
        const { rows } = await db().admin.query(`SELECT has_table_privilege($1, $2, $3) AS ok`, [
          cell.role,
          `cov.${row.table}`,
          cell.command,
        ])
        expect(cell.state === 'no-privilege', `${cell.role} ${cell.command} cov.${row.table}`).toBe(
          !rows[0].ok,
        )
      }
    }
    await db().admin.query(
      `INSERT INTO cov.gap VALUES (1, 1), (2, 2); INSERT INTO cov.wide VALUES (1), (2)`,
    )
    // The gap: karen holds UPDATE but no policy lets her update a row.
    const updated = await withSession(f.ctx.pool, { name: 't', role: 'karen', claims: {} }, (s) =>
      s.query(sql`UPDATE cov.gap SET id = id RETURNING id`),
    )
    expect(updated).toEqual([])
    const wide = await withSession(f.ctx.pool, { name: 't', role: 'bob_devops', claims: {} }, (s) =>
      s.query(sql`SELECT id FROM cov.wide`),
    )
    expect(wide).toHaveLength(2)
  })

  it('serves the map through its page, filtered by schema and role', async () => {
    const reply = await f.call(coveragePage, 'GET', { schemas: 'cov', roles: 'karen' })
    const map = reply.map as { roles: string[]; rows: { cells: unknown[] }[] }
    expect(map.roles).toEqual(['karen'])
    expect(map.rows).toHaveLength(3)
    expect(map.rows[0]?.cells).toHaveLength(4)
    expect(reply.schemas).toEqual(expect.arrayContaining(['app', 'cov']))
    expect(reply.schemas).not.toContain('planetary')
  })
})

describe('policy tester', () => {
  const run = (body: Record<string, unknown>, user = BOB) =>
    f.call(testerPage, 'POST', { action: 'run', ...body }, user)

  it('offers only roles the tester login may SET ROLE to, without DDL or bypassing roles', async () => {
    const reply = await f.call(testerPage, 'GET', {}, SENIOR)
    const roles = (reply.roles as { name: string }[]).map((r) => r.name)
    expect(roles).toEqual(expect.arrayContaining(['karen', 'bob_devops', 'senior_dev']))
    expect(roles).not.toContain('platform_ddl')
    expect(roles).not.toContain(f.login)
    expect(roles).not.toContain('postgres')
  })

  it('returns only the chosen tenant’s rows and names the policies that applied', async () => {
    const reply = await run({
      role: 'karen',
      claims: '{"tenant_id": 1}',
      relation: { schema: 'app', name: 'invoice_v' },
    })
    expect(reply, JSON.stringify(reply)).toMatchObject({ ok: true })
    const result = reply.result as {
      columns: string[]
      rows: unknown[][]
      applied: {
        schema: string
        name: string
        checkedAs: string
        bypass: string | null
        policies: { name: string }[]
      }[]
      filters: string[]
    }
    const tenant = result.columns.indexOf('tenant_id')
    expect(result.rows).toHaveLength(50)
    expect(new Set(result.rows.map((r) => r[tenant]))).toEqual(new Set([1]))
    expect(result.applied).toEqual([
      expect.objectContaining({
        schema: 'app',
        name: 'invoice_raw',
        checkedAs: 'platform_ddl',
        bypass: null,
        policies: [expect.objectContaining({ name: 'tenant_isolation', permissive: true })],
      }),
    ])
    expect(result.filters.join('\n')).toMatch(/tenant_id = .*current_setting\('app\.tenant_id'/)

    const two = await run({
      role: 'karen',
      claims: { tenant_id: 2 },
      relation: { schema: 'app', name: 'invoice_v' },
    })
    const rows2 = two.result as { rows: unknown[][]; columns: string[] }
    const t2 = rows2.columns.indexOf('tenant_id')
    expect(new Set(rows2.rows.map((r) => r[t2]))).toEqual(new Set([2]))
  })

  it('reports the database refusing the role, and refuses bad input by field', async () => {
    const denied = await run({
      role: 'karen',
      claims: {},
      relation: { schema: 'app', name: 'invoice_raw' },
    })
    expect(denied).toMatchObject({ ok: false, error: { sqlstate: '42501' } })
    const role = await run({
      role: 'platform_ddl',
      claims: {},
      relation: { schema: 'app', name: 'invoice_v' },
    })
    expect(role).toMatchObject({
      ok: false,
      fields: { role: expect.stringMatching(/may not test as/) },
    })
    const claims = await run({
      role: 'karen',
      claims: '{tenant_id: 1',
      relation: { schema: 'app', name: 'invoice_v' },
    })
    expect(claims).toMatchObject({
      ok: false,
      fields: { claims: expect.stringMatching(/not JSON/) },
    })
    const badName = await run({
      role: 'karen',
      claims: { 'x; drop': 1 },
      relation: { schema: 'app', name: 'invoice_v' },
    })
    expect(badName).toMatchObject({ ok: false, fields: { claims: expect.any(String) } })
    const own = await run({
      role: 'karen',
      claims: {},
      relation: { schema: 'planetary', name: 'users' },
    })
    expect(own).toMatchObject({ ok: false, fields: { relation: expect.any(String) } })
    const karenUser = { name: 'karen', role: 'karen', personas: ['data' as const] }
    const persona = await run(
      { role: 'karen', claims: {}, relation: { schema: 'app', name: 'invoice_v' } },
      karenUser,
    )
    expect(persona).toMatchObject({ ok: false, message: expect.stringMatching(/ops and dev/) })
  })

  it('filters and orders inside what the policies allow, never beyond', async () => {
    const invoices = { schema: 'app', name: 'invoice_v' }
    const reply = await run({
      role: 'karen',
      claims: { tenant_id: 1 },
      relation: invoices,
      where: 'amount > 500 OR tenant_id = 2',
      orderBy: { column: 'id', descending: true },
    })
    expect(reply, JSON.stringify(reply)).toMatchObject({ ok: true })
    const result = reply.result as {
      columns: string[]
      rows: unknown[][]
      where: string
      orderBy: unknown
    }
    const col = (name: string) => result.columns.indexOf(name)
    expect(result.rows.length).toBeGreaterThan(0)
    // tenant_id = 2 asks for the other tenant's rows: RLS still hides them.
    expect(new Set(result.rows.map((r) => r[col('tenant_id')]))).toEqual(new Set([1]))
    expect(result.rows.every((r) => Number(r[col('amount')]) > 500)).toBe(true)
    const ids = result.rows.map((r) => Number(r[col('id')]))
    expect(ids).toEqual([...ids].sort((a, b) => b - a))
    expect(result).toMatchObject({
      where: 'amount > 500 OR tenant_id = 2',
      orderBy: { column: 'id', descending: true },
    })
    const { rows } = await db().admin.query(
      `SELECT count(*)::int AS n FROM app.invoice_raw WHERE tenant_id = 1 AND amount > 500`,
    )
    expect(result.rows).toHaveLength(Math.min(50, rows[0].n))
  })

  it('refuses a filter that is not one expression on the relation’s columns, by field', async () => {
    const invoices = { schema: 'app', name: 'invoice_v' }
    const tryWhere = (where: string) =>
      run({ role: 'karen', claims: { tenant_id: 1 }, relation: invoices, where })
    expect(await tryWhere('tenant_id = 1); DROP TABLE app.invoice_raw; --')).toMatchObject({
      ok: false,
      fields: { where: expect.any(String) },
    })
    expect(await tryWhere('secret = 1')).toMatchObject({
      ok: false,
      fields: { where: 'no column "secret" in app.invoice_v at position 1' },
    })
    expect(
      await tryWhere(`pg_catalog.set_config('role', 'platform_ddl', true) IS NOT NULL`),
    ).toMatchObject({
      ok: false,
      fields: { where: expect.stringMatching(/^set_config cannot be called here/) },
    })
    expect(await tryWhere('pg_advisory_lock(42) IS NULL')).toMatchObject({
      ok: false,
      fields: { where: expect.stringMatching(/^pg_advisory_lock cannot be called here/) },
    })
    expect(await tryWhere('issued_on = 42')).toMatchObject({
      ok: false,
      fields: { where: expect.stringMatching(/operator does not exist: date = integer/) },
    })
    expect(
      await run({
        role: 'karen',
        claims: {},
        relation: invoices,
        orderBy: { column: 'nope' },
      }),
    ).toMatchObject({ ok: false, fields: { orderBy: 'no column "nope" in app.invoice_v' } })
  })

  it('reads in a read-only transaction', async () => {
    await db().admin.query(`
      CREATE FUNCTION app.write_something() RETURNS int LANGUAGE sql VOLATILE AS $$ INSERT INTO app.notes VALUES (99, 'x', 'y') RETURNING 1 $$;
      CREATE VIEW app.sneaky AS SELECT app.write_something() AS n;
      GRANT SELECT ON app.sneaky TO karen;
    `)
    const reply = await run({
      role: 'karen',
      claims: {},
      relation: { schema: 'app', name: 'sneaky' },
    })
    expect(reply).toMatchObject({ ok: false, error: { sqlstate: '25006' } })
    const { rows } = await db().admin.query(
      `SELECT count(*)::int AS n FROM app.notes WHERE id = 99`,
    )
    expect(rows[0].n).toBe(0)
  })
})

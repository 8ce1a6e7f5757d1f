import { beforeAll, describe, expect, it } from 'vitest'
import { withSession } from '../../../core/db/session.js'
import { introspectRelation } from '../../../core/introspect/index.js'
import { sql } from '../../../core/sql/sql.js'
import { coveragePage } from '../../../plugins/policies/pages/coverage.js'
import { policyListPage } from '../../../plugins/policies/pages/policy-list.js'
import { useTestDatabase } from '../../harness/database.js'
import { pluginFixture, type PluginFixture } from '../../harness/plugin-fixture.js'

const db = useTestDatabase()
let f: PluginFixture

const DIARY = { schema: 'app', name: 'diary' }

beforeAll(async () => {
  f = await pluginFixture(db())
  // Karen reads her own entries (permissive) that are not archived (restrictive).
  await db().admin.query(`
    SET ROLE platform_ddl;
    CREATE TABLE app.diary (id int PRIMARY KEY, author text NOT NULL, archived boolean NOT NULL);
    INSERT INTO app.diary VALUES (1, 'karen', false), (2, 'karen', true), (3, 'bob_devops', false);
    GRANT SELECT ON app.diary TO karen;
    ALTER TABLE app.diary ENABLE ROW LEVEL SECURITY;
    CREATE POLICY "own entries" ON app.diary FOR SELECT TO karen, bob_devops USING (author = current_user);
    COMMENT ON POLICY "own entries" ON app.diary IS 'each reads what they wrote';
    CREATE POLICY not_archived ON app.diary AS RESTRICTIVE FOR ALL USING (NOT archived)
      WITH CHECK (NOT archived);
    RESET ROLE;
  `)
}, 120_000)

const karenSees = async () =>
  (
    await withSession(f.ctx.pool, { name: 'test', role: 'karen', claims: {} }, (s) =>
      s.query<{ id: number }>(sql.raw('SELECT id FROM app.diary ORDER BY id')),
    )
  ).map((r) => r.id)

const policies = async () =>
  (await introspectRelation(f.ctx.pool, DIARY)).policies
    .map((p) => ({
      name: p.name,
      command: p.command,
      permissive: p.permissive,
      roles: p.roles,
      using: p.using,
      withCheck: p.withCheck,
      comment: p.comment,
    }))
    .sort((a, b) => a.name.localeCompare(b.name))

const list = async () => {
  const reply = await f.call(policyListPage, 'GET')
  expect(reply.ok).toBe(true)
  return reply as unknown as {
    policies: { table: string; name: string }[]
    disabled: { table: string; name: string; disabledBy: string; permissive: boolean }[]
  }
}

const post = (action: string, name: string, mode: string) =>
  f.call(policyListPage, 'POST', { action, mode, table: DIARY, name })

describe('disabling and enabling one policy', () => {
  let original: Awaited<ReturnType<typeof policies>>

  it('shows the plan: keep the definition, then drop the policy', async () => {
    original = await policies()
    expect(original.map((p) => p.name)).toEqual(['not_archived', 'own entries'])
    expect(await karenSees()).toEqual([1])
    const shown = await post('disable', 'not_archived', 'render')
    expect(shown.ok).toBe(true)
    expect(String(shown.sql)).toMatch(
      /^INSERT INTO "planetary"."disabled_policies" \(table_schema, table_name, policy_name, definition, disabled_by\)\nVALUES \('app', 'diary', 'not_archived', '\{"command":"all","permissive":false,.*\}'::jsonb, 'bob'\);\n\nDROP POLICY "not_archived" ON "app"."diary";$/s,
    )
  })

  it('changes nothing in a dry run', async () => {
    const dry = await post('disable', 'not_archived', 'preview')
    expect(dry.preview).toMatchObject({ ok: true })
    expect(await policies()).toEqual(original)
    expect((await list()).disabled).toEqual([])
  })

  it('disables it: the policy is gone, its rows show, and it is listed as disabled', async () => {
    const applied = await post('disable', 'not_archived', 'apply')
    expect(applied.applied).toMatchObject({ outcome: 'committed' })
    expect((await policies()).map((p) => p.name)).toEqual(['own entries'])
    expect(await karenSees()).toEqual([1, 2])
    const after = await list()
    expect(after.policies.some((p) => p.table === 'diary' && p.name === 'not_archived')).toBe(false)
    expect(after.disabled).toEqual([
      expect.objectContaining({
        table: 'diary',
        name: 'not_archived',
        permissive: false,
        disabledBy: 'bob',
      }),
    ])
    const coverage = await f.call(coveragePage, 'GET', { schemas: 'app' })
    expect(coverage.disabled).toEqual([
      { schema: 'app', table: 'diary', name: 'not_archived', command: 'ALL', disabledBy: 'bob' },
    ])
    expect((await f.call(coveragePage, 'GET', { schemas: 'public' })).disabled).toEqual([])
    const { rows } = await db().admin.query(
      `SELECT statements FROM planetary.change_log ORDER BY id DESC LIMIT 1`,
    )
    expect(JSON.stringify(rows[0])).toMatch(/DROP POLICY/)
  })

  it('refuses to disable what is not there, or to enable what was not disabled, by field', async () => {
    expect(await post('disable', 'not_archived', 'render')).toMatchObject({
      ok: false,
      fields: { name: 'no policy not_archived on app.diary' },
    })
    expect(await post('enable', 'own entries', 'render')).toMatchObject({
      ok: false,
      fields: { name: 'no disabled policy own entries on app.diary' },
    })
  })

  it('enables it again exactly as it was, and forgets the record', async () => {
    const shown = await post('enable', 'not_archived', 'render')
    expect(shown.sql).toBe(`CREATE POLICY "not_archived" ON "app"."diary"
  AS RESTRICTIVE
  FOR ALL
  TO PUBLIC
  USING ((NOT archived))
  WITH CHECK ((NOT archived));

DELETE FROM "planetary"."disabled_policies"
WHERE table_schema = 'app' AND table_name = 'diary' AND policy_name = 'not_archived';`)
    expect((await post('enable', 'not_archived', 'apply')).ok).toBe(true)
    expect(await policies()).toEqual(original)
    expect(await karenSees()).toEqual([1])
    expect((await list()).disabled).toEqual([])
  })

  it('keeps the comment and the roles of a disabled policy', async () => {
    expect((await post('disable', 'own entries', 'apply')).ok).toBe(true)
    expect(await karenSees()).toEqual([])
    const shown = await post('enable', 'own entries', 'render')
    expect(shown.sql).toMatch(/TO "karen", "bob_devops"/)
    expect(shown.sql).toMatch(
      /COMMENT ON POLICY "own entries" ON "app"."diary" IS 'each reads what they wrote';/,
    )
    expect((await post('enable', 'own entries', 'apply')).ok).toBe(true)
    expect(await policies()).toEqual(original)
  })

  it('refuses to enable over a policy of the same name made meanwhile', async () => {
    expect((await post('disable', 'own entries', 'apply')).ok).toBe(true)
    await db().admin.query(
      `SET ROLE platform_ddl; CREATE POLICY "own entries" ON app.diary USING (true); RESET ROLE`,
    )
    expect(await post('enable', 'own entries', 'render')).toMatchObject({
      ok: false,
      fields: { name: expect.stringMatching(/has a policy named own entries again/) },
    })
    expect(await post('disable', 'own entries', 'render')).toMatchObject({
      ok: false,
      fields: { name: expect.stringMatching(/already kept: enable or forget it first/) },
    })
    await db().admin.query(
      `SET ROLE platform_ddl; DROP POLICY "own entries" ON app.diary; RESET ROLE`,
    )
  })

  it('fails whole when the table changed: the record stays, nothing is created; forget drops it', async () => {
    await db().admin.query(
      `SET ROLE platform_ddl; ALTER TABLE app.diary RENAME COLUMN author TO written_by; RESET ROLE`,
    )
    const dry = await post('enable', 'own entries', 'preview')
    expect(dry.preview).toMatchObject({ ok: false })
    const applied = await post('enable', 'own entries', 'apply')
    expect(applied).toMatchObject({ ok: false, error: { sqlstate: '42703' } })
    expect((await policies()).map((p) => p.name)).toEqual(['not_archived'])
    expect((await list()).disabled.map((d) => d.name)).toEqual(['own entries'])
    const forget = await post('forget', 'own entries', 'render')
    expect(forget.sql).toBe(`DELETE FROM "planetary"."disabled_policies"
WHERE table_schema = 'app' AND table_name = 'diary' AND policy_name = 'own entries';`)
    expect((await post('forget', 'own entries', 'apply')).ok).toBe(true)
    expect((await list()).disabled).toEqual([])
    expect((await policies()).map((p) => p.name)).toEqual(['not_archived'])
  })
})

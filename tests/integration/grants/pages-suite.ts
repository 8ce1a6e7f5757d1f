import { beforeAll, describe, expect, it } from 'vitest'
import type { Flavor } from '../../../core/cluster/cluster.js'
import { withSession } from '../../../core/db/session.js'
import { ExecutionError } from '../../../core/errors.js'
import { quoteIdent, sql } from '../../../core/sql/sql.js'
import type { CellMap, MatrixGrid } from '../../../plugins/grants/matrix-grid.js'
import { defaultsPage } from '../../../plugins/grants/pages/defaults.js'
import { matrixPage } from '../../../plugins/grants/pages/matrix.js'
import { privilegesPage } from '../../../plugins/grants/pages/privileges.js'
import { useTestDatabase } from '../../harness/database.js'
import { pluginFixture, type PluginFixture } from '../../harness/plugin-fixture.js'

interface Acl {
  isDefault: boolean
  owner: string
  entries: { grantee: string; privilege: string; grantable: boolean; grantor: string }[]
  columns: { name: string; entries: { grantee: string; privilege: string }[] }[]
}

const NOTES = { kind: 'table', schema: 'app', name: 'notes' }

/**
 * The grants pages as bob on the demo, acting as the affected roles afterwards: every apply is
 * followed by a fresh read of the catalog (page load) and by what the role can now do.
 */
export function pagesSuite(flavor: Flavor): void {
  describe(`grants pages on ${flavor}`, () => {
    const db = useTestDatabase({ flavor })
    let f: PluginFixture
    let major = 0

    beforeAll(async () => {
      f = await pluginFixture(db())
      major = Math.floor(db().versionNum / 10000)
      await db().admin.query(`
        SET ROLE platform_ddl;
        CREATE TABLE app.notes (id int PRIMARY KEY, body text, secret text);
        INSERT INTO app.notes VALUES (1, 'hello', 'psst');
        CREATE TABLE app.audit_trail (id int, what text);
        INSERT INTO app.audit_trail VALUES (1, 'created');
        CREATE PROCEDURE app.archive_notes(days integer DEFAULT 30) LANGUAGE sql AS 'SELECT 1';
        CREATE SEQUENCE app.note_ids;
        RESET ROLE;
        CREATE SCHEMA reports AUTHORIZATION platform_ddl;
        SET ROLE platform_ddl;
        CREATE TABLE reports.daily (day date, total int);
        INSERT INTO reports.daily VALUES ('2026-12-01', 7);
        GRANT SELECT ON reports.daily TO karen;
        RESET ROLE;
        CREATE ROLE gr_readers NOLOGIN;
        CREATE ROLE gr_analyst NOLOGIN;
        GRANT gr_analyst TO ${quoteIdent(f.login)};
        GRANT USAGE ON SCHEMA app TO gr_readers;
      `)
    }, 120_000)

    const as = (role: string, query: string) =>
      withSession(f.ctx.pool, { name: 'test', role, claims: {} }, (s) => s.query(sql.raw(query)))

    const refusedAs = async (role: string, query: string) => {
      try {
        await as(role, query)
      } catch (err) {
        if (err instanceof ExecutionError) return err.sqlstate
        throw err
      }
      return 'allowed'
    }

    const acl = async (target: Record<string, string>) => {
      const reply = await f.call(privilegesPage, 'GET', target)
      expect(reply.ok).toBe(true)
      return reply.acl as Acl
    }

    const matrix = async (query: Record<string, string> = {}) => {
      const reply = await f.call(matrixPage, 'GET', { schema: 'app', ...query })
      expect(reply.ok).toBe(true)
      return reply as unknown as { grid: MatrixGrid; columns: { cells: CellMap } | null }
    }

    const oid = (grid: MatrixGrid, name: string) =>
      String(grid.relations.find((r) => r.name === name)?.oid)

    it('grants SELECT on a table from the privileges page: the role can read it', async () => {
      expect(await refusedAs('karen', 'SELECT body FROM app.notes')).toBe('42501')
      const before = await acl(NOTES)
      expect(before.isDefault).toBe(true)
      expect(before.entries.every((e) => e.grantee === 'platform_ddl')).toBe(true)
      const form = { action: 'grant', target: NOTES, privileges: ['SELECT'], grantees: ['karen'] }
      const shown = await f.call(privilegesPage, 'POST', { ...form, mode: 'render' })
      expect(shown.sql).toBe('GRANT SELECT ON TABLE "app"."notes" TO "karen";')
      expect(shown.warnings).toEqual([
        'app.notes still has the built-in default privileges (owner platform_ddl); this grant writes them out as an explicit ACL.',
      ])
      const dry = await f.call(privilegesPage, 'POST', { ...form, mode: 'preview' })
      expect((dry.preview as { ok: boolean }).ok).toBe(true)
      expect(await refusedAs('karen', 'SELECT body FROM app.notes')).toBe('42501')
      const applied = await f.call(privilegesPage, 'POST', { ...form, mode: 'apply' })
      expect((applied.applied as { outcome: string }).outcome).toBe('committed')
      expect((applied.acl as Acl).entries).toContainEqual({
        grantee: 'karen',
        privilege: 'SELECT',
        grantable: false,
        grantor: 'platform_ddl',
      })
      expect(await as('karen', 'SELECT body FROM app.notes')).toEqual([{ body: 'hello' }])
      const after = await acl(NOTES)
      expect(after.isDefault).toBe(false)
      const { grid } = await matrix()
      expect(grid.cells.karen?.[oid(grid, 'notes')]?.SELECT?.direct).toBe(true)
    })

    it('revokes one column from the page: that column is refused (42501), the others still read', async () => {
      const columns = { kind: 'columns', schema: 'app', name: 'notes' }
      const grantAll = await f.call(privilegesPage, 'POST', {
        action: 'grant',
        mode: 'apply',
        target: { ...columns, columns: ['id', 'body', 'secret'] },
        privileges: ['SELECT'],
        grantees: ['bob_devops'],
      })
      expect(grantAll.ok).toBe(true)
      expect(await as('bob_devops', 'SELECT secret FROM app.notes')).toEqual([{ secret: 'psst' }])
      const revoke = {
        action: 'revoke',
        target: { ...columns, columns: ['secret'] },
        privileges: ['SELECT'],
        grantees: ['bob_devops'],
      }
      const shown = await f.call(privilegesPage, 'POST', { ...revoke, mode: 'render' })
      expect(shown.sql).toBe('REVOKE SELECT ("secret") ON TABLE "app"."notes" FROM "bob_devops";')
      expect((await f.call(privilegesPage, 'POST', { ...revoke, mode: 'apply' })).ok).toBe(true)
      expect(await refusedAs('bob_devops', 'SELECT secret FROM app.notes')).toBe('42501')
      expect(await as('bob_devops', 'SELECT id, body FROM app.notes')).toEqual([
        { id: 1, body: 'hello' },
      ])
      const after = await acl(NOTES)
      const grantees = (name: string) =>
        after.columns.find((c) => c.name === name)?.entries.map((e) => e.grantee)
      expect(grantees('body')).toEqual(['bob_devops'])
      expect(grantees('secret')).toEqual([])
      const cols = (await matrix({ relation: 'notes' })).columns?.cells ?? {}
      expect(cols.bob_devops?.body?.SELECT).toMatchObject({ direct: true, table: false })
      expect(cols.bob_devops?.secret?.SELECT).toBeUndefined()
      expect(cols.karen?.secret?.SELECT).toMatchObject({ direct: false, table: true })
    })

    it('a membership carries a grant made on the matrix page: shown as via, and the role reads', async () => {
      const changes = [
        { role: 'gr_readers', relation: 'audit_trail', privilege: 'SELECT', action: 'grant' },
      ]
      const shown = await f.call(matrixPage, 'POST', {
        action: 'change',
        mode: 'render',
        schema: 'app',
        changes,
      })
      expect(shown.sql).toBe('GRANT SELECT ON TABLE "app"."audit_trail" TO "gr_readers";')
      const applied = await f.call(matrixPage, 'POST', {
        action: 'change',
        mode: 'apply',
        schema: 'app',
        changes,
      })
      expect((applied.applied as { outcome: string }).outcome).toBe('committed')
      expect(await refusedAs('gr_analyst', 'SELECT what FROM app.audit_trail')).toBe('42501')
      await db().admin.query('GRANT gr_readers TO gr_analyst')
      const { grid } = await matrix()
      const cell = grid.cells.gr_analyst?.[oid(grid, 'audit_trail')]?.SELECT
      expect(cell).toEqual({
        direct: false,
        reasons: [
          { kind: 'member', text: 'via gr_analyst → gr_readers (granted by platform_ddl)' },
        ],
      })
      expect(await as('gr_analyst', 'SELECT what FROM app.audit_trail')).toEqual([
        { what: 'created' },
      ])
      // Revoking a direct grant the role does not have: nothing to do, and the membership stays.
      const warned = await f.call(matrixPage, 'POST', {
        action: 'change',
        mode: 'render',
        schema: 'app',
        changes: [
          { role: 'gr_analyst', relation: 'audit_trail', privilege: 'SELECT', action: 'revoke' },
        ],
      })
      expect(warned.warnings).toEqual([
        'gr_analyst has no direct grant of SELECT on app.audit_trail: there is nothing to revoke.',
        'Revoking the direct grant will not remove SELECT on app.audit_trail from gr_analyst: via gr_analyst → gr_readers (granted by platform_ddl).',
      ])
    })

    it('default privileges from the page reach a table created afterwards', async () => {
      const form = {
        action: 'change',
        forRole: 'platform_ddl',
        schema: 'app',
        objects: 'TABLES',
        privileges: ['SELECT'],
        grantees: ['senior_dev'],
      }
      const shown = await f.call(defaultsPage, 'POST', { ...form, mode: 'render' })
      expect(shown.sql).toBe(
        'ALTER DEFAULT PRIVILEGES FOR ROLE "platform_ddl" IN SCHEMA "app" GRANT SELECT ON TABLES TO "senior_dev";',
      )
      const applied = await f.call(defaultsPage, 'POST', { ...form, mode: 'apply' })
      expect(applied.entries).toContainEqual(
        expect.objectContaining({
          role: 'platform_ddl',
          schema: 'app',
          objectType: 'tables',
          grantee: 'senior_dev',
          privilege: 'SELECT',
        }),
      )
      await db().admin.query(`SET ROLE platform_ddl;
        CREATE TABLE app.later (id int); INSERT INTO app.later VALUES (7); RESET ROLE;`)
      expect(await as('senior_dev', 'SELECT id FROM app.later')).toEqual([{ id: 7 }])
      const { grid } = await matrix()
      expect(grid.cells.senior_dev?.[oid(grid, 'later')]?.SELECT?.direct).toBe(true)
      const listed = await f.call(defaultsPage, 'GET')
      expect(listed.entries).toContainEqual(
        expect.objectContaining({ grantee: 'senior_dev', schema: 'app' }),
      )
    })

    it('turns toggled cells into one plan: dry run changes nothing, apply does, the grid reloads', async () => {
      const changes = [
        { role: 'karen', relation: 'notes', privilege: 'UPDATE', action: 'grant' },
        { role: 'karen', relation: 'notes', privilege: 'SELECT', action: 'revoke' },
        { role: 'karen', relation: 'notes', privilege: 'INSERT', action: 'grant' },
        { role: 'karen', relation: 'audit_trail', privilege: 'SELECT', action: 'grant' },
        { role: 'karen', relation: 'notes', column: 'body', privilege: 'SELECT', action: 'grant' },
      ]
      const body = { action: 'change', schema: 'app', changes }
      const shown = await f.call(matrixPage, 'POST', { ...body, mode: 'render' })
      expect((shown.statements as { sql: string }[]).map((s) => s.sql)).toEqual([
        'GRANT SELECT ON TABLE "app"."audit_trail" TO "karen"',
        'REVOKE SELECT ON TABLE "app"."notes" FROM "karen"',
        'GRANT INSERT, UPDATE ON TABLE "app"."notes" TO "karen"',
        'GRANT SELECT ("body") ON TABLE "app"."notes" TO "karen"',
      ])
      const dry = await f.call(matrixPage, 'POST', { ...body, mode: 'preview' })
      expect((dry.preview as { ok: boolean }).ok).toBe(true)
      expect(await refusedAs('karen', 'SELECT what FROM app.audit_trail')).toBe('42501')
      const applied = await f.call(matrixPage, 'POST', { ...body, mode: 'apply' })
      expect((applied.applied as { outcome: string }).outcome).toBe('committed')
      const { grid } = await matrix()
      const notes = grid.cells.karen?.[oid(grid, 'notes')] ?? {}
      expect(Object.keys(notes).sort()).toEqual(['INSERT', 'UPDATE'])
      expect(grid.cells.karen?.[oid(grid, 'audit_trail')]?.SELECT?.direct).toBe(true)
      expect(await as('karen', `INSERT INTO app.notes (id, body) VALUES (2, 'two')`)).toEqual([])
      // Only body: ORDER BY id would need SELECT on id too.
      expect(await as('karen', 'SELECT body FROM app.notes ORDER BY body')).toEqual([
        { body: 'hello' },
        { body: 'two' },
      ])
      expect(await refusedAs('karen', 'SELECT secret FROM app.notes')).toBe('42501')
    })

    it('revokes EXECUTE on a procedure from PUBLIC by its catalog identity', async () => {
      const load = await f.call(privilegesPage, 'GET')
      const objects = load.objects as {
        kind: string
        subkind: string
        name: string
        args: string
      }[]
      const proc = objects.find((o) => o.name === 'archive_notes')
      expect(proc).toMatchObject({
        kind: 'function',
        subkind: 'procedure',
        args: 'IN days integer',
      })
      expect(objects.some((o) => o.name === 'change_log')).toBe(false)
      const target = { kind: 'function', schema: 'app', name: 'archive_notes', args: proc?.args }
      const before = await acl({ ...target, args: proc?.args ?? '' })
      expect(before.isDefault).toBe(true)
      expect(before.entries).toContainEqual(expect.objectContaining({ grantee: 'PUBLIC' }))
      expect(await as('karen', 'CALL app.archive_notes()')).toEqual([])
      const form = {
        action: 'revoke',
        target,
        privileges: ['EXECUTE'],
        grantees: ['PUBLIC'],
      }
      const shown = await f.call(privilegesPage, 'POST', { ...form, mode: 'render' })
      expect(shown.sql).toBe(
        'REVOKE EXECUTE ON PROCEDURE "app"."archive_notes"(IN days integer) FROM PUBLIC;',
      )
      expect((await f.call(privilegesPage, 'POST', { ...form, mode: 'apply' })).ok).toBe(true)
      expect(await refusedAs('karen', 'CALL app.archive_notes()')).toBe('42501')
      const after = await acl({ ...target, args: proc?.args ?? '' })
      expect(after.entries.map((e) => e.grantee)).toEqual(['platform_ddl'])
    })

    it('grants USAGE on a schema and a sequence, then takes the schema back: the role follows', async () => {
      const schema = { kind: 'schema', name: 'reports' }
      const sequence = { kind: 'sequence', schema: 'app', name: 'note_ids' }
      expect(await refusedAs('karen', 'SELECT total FROM reports.daily')).toBe('42501')
      expect(await refusedAs('karen', "SELECT nextval('app.note_ids')")).toBe('42501')
      const change = (action: string, target: object, privileges: string[], mode: string) =>
        f.call(privilegesPage, 'POST', { action, mode, target, privileges, grantees: ['karen'] })
      expect((await change('grant', schema, ['USAGE'], 'render')).sql).toBe(
        'GRANT USAGE ON SCHEMA "reports" TO "karen";',
      )
      expect((await change('grant', sequence, ['USAGE'], 'render')).sql).toBe(
        'GRANT USAGE ON SEQUENCE "app"."note_ids" TO "karen";',
      )
      expect((await change('grant', schema, ['USAGE'], 'apply')).ok).toBe(true)
      expect((await change('grant', sequence, ['USAGE'], 'apply')).ok).toBe(true)
      expect(await as('karen', 'SELECT total FROM reports.daily')).toEqual([{ total: 7 }])
      expect(await as('karen', "SELECT nextval('app.note_ids') AS n")).toEqual([{ n: '1' }])
      expect((await acl(schema)).entries).toContainEqual(
        expect.objectContaining({ grantee: 'karen', privilege: 'USAGE' }),
      )
      expect((await acl(sequence)).entries).toContainEqual(
        expect.objectContaining({ grantee: 'karen', privilege: 'USAGE' }),
      )
      expect((await change('revoke', schema, ['USAGE'], 'apply')).ok).toBe(true)
      expect(await refusedAs('karen', 'SELECT total FROM reports.daily')).toBe('42501')
      expect((await acl(schema)).entries.map((e) => e.grantee)).not.toContain('karen')
    })

    it('grants with grant option, then takes only the option back', async () => {
      const base = { target: NOTES, privileges: ['REFERENCES'], grantees: ['senior_dev'] }
      await f.call(privilegesPage, 'POST', {
        ...base,
        action: 'grant',
        mode: 'apply',
        withGrantOption: true,
      })
      const held = async () =>
        (await acl(NOTES)).entries.find(
          (e) => e.grantee === 'senior_dev' && e.privilege === 'REFERENCES',
        )
      expect(await held()).toMatchObject({ grantable: true })
      const revoke = { ...base, action: 'revoke', grantOptionOnly: true }
      const shown = await f.call(privilegesPage, 'POST', { ...revoke, mode: 'render' })
      expect(shown.sql).toBe(
        'REVOKE GRANT OPTION FOR REFERENCES ON TABLE "app"."notes" FROM "senior_dev";',
      )
      await f.call(privilegesPage, 'POST', { ...revoke, mode: 'apply' })
      expect(await held()).toMatchObject({ grantable: false })
    })

    it('offers MAINTAIN only where the server has it, and refuses it by field elsewhere', async () => {
      const load = await f.call(privilegesPage, 'GET')
      const offered = load.privileges as Record<string, string[]>
      expect(offered.table?.includes('MAINTAIN')).toBe(major >= 17)
      expect(offered.columns).toEqual(['SELECT', 'INSERT', 'UPDATE', 'REFERENCES'])
      const reply = await f.call(privilegesPage, 'POST', {
        action: 'grant',
        mode: 'render',
        target: NOTES,
        privileges: ['MAINTAIN'],
        grantees: ['bob_devops'],
      })
      if (major >= 17) {
        expect(reply.sql).toBe('GRANT MAINTAIN ON TABLE "app"."notes" TO "bob_devops";')
      } else {
        expect(reply).toMatchObject({
          ok: false,
          fields: { privileges: `MAINTAIN needs PostgreSQL 17 or later (this server is ${major})` },
        })
      }
      const matrixReply = await f.call(matrixPage, 'POST', {
        action: 'change',
        mode: 'render',
        schema: 'app',
        changes: [{ role: 'karen', relation: 'notes', privilege: 'MAINTAIN', action: 'grant' }],
      })
      expect(matrixReply.ok).toBe(major >= 17)
    })

    it('refuses unknown roles, objects, columns and the console schema by field', async () => {
      const grant = (target: unknown, grantees = ['karen']) =>
        f.call(privilegesPage, 'POST', {
          action: 'grant',
          mode: 'render',
          target,
          privileges: ['SELECT'],
          grantees,
        })
      expect((await grant(NOTES, ['nobody'])).fields).toEqual({ grantees: 'no role "nobody"' })
      expect((await grant({ ...NOTES, name: 'ghost' })).fields).toEqual({
        target: 'no table app.ghost',
      })
      expect(
        (await grant({ kind: 'columns', schema: 'app', name: 'notes', columns: ['nope'] })).fields,
      ).toEqual({ 'target.columns': 'no column "nope" in app.notes' })
      expect((await grant({ kind: 'schema', name: 'planetary' })).fields).toEqual({
        target: "planetary is the console's own schema",
      })
      const unknownSchema = await f.call(matrixPage, 'GET', { schema: 'nope' })
      expect(unknownSchema).toMatchObject({
        ok: false,
        fields: { schema: 'no schema "nope" to show' },
      })
      // A GET never applies anything.
      const get = await f.call(matrixPage, 'GET', { action: 'change', mode: 'apply' })
      expect(get.ok).toBe(false)
    })
  })
}

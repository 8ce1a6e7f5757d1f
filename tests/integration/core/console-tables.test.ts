import { beforeAll, describe, expect, it } from 'vitest'
import { ensurePlanTable } from '../../../core/console-schema/plugin-tables.js'
import { sql } from '../../../core/sql/sql.js'
import { useTestDatabase } from '../../harness/database.js'
import { pluginFixture, type PluginFixture } from '../../harness/plugin-fixture.js'

const db = useTestDatabase()
let f: PluginFixture

beforeAll(async () => {
  f = await pluginFixture(db())
}, 120_000)

const ensure = () =>
  ensurePlanTable(
    f.ctx,
    { name: 'bob' },
    'race_notes',
    sql`  id int PRIMARY KEY, body text NOT NULL`,
    'a table the DDL role writes in its plans',
  )

const ddlMay = async (privilege: string) =>
  (
    await db().admin.query<{ ok: boolean }>(
      `SELECT has_table_privilege('platform_ddl', 'planetary.race_notes', $1) AS ok`,
      [privilege],
    )
  ).rows[0]?.ok

describe('console tables the DDL role writes inside its plans', () => {
  it('is made once when several first requests come at once, and logged', async () => {
    await Promise.all([ensure(), ensure(), ensure()])
    expect(await ddlMay('INSERT')).toBe(true)
    expect(await ddlMay('DELETE')).toBe(true)
    const { rows } = await db().admin.query(
      `SELECT actor, statements::text AS s FROM planetary.change_log WHERE statements::text LIKE '%race_notes%'`,
    )
    expect(rows.length).toBeGreaterThanOrEqual(1)
    expect(rows[0]).toMatchObject({ actor: 'bob' })
    expect(rows[0].s).toContain('pg_advisory_xact_lock')
  })

  it('grants the DDL role again when it lost its rights, and does nothing when all is in place', async () => {
    await db().admin.query(`REVOKE UPDATE ON planetary.race_notes FROM platform_ddl`)
    expect(await ddlMay('UPDATE')).toBe(false)
    await ensure()
    expect(await ddlMay('UPDATE')).toBe(true)
    const count = async () =>
      Number((await db().admin.query(`SELECT count(*) AS n FROM planetary.change_log`)).rows[0].n)
    const before = await count()
    await ensure()
    expect(await count()).toBe(before)
  })
})

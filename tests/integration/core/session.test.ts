import { describe, expect, it } from 'vitest'
import { withSession, type Actor } from '../../../core/db/session.js'
import { ExecutionError, InvalidInputError } from '../../../core/errors.js'
import { sql } from '../../../core/sql/sql.js'
import { useTestDatabase } from '../../harness/database.js'

const db = useTestDatabase()

// The file shares one database: the fixture is made once, by whichever test needs it first.
let made: ReturnType<typeof makeFixture> | undefined
const fixture = () => (made ??= makeFixture())

async function makeFixture() {
  const { admin } = db()
  await admin.query(`
    CREATE ROLE karen NOLOGIN;
    CREATE TABLE invoice (id int PRIMARY KEY, tenant_id int NOT NULL, amount numeric(12,2));
    INSERT INTO invoice VALUES (1, 1, 10.10), (2, 1, 20.20), (3, 2, 30.30);
    ALTER TABLE invoice ENABLE ROW LEVEL SECURITY;
    CREATE POLICY tenant ON invoice TO karen
      USING (tenant_id = current_setting('app.tenant_id', true)::int);
    CREATE POLICY tenant_jwt ON invoice AS RESTRICTIVE TO karen
      USING (tenant_id = (current_setting('request.jwt.claims', true)::json ->> 'tenant_id')::int);
    GRANT SELECT, INSERT ON invoice TO karen;
  `)
  const login = await db().createLogin('authenticator', 'NOINHERIT')
  await admin.query(`GRANT karen TO ${login.role}`)
  return db().pool(login.url)
}

describe('withSession', () => {
  it('runs as the actor role with claims, so RLS filters rows', async () => {
    const pool = await fixture()
    const karen: Actor = { name: 'karen', role: 'karen', claims: { tenant_id: 1, email: "k'@x" } }
    const rows = await withSession(pool, karen, (s) =>
      s.query<{
        id: number
        amount: string
        who: string
        email: string
        claims: { role: string }
      }>(sql`
        SELECT id, amount, current_user AS who, current_setting('app.email') AS email,
          current_setting('request.jwt.claims')::json AS claims
        FROM invoice ORDER BY id`),
    )
    expect(rows.map((r) => r.id)).toEqual([1, 2])
    expect(rows[0]?.who).toBe('karen')
    expect(rows[0]?.amount).toBe('10.10')
    expect(rows[0]?.email).toBe("k'@x")
    expect(rows[0]?.claims).toEqual({ role: 'karen', tenant_id: 1, email: "k'@x" })

    const other = await withSession(pool, { ...karen, claims: { tenant_id: 2 } }, (s) =>
      s.query<{ id: number }>(sql`SELECT id FROM invoice`),
    )
    expect(other.map((r) => r.id)).toEqual([3])

    // The role and settings end with the transaction: the pooled connection is itself again.
    const client = await pool.connect()
    const after = await client.query(
      `SELECT current_user AS u, current_setting('app.tenant_id', true) AS t`,
    )
    client.release()
    expect(after.rows[0].u).not.toBe('karen')
    expect(after.rows[0].t ?? '').toBe('')
  })

  it('hands out kysely on the same transaction: builder and fragments run as the actor', async () => {
    const pool = await fixture()
    const karen: Actor = { name: 'karen', role: 'karen', claims: { tenant_id: 1 } }
    const seen = await withSession(pool, karen, async (s) => {
      const who = await sql<{ who: string; txid: string }>`
        SELECT current_user AS who, txid_current()::text AS txid`.execute(s.db)
      const again = await s.query<{ txid: string }>(sql`SELECT txid_current()::text AS txid`)
      const roles = await s.db
        .selectFrom('pg_catalog.pg_roles')
        .select('rolname')
        .where('rolname', '=', 'karen')
        .execute()
      const raw = await s.db
        .selectFrom(sql.id('invoice').as('i'))
        .select(sql<number>`i.id`.as('id'))
        .orderBy(sql`i.id`)
        .execute()
      return { who: who.rows[0], again: again[0], roles, ids: raw.map((r) => r.id) }
    })
    expect(seen.who?.who).toBe('karen')
    expect(seen.again?.txid).toBe(seen.who?.txid)
    expect(seen.roles).toEqual([{ rolname: 'karen' }])
    expect(seen.ids).toEqual([1, 2])
  })

  it('rolls back what kysely wrote when fn throws, and reports refusals as ExecutionError', async () => {
    const pool = db().pool(db().adminUrl)
    const actor: Actor = { name: 'admin', role: 'postgres', claims: {} }
    await expect(
      withSession(pool, actor, async (s) => {
        await sql`INSERT INTO invoice VALUES (${20}, ${1}, ${1})`.execute(s.db)
        throw new Error('changed my mind')
      }),
    ).rejects.toThrow('changed my mind')
    const refused = withSession(pool, actor, (s) =>
      sql`INSERT INTO invoice VALUES (${1}, ${1}, ${1})`.execute(s.db),
    )
    await expect(refused).rejects.toBeInstanceOf(ExecutionError)
    await expect(refused).rejects.toMatchObject({ sqlstate: '23505' })
    const { rows } = await db().admin.query('SELECT id FROM invoice WHERE id = 20')
    expect(rows).toEqual([])
  })

  it('commits on success and rolls back when fn throws', async () => {
    const pool = db().pool(db().adminUrl)
    const actor: Actor = { name: 'admin', role: 'postgres', claims: {} }
    await withSession(pool, actor, (s) => s.query(sql`INSERT INTO invoice VALUES (10, 1, 1)`))
    await expect(
      withSession(pool, actor, async (s) => {
        await s.query(sql`INSERT INTO invoice VALUES (11, 1, 1)`)
        throw new Error('changed my mind')
      }),
    ).rejects.toThrow('changed my mind')
    const { rows } = await db().admin.query('SELECT id FROM invoice WHERE id >= 10 ORDER BY id')
    expect(rows.map((r) => r.id)).toEqual([10])
  })

  it('reports a refused statement as an ExecutionError with SQLSTATE and caret', async () => {
    const pool = db().pool(db().adminUrl)
    const actor: Actor = { name: 'admin', role: 'postgres', claims: {} }
    const err = await withSession(pool, actor, (s) =>
      s.query(sql`SELECT nme FROM invoice WHERE id = ${sql.val(1)}`),
    ).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ExecutionError)
    expect((err as ExecutionError).sqlstate).toBe('42703')
    expect((err as ExecutionError).caret).toBe(
      'LINE 1: SELECT nme FROM invoice WHERE id = $1\n               ^',
    )
  })

  it('refuses a role it may not become and claim names that are not identifiers', async () => {
    const login = await db().createLogin('nobody')
    const pool = db().pool(login.url)
    const err = await withSession(
      pool,
      { name: 'x', role: 'karen', claims: {} },
      async () => 1,
    ).catch((e: unknown) => e)
    expect((err as ExecutionError).sqlstate).toBe('42501')
    await expect(
      withSession(pool, { name: 'x', role: 'karen', claims: { "a'; drop": 1 } }, async () => 1),
    ).rejects.toThrow(InvalidInputError)
  })

  it('runs at repeatable read, and a second session in the snapshot the first exported', async () => {
    const pool = await fixture()
    const karen: Actor = { name: 'karen', role: 'karen', claims: { tenant_id: 1 } }
    const seen = await withSession(
      pool,
      karen,
      async (first) => {
        const [exported] = await first.query<{ snapshot: string; level: string; n: string }>(
          sql`SELECT pg_export_snapshot() AS snapshot, current_setting('transaction_isolation') AS level,
            (SELECT count(*) FROM invoice) AS n`,
        )
        // a row committed after the export: the first session and its twin do not see it
        await db().admin.query('INSERT INTO invoice VALUES (4, 1, 40.40)')
        const twin = await withSession(
          pool,
          karen,
          (second) =>
            second.query<{ n: string; level: string; who: string }>(
              sql`SELECT count(*) AS n, current_setting('transaction_isolation') AS level, current_user AS who FROM invoice`,
            ),
          { snapshot: exported?.snapshot as string },
        )
        const later = await first.query<{ n: string }>(sql`SELECT count(*) AS n FROM invoice`)
        return { exported, twin: twin[0], later: later[0] }
      },
      { repeatableRead: true },
    )
    await db().admin.query('DELETE FROM invoice WHERE id = 4')
    expect(seen.exported?.level).toBe('repeatable read')
    const n = seen.exported?.n
    expect(seen.twin).toEqual({ n, level: 'repeatable read', who: 'karen' })
    expect(seen.later?.n).toBe(n)
    // and it is gone again
    const now = await withSession(pool, karen, (s) =>
      s.query<{ n: string }>(sql`SELECT count(*) AS n FROM invoice`),
    )
    expect(now[0]?.n).toBe(n)
  })

  it('reads text as PostgreSQL wrote it, with the count of the command', async () => {
    const pool = await fixture()
    const karen: Actor = { name: 'karen', role: 'karen', claims: { tenant_id: 1 } }
    const out = await withSession(pool, karen, async (s) => {
      await s.query(sql`DECLARE c NO SCROLL CURSOR FOR SELECT id, amount FROM invoice ORDER BY id`)
      const moved = await s.queryText(sql`MOVE FORWARD 500 IN c`)
      const [count] = await s.query<{ n: string }>(sql`SELECT count(*) AS n FROM invoice`)
      return {
        moved,
        n: Number(count?.n),
        typed: await s.query(sql`SELECT 2::int8 AS n, date '2024-02-29' AS d`),
        text: await s.queryText(sql`SELECT 2::int8 AS n, date '2024-02-29' AS d, NULL::int AS z`),
      }
    })
    expect(out.n).toBeGreaterThan(1)
    expect(out.moved.rowCount).toBe(out.n)
    expect(out.text.rows).toEqual([{ n: '2', d: '2024-02-29', z: null }])
    expect(out.typed[0]?.d).toBeInstanceOf(Date)
  })

  it('refuses a snapshot name that is not one, before it reaches PostgreSQL', async () => {
    const pool = await fixture()
    const karen: Actor = { name: 'karen', role: 'karen', claims: { tenant_id: 1 } }
    for (const snapshot of ["00000003-0000001B-1'; DROP TABLE invoice; --", '', 'x']) {
      await expect(withSession(pool, karen, async () => 1, { snapshot })).rejects.toThrow(
        InvalidInputError,
      )
    }
    // a well-formed name no transaction exported: PostgreSQL refuses it (newer majors: 42704, "does not
    // exist"; older ones: 22023, "invalid snapshot identifier")
    const err = await withSession(pool, karen, async () => 1, {
      snapshot: '00000003-0000FFFF-1',
    }).catch((e: unknown) => e)
    expect(['42704', '22023']).toContain((err as ExecutionError).sqlstate)
  })
})

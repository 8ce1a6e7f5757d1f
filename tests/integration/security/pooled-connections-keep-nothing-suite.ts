import { beforeAll, describe, expect, it } from 'vitest'
import type { Flavor } from '../../../core/cluster/cluster.js'
import { createChangeLog } from '../../../core/console-schema/change-log.js'
import type { Pool, PoolClient } from '../../../core/db/pool.js'
import { withSession, type Actor } from '../../../core/db/session.js'
import { Executor, PlanFailedError } from '../../../core/executor/executor.js'
import { plan, statement } from '../../../core/executor/statement.js'
import { sql } from '../../../core/sql/sql.js'
import { useTestDatabase } from '../../harness/database.js'

/*
 * SECURITY.md rule 4: nothing a request sets survives on a pooled connection. The served
 * database's own code — a view's INSTEAD OF trigger, a function a view calls, a column default a
 * DDL plan evaluates — runs inside the console's transactions and can set session state with
 * set_config(…, false) or take session advisory locks. None of it may reach the next user of the
 * connection, whatever the request did and however it ended.
 */

/** The whole suite on one server flavor: embedded PostgreSQL 17, or Debian's 15. */
export function pooledConnectionsSuite(flavor: Flavor): void {
  const db = useTestDatabase({ flavor })
  const POOL_SIZE = 3
  const karen: Actor = { name: 'karen', role: 'karen', claims: { tenant_id: 1 } }

  let login: { role: string; url: string }
  let pool: Pool

  /** The session state every pooled connection must be back to. */
  interface State {
    who: string
    app: string
    search_path: string
    locks: number
    temp: number
  }

  async function stateOf(client: PoolClient): Promise<State> {
    const { rows } = await client.query<State>(`
      SELECT current_user AS who, current_setting('application_name') AS app,
        current_setting('search_path') AS search_path,
        (SELECT count(*)::int FROM pg_catalog.pg_locks
          WHERE locktype = 'advisory' AND pid = pg_catalog.pg_backend_pid()) AS locks,
        (SELECT count(*)::int FROM pg_catalog.pg_class
          WHERE relnamespace = pg_catalog.pg_my_temp_schema()) AS temp`)
    return rows[0] as State
  }

  /** Checks out every connection of the pool at once (so the one the request used is among them). */
  async function everyConnection(p: Pool, size: number): Promise<State[]> {
    const clients = await Promise.all(Array.from({ length: size }, () => p.connect()))
    try {
      return await Promise.all(clients.map(stateOf))
    } finally {
      for (const c of clients) c.release()
    }
  }

  async function expectClean(p: Pool, size = POOL_SIZE) {
    for (const s of await everyConnection(p, size)) {
      expect(s.who).toBe(login.role)
      expect(s.app).toBe('pg-planetary')
      expect(s.search_path).toBe('"$user", public')
      expect(s.locks).toBe(0)
      expect(s.temp).toBe(0)
    }
    // The console's own table, which Karen may not read: what the session store does next.
    const { rows } = await p.query(`SELECT count(*)::int AS n FROM planetary.session`)
    expect(rows[0].n).toBe(0)
  }

  beforeAll(async () => {
    const { admin } = db()
    login = await db().createLogin('authenticator', 'NOINHERIT')
    await admin.query(`
      CREATE ROLE karen NOLOGIN;
      CREATE ROLE app_owner NOLOGIN;
      GRANT karen, app_owner TO ${login.role};
      GRANT CREATE ON DATABASE "${db().name}" TO ${login.role};
      CREATE SCHEMA planetary AUTHORIZATION ${login.role};
      CREATE TABLE planetary.session (sid text PRIMARY KEY, sess json, expire timestamptz);
      ALTER TABLE planetary.session OWNER TO ${login.role};
      CREATE SCHEMA app AUTHORIZATION app_owner;
      GRANT USAGE ON SCHEMA app TO karen;
      SET ROLE app_owner;
      -- What hostile or careless code in the served database can do to a session.
      CREATE FUNCTION app.leak() RETURNS int LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM set_config('application_name', 'leaked', false);
        PERFORM set_config('search_path', 'app', false);
        PERFORM pg_catalog.pg_advisory_lock(4242);
        CREATE TEMP TABLE IF NOT EXISTS leaked_temp (x int);
        PERFORM set_config('role', 'karen', false);
        RETURN 1;
      END $$;
      CREATE TABLE app.note_raw (id int PRIMARY KEY, body text);
      INSERT INTO app.note_raw VALUES (1, 'one');
      CREATE VIEW app.note_v AS SELECT id, body FROM app.note_raw;
      CREATE VIEW app.leaky_v AS SELECT id, body, app.leak() AS n FROM app.note_raw;
      CREATE FUNCTION app.note_v_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM app.leak();
        IF NEW.body = 'fail' THEN RAISE EXCEPTION 'refused after leaking'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER note_v_insert INSTEAD OF INSERT ON app.note_v
        FOR EACH ROW EXECUTE FUNCTION app.note_v_insert();
      CREATE TABLE app.ddl_target (id int PRIMARY KEY);
      INSERT INTO app.ddl_target VALUES (1), (2);
      RESET ROLE;
      GRANT SELECT, INSERT ON app.note_v TO karen;
      GRANT SELECT ON app.leaky_v TO karen;
      GRANT EXECUTE ON FUNCTION app.leak() TO karen;
    `)
    pool = db().pool(login.url, POOL_SIZE)
    await new Executor({
      pool,
      consoleSchema: 'planetary',
      lockTimeoutMs: 500,
      statementTimeoutMs: 5000,
    }).apply(plan(...createChangeLog('planetary')), { name: 'init' })
  })

  describe("Karen's requests leave nothing on the connection", () => {
    it('a view whose select list calls a function that sets role, settings and a lock', async () => {
      const rows = await withSession(pool, karen, (s) => s.query(sql`SELECT * FROM app.leaky_v`))
      expect(rows).toHaveLength(1)
      await expectClean(pool)
    })

    it('an INSTEAD OF trigger that does the same, the request committing', async () => {
      await withSession(pool, karen, (s) =>
        s.query(sql`INSERT INTO app.note_v (id, body) VALUES (2, 'two')`),
      )
      await expectClean(pool)
    })

    it('the same trigger failing after it leaked: the request rolls back', async () => {
      await expect(
        withSession(pool, karen, (s) =>
          s.query(sql`INSERT INTO app.note_v (id, body) VALUES (3, 'fail')`),
        ),
      ).rejects.toThrow(/refused after leaking/)
      await expectClean(pool)
    })

    it('the request throwing in JavaScript after the leak', async () => {
      await expect(
        withSession(pool, karen, async (s) => {
          await s.query(sql`SELECT app.leak()`)
          throw new Error('the caller gave up')
        }),
      ).rejects.toThrow(/gave up/)
      await expectClean(pool)
    })
  })

  describe('any other use of a pool leaves nothing on the connection', () => {
    it('a one-shot query, and a client taken and given back by hand', async () => {
      await pool.query(`SET ROLE karen; SELECT app.leak()`)
      await expectClean(pool)
      const client = await pool.connect()
      await client.query(`SET ROLE karen; SELECT app.leak()`)
      client.release()
      await expectClean(pool)
    })
  })

  describe('DDL plans leave nothing on the connection', () => {
    const executor = () =>
      new Executor({
        pool,
        ddlRole: 'app_owner',
        consoleSchema: 'planetary',
        lockTimeoutMs: 500,
        statementTimeoutMs: 5000,
      })
    const addColumn = (name: string) =>
      statement({
        kind: 'add_column',
        sql: sql`ALTER TABLE app.ddl_target ADD COLUMN ${sql.id(name)} int DEFAULT app.leak()`,
        summary: `Add column ${name} with a default that leaks`,
      })

    it('a preview whose default expression sets role, settings and a lock', async () => {
      const preview = await executor().preview(plan(addColumn('p')))
      expect(preview.ok).toBe(true)
      await expectClean(pool)
    })

    it('an apply whose default expression does the same', async () => {
      const applied = await executor().apply(plan(addColumn('a')), { name: 'bob' })
      expect(applied.outcome).toBe('committed')
      await expectClean(pool)
    })

    it('an apply that fails after the leak', async () => {
      const failing = statement({
        kind: 'raw',
        sql: sql`SELECT 1 / 0`,
        summary: 'Fail',
      })
      await expect(
        executor().apply(plan(addColumn('b'), failing), { name: 'bob' }),
      ).rejects.toBeInstanceOf(PlanFailedError)
      await expectClean(pool)
    })
  })

  describe('a client left mid-transaction', () => {
    it('is never handed out again: whoever comes next gets a usable connection', async () => {
      const broken = await pool.connect()
      await broken.query('BEGIN')
      await broken.query('SELECT 1 / 0').catch(() => undefined)
      broken.release()
      const open = await pool.connect()
      await open.query(`BEGIN; SELECT set_config('application_name', 'in a transaction', true)`)
      open.release()
      for (let i = 0; i < POOL_SIZE * 2; i++) {
        const c = await pool.connect()
        try {
          expect(c.getTransactionStatus()).toBe('I')
          const { rows } = await c.query(`SELECT current_setting('application_name') AS app`)
          expect(rows[0].app).toBe('pg-planetary')
        } finally {
          c.release()
        }
      }
    })
  })
}

import { beforeAll, describe, expect, it } from 'vitest'
import { createChangeLog } from '../../../core/console-schema/change-log.js'
import type { ExecutionError } from '../../../core/errors.js'
import { Executor, PlanFailedError } from '../../../core/executor/executor.js'
import { plan, statement } from '../../../core/executor/statement.js'
import { sql } from '../../../core/sql/sql.js'
import { useTestDatabase } from '../../harness/database.js'

const db = useTestDatabase()
let executor: Executor

const exists = async (name: string) =>
  (await db().admin.query(`SELECT to_regclass($1) IS NOT NULL AS e`, [name])).rows[0].e as boolean

beforeAll(async () => {
  const { admin } = db()
  // The console logs in as a non-superuser and runs DDL as the DDL role it may SET ROLE to.
  const login = await db().createLogin('console_login', 'NOINHERIT')
  await admin.query(`
    CREATE ROLE platform_ddl NOLOGIN;
    GRANT platform_ddl TO ${login.role};
    GRANT CREATE ON DATABASE "${db().name}" TO ${login.role};
    CREATE SCHEMA app AUTHORIZATION platform_ddl;
    CREATE TABLE app.t (id int PRIMARY KEY);
    ALTER TABLE app.t OWNER TO platform_ddl;
    CREATE VIEW app.t_v AS SELECT id FROM app.t;
    ALTER VIEW app.t_v OWNER TO platform_ddl;
  `)
  const pool = db().pool(login.url)
  executor = new Executor({
    pool,
    ddlRole: 'platform_ddl',
    consoleSchema: 'planetary',
    lockTimeoutMs: 500,
    statementTimeoutMs: 5000,
  })
  // The console schema is itself created through the executor, as the login.
  await new Executor({
    pool,
    consoleSchema: 'planetary',
    lockTimeoutMs: 500,
    statementTimeoutMs: 5000,
  }).apply(plan(...createChangeLog('planetary')), { name: 'init' })
})

const createX = statement({
  kind: 'create_table',
  sql: sql`CREATE TABLE ${sql.id('app', 'x')} (id int)`,
  summary: 'Create table app.x',
})

describe('Executor.preview', () => {
  it('runs the plan, reports notices, and rolls everything back', async () => {
    const result = await executor.preview(
      plan(
        createX,
        statement({
          kind: 'drop_table',
          sql: sql`DROP TABLE ${sql.id('app', 't')} CASCADE`,
          summary: 'Drop app.t',
          destructive: true,
        }),
      ),
    )
    expect(result.ok).toBe(true)
    expect(result.statements.map((s) => s.status)).toEqual(['ok', 'ok'])
    expect(result.statements[1]?.notices.join('\n')).toMatch(/drop cascades to view app\.t_v/)
    expect(await exists('app.x')).toBe(false)
    expect(await exists('app.t_v')).toBe(true)
  })

  it('returns the error with its position and marks the rest not run', async () => {
    const result = await executor.preview(
      plan(
        createX,
        statement({
          kind: 'raw',
          sql: sql`CREATE VIEW app.bad AS SELECT nme FROM app.t`,
          summary: 'Bad view',
        }),
        statement({
          kind: 'raw',
          sql: sql`CREATE VIEW app.fine AS SELECT 1`,
          summary: 'Fine view',
        }),
      ),
    )
    expect(result.ok).toBe(false)
    expect(result.statements.map((s) => s.status)).toEqual(['ok', 'error', 'not run'])
    const error = result.statements[1]?.error as ExecutionError
    expect(error.sqlstate).toBe('42703')
    const column = 'LINE 1: CREATE VIEW app.bad AS SELECT '.length
    expect(error.caret).toBe(
      `LINE 1: CREATE VIEW app.bad AS SELECT nme FROM app.t\n${' '.repeat(column)}^`,
    )
  })

  it('does not run non-transactional statements and says why', async () => {
    const result = await executor.preview(
      plan(
        statement({
          kind: 'vacuum',
          sql: sql`VACUUM app.t`,
          summary: 'Vacuum',
          transactional: false,
        }),
      ),
    )
    expect(result.statements[0]?.status).toBe('not run')
    expect(result.statements[0]?.note).toMatch(/cannot be rolled back/)
  })
})

describe('Executor.apply', () => {
  it('commits the whole plan as the DDL role and records it in the change log', async () => {
    const result = await executor.apply(
      plan(
        createX,
        statement({ kind: 'raw', sql: sql`CREATE INDEX ON app.x (id)`, summary: 'Index' }),
      ),
      { name: 'senior' },
    )
    expect(result.outcome).toBe('committed')
    expect(await exists('app.x')).toBe(true)
    const owner = await db().admin.query(`SELECT tableowner FROM pg_tables WHERE tablename = 'x'`)
    expect(owner.rows[0].tableowner).toBe('platform_ddl')
    const log = await db().admin.query(`SELECT * FROM planetary.change_log WHERE id = $1`, [
      result.changeLogId,
    ])
    expect(log.rows[0]).toMatchObject({ actor: 'senior', outcome: 'committed', error: null })
    expect(log.rows[0].statements[0].sql).toBe('CREATE TABLE "app"."x" (id int)')
  })

  it('applies nothing when one statement fails, and logs the rollback', async () => {
    const err = await executor
      .apply(
        plan(
          statement({ kind: 'raw', sql: sql`CREATE TABLE app.y (id int)`, summary: 'Create y' }),
          statement({
            kind: 'raw',
            sql: sql`ALTER TABLE app.y ADD COLUMN id int`,
            summary: 'Dup column',
          }),
        ),
        { name: 'senior' },
      )
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PlanFailedError)
    const failed = err as PlanFailedError
    expect(failed.result.outcome).toBe('rolled back')
    expect(failed.result.statements.map((s) => s.status)).toEqual(['not run', 'error'])
    expect(failed.failure.sqlstate).toBe('42701')
    expect(await exists('app.y')).toBe(false)
    const log = await db().admin.query(
      `SELECT outcome, error FROM planetary.change_log WHERE id = $1`,
      [failed.result.changeLogId],
    )
    expect(log.rows[0].outcome).toBe('rolled back')
    expect(log.rows[0].error).toMatch(/column "id" of relation "y" already exists/)
  })

  it('gives up on a lock after lock_timeout instead of waiting forever', async () => {
    const blocker = await db().admin.connect()
    await blocker.query('BEGIN; LOCK TABLE app.t IN ACCESS EXCLUSIVE MODE')
    try {
      const err = await executor
        .apply(
          plan(
            statement({
              kind: 'raw',
              sql: sql`ALTER TABLE app.t ADD COLUMN c int`,
              summary: 'Add c',
            }),
          ),
          {
            name: 'bob',
          },
        )
        .catch((e: unknown) => e)
      expect((err as PlanFailedError).failure.sqlstate).toBe('55P03')
    } finally {
      await blocker.query('ROLLBACK')
      blocker.release()
    }
  })

  it('runs a non-transactional statement alone', async () => {
    const result = await executor.apply(
      plan(
        statement({
          kind: 'create_index',
          sql: sql`CREATE INDEX CONCURRENTLY t_id_idx ON app.t (id)`,
          summary: 'Index concurrently',
          transactional: false,
        }),
      ),
      { name: 'bob' },
    )
    expect(result.outcome).toBe('committed')
    expect(await exists('app.t_id_idx')).toBe(true)
    // The session is back to the login role afterwards.
    const again = await executor.apply(
      plan(statement({ kind: 'raw', sql: sql`CREATE TABLE app.z (id int)`, summary: 'z' })),
      { name: 'bob' },
    )
    expect(again.outcome).toBe('committed')
  })

  it('reports a partial outcome when a later segment fails after an earlier one committed', async () => {
    const err = (await executor
      .apply(
        plan(
          statement({ kind: 'raw', sql: sql`CREATE TABLE app.p1 (id int)`, summary: 'p1' }),
          statement({
            kind: 'create_index',
            sql: sql`CREATE INDEX CONCURRENTLY p_idx ON app.missing (id)`,
            summary: 'index on a missing table',
            transactional: false,
          }),
        ),
        { name: 'bob' },
      )
      .catch((e: unknown) => e)) as PlanFailedError
    expect(err.result.outcome).toBe('partial')
    expect(err.result.statements.map((s) => s.status)).toEqual(['ok', 'error'])
    expect(await exists('app.p1')).toBe(true)
  })
})

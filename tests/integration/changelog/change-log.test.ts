import { beforeAll, describe, expect, it } from 'vitest'
import { createPluginTagsTable, pluginExecutor } from '../../../core/changelog/plugin-tags.js'
import { changeLogActors, readChangeLog } from '../../../core/changelog/query.js'
import { createChangeLog } from '../../../core/console-schema/change-log.js'
import type { Pool } from '../../../core/db/pool.js'
import { InvalidInputError } from '../../../core/errors.js'
import { Executor, PlanFailedError } from '../../../core/executor/executor.js'
import { plan, statement } from '../../../core/executor/statement.js'
import { sql } from '../../../core/sql/sql.js'
import { useTestDatabase } from '../../harness/database.js'

const db = useTestDatabase()
let pool: Pool
let roles: Executor
let policies: Executor
const SCHEMA = 'planetary'

beforeAll(async () => {
  const { admin } = db()
  // As the console: a non-superuser login that owns the console schema, DDL as platform_ddl.
  const login = await db().createLogin('console_login', 'NOINHERIT')
  await admin.query(`
    CREATE ROLE platform_ddl NOLOGIN CREATEROLE;
    GRANT platform_ddl TO ${login.role};
    GRANT CREATE ON DATABASE "${db().name}" TO ${login.role};
    CREATE SCHEMA app AUTHORIZATION platform_ddl;
  `)
  pool = db().pool(login.url)
  await new Executor({
    pool,
    consoleSchema: SCHEMA,
    lockTimeoutMs: 500,
    statementTimeoutMs: 5000,
  }).apply(plan(...createChangeLog(SCHEMA), ...createPluginTagsTable(SCHEMA)), { name: 'init' })
  const executor = new Executor({
    pool,
    ddlRole: 'platform_ddl',
    consoleSchema: SCHEMA,
    lockTimeoutMs: 500,
    statementTimeoutMs: 5000,
  })
  roles = pluginExecutor(executor, { pool, schema: SCHEMA, plugin: 'roles' })
  policies = pluginExecutor(executor, { pool, schema: SCHEMA, plugin: 'policies' })
})

const createTable = (name: string) =>
  statement({
    kind: 'create_table',
    sql: sql`CREATE TABLE ${sql.id('app', name)} (id int)`,
    summary: `Create table app.${name}`,
  })

describe('the change log as its page reads it', () => {
  let rolePlan: string
  let failedPlan: string

  beforeAll(async () => {
    // A password as builders write it: the SQL that runs has it, the recorded display does not.
    const role = await roles.apply(
      plan(
        statement({
          kind: 'create_role',
          sql: sql`CREATE ROLE ${sql.id('cl_ann')} LOGIN PASSWORD ${sql.lit('ann-s3cret')}`,
          display: sql`CREATE ROLE ${sql.id('cl_ann')} LOGIN PASSWORD '********'`,
          summary: 'Create role cl_ann',
        }),
      ),
      { name: 'bob' },
    )
    rolePlan = role.changeLogId
    const failed = await policies
      .apply(plan(createTable('twice'), createTable('twice')), { name: 'senior' })
      .then(
        () => undefined,
        (err: unknown) => err,
      )
    expect(failed).toBeInstanceOf(PlanFailedError)
    failedPlan = (failed as PlanFailedError).result.changeLogId
    // Written by something else, with a password in the clear and markup in its summary.
    await db().admin.query(
      `INSERT INTO planetary.change_log (actor, summary, statements, outcome, error, kind)
       VALUES ('legacy', '<b>old</b> plan', $1, 'partial', 'could not reach postgres://u:pw123@db/x', 'plan')`,
      [
        JSON.stringify([
          { kind: 'alter_role', summary: 'Rotate', sql: `ALTER ROLE legacy PASSWORD 'plain-old'` },
        ]),
      ],
    )
  })

  it('names the plugin that applied each plan, a failed one included', async () => {
    const { entries } = await readChangeLog(pool, SCHEMA, {})
    const byId = new Map(entries.map((e) => [e.id, e]))
    expect(byId.get(rolePlan)).toMatchObject({
      actor: 'bob',
      plugin: 'roles',
      outcome: 'committed',
      summary: 'Create role cl_ann',
      statements: [{ kind: 'create_role', sql: `CREATE ROLE "cl_ann" LOGIN PASSWORD '********'` }],
    })
    expect(byId.get(failedPlan)).toMatchObject({
      actor: 'senior',
      plugin: 'policies',
      outcome: 'rolled back',
    })
    expect(byId.get(failedPlan)?.error).toContain('already exists')
    expect(entries[0]?.actor).toBe('legacy')
    expect(entries[0]?.plugin).toBeNull()
  })

  it('never returns a password, however the entry was written', async () => {
    const page = JSON.stringify(await readChangeLog(pool, SCHEMA, {}))
    expect(page).not.toContain('ann-s3cret')
    expect(page).not.toContain('plain-old')
    expect(page).not.toContain('pw123')
    const [legacy] = (await readChangeLog(pool, SCHEMA, { actor: 'legacy' })).entries
    expect(legacy?.statements[0]?.sql).toBe(`ALTER ROLE legacy PASSWORD '********'`)
    expect(legacy?.error).toBe('could not reach postgres://u:********@db/x')
    expect(legacy?.summary).toBe('<b>old</b> plan')
  })

  it('filters by actor, plugin, kind, outcome, dates and text', async () => {
    const ids = async (filter: Parameters<typeof readChangeLog>[2]) =>
      (await readChangeLog(pool, SCHEMA, filter)).entries.map((e) => e.id)
    expect(await ids({ actor: 'bob' })).toEqual([rolePlan])
    expect(await ids({ plugin: 'policies' })).toEqual([failedPlan])
    expect(await ids({ outcome: 'rolled back' })).toEqual([failedPlan])
    expect(await ids({ kind: 'impersonation' })).toEqual([])
    expect(await ids({ text: 'CL_ANN' })).toEqual([rolePlan])
    // The search reads the SQL as shown, and takes % literally.
    expect(await ids({ text: 'ann-s3cret' })).toEqual([])
    expect(await ids({ text: '%' })).toEqual([])
    expect(await ids({ text: 'already exists' })).toEqual([failedPlan])
    expect(await ids({ id: rolePlan })).toEqual([rolePlan])
    const today = new Date().toISOString().slice(0, 10)
    expect(await ids({ from: today, to: today, plugin: 'roles' })).toEqual([rolePlan])
    expect(await ids({ from: '2999-01-01' })).toEqual([])
    expect(await ids({ to: '2000-01-01' })).toEqual([])
  })

  it('pages newest first, older and newer by id', async () => {
    await db().admin.query(
      `INSERT INTO planetary.change_log (actor, summary, statements, outcome)
       SELECT 'pager', 'Plan ' || n, '[]', 'committed' FROM generate_series(1, 7) n`,
    )
    const first = await readChangeLog(pool, SCHEMA, { actor: 'pager' }, 3)
    expect(first.entries.map((e) => e.summary)).toEqual(['Plan 7', 'Plan 6', 'Plan 5'])
    expect(first.newer).toBeNull()
    const second = await readChangeLog(
      pool,
      SCHEMA,
      { actor: 'pager', before: first.older as string },
      3,
    )
    expect(second.entries.map((e) => e.summary)).toEqual(['Plan 4', 'Plan 3', 'Plan 2'])
    const third = await readChangeLog(
      pool,
      SCHEMA,
      { actor: 'pager', before: second.older as string },
      3,
    )
    expect(third.entries.map((e) => e.summary)).toEqual(['Plan 1'])
    expect(third.older).toBeNull()
    const back = await readChangeLog(
      pool,
      SCHEMA,
      { actor: 'pager', after: second.newer as string },
      3,
    )
    expect(back.entries.map((e) => e.summary)).toEqual(['Plan 7', 'Plan 6', 'Plan 5'])
    expect(back.newer).toBeNull()
    expect(back.older).toBe(first.older)
  })
})

describe('a long change log', () => {
  beforeAll(async () => {
    await db().admin.query(`
      INSERT INTO ${SCHEMA}.change_log (actor, summary, statements, outcome)
      SELECT 'bulk-' || g % 3, 'Plan ' || g, '[{"sql": "SELECT 1"}]', 'committed'
      FROM generate_series(1, 200000) g`)
  }, 60_000)

  it('gives up a text search after its time budget and says which field to narrow', async () => {
    const search = readChangeLog(pool, SCHEMA, { text: 'in no entry at all' }, 25, 1)
    await expect(search).rejects.toBeInstanceOf(InvalidInputError)
    await expect(search).rejects.toMatchObject({
      fields: {
        text: expect.stringMatching(/^found too little within 0.001 s .*narrow the search/),
      },
    })
    // within the budget, the same search finds what is there
    const found = await readChangeLog(pool, SCHEMA, { text: 'Plan 199999' })
    expect(found.entries.map((e) => e.summary)).toEqual(['Plan 199999'])
  })

  it('offers the actors of the latest entries, most recent first', async () => {
    expect((await changeLogActors(pool, SCHEMA)).slice(0, 3).sort()).toEqual([
      'bulk-0',
      'bulk-1',
      'bulk-2',
    ])
  })
})

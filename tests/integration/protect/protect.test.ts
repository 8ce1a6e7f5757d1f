import { beforeAll, describe, expect, it } from 'vitest'
import type { ProtectInput } from '../../../core/builders/protect/input.js'
import { protectTablePlan } from '../../../core/builders/protect/protect-table.js'
import { withSession, type Session } from '../../../core/db/session.js'
import { ExecutionError } from '../../../core/errors.js'
import { PlanFailedError } from '../../../core/executor/executor.js'
import { ParseError } from '../../../core/parse/parse.js'
import { sql } from '../../../core/sql/sql.js'
import { useTestDatabase } from '../../harness/database.js'
import {
  createInvoiceTable,
  describeTable,
  rlsState,
  setUpConsole,
  tableGrants,
  type ConsoleSetup,
} from './console.js'

const db = useTestDatabase()
let setup: ConsoleSetup

beforeAll(async () => {
  setup = await setUpConsole(db())
  await createInvoiceTable(db().admin, 'invoice_raw')
  await db().admin.query(`GRANT SELECT, INSERT, UPDATE ON app.invoice_raw TO karen, bob`)
})

const karen = { name: 'karen', role: 'karen', claims: { tenant_id: 1 } }
const bob = { name: 'bob', role: 'bob', claims: { tenant_id: 1 } }
const as = <T>(actor: typeof karen, fn: (s: Session) => Promise<T>) =>
  withSession(setup.pool, actor, fn)

/** The error a session query failed with; fails the test when it did not fail. */
async function failure(p: Promise<unknown>): Promise<ExecutionError> {
  try {
    await p
  } catch (err) {
    expect(err).toBeInstanceOf(ExecutionError)
    return err as ExecutionError
  }
  throw new Error('expected the query to fail')
}

async function protectInput(name: string): Promise<ProtectInput> {
  const described = await describeTable(db().admin, 'app', name)
  return {
    ...described,
    redactionSchema: 'planetary',
    appRoles: [setup.login, 'karen', 'bob'],
    previousGrants: await tableGrants(db().admin, 'app', name),
    previousRls: await rlsState(db().admin, `app.${name}`),
    policies: [
      {
        name: 'tenant_isolation',
        template: { id: 'tenant', params: { type: 'int', source: 'app' } },
      },
    ],
    views: [
      {
        name: name.replace(/_raw$/, '_v'),
        columns: described.columns.map((c) => ({ mode: 'include' as const, name: c.name })),
        grants: [{ role: 'karen', privileges: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] }],
        triggers: { insert: {}, update: {}, delete: {} },
      },
      {
        name: name.replace(/_raw$/, '_v_redacted'),
        columns: [
          { mode: 'include', name: 'id' },
          { mode: 'include', name: 'tenant_id' },
          { mode: 'include', name: 'customer' },
          { mode: 'redact', name: 'email', redaction: { fn: 'mask_email' } },
          { mode: 'include', name: 'amount' },
        ],
        grants: [{ role: 'bob', privileges: ['SELECT'] }],
      },
    ],
  }
}

describe('Protect this table: the acceptance scenario', () => {
  it('previews every statement ok and applies as the DDL role in one transaction', async () => {
    const plan = await protectTablePlan(await protectInput('invoice_raw'))
    const preview = await setup.ddl.preview(plan)
    expect(preview.statements.filter((s) => s.status !== 'ok')).toEqual([])
    expect(preview.ok).toBe(true)
    // The preview rolled back: the table is still open to karen.
    expect((await tableGrants(db().admin, 'app', 'invoice_raw')).length).toBeGreaterThan(0)
    const result = await setup.ddl.apply(plan, { name: 'senior' })
    expect(result.outcome).toBe('committed')
    const { rows } = await db().admin.query<{ n: string }>(
      `SELECT jsonb_array_length(statements) AS n FROM planetary.change_log WHERE id = $1`,
      [result.changeLogId],
    )
    expect(Number(rows[0]?.n)).toBe(plan.length)
  })

  it('leaves no grant on the raw table but the owner’s, forces RLS and keeps the policy', async () => {
    expect(await tableGrants(db().admin, 'app', 'invoice_raw')).toEqual([])
    const { rows: acl } = await db().admin.query<{ grantee: string }>(
      `SELECT DISTINCT pg_get_userbyid(a.grantee) AS grantee FROM pg_class c, aclexplode(c.relacl) a
       WHERE c.oid = 'app.invoice_raw'::regclass`,
    )
    expect(acl.map((r) => r.grantee)).toEqual(['platform_ddl'])
    expect(await rlsState(db().admin, 'app.invoice_raw')).toEqual({ enabled: true, forced: true })
    const { rows: policies } = await db().admin.query(
      `SELECT polname, polcmd, polroles = '{0}' AS public, pg_get_expr(polqual, polrelid) AS qual,
         pg_get_expr(polwithcheck, polrelid) AS check
       FROM pg_policy WHERE polrelid = 'app.invoice_raw'::regclass`,
    )
    const claim = `(NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::integer`
    expect(policies).toEqual([
      {
        polname: 'tenant_isolation',
        polcmd: '*',
        public: true,
        qual: `(tenant_id = ${claim})`,
        check: `(tenant_id = ${claim})`,
      },
    ])
  })

  it('creates both views, owned by the DDL role, with their options, triggers and grants', async () => {
    const { rows: views } = await db().admin.query(
      `SELECT relname, reloptions, pg_get_userbyid(relowner) AS owner FROM pg_class
       WHERE relnamespace = 'app'::regnamespace AND relkind = 'v' ORDER BY relname`,
    )
    expect(views).toEqual([
      // No security_barrier: the views have no WHERE clause; RLS on the raw table holds anyway.
      { relname: 'invoice_v', reloptions: null, owner: 'platform_ddl' },
      { relname: 'invoice_v_redacted', reloptions: null, owner: 'platform_ddl' },
    ])
    const { rows: triggers } = await db().admin.query<{
      tgname: string
      tgtype: number
      fn: string
    }>(
      `SELECT tgname, tgtype, tgfoid::regprocedure::text AS fn FROM pg_trigger
       WHERE tgrelid = 'app.invoice_v'::regclass ORDER BY tgname`,
    )
    // tgtype bits: 1 row, 4 insert, 8 delete, 16 update, 64 instead of.
    expect(triggers).toEqual([
      { tgname: 'invoice_v_delete', tgtype: 1 | 8 | 64, fn: 'app.invoice_v_delete()' },
      { tgname: 'invoice_v_insert', tgtype: 1 | 4 | 64, fn: 'app.invoice_v_insert()' },
      { tgname: 'invoice_v_update', tgtype: 1 | 16 | 64, fn: 'app.invoice_v_update()' },
    ])
    const { rows: fns } = await db().admin.query(
      `SELECT proname, prosecdef, proconfig, has_function_privilege('karen', oid, 'EXECUTE') AS karen_exec
       FROM pg_proc WHERE pronamespace = 'app'::regnamespace ORDER BY proname`,
    )
    expect(fns).toEqual(
      ['invoice_v_delete', 'invoice_v_insert', 'invoice_v_update'].map((proname) => ({
        proname,
        prosecdef: true,
        proconfig: ['search_path=pg_catalog, app, pg_temp'],
        karen_exec: false,
      })),
    )
    const { rows: privileges } = await db().admin.query(
      `SELECT r AS role, v AS view, array_agg(p ORDER BY p) AS privileges
       FROM unnest(ARRAY['karen', 'bob']) r, unnest(ARRAY['app.invoice_v', 'app.invoice_v_redacted']) v,
         unnest(ARRAY['DELETE', 'INSERT', 'SELECT', 'UPDATE']) p
       WHERE has_table_privilege(r, v, p) GROUP BY r, v ORDER BY r, v`,
    )
    expect(privileges).toEqual([
      { role: 'bob', view: 'app.invoice_v_redacted', privileges: ['SELECT'] },
      {
        role: 'karen',
        view: 'app.invoice_v',
        privileges: ['DELETE', 'INSERT', 'SELECT', 'UPDATE'],
      },
    ])
  })

  it('lets karen write through the view for her tenant only, and never read the raw table', async () => {
    const [ada] = await as(karen, (s) =>
      s.query<{ id: string; tenant_id: number; status: string }>(
        sql`INSERT INTO app.invoice_v (tenant_id, customer, email, amount)
            VALUES (1, 'Ada', 'ada@example.com', 10) RETURNING id, tenant_id, status`,
      ),
    )
    // The trigger returned the stored row: identity filled by the table, default by the view.
    expect(ada).toMatchObject({ tenant_id: 1, status: 'draft' })
    const raw = async (id: string) =>
      (
        await db().admin.query(
          `SELECT tenant_id, customer, amount FROM app.invoice_raw WHERE id = $1`,
          [id],
        )
      ).rows
    expect(await raw(ada?.id as string)).toEqual([
      { tenant_id: 1, customer: 'Ada', amount: '10.00' },
    ])

    const other = await failure(
      as(karen, (s) =>
        s.query(
          sql`INSERT INTO app.invoice_v (tenant_id, customer, email, amount) VALUES (2, 'Eve', 'eve@x.test', 5)`,
        ),
      ),
    )
    expect(other.sqlstate).toBe('42501')
    expect(other.message).toMatch(/row-level security/)

    const { rows: seeded } = await db().admin.query<{ id: string }>(
      `INSERT INTO app.invoice_raw (tenant_id, customer, email, amount) VALUES (2, 'Grace', 'grace@globex.test', 7) RETURNING id`,
    )
    const graceId = seeded[0]?.id as string
    const seen = await as(karen, (s) =>
      s.query<{ customer: string }>(sql`SELECT customer FROM app.invoice_v`),
    )
    expect(seen.map((r) => r.customer)).toEqual(['Ada'])

    const updated = await as(karen, (s) =>
      s.query(
        sql`UPDATE app.invoice_v SET amount = 20 WHERE id = ${sql.val(ada?.id)} RETURNING id`,
      ),
    )
    expect(updated).toHaveLength(1)
    expect(await raw(ada?.id as string)).toEqual([
      { tenant_id: 1, customer: 'Ada', amount: '20.00' },
    ])
    const notHers = await as(karen, (s) =>
      s.query(
        sql`UPDATE app.invoice_v SET amount = 99 WHERE id = ${sql.val(graceId)} RETURNING id`,
      ),
    )
    expect(notHers).toHaveLength(0)
    expect(await raw(graceId)).toEqual([{ tenant_id: 2, customer: 'Grace', amount: '7.00' }])

    const deleted = await as(karen, (s) =>
      s.query(sql`DELETE FROM app.invoice_v WHERE id = ${sql.val(ada?.id)} RETURNING id`),
    )
    expect(deleted).toHaveLength(1)
    expect(await raw(ada?.id as string)).toEqual([])

    const direct = await failure(as(karen, (s) => s.query(sql`SELECT * FROM app.invoice_raw`)))
    expect(direct.sqlstate).toBe('42501')
    expect(direct.message).toMatch(/permission denied for table invoice_raw/)
  })

  it('shows bob masked e-mails in the redacted view and refuses his writes', async () => {
    await db().admin.query(
      `INSERT INTO app.invoice_raw (tenant_id, customer, email, amount) VALUES (1, 'Ada', 'ada@example.com', 12)`,
    )
    const rows = await as(bob, (s) =>
      s.query<{ customer: string; email: string }>(
        sql`SELECT customer, email FROM app.invoice_v_redacted`,
      ),
    )
    expect(rows).toEqual([{ customer: 'Ada', email: 'a***@example.com' }])
    const insert = await failure(
      as(bob, (s) =>
        s.query(
          sql`INSERT INTO app.invoice_v_redacted (tenant_id, customer, amount) VALUES (1, 'Bob', 1)`,
        ),
      ),
    )
    expect(insert.sqlstate).toBe('42501')
    const update = await failure(
      as(bob, (s) => s.query(sql`UPDATE app.invoice_v_redacted SET amount = 0`)),
    )
    expect(update.sqlstate).toBe('42501')
    const full = await failure(as(bob, (s) => s.query(sql`SELECT email FROM app.invoice_v`)))
    expect(full.sqlstate).toBe('42501')
  })
})

describe('failures are caught in preview, and a failed apply leaves nothing behind', () => {
  beforeAll(async () => {
    await createInvoiceTable(db().admin, 'ledger_raw')
    await db().admin.query(`GRANT SELECT, INSERT ON app.ledger_raw TO karen`)
  })

  const withTrigger = async (insert: { language?: 'plpgsql' | 'sql'; body: string }) => {
    const input = await protectInput('ledger_raw')
    const [full, redacted] = input.views ?? []
    if (!full || !redacted) throw new Error('protectInput gives two views')
    return {
      ...input,
      views: [
        {
          ...full,
          name: 'ledger_v',
          triggers: { insert },
          grants: [{ role: 'karen', privileges: ['SELECT' as const, 'INSERT' as const] }],
        },
        redacted,
      ],
    }
  }

  it('reports an SQL body naming a missing column with the server’s message at its position', async () => {
    const body =
      '\nINSERT INTO app.ledger_raw (tenant_id, nope)\nVALUES (new.tenant_id, new.customer)\nRETURNING *\n'
    const plan = await protectTablePlan(await withTrigger({ language: 'sql', body }))
    const preview = await setup.ddl.preview(plan)
    expect(preview.ok).toBe(false)
    const failed = preview.statements.find((s) => s.status === 'error')
    expect(failed?.kind).toBe('create_function')
    expect(failed?.error?.sqlstate).toBe('42703')
    expect(failed?.error?.message).toBe('column "nope" of relation "ledger_raw" does not exist')
    expect(failed?.error?.position).toBe((failed?.sql ?? '').indexOf('nope') + 1)
    expect(failed?.error?.caret?.split('\n')[0]).toBe(
      'LINE 5: INSERT INTO app.ledger_raw (tenant_id, nope)',
    )
    expect(
      preview.statements
        .slice(preview.statements.indexOf(failed as never) + 1)
        .every((s) => s.status === 'not run'),
    ).toBe(true)
  })

  it('reports a plpgsql syntax error with the server’s message at its position', async () => {
    const body = '\nBEGIN\n  IF NEW.amount > 0 THEN\n    RETURN NEW\n  END IF;\nEND\n'
    const plan = await protectTablePlan(await withTrigger({ body }))
    const preview = await setup.ddl.preview(plan)
    const failed = preview.statements.find((s) => s.status === 'error')
    expect(failed?.kind).toBe('create_function')
    expect(failed?.error?.sqlstate).toBe('42601')
    expect(failed?.error?.message).toBe('syntax error at or near "IF"')
    expect(failed?.error?.position).toBe((failed?.sql ?? '').indexOf('END IF;') + 'END '.length + 1)
    expect(failed?.error?.caret?.split('\n')[0]).toBe('LINE 8:   END IF;')
  })

  it('reports a USING expression the server refuses, and refuses a malformed one before', async () => {
    const input = await protectInput('ledger_raw')
    const plan = await protectTablePlan({
      ...input,
      views: input.views?.map((v, i) => ({
        ...v,
        name: i === 0 ? 'ledger_v' : 'ledger_v_redacted',
      })),
      policies: [{ name: 'tenant_isolation', using: 'tenant_id = app.no_such_claim()' }],
    })
    const preview = await setup.ddl.preview(plan)
    const failed = preview.statements.find((s) => s.status === 'error')
    expect(failed?.kind).toBe('create_policy')
    expect(failed?.error?.sqlstate).toBe('42883')
    expect(failed?.error?.message).toBe('function app.no_such_claim() does not exist')
    // PostgreSQL reports no position for errors in a policy's expressions (unlike a view's or a
    // function body's); the parser's refusals below and the column check do carry one.
    expect(failed?.error?.position).toBeUndefined()

    const malformed = await protectTablePlan({
      ...input,
      policies: [{ name: 'tenant_isolation', using: 'tenant_id = = 1' }],
    }).catch((e: unknown) => e)
    expect(malformed).toBeInstanceOf(ParseError)
    expect((malformed as ParseError).fields).toEqual({
      'policies.0.using': 'syntax error at or near "=" at position 13',
    })
  })

  it('rolls the whole plan back when apply fails: grants, RLS, views and functions as before', async () => {
    const before = await tableGrants(db().admin, 'app', 'ledger_raw')
    expect(before.map((g) => `${g.grantee}:${g.privilege}`)).toEqual([
      'karen:INSERT',
      'karen:SELECT',
    ])
    const body = '\nBEGIN\n  IF NEW.amount > 0 THEN\n    RETURN NEW\n  END IF;\nEND\n'
    const plan = await protectTablePlan(await withTrigger({ body }))
    const err = await setup.ddl.apply(plan, { name: 'senior' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PlanFailedError)
    const result = (err as PlanFailedError).result
    expect(result.outcome).toBe('rolled back')
    expect(result.statements.filter((s) => s.status === 'ok')).toEqual([])
    expect(await tableGrants(db().admin, 'app', 'ledger_raw')).toEqual(before)
    expect(await rlsState(db().admin, 'app.ledger_raw')).toEqual({ enabled: false, forced: false })
    const { rows } = await db().admin.query(
      `SELECT (SELECT count(*) FROM pg_class WHERE relname LIKE 'ledger_v%')::int AS views,
         (SELECT count(*) FROM pg_proc WHERE proname LIKE 'ledger_v%')::int AS functions,
         (SELECT count(*) FROM pg_policy WHERE polrelid = 'app.ledger_raw'::regclass)::int AS policies`,
    )
    expect(rows[0]).toEqual({ views: 0, functions: 0, policies: 0 })
    const { rows: log } = await db().admin.query(
      `SELECT outcome FROM planetary.change_log WHERE id = $1`,
      [result.changeLogId],
    )
    expect(log).toEqual([{ outcome: 'rolled back' }])
  })
})

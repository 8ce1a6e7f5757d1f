import { describe, expect, it } from 'vitest'
import { addViewPlan } from '../../../core/builders/protect/add-view.js'
import { changeViewColumnsPlan } from '../../../core/builders/protect/change-view-columns.js'
import type { ViewInput } from '../../../core/builders/protect/input.js'
import { replaceFunctionBodyPlan } from '../../../core/builders/protect/replace-function-body.js'
import { triggerSkeleton } from '../../../core/builders/protect/skeleton.js'
import { describeUnprotect, unprotectPlan } from '../../../core/builders/protect/unprotect.js'
import type { ViewDependent } from '../../../core/builders/protect/view-dependents.js'
import { viewBuilderPlan } from '../../../core/builders/protect/view-builder.js'
import { InvalidInputError } from '../../../core/errors.js'
import { find, fullView, redactedView, refusal, table, target, texts } from './fixture.js'

const dependent: ViewDependent = {
  kind: 'view',
  schema: 'app',
  name: 'invoice_summary',
  identity: null,
  on: null,
  columns: ['amount'],
}
const ownFunction: ViewDependent = {
  kind: 'function',
  schema: 'app',
  name: 'invoice_v_insert',
  identity: 'new app.invoice_v',
  on: null,
  columns: [],
}

describe('changeViewColumnsPlan', () => {
  it('replaces the view in place when columns are only appended, and rewrites the functions', async () => {
    const current: ViewInput = { ...fullView, columns: fullView.columns.slice(0, 4) }
    const change = await changeViewColumnsPlan(target, current, fullView, [dependent])
    expect(change.mode).toBe('replace')
    expect(change.breaks).toEqual([])
    expect(change.plan.map((s) => s.kind)).toEqual([
      'create_view',
      'alter_view_default',
      'create_function',
      'revoke',
      'create_function',
      'revoke',
      'create_function',
      'revoke',
    ])
    expect(texts(change.plan)[0]?.split('\n')[0]).toBe(
      'CREATE OR REPLACE VIEW "app"."invoice_v" AS',
    )
    expect(find(change.plan, 'CREATE OR REPLACE FUNCTION "app"."invoice_v_insert"()')).toContain(
      '"amount", "status")',
    )
    expect(texts(change.plan).some((t) => t.startsWith('DROP'))).toBe(false)
  })

  it('keeps a redaction change with the same type in place, and diffs grants and triggers', async () => {
    const next: ViewInput = {
      ...redactedView,
      columns: [
        { mode: 'include', name: 'id' },
        { mode: 'include', name: 'customer' },
        { mode: 'redact', name: 'email', redaction: { fn: 'hash' } },
      ],
      grants: [{ role: 'karen', privileges: ['SELECT'] }],
      securityBarrier: false,
    }
    const change = await changeViewColumnsPlan(target, redactedView, next)
    expect(change.mode).toBe('replace')
    expect(texts(change.plan)).toEqual([
      'CREATE OR REPLACE VIEW "app"."invoice_v_redacted" AS\nSELECT\n  "id",\n  "customer",\n  "planetary"."hash"("email"::text) AS "email"\nFROM "app"."invoice_raw"',
      'REVOKE SELECT ON TABLE "app"."invoice_v_redacted" FROM "bob"',
      'GRANT SELECT ON TABLE "app"."invoice_v_redacted" TO "karen"',
    ])
  })

  it('drops and recreates when a column goes, reporting what breaks but not its own functions', async () => {
    const current: ViewInput = {
      ...fullView,
      triggers: { insert: { language: 'sql' }, update: {}, delete: {} },
    }
    const next: ViewInput = {
      ...fullView,
      columns: fullView.columns.filter((c) => c.name !== 'amount'),
      triggers: { insert: { language: 'sql' }, update: {} },
      grants: [{ role: 'karen', privileges: ['SELECT', 'INSERT', 'UPDATE'] }],
    }
    const change = await changeViewColumnsPlan(target, current, next, [dependent, ownFunction])
    expect(change.mode).toBe('recreate')
    expect(change.breaks).toEqual([dependent])
    expect(change.plan.map((s) => s.kind)).toEqual([
      'drop_function',
      'drop_view',
      'create_view',
      'alter_view_default',
      'create_function',
      'revoke',
      'create_function',
      'revoke',
      'create_function',
      'revoke',
      'create_trigger',
      'create_trigger',
      'drop_function',
      'grant',
    ])
    expect(texts(change.plan).slice(0, 2)).toEqual([
      'DROP FUNCTION "app"."invoice_v_insert"("app"."invoice_v")',
      'DROP VIEW "app"."invoice_v"',
    ])
    expect(change.plan[1]?.summary).toBe(
      'Drop view app.invoice_v (blocked by view app.invoice_summary)',
    )
    expect(
      find(change.plan, 'CREATE OR REPLACE FUNCTION "app"."invoice_v_update"()'),
    ).not.toContain('"amount"')
    expect(find(change.plan, 'DROP FUNCTION "app"."invoice_v_delete"')).toBe(
      'DROP FUNCTION "app"."invoice_v_delete"()',
    )
    const cascade = await changeViewColumnsPlan(target, current, next, [dependent], {
      cascade: true,
    })
    expect(texts(cascade.plan)[1]).toBe('DROP VIEW "app"."invoice_v" CASCADE')
  })

  it('recreates when a kept column changes type, and refuses a rename', async () => {
    const next: ViewInput = {
      ...redactedView,
      columns: [
        { mode: 'include', name: 'id' },
        { mode: 'redact', name: 'customer', redaction: { fn: 'nullify' } },
        { mode: 'include', name: 'email' },
      ],
    }
    const change = await changeViewColumnsPlan(target, redactedView, next)
    expect(change.mode).toBe('recreate')
    const err = await refusal(
      changeViewColumnsPlan(target, redactedView, { ...redactedView, name: 'other' }),
    )
    expect(err.fields).toEqual({
      'next.name': 'must stay app.invoice_v_redacted: renaming is not a column change',
    })
  })
})

describe('replaceFunctionBodyPlan', () => {
  it("replaces one trigger function with Senior's body", async () => {
    const body = '\nBEGIN\n  RETURN NEW;\nEND\n'
    const plan = await replaceFunctionBodyPlan({
      ...target,
      view: { ...fullView, triggers: { ...fullView.triggers, update: { body } } },
      operation: 'update',
    })
    expect(texts(plan)).toEqual([
      `CREATE OR REPLACE FUNCTION "app"."invoice_v_update"() RETURNS trigger\nLANGUAGE plpgsql SECURITY DEFINER\nSET search_path = pg_catalog, "app", pg_temp\nAS $body$${body}$body$`,
      'REVOKE EXECUTE ON FUNCTION "app"."invoice_v_update"() FROM PUBLIC',
      'COMMENT ON TRIGGER "invoice_v_update" ON "app"."invoice_v" IS NULL',
    ])
  })

  it('swaps the SQL operation function in or out when the language changes', async () => {
    const toSql = await replaceFunctionBodyPlan({
      ...target,
      view: {
        ...fullView,
        triggers: {
          delete: {
            language: 'sql',
            body: 'DELETE FROM app.invoice_raw WHERE id = old.id RETURNING *',
          },
        },
      },
      operation: 'delete',
    })
    expect(toSql.map((s) => s.summary)).toEqual([
      'Create or replace SQL function app.invoice_v_delete(app.invoice_v) for DELETE on app.invoice_v',
      'Revoke EXECUTE on app.invoice_v_delete(app.invoice_v) from PUBLIC',
      'Create or replace trigger function app.invoice_v_delete() for DELETE on app.invoice_v (calls app.invoice_v_delete(app.invoice_v))',
      'Revoke EXECUTE on app.invoice_v_delete() from PUBLIC',
    ])
    const back = await replaceFunctionBodyPlan({
      ...target,
      view: fullView,
      operation: 'delete',
      previousLanguage: 'sql',
    })
    expect(texts(back).at(-1)).toBe('DROP FUNCTION "app"."invoice_v_delete"("app"."invoice_v")')
    const none = await refusal(
      replaceFunctionBodyPlan({ ...target, view: redactedView, operation: 'insert' }),
    )
    expect(Object.keys(none.fields)).toEqual(['view.triggers.insert'])
  })
})

describe('unprotectPlan', () => {
  const record = {
    table,
    previousGrants: [
      { grantee: 'karen', privilege: 'SELECT', grantable: false, column: null },
      { grantee: 'karen', privilege: 'INSERT', grantable: false, column: null },
      { grantee: 'bob', privilege: 'SELECT', grantable: true, column: null },
      { grantee: 'bob', privilege: 'UPDATE', grantable: false, column: 'email' },
      { grantee: 'PUBLIC', privilege: 'SELECT', grantable: false, column: null },
    ],
    previousRls: { enabled: false, forced: false },
    policies: ['tenant_isolation'],
    views: [
      {
        schema: 'app',
        name: 'invoice_v',
        triggers: [
          { operation: 'insert' as const, language: 'sql' as const },
          { operation: 'delete' as const, language: 'plpgsql' as const },
        ],
      },
      { schema: 'app', name: 'invoice_v_redacted' },
    ],
  }

  it('drops what protecting created and gives back exactly what it took', () => {
    expect(texts(unprotectPlan(record))).toEqual([
      'DROP FUNCTION "app"."invoice_v_insert"("app"."invoice_v")',
      'DROP VIEW "app"."invoice_v"',
      'DROP FUNCTION "app"."invoice_v_insert"()',
      'DROP FUNCTION "app"."invoice_v_delete"()',
      'DROP VIEW "app"."invoice_v_redacted"',
      'DROP POLICY "tenant_isolation" ON "app"."invoice_raw"',
      'ALTER TABLE "app"."invoice_raw" DISABLE ROW LEVEL SECURITY',
      'ALTER TABLE "app"."invoice_raw" NO FORCE ROW LEVEL SECURITY',
      'GRANT SELECT ON TABLE "app"."invoice_raw" TO PUBLIC',
      'GRANT SELECT ON TABLE "app"."invoice_raw" TO "bob" WITH GRANT OPTION',
      'GRANT SELECT, INSERT ON TABLE "app"."invoice_raw" TO "karen"',
      'GRANT UPDATE ("email") ON TABLE "app"."invoice_raw" TO "bob"',
    ])
  })

  it('lists what is restored and what is dropped', () => {
    expect(describeUnprotect(record)).toEqual({
      restores: [
        'row level security on app.invoice_raw: disabled, not forced for the owner',
        'SELECT on app.invoice_raw to PUBLIC',
        'SELECT on app.invoice_raw to bob',
        'SELECT, INSERT on app.invoice_raw to karen',
        'UPDATE on app.invoice_raw (email) to bob',
      ],
      drops: [
        'view app.invoice_v with its INSERT, DELETE triggers and their functions',
        'view app.invoice_v_redacted',
        'policy tenant_isolation on app.invoice_raw',
      ],
    })
  })

  it('refuses a record with a bad name, naming the field', () => {
    expect(() => unprotectPlan({ ...record, policies: [''] })).toThrow(InvalidInputError)
    expect(() => unprotectPlan({ ...record, policies: [''] })).toThrow(/policies\.0: is required/)
  })
})

describe('addViewPlan and viewBuilderPlan', () => {
  it('adds a view to a protected table with the same rules', async () => {
    const plan = await addViewPlan({ ...target, view: redactedView })
    expect(plan.map((s) => s.kind)).toEqual(['create_view', 'grant'])
    const err = await refusal(
      addViewPlan({ ...target, view: { ...redactedView, securityInvoker: true } }),
    )
    expect(Object.keys(err.fields)).toEqual(['view.securityInvoker'])
  })

  it('applies the protect rules in the view builder when told the table is protected', async () => {
    const view = { ...redactedView, securityInvoker: true }
    await expect(viewBuilderPlan({ ...target, view })).resolves.toHaveLength(2)
    const err = await refusal(viewBuilderPlan({ ...target, view, protected: true }))
    expect(Object.keys(err.fields)).toEqual(['view.securityInvoker'])
  })

  it('refuses security_invoker on a server before PG 15, naming the version it needs', async () => {
    const view = { ...redactedView, securityInvoker: true }
    await expect(
      viewBuilderPlan({ ...target, serverVersionNum: 150000, view }),
    ).resolves.toHaveLength(2)
    const err = await refusal(viewBuilderPlan({ ...target, serverVersionNum: 140023, view }))
    expect(err.fields).toEqual({
      'view.securityInvoker': 'security_invoker needs PostgreSQL 15 or later (this server is 14)',
    })
  })

  it('builds a view with RLS on any table, security_invoker and all', async () => {
    const plan = await viewBuilderPlan({
      ...target,
      view: {
        name: 'customer_v',
        securityInvoker: true,
        securityBarrier: false,
        columns: [
          { mode: 'include', name: 'customer' },
          {
            mode: 'redact',
            name: 'email',
            as: 'contact',
            redaction: { fn: 'partial', keepStart: 1, keepEnd: 4 },
          },
        ],
        grants: [{ role: 'web_anon', privileges: ['SELECT', 'INSERT'] }],
        comment: "Customers, e-mails masked: don't export",
      },
      rowLevelSecurity: { enabled: true },
      policies: [
        {
          name: 'only mine',
          command: 'SELECT',
          template: { id: 'tenant', params: { type: 'int' } },
        },
      ],
    })
    expect(texts(plan)).toEqual([
      'ALTER TABLE "app"."invoice_raw" ENABLE ROW LEVEL SECURITY',
      `CREATE POLICY "only mine" ON "app"."invoice_raw"\n  AS PERMISSIVE\n  FOR SELECT\n  TO PUBLIC\n  USING ("tenant_id" = (current_setting('request.jwt.claims', true)::jsonb ->> 'tenant_id')::int)`,
      'CREATE VIEW "app"."customer_v" WITH (security_invoker = true) AS\nSELECT\n  "customer",\n  "planetary"."partial"("email"::text, 1, 4) AS "contact"\nFROM "app"."invoice_raw"',
      `COMMENT ON VIEW "app"."customer_v" IS 'Customers, e-mails masked: don''t export'`,
      'GRANT SELECT, INSERT ON TABLE "app"."customer_v" TO "web_anon"',
    ])
  })
})

describe('triggerSkeleton', () => {
  it('gives the body the plan would generate, to open the editor with', async () => {
    const body = await triggerSkeleton({
      ...target,
      view: redactedView,
      operation: 'delete',
      language: 'sql',
    })
    expect(body.split('\n')).toEqual([
      '',
      '-- Generated by pg-planetary: routes the write to the raw table. Replace with your rules.',
      'DELETE FROM "app"."invoice_raw"',
      'WHERE "id" = old."id"',
      'RETURNING "id", "customer", "planetary"."mask_email"("email"::text)',
      '',
    ])
    const plan = await addViewPlan({
      ...target,
      view: { ...redactedView, triggers: { delete: {} } },
    })
    expect(find(plan, 'CREATE FUNCTION "app"."invoice_v_redacted_delete"()')).toContain(
      await triggerSkeleton({ ...target, view: redactedView, operation: 'delete' }),
    )
  })

  it('refuses a view whose columns are all excluded', async () => {
    const err = await refusal(
      triggerSkeleton({
        ...target,
        view: { name: 'v', columns: [{ mode: 'exclude', name: 'id' }] },
        operation: 'insert',
      }),
    )
    expect(err.fields).toEqual({
      'view.columns': 'choose at least one column to include or redact',
    })
  })
})

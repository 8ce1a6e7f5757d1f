import { describe, expect, it } from 'vitest'
import type { ColumnInput } from '../../../core/builders/protect/input.js'
import { sampleInsertChecks, sampleValue } from '../../../core/builders/protect/sample-insert.js'
import { renderStatic } from '../../../core/sql/sql.js'
import { table } from './fixture.js'

const columns: ColumnInput[] = [
  { name: 'id', type: 'bigint', identity: 'byDefault', notNull: true },
  { name: 'tenant_id', type: 'integer', notNull: true },
  { name: 'customer', type: 'character varying(3)', notNull: true },
  { name: 'amount', type: 'numeric(12,2)', notNull: true, default: '0' },
  { name: 'status', type: 'app.invoice_status', notNull: true },
  { name: 'notes', type: 'text' },
]

const base = { table, columns, primaryKey: ['id'], redactionSchema: 'planetary' }

describe('sampleValue', () => {
  it.each([
    ['integer', false, '1'],
    ['numeric(12,2)', false, '1'],
    ['numeric(2,2)', false, '0'],
    ['character varying(3)', true, 'sam'],
    ['text', true, 'sample'],
    ['timestamp with time zone', false, '2000-01-01 00:00:00+00'],
    ['boolean', false, 'false'],
    ['integer[]', false, '{}'],
    ['uuid', false, '00000000-0000-4000-8000-000000000000'],
  ])('%s → %s', (type, textual, value) => {
    expect(sampleValue(type, textual)).toBe(value)
  })

  it('has none for a type it cannot vouch for', () => {
    expect(sampleValue('app.invoice_status', false)).toBeUndefined()
  })
})

describe('sampleInsertChecks', () => {
  it('inserts through each view taking INSERTs, giving only what has no default and is NOT NULL', async () => {
    const { checks, notExercised } = await sampleInsertChecks({
      ...base,
      views: [
        {
          name: 'invoice_v',
          columns: [
            { mode: 'include', name: 'id' },
            { mode: 'include', name: 'tenant_id' },
            { mode: 'include', name: 'customer', as: 'who' },
            { mode: 'include', name: 'amount' },
            { mode: 'include', name: 'notes' },
          ],
          grants: [{ role: 'karen', privileges: ['SELECT', 'INSERT'] }],
          triggers: { insert: {} },
        },
        { name: 'invoice_v_read', columns: [{ mode: 'include', name: 'id' }] },
      ],
    })
    expect(notExercised).toEqual([])
    expect(checks.map((c) => [c.field, c.view, c.statement.kind])).toEqual([
      ['views.0', 'app.invoice_v', 'dry_run_insert'],
    ])
    const check = checks[0]?.statement
    expect(check?.summary).toBe(
      'Dry run only: insert a sample row through app.invoice_v (tenant_id = 1, who = sam), row level security set aside, rolled back',
    )
    expect(renderStatic(check!.sql).split('\n')).toEqual([
      'DO $dry_run$',
      'BEGIN',
      '  ALTER TABLE "app"."invoice_raw" DISABLE ROW LEVEL SECURITY;',
      `  INSERT INTO "app"."invoice_v" ("tenant_id", "who") VALUES ('1', 'sam');`,
      '  ALTER TABLE "app"."invoice_raw" ENABLE ROW LEVEL SECURITY;',
      `  RAISE NOTICE '%', 'a sample row went in through app.invoice_v (rolled back with the dry run)';`,
      'EXCEPTION WHEN check_violation OR foreign_key_violation OR unique_violation OR exclusion_violation THEN',
      `  RAISE NOTICE '%: %', 'the sample row through app.invoice_v broke a rule of the data, not of the view', SQLERRM;`,
      'END',
      '$dry_run$',
    ])
  })

  it("leaves out redacted columns, which is what makes a required one fail, and tolerates Senior's own refusals", async () => {
    const { checks } = await sampleInsertChecks({
      ...base,
      views: [
        {
          name: 'invoice_v',
          columns: [
            { mode: 'include', name: 'id' },
            { mode: 'include', name: 'tenant_id' },
            { mode: 'redact', name: 'customer', redaction: { fn: 'hash' } },
          ],
          triggers: { insert: { body: 'BEGIN RETURN NEW; END' } },
        },
      ],
    })
    const text = renderStatic(checks[0]!.statement.sql)
    expect(text).toContain(`INSERT INTO "app"."invoice_v" ("tenant_id") VALUES ('1');`)
    expect(text).toContain('exclusion_violation OR raise_exception THEN')
  })

  it('says why it cannot try a view that needs a value of a type it has no sample for', async () => {
    const { checks, notExercised } = await sampleInsertChecks({
      ...base,
      views: [
        {
          name: 'invoice_v',
          columns: columns.map((c) => ({ mode: 'include' as const, name: c.name })),
          triggers: { insert: {} },
        },
      ],
    })
    expect(checks).toEqual([])
    expect(notExercised).toEqual([
      {
        field: 'views.0',
        view: 'app.invoice_v',
        message:
          'The dry run cannot insert a sample row through app.invoice_v: it has no sample value for status (app.invoice_status), which every INSERT must give. Try an INSERT yourself once it is applied.',
      },
    ])
  })
})

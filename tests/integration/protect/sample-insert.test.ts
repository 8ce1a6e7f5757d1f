import { beforeAll, describe, expect, it } from 'vitest'
import type { ProtectInput, ViewInput } from '../../../core/builders/protect/input.js'
import { protectTablePlan } from '../../../core/builders/protect/protect-table.js'
import { sampleInsertChecks } from '../../../core/builders/protect/sample-insert.js'
import { protectWarnings } from '../../../core/builders/protect/warnings.js'
import type { PreviewResult } from '../../../core/executor/executor.js'
import { plan } from '../../../core/executor/statement.js'
import { useTestDatabase } from '../../harness/database.js'
import {
  createInvoiceTable,
  describeTable,
  rlsState,
  setUpConsole,
  type ConsoleSetup,
} from './console.js'

// The dry run's sample INSERT, built from the catalog as the wizard reads it, run by the
// executor's preview after the protect plan: it fails where every INSERT would, and only there.
const db = useTestDatabase()
let setup: ConsoleSetup
let input: (views: ViewInput[]) => Promise<ProtectInput>

const all = ['id', 'tenant_id', 'customer', 'email', 'amount', 'status']
const include = (names: string[]) => names.map((name) => ({ mode: 'include' as const, name }))

beforeAll(async () => {
  setup = await setUpConsole(db())
  await createInvoiceTable(db().admin, 'invoice_raw')
  await db().admin.query(`INSERT INTO app.invoice_raw (tenant_id, customer, email, amount)
    VALUES (1, 'Ada', 'ada@acme.test', 10)`)
  input = async (views) => ({
    ...(await describeTable(db().admin, 'app', 'invoice_raw')),
    redactionSchema: 'planetary',
    policies: [{ name: 'tenant_isolation', template: { id: 'tenant', params: { type: 'int' } } }],
    views,
  })
})

/** The protect plan and its sample INSERTs in one preview, as the wizard's dry run does. */
async function dryRun(i: ProtectInput): Promise<PreviewResult> {
  const { checks } = await sampleInsertChecks(i)
  return setup.ddl.preview(plan(...(await protectTablePlan(i)), ...checks.map((c) => c.statement)))
}

const view = (over: Partial<ViewInput>): ViewInput => ({
  name: 'invoice_v',
  columns: include(all),
  grants: [{ role: 'karen', privileges: ['SELECT', 'INSERT'] }],
  triggers: { insert: {} },
  ...over,
})

describe('the sample INSERT of a dry run', () => {
  it('goes in through the generated trigger, under forced row level security, and is rolled back', async () => {
    const result = await dryRun(await input([view({})]))
    expect(result.ok).toBe(true)
    const check = result.statements.at(-1)
    expect(check?.kind).toBe('dry_run_insert')
    expect(check?.summary).toContain(
      '(tenant_id = 1, customer = sample, email = sample, amount = 1)',
    )
    expect(check?.notices).toEqual([
      'NOTICE: a sample row went in through app.invoice_v (rolled back with the dry run)',
    ])
    const { rows } = await db().admin.query(`SELECT count(*)::int AS n FROM app.invoice_raw`)
    expect(rows[0]).toEqual({ n: 1 })
    expect(await rlsState(db().admin, 'app.invoice_raw')).toEqual({ enabled: false, forced: false })
  })

  it('fails for a NOT NULL column without default the view nullifies, which the warnings named first', async () => {
    const i = await input([
      view({
        columns: [
          ...include(['id', 'tenant_id', 'customer', 'email', 'status']),
          { mode: 'redact', name: 'amount', redaction: { fn: 'nullify' } },
        ],
      }),
    ])
    expect(protectWarnings(i).map((w) => w.field)).toEqual(['views.0.columns.5'])
    const result = await dryRun(i)
    expect(result.ok).toBe(false)
    const failed = result.statements.find((s) => s.status === 'error')
    expect(failed?.kind).toBe('dry_run_insert')
    expect(failed?.error?.sqlstate).toBe('23502')
    expect(failed?.error?.message).toBe(
      'null value in column "amount" of relation "invoice_raw" violates not-null constraint',
    )
  })

  it("tolerates a refusal of Senior's own INSERT body, through an SQL-language trigger too", async () => {
    const refusing = view({
      triggers: {
        insert: {
          body: "\nBEGIN\n  RAISE EXCEPTION 'invoices come from billing';\nEND\n",
        },
      },
    })
    const own = await dryRun(await input([refusing]))
    expect(own.ok).toBe(true)
    expect(own.statements.at(-1)?.notices).toEqual([
      'NOTICE: the sample row through app.invoice_v broke a rule of the data, not of the view: invoices come from billing',
    ])
    const sqlTrigger = await dryRun(
      await input([view({ name: 'invoice_v_sql', triggers: { insert: { language: 'sql' } } })]),
    )
    expect(sqlTrigger.ok).toBe(true)
    expect(sqlTrigger.statements.at(-1)?.notices).toEqual([
      'NOTICE: a sample row went in through app.invoice_v_sql (rolled back with the dry run)',
    ])
  })
})

import { describe, expect, it } from 'vitest'
import { compile } from '../../../core/sql/sql.js'
import { columnOf, type ViewColumn } from '../../../resources/view-adapter/model.js'
import { walkAdvice, walkedTable, walkIndexSql } from '../../../resources/view-adapter/walk-hint.js'
import { invoiceModel } from './models.js'

const inv = invoiceModel()
const col = (n: string) => columnOf(inv, n) as ViewColumn

describe('the index a deep page walk needs', () => {
  it('is asked of the one base table every ordering column comes from', () => {
    const walked = walkedTable([col('amount'), col('id')])
    if (!walked) throw new Error('no walked table')
    expect(walked.table).toBe('invoice_raw')
    expect(walked.ordering.map((o) => o.column)).toEqual(['amount', 'id'])
    const q = compile(walkIndexSql(walked))
    expect(q.text).toContain(`p.polcmd IN ('r', '*')`)
    expect(q.text).toContain('i.indisvalid AND i.indpred IS NULL')
    expect(q.values).toContain(walked.tableOid)
    expect(q.values).toContainEqual(walked.ordering.map((o) => o.attnum))
    // a computed column has no table to index
    const computed: ViewColumn = { ...col('amount'), origin: null }
    expect(walkedTable([computed, col('id')])).toBeNull()
  })

  it('names the policy columns first, then the ordering, quoted; nothing when one exists', () => {
    const walked = walkedTable([col('amount'), col('id')])
    if (!walked) throw new Error('no walked table')
    expect(walkAdvice(walked, { policy: ['tenant_id'], covered: false })).toBe(
      'A page found by number walks every row of invoice_raw before it in (amount, id) order, and row-level security checks tenant_id on each of them, reading the table where an index alone would do. Index for the walk: CREATE INDEX ON "app"."invoice_raw" ("tenant_id", "amount", "id");',
    )
    expect(walkAdvice(walked, { policy: [], covered: false })).toBe(
      'A page found by number walks every row of invoice_raw before it in (amount, id) order reading the table where an index alone would do. Index for the walk: CREATE INDEX ON "app"."invoice_raw" ("amount", "id");',
    )
    expect(walkAdvice(walked, { policy: ['tenant_id'], covered: true })).toBeNull()
  })
})

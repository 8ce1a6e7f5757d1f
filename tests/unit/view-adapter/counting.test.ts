import { describe, expect, it } from 'vitest'
import { compile } from '../../../core/sql/sql.js'
import {
  boundedCountSql,
  budgetSql,
  countOutcome,
  countText,
  planRows,
  skipCount,
} from '../../../resources/view-adapter/counting.js'
import { columnOf } from '../../../resources/view-adapter/model.js'
import type { FilterCondition } from '../../../resources/view-adapter/query-input.js'
import { invoiceModel } from './models.js'

const inv = invoiceModel()
const paid: FilterCondition = {
  kind: 'equals',
  column: columnOf(inv, 'status') ?? (inv.columns[0] as never),
  value: 'paid',
}

describe('totals', () => {
  it('counts at most one row past the threshold, on the real columns', () => {
    const q = compile(boundedCountSql(inv, [paid], 10_000))
    expect(q.text).toBe(
      'SELECT count(*) AS n FROM (SELECT 1 FROM "app"."invoice_v" AS "pv_row" WHERE "pv_row"."status" = $1::"app"."invoice_status" LIMIT $2) AS bounded',
    )
    expect(q.values).toEqual(['paid', 10_001])
    expect(compile(budgetSql(250)).values).toEqual(['250ms'])
  })

  it('says exact, about, more than, or many — never more than it knows', () => {
    expect(countOutcome({ estimate: 12, counted: 30 }, 10_000)).toEqual({
      total: 30,
      estimated: false,
      kind: 'exact',
    })
    // the estimate 100× too low: a lower bound, not the estimate
    const low = countOutcome({ estimate: 12_403, counted: 10_001 }, 10_000)
    expect(low.kind).toBe('estimate')
    const wayLow = countOutcome({ estimate: 120, counted: 10_001 }, 10_000)
    expect(wayLow).toEqual({ total: 10_001, estimated: true, kind: 'more-than' })
    expect(countText(wayLow)).toBe('more than 10,000')
    const late = countOutcome({ estimate: 3, timedOut: true }, 10_000)
    expect(late).toEqual({ total: 3, estimated: true, kind: 'many' })
    expect(countText(late)).toBe('many (about 3)')
    expect(countText(countOutcome({ estimate: 2_500_000 }, 10_000))).toBe('about 2,500,000')
    expect(countText(countOutcome({ estimate: 0, counted: 1234 }, 10_000))).toBe('1,234')
  })

  it('skips counting only unfiltered lists estimated above the threshold', () => {
    expect(skipCount([], 2_500_000, 10_000)).toBe(true)
    expect(skipCount([paid], 2_500_000, 10_000)).toBe(false)
    expect(skipCount([], 500, 10_000)).toBe(false)
    expect(planRows([{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': 41.6 } }] }])).toBe(42)
  })
})

import { describe, expect, it } from 'vitest'
import { compile, type SqlFragment } from '../../../core/sql/sql.js'
import { columnOf, type ViewModel } from '../../../resources/view-adapter/model.js'
import { planPage, type ListQuery } from '../../../resources/view-adapter/paging.js'
import type { SortSpec } from '../../../resources/view-adapter/query-input.js'
import {
  locate,
  splitFraction,
  splitWalk,
  splittable,
  SPLIT_FROM,
  type SplitWalk,
} from '../../../resources/view-adapter/split-walk.js'
import { invoiceModel } from './models.js'

const inv = invoiceModel()
const col = (m: ViewModel, n: string) => {
  const c = columnOf(m, n)
  if (!c) throw new Error(n)
  return c
}
const by = (name: string, direction: 'asc' | 'desc' = 'asc'): SortSpec => ({
  column: col(inv, name),
  direction,
})
const query = (over: Partial<ListQuery> = {}): ListQuery => ({
  model: inv,
  sort: by('id'),
  conditions: [],
  limit: 10,
  ...over,
})
const text = (f: SqlFragment) => compile(f).text
const values = (f: SqlFragment) => compile(f).values
function walkOf(q: ListQuery, offset = 100_000): SplitWalk {
  const w = splitWalk(q, offset)
  if (!w) throw new Error('not split')
  return w
}

describe('which deep pages are walked in two halves', () => {
  it('unfiltered lists ordered by NOT NULL numbers, dates and timestamps', () => {
    for (const name of ['id', 'amount', 'created_at']) {
      expect(splittable(query({ sort: by(name) }), 100_000), name).toBe(true)
    }
  })

  it('not a filtered list, a nullable or text ordering, nor a count MOVE cannot take', () => {
    const paid = { kind: 'equals' as const, column: col(inv, 'status'), value: 'paid' }
    expect(splittable(query({ conditions: [paid] }), 100_000)).toBe(false)
    // issued_on can be NULL: a row comparison would lose the NULL rows
    expect(splittable(query({ sort: by('issued_on') }), 100_000)).toBe(false)
    // no value lies halfway between two strings
    expect(splittable(query({ sort: by('customer') }), 100_000)).toBe(false)
    expect(splittable(query(), 2_147_483_648)).toBe(false)
    expect(splittable(query(), 2_147_483_647)).toBe(true)
    // shallower, one walk costs about what splitting it does
    expect(splittable(query(), SPLIT_FROM - 1)).toBe(false)
    expect(splittable(query(), SPLIT_FROM)).toBe(true)
  })

  it('the paging plan carries the split beside the one-statement walk', () => {
    const plan = planPage(query(), { kind: 'offset', offset: 100_000 })
    if (plan.strategy !== 'seek') throw new Error(plan.strategy)
    expect(plan.together).toBeDefined()
    expect(plan.split?.offset).toBe(100_000)
    const filtered = planPage(
      query({ conditions: [{ kind: 'equals', column: col(inv, 'status'), value: 'paid' }] }),
      { kind: 'offset', offset: 100_000 },
    )
    if (filtered.strategy !== 'seek') throw new Error(filtered.strategy)
    expect(filtered.split).toBeUndefined()
  })
})

describe('the statements of a split walk', () => {
  it('probe: exports the snapshot and interpolates between the first and the last row', () => {
    const w = walkOf(query())
    const probe = w.probe(0.25)
    expect(text(probe)).toMatch(/^SELECT pg_catalog\.pg_export_snapshot\(\) AS snapshot, /)
    expect(text(probe)).toContain(
      `(SELECT "pv_row"."id" FROM "app"."invoice_v" AS "pv_row" ORDER BY "pv_row"."id" ASC LIMIT 1) AS lo`,
    )
    expect(text(probe)).toContain(
      `(SELECT "pv_row"."id" FROM "app"."invoice_v" AS "pv_row" ORDER BY "pv_row"."id" DESC LIMIT 1) AS hi`,
    )
    expect(text(probe)).toContain(`::"pg_catalog"."int8"`)
    expect(values(probe)).toEqual(['0.25'])
    // out-of-range fractions are clamped; a NaN becomes the start
    expect(values(w.probe(7))).toEqual(['1'])
    expect(values(w.probe(Number.NaN))).toEqual(['0'])
  })

  it('probe: dates step in whole days, timestamps by interval, both only between finite ends', () => {
    const created = text(walkOf(query({ sort: by('created_at') })).probe(0.5))
    expect(created).toContain(
      'CASE WHEN pg_catalog.isfinite(ends.lo) AND pg_catalog.isfinite(ends.hi)',
    )
    expect(created).toContain(`(ends.hi - ends.lo) * $1::pg_catalog.float8`)
    expect(created).toContain(`::"pg_catalog"."timestamptz"`)
    const amount = text(walkOf(query({ sort: by('amount') })).probe(0.5))
    expect(amount).toContain(`ends.lo::pg_catalog.numeric + (ends.hi::pg_catalog.numeric`)
  })

  it('cursors: before the split value and from it on, in list order, ascending and descending', () => {
    const up = walkOf(query())
    expect(text(up.declare('before', '42'))).toBe(
      `DECLARE "pv_walk_before" NO SCROLL CURSOR FOR SELECT "pv_row"."id" AS "c0" FROM "app"."invoice_v" AS "pv_row" WHERE "pv_row"."id" < $1::"pg_catalog"."int8" ORDER BY "pv_row"."id" ASC`,
    )
    expect(text(up.declare('from', '42'))).toContain(
      `DECLARE "pv_walk_from" SCROLL CURSOR FOR SELECT "pv_row"."id" AS "c0" FROM "app"."invoice_v" AS "pv_row" WHERE "pv_row"."id" >= $1::"pg_catalog"."int8"`,
    )
    expect(values(up.declare('from', '42'))).toEqual(['42'])
    const down = walkOf(query({ sort: by('amount', 'desc') }))
    expect(text(down.declare('before', '9.5'))).toContain(
      `SELECT "pv_row"."amount" AS "c0", "pv_row"."id" AS "c1" FROM "app"."invoice_v" AS "pv_row" WHERE "pv_row"."amount" > $1::"pg_catalog"."numeric" ORDER BY "pv_row"."amount" DESC, "pv_row"."id" DESC`,
    )
    expect(text(down.declare('from', '9.5'))).toContain(
      `WHERE "pv_row"."amount" <= $1::"pg_catalog"."numeric"`,
    )
  })

  it('MOVE and FETCH: counts written into the statement, only whole int4 counts', () => {
    const w = walkOf(query())
    expect(text(w.move('before', 100_000))).toBe(`MOVE FORWARD 100000 IN "pv_walk_before"`)
    expect(text(w.fetch('before', 'next'))).toBe(`FETCH NEXT FROM "pv_walk_before"`)
    expect(text(w.fetch('from', { absolute: 7 }))).toBe(`FETCH ABSOLUTE 7 FROM "pv_walk_from"`)
    expect(() => w.move('from', -1)).toThrow(RangeError)
    expect(() => w.move('from', 1.5)).toThrow(RangeError)
    expect(() => w.fetch('from', { absolute: 2 ** 31 })).toThrow(RangeError)
  })

  it('moves the second cursor by the second half', () => {
    expect(walkOf(query(), 100_001).fromMove).toBe(50_001)
    expect(walkOf(query(), 100_000).fromMove).toBe(50_000)
  })
})

describe('where row N is, once the rows before the split value are counted', () => {
  it('is row N - c from the split value while fewer than N rows come before it', () => {
    expect(locate(1000, 0)).toEqual({ side: 'from', absolute: 1001 })
    expect(locate(1000, 480)).toEqual({ side: 'from', absolute: 521 })
    expect(locate(1000, 999)).toEqual({ side: 'from', absolute: 2 })
  })

  it('is the first cursor`s next row when N rows came before it', () => {
    expect(locate(1000, 1000)).toEqual({ side: 'before' })
  })

  it('the split value sits at row N/2 of the estimate, never past the last row', () => {
    expect(splitFraction(1000, 10_000)).toBe(0.05)
    expect(splitFraction(1000, 600)).toBe(0.8333333333333334)
    expect(splitFraction(1000, 100)).toBe(1)
    expect(splitFraction(1000, 0)).toBe(0.5)
  })
})

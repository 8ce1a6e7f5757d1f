import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../../../core/errors.js'
import { compile, type SqlFragment } from '../../../core/sql/sql.js'
import { columnOf, type ViewModel } from '../../../resources/view-adapter/model.js'
import {
  decodeCursor,
  encodeCursor,
  planPage,
  runPlan,
  SEEK_FROM,
  walkSql,
  type ListQuery,
  type PagePlan,
} from '../../../resources/view-adapter/paging.js'
import type { FilterCondition, SortSpec } from '../../../resources/view-adapter/query-input.js'
import { invoiceModel } from './models.js'

const inv = invoiceModel()
const col = (m: ViewModel, n: string) => {
  const c = columnOf(m, n)
  if (!c) throw new Error(n)
  return c
}
const byAmount: SortSpec = { column: col(inv, 'amount'), direction: 'asc' }
const paid: FilterCondition = { kind: 'equals', column: col(inv, 'status'), value: 'paid' }
const query = (over: Partial<ListQuery> = {}): ListQuery => ({
  model: inv,
  sort: byAmount,
  conditions: [paid],
  limit: 10,
  ...over,
})
const text = (f: SqlFragment) => compile(f).text
const values = (f: SqlFragment) => compile(f).values

const SELECT_FROM = /^SELECT .* FROM "app"."invoice_v" AS "pv_row" WHERE /s
const FILTER = `"pv_row"."status" = $1::"app"."invoice_status"`
const FORWARD = ` ORDER BY "pv_row"."amount" ASC, "pv_row"."id" ASC`
const BACKWARD = ` ORDER BY "pv_row"."amount" DESC, "pv_row"."id" DESC`

function rowsOf(plan: PagePlan): SqlFragment {
  if (plan.strategy === 'seek') throw new Error('a seek has no single query')
  return plan.rows
}

describe('the paging plan, at every depth and in every direction', () => {
  it('reads the first page forward, filtered, with no OFFSET', () => {
    const plan = planPage(query(), { kind: 'offset', offset: 0 })
    expect(plan.strategy).toBe('first')
    expect(text(rowsOf(plan))).toMatch(SELECT_FROM)
    expect(text(rowsOf(plan))).toContain(`WHERE ${FILTER}${FORWARD} LIMIT $2`)
    expect(text(rowsOf(plan))).not.toContain('OFFSET')
    expect(values(rowsOf(plan))).toEqual(['paid', 10])
  })

  it('reads a shallow page by OFFSET, exactly as the page number says', () => {
    const plan = planPage(query(), { kind: 'offset', offset: 30 })
    expect(plan.strategy).toBe('offset')
    expect(text(rowsOf(plan))).toContain(`${FORWARD} LIMIT $2 OFFSET $3`)
    expect(values(rowsOf(plan))).toEqual(['paid', 10, 30])
    expect(planPage(query(), { kind: 'offset', offset: SEEK_FROM - 1 }).strategy).toBe('offset')
  })

  it('finds a deep page by walking the ordering columns alone, then reads on from that row', () => {
    for (const offset of [SEEK_FROM, 10_000, 999_990, 2_500_000]) {
      const plan = planPage(query(), { kind: 'offset', offset })
      if (plan.strategy !== 'seek') throw new Error(`offset ${offset}: ${plan.strategy}`)
      // the walk selects only the ordering columns, casts them once outside, and is filtered
      expect(text(plan.walk)).toBe(
        `SELECT w."c0"::text AS "c0", w."c1"::text AS "c1" FROM (SELECT "pv_row"."amount" AS "c0", "pv_row"."id" AS "c1" FROM "app"."invoice_v" AS "pv_row" WHERE ${FILTER}${FORWARD} OFFSET $2 LIMIT 1) AS w`,
      )
      expect(values(plan.walk)).toEqual(['paid', offset])
      const rows = plan.rows(['12.50', '77'])
      expect(text(rows)).toContain(
        `WHERE ${FILTER} AND ("pv_row"."amount", "pv_row"."id") >= ($2::"pg_catalog"."numeric", $3::"pg_catalog"."int8")${FORWARD} LIMIT $4`,
      )
      expect(text(rows)).not.toContain('OFFSET')
      expect(values(rows)).toEqual(['paid', '12.50', '77', 10])
      // amount and id are NOT NULL: the walk is the start of the read, in one statement
      const together = text(plan.together as SqlFragment)
      expect(together).toMatch(SELECT_FROM)
      expect(together).toContain(
        `WHERE ${FILTER} AND ("pv_row"."amount", "pv_row"."id") >= (SELECT w."c0", w."c1" FROM (SELECT "pv_row"."amount" AS "c0", "pv_row"."id" AS "c1" FROM "app"."invoice_v" AS "pv_row" WHERE "pv_row"."status" = $2::"app"."invoice_status"${FORWARD} OFFSET $3 LIMIT 1) AS w)${FORWARD} LIMIT $4`,
      )
      expect(values(plan.together as SqlFragment)).toEqual(['paid', 'paid', offset, 10])
    }
  })

  it('reads a deep page by OFFSET where row-level security holds the ordering back', () => {
    // numeric's comparisons are not LEAKPROOF: under RLS the read after a walk would scan from
    // the start again, so the page is read once, by OFFSET
    const held: ViewModel = { ...inv, heldBack: ['amount'] }
    const plan = planPage(query({ model: held }), { kind: 'offset', offset: 999_990 })
    expect(plan.strategy).toBe('offset')
    expect(text(rowsOf(plan))).toContain(`${FORWARD} LIMIT $2 OFFSET $3`)
    expect(values(rowsOf(plan))).toEqual(['paid', 10, 999_990])
    // sorted by a column whose comparisons are LEAKPROOF, the same view is walked
    const byId: SortSpec = { column: col(inv, 'id'), direction: 'asc' }
    expect(
      planPage(query({ model: held, sort: byId }), { kind: 'offset', offset: 999_990 }).strategy,
    ).toBe('seek')
    // the key is an ordering column of every sort: held back, no sort is walked
    const keyHeld: ViewModel = { ...inv, heldBack: ['id'] }
    expect(
      planPage(query({ model: keyHeld, sort: byId }), { kind: 'offset', offset: 999_990 }).strategy,
    ).toBe('offset')
  })

  it('reads the next page after the cursor the request carries', () => {
    const plan = planPage(query(), { kind: 'after', cursor: ['12.50', '77'] })
    expect(plan.strategy).toBe('after')
    expect(plan.flip).toBe(false)
    expect(text(rowsOf(plan))).toContain(
      `AND ("pv_row"."amount", "pv_row"."id") > ($2::"pg_catalog"."numeric", $3::"pg_catalog"."int8")${FORWARD} LIMIT $4`,
    )
  })

  it('reads the previous page backwards before the cursor, flipped, the first page if short', () => {
    const plan = planPage(query(), { kind: 'before', cursor: ['12.50', '77'] })
    if (plan.strategy !== 'before') throw new Error(plan.strategy)
    expect(plan.flip).toBe(true)
    expect(text(plan.rows)).toContain(
      `AND ("pv_row"."amount", "pv_row"."id") < ($2::"pg_catalog"."numeric", $3::"pg_catalog"."int8")${BACKWARD} LIMIT $4`,
    )
    expect(plan.short.strategy).toBe('first')
  })

  it('reads the last page as the reversed order, flipped, with no count and no OFFSET', () => {
    const plan = planPage(query(), { kind: 'last' })
    expect(plan.strategy).toBe('last')
    expect(plan.flip).toBe(true)
    expect(text(rowsOf(plan))).toContain(`${BACKWARD} LIMIT $2`)
    expect(text(rowsOf(plan))).not.toMatch(/OFFSET|count/)
  })

  it('descending sorts flip every comparison and direction', () => {
    const desc = query({ sort: { column: col(inv, 'amount'), direction: 'desc' } })
    const next = planPage(desc, { kind: 'after', cursor: ['12.50', '77'] })
    expect(text(rowsOf(next))).toContain(`) < (`)
    expect(text(rowsOf(next))).toContain(`ORDER BY "pv_row"."amount" DESC, "pv_row"."id" DESC`)
    const last = planPage(desc, { kind: 'last' })
    expect(text(rowsOf(last))).toContain(`ORDER BY "pv_row"."amount" ASC, "pv_row"."id" ASC`)
    const seek = planPage(desc, { kind: 'offset', offset: 5_000 })
    if (seek.strategy !== 'seek') throw new Error(seek.strategy)
    expect(text(seek.rows(['1', '2']))).toContain(`) <= (`)
    expect(text(seek.together as SqlFragment)).toContain(
      `("pv_row"."amount", "pv_row"."id") <= (SELECT w."c0", w."c1" FROM (`,
    )
  })

  it('reads a view without a key by OFFSET only, at any depth, whatever the request says', () => {
    const keyless = query({ model: { ...inv, key: [] } })
    expect(planPage(keyless, { kind: 'offset', offset: 0 }).strategy).toBe('first')
    const deep = planPage(keyless, { kind: 'offset', offset: 1_000_000 })
    expect(deep.strategy).toBe('offset')
    expect(values(rowsOf(deep))).toEqual(['paid', 10, 1_000_000])
    expect(text(rowsOf(deep))).toContain(` ORDER BY "pv_row"."amount" ASC LIMIT $2 OFFSET $3`)
    expect(planPage(keyless, { kind: 'last' }).strategy).toBe('first')
  })

  it('walks a nullable sort column with the expanded keyset form', () => {
    const byEmail = query({ sort: { column: col(inv, 'email'), direction: 'asc' } })
    const seek = planPage(byEmail, { kind: 'offset', offset: 5_000 })
    if (seek.strategy !== 'seek') throw new Error(seek.strategy)
    expect(text(seek.rows([null, '9']))).toContain(
      `(("pv_row"."email" IS NULL AND "pv_row"."id" > $2::"pg_catalog"."int8") OR ("pv_row"."email" IS NULL AND "pv_row"."id" = $3::"pg_catalog"."int8"))`,
    )
    expect(text(walkSql(byEmail, 5_000))).toContain(`"pv_row"."email" AS "c0"`)
    // a row comparison knows no NULLS LAST: walk first, then read, as two statements
    expect(seek.together).toBeUndefined()
  })
})

describe('running a plan', () => {
  const fake = (answers: Record<string, unknown>[][]) => {
    const seen: string[] = []
    return {
      seen,
      run: async (q: SqlFragment) => {
        seen.push(text(q))
        return answers.shift() ?? []
      },
    }
  }

  it('flips backward reads into the list order', async () => {
    const f = fake([[{ id: 3 }, { id: 2 }, { id: 1 }]])
    const q = query({ limit: 3 })
    const { rows, strategy } = await runPlan(planPage(q, { kind: 'last' }), q, f.run)
    expect(strategy).toBe('last')
    expect(rows).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }])
  })

  it('seeks in one statement where the ordering has no NULL', async () => {
    const q = query()
    const f = fake([[{ id: 40 }]])
    const page = await runPlan(planPage(q, { kind: 'offset', offset: 2_000 }), q, f.run)
    expect(page).toEqual({ rows: [{ id: 40 }], strategy: 'seek' })
    expect(f.seen).toHaveLength(1)
    expect(f.seen[0]).toContain('OFFSET $3 LIMIT 1) AS w)')
  })

  it('seeks with the walked row as the start, and stops at nothing past the end', async () => {
    const q = query({ sort: { column: col(inv, 'email'), direction: 'asc' } })
    const f = fake([[{ c0: 'a@example.com', c1: '40' }], [{ id: 40 }]])
    const page = await runPlan(planPage(q, { kind: 'offset', offset: 2_000 }), q, f.run)
    expect(page).toEqual({ rows: [{ id: 40 }], strategy: 'seek' })
    expect(f.seen).toHaveLength(2)
    const empty = fake([[]])
    const past = await runPlan(planPage(q, { kind: 'offset', offset: 9_000_000 }), q, empty.run)
    expect(past).toEqual({ rows: [], strategy: 'seek' })
    expect(empty.seen).toHaveLength(1)
  })

  it('reads the first page when fewer rows than a page come before the cursor', async () => {
    const q = query({ limit: 3 })
    const f = fake([[{ id: 1 }], [{ id: 1 }, { id: 2 }, { id: 3 }]])
    const page = await runPlan(planPage(q, { kind: 'before', cursor: ['1', '2'] }), q, f.run)
    expect(page).toEqual({ rows: [{ id: 1 }, { id: 2 }, { id: 3 }], strategy: 'first' })
    const full = fake([[{ id: 6 }, { id: 5 }, { id: 4 }]])
    const prev = await runPlan(planPage(q, { kind: 'before', cursor: ['1', '7'] }), q, full.run)
    expect(prev).toEqual({ rows: [{ id: 4 }, { id: 5 }, { id: 6 }], strategy: 'before' })
  })
})

describe('cursors in requests', () => {
  it('round-trip, naming their sort column', () => {
    const c = encodeCursor(byAmount, ['12.50', '77'])
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(decodeCursor(inv, byAmount, c, 'after')).toEqual(['12.50', '77'])
    const byEmail: SortSpec = { column: col(inv, 'email'), direction: 'asc' }
    expect(decodeCursor(inv, byEmail, encodeCursor(byEmail, [null, '3']), 'before')).toEqual([
      null,
      '3',
    ])
  })

  it('refuses a cursor of another sort, of the wrong shape or type, or not one at all', () => {
    const refuse = (value: unknown, sort = byAmount) =>
      expect(() => decodeCursor(inv, sort, value, 'after')).toThrow(InvalidInputError)
    const byEmail: SortSpec = { column: col(inv, 'email'), direction: 'asc' }
    refuse(encodeCursor(byEmail, ['a@x', '1']))
    refuse(encodeCursor(byAmount, ['12.50']))
    refuse(encodeCursor(byAmount, ['twelve', '1']))
    refuse(encodeCursor(byAmount, [null, '1'])) // amount cannot be NULL
    refuse('not base64!')
    refuse(42)
    refuse(Buffer.from('{"a":1}').toString('base64url'))
  })
})

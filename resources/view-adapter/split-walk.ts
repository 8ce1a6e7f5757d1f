import { sql, type SqlFragment } from '../../core/sql/sql.js'
import { estimateSql } from './counting.js'
import type { ViewColumn } from './model.js'
import { listFrom, orderBySql, orderingColumns, ref } from './query-build.js'
import type { ListQuery } from './paging.js'

/*
 * A page found by number at depth costs a walk over every row before it (paging.ts), one row
 * after another on one core. Where a second connection is free, the walk is cut in two and both
 * halves are walked at once, in one snapshot:
 *  1. the first transaction (repeatable read) exports its snapshot and picks a split value `v`
 *     of the first ordering column: where row N/2 would be were the values spread evenly between
 *     the first row's and the last row's, by the planner's estimate of the list's size;
 *  2. at the same time, the first connection moves a cursor over the rows before `v` (at most N
 *     of them), which counts them: c; the second, in the exported snapshot, moves a cursor over
 *     the rows from `v` on, by N/2;
 *  3. row N is row N - c from `v`, which the second cursor fetches a few rows from where it
 *     stopped when the estimate was good; when N rows or more come before `v`, it is the first
 *     cursor's next row.
 * The estimate only chooses where to cut: the count is exact, so the page is the one OFFSET
 * reads whatever the estimate says. A bad estimate costs time, about one whole walk at worst.
 *
 * Only for unfiltered lists, whose ends are each one index probe away (a filter could make
 * finding its last row a scan the walk itself never makes), ordered by NOT NULL columns (row
 * comparisons know no NULLS FIRST / LAST) whose first is a number, a date or a timestamp (a
 * value can be interpolated between two others).
 */

/** The first ordering column's types a split value can be interpolated in. */
const SPLIT_TYPES: Readonly<Partial<Record<string, 'number' | 'date' | 'timestamp'>>> = {
  int2: 'number',
  int4: 'number',
  int8: 'number',
  numeric: 'number',
  date: 'date',
  timestamp: 'timestamp',
  timestamptz: 'timestamp',
}

/**
 * From this offset on a deep page is split. Splitting costs a few round trips and a second
 * transaction, about what walking 50,000 index entries costs; below this, one walk is as fast.
 */
export const SPLIT_FROM = 100_000

/** MOVE and FETCH take an int4 count, written into the statement. */
const MAX_COUNT = 2_147_483_647

/** The two cursors: over the rows before the split value, and from it on. */
export type SplitSide = 'before' | 'from'

/** The statements of a split walk to the row at `offset` (0-based). */
export interface SplitWalk {
  readonly offset: number
  /** How far the second cursor moves before it learns the first one's count. */
  readonly fromMove: number
  /** The planner's estimate of the list's size (EXPLAIN, nothing run). */
  readonly estimate: SqlFragment
  /** `snapshot` (exported) and `v`, the split value as text, null when the list is empty or an end is infinite. */
  probe(fraction: number): SqlFragment
  /** DECLARE the cursor of one side, over the ordering columns (`c0…cn`), in list order. */
  declare(side: SplitSide, v: string): SqlFragment
  /** MOVE FORWARD `count` rows; the command tag says how many it moved. */
  move(side: SplitSide, count: number): SqlFragment
  /** FETCH the next row, or the row at 1-based `absolute` position. */
  fetch(side: SplitSide, at: 'next' | { absolute: number }): SqlFragment
}

/** Where row N is, once the rows before the split value are counted (at most N). */
export type SplitStep =
  | { readonly side: 'from'; readonly absolute: number }
  /** N rows or more come before `v`: the first cursor's next row, or, past them, the second's first. */
  | { readonly side: 'before' }

const CURSOR: Record<SplitSide, string> = { before: 'pv_walk_before', from: 'pv_walk_from' }

function count(n: number): SqlFragment {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_COUNT) {
    throw new RangeError(`a cursor count must be an integer from 0 to ${MAX_COUNT}`)
  }
  return sql.raw(String(n))
}

/** `first + (last - first) × f`, in the column's type, or NULL when an end is infinite. */
function interpolated(
  c: ViewColumn,
  first: SqlFragment,
  last: SqlFragment,
  f: number,
): SqlFragment {
  const type = sql.id('pg_catalog', c.scalar.typname)
  switch (SPLIT_TYPES[c.scalar.typname]) {
    case 'number':
      return sql`(${first}::pg_catalog.numeric + (${last}::pg_catalog.numeric - ${first}::pg_catalog.numeric) * ${sql.val(String(f))}::pg_catalog.numeric)::${type}`
    case 'date':
      return sql`CASE WHEN pg_catalog.isfinite(${first}) AND pg_catalog.isfinite(${last}) THEN ${first} + pg_catalog.round((${last} - ${first}) * ${sql.val(String(f))}::pg_catalog.numeric)::pg_catalog.int4 END`
    case 'timestamp':
      return sql`CASE WHEN pg_catalog.isfinite(${first}) AND pg_catalog.isfinite(${last}) THEN (${first} + (${last} - ${first}) * ${sql.val(f)}::pg_catalog.float8)::${type} END`
    case undefined:
      throw new Error(`no split value for ${c.scalar.typname}`)
  }
}

/** Whether a deep page of this list may be walked in two halves at once. */
export function splittable(q: ListQuery, offset: number): boolean {
  const cols = orderingColumns(q.model, q.sort)
  const [first] = cols
  return (
    q.conditions.length === 0 &&
    offset >= SPLIT_FROM &&
    offset <= MAX_COUNT &&
    cols.every((c) => c.notNull) &&
    first !== undefined &&
    !first.isArray &&
    ['integer', 'decimal', 'date', 'datetime'].includes(first.scalar.kind) &&
    SPLIT_TYPES[first.scalar.typname] !== undefined
  )
}

/** The split walk to the row at `offset`, or undefined where the list cannot be split. */
export function splitWalk(q: ListQuery, offset: number): SplitWalk | undefined {
  if (!splittable(q, offset)) return undefined
  const cols = orderingColumns(q.model, q.sort)
  const s = cols[0] as ViewColumn
  const asc = q.sort.direction === 'asc'
  const end = (reverse: boolean) =>
    sql`(SELECT ${ref(s)} FROM ${listFrom(q.model)}${orderBySql(q.model, q.sort, reverse)} LIMIT 1)`
  const select = sql.join(cols.map((c, i) => sql`${ref(c)} AS ${sql.id(`c${i}`)}`))
  return {
    offset,
    fromMove: offset - Math.floor(offset / 2),
    estimate: estimateSql(q.model, q.conditions),
    probe: (fraction) => {
      const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0))
      const v = interpolated(s, sql`ends.lo`, sql`ends.hi`, f)
      return sql`SELECT pg_catalog.pg_export_snapshot() AS snapshot, (${v})::text AS v FROM (SELECT ${end(false)} AS lo, ${end(true)} AS hi) AS ends`
    },
    declare: (side, v) => {
      // Before `v` in list order: below it ascending, above it descending.
      const value = sql`${sql.val(v)}::${sql.id('pg_catalog', s.scalar.typname)}`
      const cond =
        side === 'before'
          ? asc
            ? sql`${ref(s)} < ${value}`
            : sql`${ref(s)} > ${value}`
          : asc
            ? sql`${ref(s)} >= ${value}`
            : sql`${ref(s)} <= ${value}`
      // The second cursor may be asked for a row behind where it stopped: SCROLL.
      const scroll = side === 'from' ? sql`SCROLL` : sql`NO SCROLL`
      return sql`DECLARE ${sql.id(CURSOR[side])} ${scroll} CURSOR FOR SELECT ${select} FROM ${listFrom(q.model)} WHERE ${cond}${orderBySql(q.model, q.sort)}`
    },
    move: (side, n) => sql`MOVE FORWARD ${count(n)} IN ${sql.id(CURSOR[side])}`,
    fetch: (side, at) =>
      at === 'next'
        ? sql`FETCH NEXT FROM ${sql.id(CURSOR[side])}`
        : sql`FETCH ABSOLUTE ${count(at.absolute)} FROM ${sql.id(CURSOR[side])}`,
  }
}

/** How far along the list, 0 to 1, the split value should sit: row N/2 of `estimate` rows. */
export function splitFraction(offset: number, estimate: number): number {
  if (!(estimate > 0)) return 0.5
  return Math.min(1, offset / 2 / estimate)
}

/** Where row `offset` is, given how many rows the first cursor moved over (at most `offset`). */
export function locate(offset: number, movedBefore: number): SplitStep {
  if (movedBefore >= offset) return { side: 'before' }
  return { side: 'from', absolute: offset - movedBefore + 1 }
}

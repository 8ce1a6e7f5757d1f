import { InvalidInputError } from '../../core/errors.js'
import { sql, type SqlFragment } from '../../core/sql/sql.js'
import type { ViewModel } from './model.js'
import {
  afterCursorSql,
  conditionSql,
  cursorText,
  listFrom,
  orderBySql,
  orderingColumns,
  ref,
  selectList,
  whereSql,
} from './query-build.js'
import { checkScalar, type FilterCondition, type SortSpec } from './query-input.js'
import { splitWalk, type SplitWalk } from './split-walk.js'

/*
 * The paging strategy, as one pure function: what the request asks for → the queries to run.
 * Nothing is remembered between requests, so the rows never depend on which console process
 * answers, on an estimate, or on a write made elsewhere:
 * - first: ORDER BY the sort column and the key, LIMIT;
 * - next / previous: keyset reads after / before the cursor the request carries (the ordering
 *   values of the page's last / first row, which the previous answer handed out);
 * - last: the reversed order, LIMIT, flipped back;
 * - page N: shallow, OFFSET; deep, a walk over the ordering columns alone (index-only where an
 *   index holds them) finds the page's first row, then a keyset read from it. Exact, like OFFSET.
 *   When no ordering column can be NULL, walk and read are one statement: the walk is the
 *   row the keyset comparison starts from (an InitPlan), so one round trip and one plan.
 *   Where a second connection is free, the walk is cut in two halves walked at once
 *   (split-walk.ts), still exact.
 * A view without a key has no total order, so OFFSET is its only exact reading. Nor does a walk
 * help where row-level security holds the ordering's comparison back (model.heldBack: numeric
 * under RLS): the keyset read after it would scan from the start again, twice OFFSET's work.
 */

/** The text values of the ordering columns (sort column, then the key) of one row. */
export type Cursor = readonly (string | null)[]

/** What a list request asks for. */
export type PageWant =
  | { readonly kind: 'offset'; readonly offset: number }
  | { readonly kind: 'after'; readonly cursor: Cursor }
  | { readonly kind: 'before'; readonly cursor: Cursor }
  | { readonly kind: 'last' }

/** One list, checked: the view, its sort, its filters and the page size. */
export interface ListQuery {
  readonly model: ViewModel
  readonly sort: SortSpec
  readonly conditions: readonly FilterCondition[]
  readonly limit: number
}

export type PageStrategy = 'first' | 'offset' | 'seek' | 'split' | 'after' | 'before' | 'last'

/** The queries of one page. `rows` reads the page; `flip` says it was read backwards. */
export type PagePlan =
  | {
      readonly strategy: Exclude<PageStrategy, 'seek' | 'split' | 'before'>
      readonly rows: SqlFragment
      readonly flip: boolean
    }
  | {
      /** Reads backwards; fewer rows than a page means the start was reached: read `short`. */
      readonly strategy: 'before'
      readonly rows: SqlFragment
      readonly flip: true
      readonly short: PagePlan
    }
  | {
      /** `walk` returns the page's first row's cursor (`c0…cn`), or nothing past the end. */
      readonly strategy: 'seek'
      readonly walk: SqlFragment
      readonly rows: (start: Cursor) => SqlFragment
      readonly flip: false
      /** Walk and read as one statement, where the ordering has no NULL to step around. */
      readonly together?: SqlFragment
      /** The walk in two halves at once, on two connections (split-walk.ts), where it can be cut. */
      readonly split?: SplitWalk
    }

/** From this offset on, page N is found by a walk over the ordering columns, not by OFFSET. */
export const SEEK_FROM = 500

function read(
  q: ListQuery,
  o: { extra?: SqlFragment; reverse?: boolean; offset?: number },
): SqlFragment {
  const where = whereSql([...q.conditions.map(conditionSql), ...(o.extra ? [o.extra] : [])])
  const offset = o.offset ? sql` OFFSET ${sql.val(o.offset)}` : sql``
  // Long values are cut in SQL: one huge value must not make a list slow or heavy.
  return sql`SELECT ${selectList(q.model, q.sort, { cut: true })} FROM ${listFrom(q.model)}${where}${orderBySql(q.model, q.sort, o.reverse)} LIMIT ${sql.val(q.limit)}${offset}`
}

/** The ordering columns of the row at 0-based `offset`, as they are, named `c0…cn`. */
function walkInner(q: ListQuery, offset: number): SqlFragment {
  const cols = orderingColumns(q.model, q.sort)
  const inner = sql.join(cols.map((c, i) => sql`${ref(c)} AS ${sql.id(`c${i}`)}`))
  const where = whereSql(q.conditions.map(conditionSql))
  return sql`SELECT ${inner} FROM ${listFrom(q.model)}${where}${orderBySql(q.model, q.sort)} OFFSET ${sql.val(offset)} LIMIT 1`
}

/**
 * The ordering values of the row at 0-based `offset`, as text (`c0`, `c1`, …). Only the
 * ordering columns are read, so an index holding them (and what row-level security checks)
 * answers without visiting the table; the casts run once, outside the walk.
 */
export function walkSql(q: ListQuery, offset: number): SqlFragment {
  const cols = orderingColumns(q.model, q.sort)
  const outer = sql.join(
    cols.map((c, i) => sql`${cursorText(c, sql`w.${sql.id(`c${i}`)}`)} AS ${sql.id(`c${i}`)}`),
  )
  return sql`SELECT ${outer} FROM (${walkInner(q, offset)}) AS w`
}

/**
 * The page at a deep `offset` in one statement: rows from the walked row on, `(cols) >= (walk)`
 * (`<=` descending). Only for orderings whose columns are all NOT NULL: a row comparison
 * knows no NULLS FIRST / LAST. Past the end the walk yields nothing and so does the read.
 */
function seekTogether(q: ListQuery, offset: number): SqlFragment | undefined {
  const cols = orderingColumns(q.model, q.sort)
  if (!cols.every((c) => c.notNull)) return undefined
  const left = sql.join(cols.map(ref))
  const walked = sql.join(cols.map((_, i) => sql`w.${sql.id(`c${i}`)}`))
  const from = sql`(SELECT ${walked} FROM (${walkInner(q, offset)}) AS w)`
  const start = q.sort.direction === 'asc' ? sql`(${left}) >= ${from}` : sql`(${left}) <= ${from}`
  return read(q, { extra: start })
}

/** Whether a deep page may be found by a walk: no ordering column's comparison is held back. */
export function seekable(q: ListQuery): boolean {
  const held = q.model.heldBack ?? []
  return !orderingColumns(q.model, q.sort).some((c) => held.includes(c.name))
}

/**
 * The queries for one page.
 *
 * @example planPage(query, { kind: 'after', cursor: ['2024-01-05', '17'] }) // strategy 'after'
 */
export function planPage(q: ListQuery, want: PageWant, seekFrom = SEEK_FROM): PagePlan {
  const keyed = q.model.key.length > 0
  const first: PagePlan = { strategy: 'first', rows: read(q, {}), flip: false }
  if (!keyed) {
    // No total order: only OFFSET reads the same rows twice, and cursors mean nothing.
    const offset = want.kind === 'offset' ? want.offset : 0
    return offset === 0 ? first : { strategy: 'offset', rows: read(q, { offset }), flip: false }
  }
  switch (want.kind) {
    case 'offset':
      if (want.offset === 0) return first
      if (want.offset < seekFrom || !seekable(q)) {
        return { strategy: 'offset', rows: read(q, { offset: want.offset }), flip: false }
      }
      return {
        strategy: 'seek',
        walk: walkSql(q, want.offset),
        rows: (start) =>
          read(q, { extra: afterCursorSql(q.model, q.sort, start, { inclusive: true }) }),
        flip: false,
        together: seekTogether(q, want.offset),
        split: splitWalk(q, want.offset),
      }
    case 'after':
      return {
        strategy: 'after',
        rows: read(q, { extra: afterCursorSql(q.model, q.sort, want.cursor) }),
        flip: false,
      }
    case 'before':
      return {
        strategy: 'before',
        rows: read(q, {
          extra: afterCursorSql(q.model, q.sort, want.cursor, { before: true }),
          reverse: true,
        }),
        flip: true,
        short: first,
      }
    case 'last':
      return { strategy: 'last', rows: read(q, { reverse: true }), flip: true }
    default: {
      const never: never = want
      throw new Error(`unhandled page ${JSON.stringify(never)}`)
    }
  }
}

// ---- cursors in requests ----------------------------------------------------------------------

/**
 * A cursor as the client carries it: URL-safe base64 of `[sort column, values…]`. It names its
 * sort column so a cursor of another ordering is refused rather than misread.
 */
export function encodeCursor(sort: SortSpec, cursor: Cursor): string {
  return Buffer.from(JSON.stringify([sort.column.name, ...cursor]), 'utf8').toString('base64url')
}

/**
 * Decodes and checks a cursor from a request against the list's ordering: every value must
 * read as its column's type. Throws InvalidInputError (field `after` / `before`).
 */
export function decodeCursor(
  model: ViewModel,
  sort: SortSpec,
  text: unknown,
  field: 'after' | 'before',
): Cursor {
  const bad = (why: string) =>
    InvalidInputError.field(field, `is not a cursor of this list: ${why}`)
  if (typeof text !== 'string' || text.length > 4000 || !/^[A-Za-z0-9_-]+$/.test(text)) {
    throw bad('expected the text a previous page handed out')
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
  } catch {
    throw bad('unreadable')
  }
  const cols = orderingColumns(model, sort)
  if (!Array.isArray(parsed) || parsed.length !== cols.length + 1) throw bad('wrong shape')
  if (parsed[0] !== sort.column.name) throw bad(`it belongs to another sort order`)
  return cols.map((c, i) => {
    const v: unknown = parsed[i + 1]
    if (v === null) {
      if (c.notNull) throw bad(`${c.name} cannot be empty`)
      return null
    }
    if (typeof v !== 'string' || v.length > 1000 || v.includes('\0')) throw bad('wrong value')
    checkScalar(c, field, v)
    return v
  })
}

// ---- running a plan -------------------------------------------------------------------------

/** Runs one query of a plan and returns its rows. */
export type RunQuery = (q: SqlFragment) => Promise<Record<string, unknown>[]>

/**
 * Runs a plan with `run` (the caller's transaction) and returns the page's rows in the list's
 * order and how they were read.
 */
export async function runPlan(
  plan: PagePlan,
  q: ListQuery,
  run: RunQuery,
): Promise<{ rows: Record<string, unknown>[]; strategy: PageStrategy }> {
  if (plan.strategy === 'seek' && plan.together) {
    return { rows: await run(plan.together), strategy: 'seek' }
  }
  if (plan.strategy === 'seek') {
    const start = (await run(plan.walk))[0]
    if (!start) return { rows: [], strategy: 'seek' } // past the end, as OFFSET says
    const cursor = orderingColumns(q.model, q.sort).map((_, i) => {
      const v = start[`c${i}`]
      return v === null || v === undefined ? null : String(v)
    })
    return { rows: await run(plan.rows(cursor)), strategy: 'seek' }
  }
  const rows = await run(plan.rows)
  if (plan.flip) rows.reverse()
  if (plan.strategy === 'before' && rows.length < q.limit) return runPlan(plan.short, q, run)
  return { rows, strategy: plan.strategy }
}

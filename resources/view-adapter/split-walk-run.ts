import type { Session } from '../../core/db/session.js'
import { planRows } from './counting.js'
import type { Cursor, ListQuery, PagePlan } from './paging.js'
import { orderingColumns } from './query-build.js'
import { locate, splitFraction } from './split-walk.js'

/*
 * Runs a split walk (split-walk.ts) on two transactions: `first`, repeatable read, whose
 * snapshot the second imports once the probe has exported it.
 */

/**
 * Opens a second transaction as the same actor in `snapshot` and resolves once it has ended;
 * or, when no connection is free right now, returns undefined rather than wait for one (two
 * requests each holding one connection and waiting for another could starve the pool).
 */
export type OpenSecond = <T>(
  snapshot: string,
  fn: (s: Session) => Promise<T>,
) => Promise<T> | undefined

interface Deferred<T> {
  readonly promise: Promise<T>
  resolve(value: T): void
  reject(err: unknown): void
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void
  let reject!: (err: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  // Rejected after its waiter gave up (the second side failed first): nobody is left to tell.
  promise.catch(() => undefined)
  return { promise, resolve, reject }
}

type TextRow = Record<string, string | null>

function cursorOf(q: ListQuery, row: TextRow): Cursor {
  return orderingColumns(q.model, q.sort).map((_, i) => row[`c${i}`] ?? null)
}

/**
 * A deep page by a split walk: each side, when it finds the page's first row, reads the page
 * from it by a keyset read, in the shared snapshot. Undefined when the list gave no split value
 * (empty, or an end is infinite) or no second connection is free: the plan is then read as
 * without a split, on `first`.
 */
export async function runSplitPlan(
  plan: Extract<PagePlan, { strategy: 'seek' }>,
  q: ListQuery,
  first: Session,
  openSecond: OpenSecond,
): Promise<{ rows: Record<string, unknown>[]; strategy: 'split' } | undefined> {
  const walk = plan.split
  if (!walk) return undefined
  const estimate = planRows(await first.query(walk.estimate))
  const [probe] = (await first.queryText(walk.probe(splitFraction(walk.offset, estimate)))).rows
  const v = probe?.v
  const snapshot = probe?.snapshot
  if (v === null || v === undefined || !snapshot) return undefined
  // Past the end there is no first row, and no page, as OFFSET says.
  const page = async (s: Session, row: TextRow | undefined) =>
    row ? s.query(plan.rows(cursorOf(q, row))) : []

  // What the second cursor fetches once the first has counted: a 1-based position, or nothing.
  const fetchFrom = deferred<number | null>()
  const second = openSecond(snapshot, async (s) => {
    await s.query(walk.declare('from', v))
    await s.queryText(walk.move('from', walk.fromMove))
    const at = await fetchFrom.promise
    if (at === null) return null
    return page(s, (await s.queryText(walk.fetch('from', { absolute: at }))).rows[0])
  })
  if (!second) return undefined
  // Either side may fail while the other still runs; neither rejection may go unheard.
  second.catch(() => undefined)
  const before = (async () => {
    await first.query(walk.declare('before', v))
    return (await first.queryText(walk.move('before', walk.offset))).rowCount
  })()
  const split = (rows: Record<string, unknown>[] | null) => ({
    rows: rows ?? [],
    strategy: 'split' as const,
  })
  try {
    const step = locate(walk.offset, await before)
    if (step.side === 'from') {
      fetchFrom.resolve(step.absolute)
      return split(await second)
    }
    const next = (await first.queryText(walk.fetch('before', 'next'))).rows[0]
    if (!next) {
      fetchFrom.resolve(1)
      return split(await second)
    }
    fetchFrom.resolve(null)
    const rows = await page(first, next)
    await second
    return split(rows)
  } catch (err) {
    fetchFrom.reject(err)
    await second.catch(() => undefined)
    throw err
  }
}

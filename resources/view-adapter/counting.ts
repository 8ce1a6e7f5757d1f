import { sql, type SqlFragment } from '../../core/sql/sql.js'
import type { ViewModel } from './model.js'
import { conditionSql, listFrom, whereSql } from './query-build.js'
import type { FilterCondition } from './query-input.js'

/*
 * A list's total is only ever shown, never used to choose rows (see paging.ts). It is counted
 * exactly up to a threshold, within a small time budget; above the threshold the planner's
 * estimate answers ("about N") or, when the estimate is below what was counted, "more than N";
 * a count that runs out of time is given up ("many").
 */

/** How far a total can be trusted: counted, the planner's estimate, a lower bound, or unknown. */
export type CountKind = 'exact' | 'estimate' | 'more-than' | 'many'

export interface CountInfo {
  /** The number to page by: exact, estimated, or a lower bound (see `kind`). */
  readonly total: number
  /** True unless `total` was counted: a host shows "about N". */
  readonly estimated: boolean
  readonly kind: CountKind
}

/** The planner's row estimate for the filtered list: `EXPLAIN (FORMAT JSON)`, nothing run. */
export function estimateSql(model: ViewModel, conditions: readonly FilterCondition[]): SqlFragment {
  return sql`EXPLAIN (FORMAT JSON) SELECT 1 FROM ${listFrom(model)}${whereSql(conditions.map(conditionSql))}`
}

/** Counts at most `threshold + 1` rows, whatever the statistics say. */
export function boundedCountSql(
  model: ViewModel,
  conditions: readonly FilterCondition[],
  threshold: number,
): SqlFragment {
  return sql`SELECT count(*) AS n FROM (SELECT 1 FROM ${listFrom(model)}${whereSql(conditions.map(conditionSql))} LIMIT ${sql.val(threshold + 1)}) AS bounded`
}

/** `statement_timeout` for the rest of the transaction (the count's own budget). */
export function budgetSql(ms: number): SqlFragment {
  return sql`SELECT pg_catalog.set_config('statement_timeout', ${sql.val(`${Math.max(1, Math.round(ms))}ms`)}, true)`
}

/** The estimate out of EXPLAIN's JSON. */
export function planRows(rows: readonly Record<string, unknown>[]): number {
  const plan = rows[0]?.['QUERY PLAN'] as [{ Plan?: { 'Plan Rows'?: unknown } }] | undefined
  return Math.max(0, Math.round(Number(plan?.[0]?.Plan?.['Plan Rows'] ?? 0)))
}

/**
 * What to show, from what was learnt: `counted` is the bounded count, or undefined when it was
 * skipped (an unfiltered list estimated far above the threshold) or ran out of time (`timedOut`).
 */
export function countOutcome(
  o: { estimate: number; counted?: number | undefined; timedOut?: boolean },
  threshold: number,
): CountInfo {
  if (o.counted !== undefined && o.counted <= threshold) {
    return { total: o.counted, estimated: false, kind: 'exact' }
  }
  if (o.timedOut) return { total: o.estimate, estimated: true, kind: 'many' }
  if (o.estimate > threshold) return { total: o.estimate, estimated: true, kind: 'estimate' }
  return { total: threshold + 1, estimated: true, kind: 'more-than' }
}

/** True when an unfiltered list is so far above the threshold that counting is skipped. */
export function skipCount(
  conditions: readonly FilterCondition[],
  estimate: number,
  threshold: number,
): boolean {
  return conditions.length === 0 && estimate > threshold
}

/** The words a list shows for its total. */
export function countText(info: CountInfo): string {
  const n = info.total.toLocaleString('en')
  switch (info.kind) {
    case 'exact':
      return n
    case 'estimate':
      return `about ${n}`
    case 'more-than':
      return `more than ${(info.total - 1).toLocaleString('en')}`
    case 'many':
      return info.total > 0 ? `many (about ${n})` : 'many'
    default: {
      const never: never = info.kind
      throw new Error(`unhandled count ${String(never)}`)
    }
  }
}

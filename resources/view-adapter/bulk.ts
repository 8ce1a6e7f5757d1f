import type { Session } from '../../core/db/session.js'
import { ExecutionError } from '../../core/errors.js'
import { sql } from '../../core/sql/sql.js'
import { describe } from './db-errors.js'
import { keyPredicateSql, relation } from './query-build.js'
import type { ViewModel } from './model.js'

/*
 * Deleting several rows at once, in ONE transaction. `all`: every row goes or none does, and the
 * refusal names the row that stopped it. `skip`: each row in its own savepoint, and the answer
 * lists exactly which rows went and which stayed, with PostgreSQL's reason.
 */

export type BulkMode = 'all' | 'skip'

export interface BulkItem {
  /** The record id as the client sent it. */
  readonly id: string
  /** The key values as text, decoded from the id. */
  readonly key: readonly string[]
  /** How the row is named to the user: "Invoice 133". */
  readonly label: string
}

export interface BulkRefusal {
  readonly id: string
  readonly label: string
  readonly reason: string
}

export interface BulkOutcome {
  readonly mode: BulkMode
  /** The rows deleted (none when an `all` request was refused). */
  readonly deleted: readonly BulkItem[]
  readonly refused: readonly BulkRefusal[]
}

/** An `all` request stopped by one row: the transaction is rolled back by throwing this. */
export class BulkStopped extends Error {
  constructor(readonly refusal: BulkRefusal) {
    super(`${refusal.label}: ${refusal.reason}; nothing was deleted`)
    this.name = 'BulkStopped'
  }
}

const NOT_FOUND = 'no such row: it was deleted meanwhile, or row-level security hides it from you'

function reasonOf(err: unknown): string {
  if (err instanceof ExecutionError) return describe(err)
  throw err
}

async function deleteOne(s: Session, model: ViewModel, item: BulkItem): Promise<boolean> {
  const rows = await s.query(
    sql`DELETE FROM ${relation(model)} WHERE ${keyPredicateSql(model, item.key)} RETURNING true AS deleted`,
  )
  return rows.length > 0
}

/**
 * Runs a bulk delete inside the caller's transaction. In `all` mode the first refusal throws
 * BulkStopped (the caller's transaction must roll back); in `skip` mode refused rows are rolled
 * back to their savepoint and reported.
 *
 * @example await withSession(pool, actor, (s) => bulkDelete(s, model, items, 'skip'))
 */
export async function bulkDelete(
  s: Session,
  model: ViewModel,
  items: readonly BulkItem[],
  mode: BulkMode,
): Promise<BulkOutcome> {
  const deleted: BulkItem[] = []
  const refused: BulkRefusal[] = []
  for (const item of items) {
    if (mode === 'all') {
      let found: boolean
      try {
        found = await deleteOne(s, model, item)
      } catch (err) {
        throw new BulkStopped({ id: item.id, label: item.label, reason: reasonOf(err) })
      }
      if (!found) throw new BulkStopped({ id: item.id, label: item.label, reason: NOT_FOUND })
      deleted.push(item)
      continue
    }
    await s.query(sql`SAVEPOINT planetary_bulk_item`)
    try {
      const found = await deleteOne(s, model, item)
      await s.query(sql`RELEASE SAVEPOINT planetary_bulk_item`)
      if (found) deleted.push(item)
      else refused.push({ id: item.id, label: item.label, reason: NOT_FOUND })
    } catch (err) {
      await s.query(sql`ROLLBACK TO SAVEPOINT planetary_bulk_item`)
      await s.query(sql`RELEASE SAVEPOINT planetary_bulk_item`)
      refused.push({ id: item.id, label: item.label, reason: reasonOf(err) })
    }
  }
  return { mode, deleted, refused }
}

/** The answer in words: what was deleted and what was not, row by row. */
export function bulkMessage(outcome: BulkOutcome, stopped?: BulkStopped): string {
  if (stopped) return stopped.message
  const done = outcome.deleted.map((d) => d.label)
  const kept = outcome.refused.map((r) => `${r.label} (${r.reason})`)
  if (kept.length === 0) return `Deleted ${done.length}: ${done.join(', ')}.`
  if (done.length === 0) return `Nothing was deleted. Not deleted: ${kept.join('; ')}.`
  return `Deleted ${done.length}: ${done.join(', ')}. Not deleted: ${kept.join('; ')}.`
}

import { createHash } from 'node:crypto'
import { statement, type Statement } from '../../executor/statement.js'
import { sql } from '../../sql/sql.js'
import { display, qualified } from '../names.js'
import type { TriggerOperation } from './input.js'
import {
  operationName,
  viewName,
  type ResolvedTarget,
  type ResolvedTrigger,
  type ResolvedView,
} from './resolve.js'
import { plpgsqlSkeleton, skeletonWrites, sqlSkeleton } from './trigger-functions.js'

/*
 * What a generated INSTEAD OF trigger does with the posted row, written where a reader finds it:
 * the comment of the trigger, as `pg-planetary write path: {"v":1,"md5":…,"sets":[…]}`. `sets`
 * are the view columns the write stores from the row; on INSERT the others are filled by the
 * table (identity, defaults) or refused (redacted), on UPDATE they are left as they are. `md5` is
 * the md5 of the function body that holds the write (the plpgsql trigger function, or the SQL
 * operation function): once someone replaces that body the record no longer matches it and
 * readers fall back to reading the body itself.
 */

export const WRITE_PATH_MARK = 'pg-planetary write path: '

export interface WritePathRecord {
  readonly v: 1
  readonly md5: string
  readonly sets: readonly string[]
}

/** The record in a trigger comment, or null when the comment holds none (or a broken one). */
export function parseWritePathRecord(comment: string | null | undefined): WritePathRecord | null {
  if (!comment?.startsWith(WRITE_PATH_MARK)) return null
  try {
    const r = JSON.parse(comment.slice(WRITE_PATH_MARK.length)) as Partial<WritePathRecord>
    if (r.v !== 1 || typeof r.md5 !== 'string' || !Array.isArray(r.sets)) return null
    if (!r.sets.every((s) => typeof s === 'string')) return null
    return { v: 1, md5: r.md5, sets: r.sets }
  } catch {
    return null
  }
}

/** The record of a generated body, or null when the body is someone's own. */
export function writePathRecord(
  target: ResolvedTarget,
  view: ResolvedView,
  trigger: ResolvedTrigger,
): WritePathRecord | null {
  const op = trigger.operation
  if (trigger.body !== undefined || op === 'delete') return null
  const body =
    trigger.language === 'sql' ? sqlSkeleton(target, view, op) : plpgsqlSkeleton(target, view, op)
  return {
    v: 1,
    md5: createHash('md5').update(body, 'utf8').digest('hex'),
    sets: skeletonWrites(view, op),
  }
}

/**
 * COMMENT ON TRIGGER with the record of a generated INSERT or UPDATE body; for a body of one's
 * own (or DELETE) the comment is removed, so no stale record outlives a replaced body.
 */
export function writePathComment(
  target: ResolvedTarget,
  view: ResolvedView,
  trigger: ResolvedTrigger,
): Statement {
  const op: TriggerOperation = trigger.operation
  const record = writePathRecord(target, view, trigger)
  const text = record ? WRITE_PATH_MARK + JSON.stringify(record) : null
  return statement({
    kind: 'comment',
    sql: sql`COMMENT ON TRIGGER ${sql.id(operationName(view, op))} ON ${qualified(viewName(view))} IS ${sql.lit(text)}`,
    summary: record
      ? `Record on the ${op.toUpperCase()} trigger of ${display(viewName(view))} which columns it stores (${record.sets.join(', ') || 'none'})`
      : `Remove the generated-write record of the ${op.toUpperCase()} trigger of ${display(viewName(view))}`,
  })
}

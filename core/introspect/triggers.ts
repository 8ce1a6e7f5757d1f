import { sql, type SqlFragment } from '../sql/sql.js'
import {
  completeRelationNames,
  nameKeys,
  relationName,
  type RelationNames,
} from './relation-names.js'
import { queryRows } from './catalog-session.js'
import { deparsed } from './deparse.js'
import type { QueryContext } from './context.js'
import { catalogFeatures } from './features.js'
import { notExtensionMember, relationFilter, schemaFilter, descriptionJoin } from './filters.js'
import type { RelationKind } from './kinds.js'
import { triggerArgs, triggerWhen } from './parse.js'

/** One user trigger (pg_trigger, internal FK triggers excluded). */
export interface TriggerRow {
  oid: number
  tgname: string
  tgrelid: number
  tgtype: number
  tgenabled: string
  function_oid: number
  function_schema: string
  function_name: string
  /** UPDATE OF columns as attnums. */
  tgattr: number[]
  tgnargs: number
  tgargs: Buffer | null
  tgconstraint: number
  tgdeferrable: boolean
  tginitdeferred: boolean
  tgoldtable: string | null
  tgnewtable: string | null
  /** Set on a partition's clone of its parent's trigger. */
  tgparentid: number
  /** A WHEN condition exists (tgqual not null); its text comes with the definition. */
  has_when: boolean
  /** pg_get_triggerdef, only when definitions are asked for. */
  definition?: string | null
  description: string | null
}

export type TriggerTiming = 'before' | 'after' | 'insteadOf'
export type TriggerEvent = 'insert' | 'update' | 'delete' | 'truncate'
/** O fires in origin and local sessions, D never, R only as a replica, A always. */
export type TriggerEnabled = 'origin' | 'disabled' | 'replica' | 'always'

export interface Trigger {
  readonly oid: number
  readonly name: string
  readonly tableOid: number
  readonly schema: string
  readonly table: string
  readonly tableKind: RelationKind
  readonly timing: TriggerTiming
  readonly events: readonly TriggerEvent[]
  /** Columns of `UPDATE OF a, b`. */
  readonly updateColumns: readonly (string | null)[]
  readonly level: 'row' | 'statement'
  /** The trigger has a WHEN condition. */
  readonly hasWhen: boolean
  /** The WHEN condition, without the outer parentheses PostgreSQL adds; with definitions. */
  readonly when: string | null
  readonly function: { readonly oid: number; readonly schema: string; readonly name: string }
  readonly arguments: readonly string[]
  readonly enabled: TriggerEnabled
  /** CREATE CONSTRAINT TRIGGER. */
  readonly isConstraint: boolean
  readonly deferrable: boolean
  readonly initiallyDeferred: boolean
  readonly transitionTables: { readonly old: string | null; readonly new: string | null }
  /** Cloned from the partitioned parent's trigger. */
  readonly inherited: boolean
  readonly comment: string | null
  /** CREATE TRIGGER text; null unless definitions were fetched (see triggerDefinition). */
  readonly definition: string | null
}

// tgtype bits, from PostgreSQL's pg_trigger.h.
const ROW = 1 << 0
const BEFORE = 1 << 1
const INSERT = 1 << 2
const DELETE = 1 << 3
const UPDATE = 1 << 4
const TRUNCATE = 1 << 5
const INSTEAD = 1 << 6

/**
 * User triggers (internal foreign-key triggers left out). The WHEN text only exists inside
 * pg_get_triggerdef (tgqual refers to OLD and NEW at once, which pg_get_expr cannot show), so it
 * comes with `definitions`.
 */
export function triggersQuery(ctx: QueryContext): SqlFragment {
  const definition = deparsed(ctx, { definition: sql`pg_catalog.pg_get_triggerdef(t.oid, true)` })
  // Before PG 15 a user trigger's clones on partitions are marked internal; they are the ones
  // with a parent (foreign-key triggers got parents only in PG 15, when clones stopped being internal).
  const user = catalogFeatures(ctx.versionNum).partitionTriggerClonesVisible
    ? sql`NOT t.tgisinternal`
    : sql`(NOT t.tgisinternal OR t.tgparentid <> 0)`
  return sql`SELECT t.oid, t.tgname, t.tgrelid, t.tgtype::int AS tgtype, t.tgenabled, p.oid AS function_oid, pn.nspname AS function_schema,
  p.proname AS function_name, t.tgattr::int2[] AS tgattr, t.tgnargs, t.tgargs,
  t.tgconstraint, t.tgdeferrable, t.tginitdeferred, t.tgoldtable, t.tgnewtable, t.tgparentid,
  t.tgqual IS NOT NULL AS has_when, d.description${definition}
FROM pg_catalog.pg_trigger t
JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace
${descriptionJoin('pg_trigger', sql`t.oid`)}
WHERE ${user}
  AND ${schemaFilter(ctx, sql`n`)}
  AND ${relationFilter(ctx, sql`t.tgrelid`)}
  AND ${notExtensionMember(ctx, 'pg_class', sql`c.oid`)}`
}

const ENABLED: Readonly<Record<string, TriggerEnabled>> = {
  O: 'origin',
  D: 'disabled',
  R: 'replica',
  A: 'always',
}

/** @example mapTrigger(row, names).events // ['insert', 'update'] */
export function mapTrigger(row: TriggerRow, names: RelationNames): Trigger {
  const type = row.tgtype
  const table = relationName(names, row.tgrelid)
  const events: TriggerEvent[] = []
  if (type & INSERT) events.push('insert')
  if (type & UPDATE) events.push('update')
  if (type & DELETE) events.push('delete')
  if (type & TRUNCATE) events.push('truncate')
  return {
    oid: row.oid,
    name: row.tgname,
    tableOid: row.tgrelid,
    schema: table.schema,
    table: table.name,
    tableKind: table.kind,
    timing: type & INSTEAD ? 'insteadOf' : type & BEFORE ? 'before' : 'after',
    events,
    updateColumns: nameKeys(names, row.tgrelid, row.tgattr),
    level: type & ROW ? 'row' : 'statement',
    hasWhen: row.has_when,
    when: triggerWhen(row.definition ?? null),
    function: { oid: row.function_oid, schema: row.function_schema, name: row.function_name },
    arguments: triggerArgs(row.tgargs, row.tgnargs),
    enabled: ENABLED[row.tgenabled] ?? 'origin',
    isConstraint: row.tgconstraint !== 0,
    deferrable: row.tgdeferrable,
    initiallyDeferred: row.tginitdeferred,
    transitionTables: { old: row.tgoldtable, new: row.tgnewtable },
    inherited: row.tgparentid !== 0,
    comment: row.description,
    definition: row.definition ?? null,
  }
}

/** Triggers in scope, ordered by table then name. */
export async function fetchTriggers(ctx: QueryContext, known?: RelationNames): Promise<Trigger[]> {
  const rows = await queryRows<TriggerRow>(ctx, triggersQuery(ctx))
  const names = await completeRelationNames(
    ctx,
    rows.map((r) => r.tgrelid),
    known,
    rows.flatMap((r) => r.tgattr),
  )
  return rows.map((row) => mapTrigger(row, names))
}

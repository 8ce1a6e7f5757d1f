import { parseWritePathRecord } from '../../core/builders/protect/write-path-record.js'
import { sql } from '../../core/sql/sql.js'
import { parameterReads, triggerBodyUses, type RowCall } from './body-uses.js'

/*
 * Which columns of a view an INSERT or UPDATE through its INSTEAD OF trigger actually takes from
 * the form. Auto-updatable views need none of this (pg_column_is_updatable answers); for views
 * with triggers the answer comes from the record the protect wizard left on the trigger (while
 * the body is still the one it generated), else from reading the trigger's PL/pgSQL body and
 * the functions it hands the whole row to, one level deep. Whatever cannot be proven is settable.
 */

/**
 * - `reads`: the posted value is used;
 * - `defaults`: used, but the trigger fills it when missing (not required);
 * - `fills`: the trigger sets it whatever was posted;
 * - `ignores`: the trigger never looks at it.
 */
export type ColumnWrite = 'reads' | 'defaults' | 'fills' | 'ignores'

export type WriteOperation = 'insert' | 'update'

export interface OperationPath {
  /** The trigger function, `schema.name`, for messages. */
  readonly fn: string
  /** Where the answer came from: the wizard's record or the body. */
  readonly how: 'record' | 'body'
  readonly columns: ReadonlyMap<string, ColumnWrite>
}

export interface ViewWritePath {
  readonly insert?: OperationPath
  readonly update?: OperationPath
}

// ---- catalog -------------------------------------------------------------------------------

export interface TriggerRow {
  relid: string
  op: WriteOperation
  fn_schema: string
  fn_name: string
  lanname: string
  prosrc: string
  md5: string
  comment: string | null
}

export interface CalleeRow {
  relid: string
  want_schema: string
  want_name: string
  lanname: string
  prosrc: string
  md5: string
  argname: string
}

/** The INSTEAD OF INSERT / UPDATE row triggers of the views, with their functions' bodies. */
export function writeTriggersQuery(viewOids: readonly string[]) {
  return sql`
    SELECT t.tgrelid::int8::text AS relid, o.op, n.nspname AS fn_schema, p.proname AS fn_name,
      l.lanname, p.prosrc, pg_catalog.md5(p.prosrc) AS md5,
      pg_catalog.obj_description(t.oid, 'pg_trigger') AS comment
    FROM pg_catalog.pg_trigger t
    CROSS JOIN LATERAL (VALUES ('insert', 4), ('update', 16)) AS o(op, bit)
    JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
    JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
    JOIN pg_catalog.pg_language l ON l.oid = p.prolang
    WHERE t.tgrelid = ANY(${sql.val(viewOids)}::oid[]) AND NOT t.tgisinternal
      AND t.tgenabled <> 'D' AND (t.tgtype & 64) <> 0 AND (t.tgtype & o.bit) <> 0`
}

/** Functions of one argument of a view's row type, by name (and schema when given). */
export function rowCalleesQuery(calls: readonly { relid: string; call: RowCall }[]) {
  return sql`
    SELECT x.relid::int8::text AS relid, x.want_schema, x.want_name, l.lanname, p.prosrc,
      pg_catalog.md5(p.prosrc) AS md5, coalesce(p.proargnames[1], '') AS argname
    FROM unnest(${sql.val(calls.map((c) => c.relid))}::oid[],
      ${sql.val(calls.map((c) => c.call.schema ?? ''))}::text[],
      ${sql.val(calls.map((c) => c.call.name))}::text[]) AS x(relid, want_schema, want_name)
    JOIN pg_catalog.pg_class c ON c.oid = x.relid
    JOIN pg_catalog.pg_proc p ON p.proname = x.want_name AND p.pronargs = 1
      AND p.proargtypes[0] = c.reltype
    JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
      AND (x.want_schema = '' OR n.nspname = x.want_schema)
    JOIN pg_catalog.pg_language l ON l.oid = p.prolang`
}

// ---- analysis ------------------------------------------------------------------------------

/** The calls a trigger body makes with the whole row (for the callee query). */
export function rowCalls(t: TriggerRow): RowCall[] {
  return t.lanname === 'plpgsql' ? [...triggerBodyUses(t.prosrc).calls] : []
}

/**
 * What one trigger does with each view column, or undefined when nothing can be proven (a body
 * in another language). `callees` are the rows of rowCalleesQuery for this view.
 */
export function operationPath(
  trigger: TriggerRow,
  columns: readonly string[],
  callees: readonly CalleeRow[],
): OperationPath | undefined {
  const fn = `${trigger.fn_schema}.${trigger.fn_name}`
  const record = parseWritePathRecord(trigger.comment)
  const uses = trigger.lanname === 'plpgsql' ? triggerBodyUses(trigger.prosrc) : undefined
  // One row per function found; the same call made twice finds the same function twice.
  const calleesOf = (call: RowCall) => {
    const seen = new Map<string, CalleeRow>()
    for (const c of callees) {
      if (c.relid !== trigger.relid || c.want_name !== call.name) continue
      if (c.want_schema !== (call.schema ?? '')) continue
      seen.set(`${c.lanname}:${c.argname}:${c.md5}`, c)
    }
    return [...seen.values()]
  }
  if (
    record &&
    (record.md5 === trigger.md5 ||
      (uses?.calls ?? []).some((call) => calleesOf(call).some((c) => c.md5 === record.md5)))
  ) {
    const filled: ColumnWrite = trigger.op === 'insert' ? 'fills' : 'ignores'
    return {
      fn,
      how: 'record',
      columns: new Map(columns.map((c) => [c, record.sets.includes(c) ? 'reads' : filled])),
    }
  }
  if (!uses) return undefined
  let opaque = uses.opaque
  const calleeReads = new Set<string>()
  for (const call of uses.calls) {
    const found = calleesOf(call)
    const only = found.length === 1 ? found[0] : undefined
    const reads =
      only && (only.lanname === 'plpgsql' || only.lanname === 'sql') && only.argname
        ? parameterReads(only.prosrc, only.argname)
        : null
    if (!reads) opaque = true
    else for (const r of reads) calleeReads.add(r)
  }
  const verdict = (c: string): ColumnWrite => {
    if (uses.overwrites.has(c)) return 'fills'
    const read = opaque || uses.reads.has(c) || calleeReads.has(c)
    if (!read) return uses.writes.has(c) ? 'fills' : 'ignores'
    return uses.writes.has(c) ? 'defaults' : 'reads'
  }
  return { fn, how: 'body', columns: new Map(columns.map((c) => [c, verdict(c)])) }
}

/** What the write path means for one column: why it is read-only per operation, if it is. */
export interface ColumnWriteNotes {
  readonly insert?: string
  readonly update?: string
  /** A trigger fills it when the form leaves it empty. */
  readonly optional: boolean
}

export function columnWriteNotes(
  path: ViewWritePath | undefined,
  column: string,
): ColumnWriteNotes {
  const ins = path?.insert?.columns.get(column)
  const upd = path?.update?.columns.get(column)
  const insertFn = path?.insert?.fn ?? ''
  const updateFn = path?.update?.fn ?? ''
  const notes: { insert?: string; update?: string; optional: boolean } = {
    optional: ins === 'defaults' || ins === 'fills' || ins === 'ignores',
  }
  if (ins === 'fills') notes.insert = `set by ${insertFn} when a row is added`
  if (ins === 'ignores') notes.insert = `not stored by ${insertFn} when a row is added`
  if (upd === 'fills') notes.update = `set by ${updateFn} on every change`
  if (upd === 'ignores') notes.update = `not changed by ${updateFn}: it keeps its stored value`
  return notes
}

/**
 * The write paths of many views from the rows of the two queries: view oid → path. Views with
 * more than one INSTEAD OF trigger for an operation are left to their triggers (no answer).
 */
export function writePaths(
  triggers: readonly TriggerRow[],
  callees: readonly CalleeRow[],
  columnsOf: (relid: string) => readonly string[],
): Map<string, ViewWritePath> {
  const out = new Map<string, ViewWritePath>()
  const byKey = new Map<string, TriggerRow[]>()
  for (const t of triggers) {
    const k = `${t.relid}:${t.op}`
    byKey.set(k, [...(byKey.get(k) ?? []), t])
  }
  for (const [, list] of byKey) {
    const t = list[0]
    if (!t || list.length !== 1) continue
    const path = operationPath(t, columnsOf(t.relid), callees)
    if (!path) continue
    out.set(t.relid, { ...out.get(t.relid), [t.op]: path })
  }
  return out
}

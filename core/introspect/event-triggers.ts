import { sql, type SqlFragment } from '../sql/sql.js'
import { queryRows } from './catalog-session.js'
import type { QueryContext } from './context.js'
import { notExtensionMember, descriptionJoin } from './filters.js'
import type { TriggerEnabled } from './triggers.js'

/** One pg_event_trigger row. Event triggers are database-wide: no schema filter applies. */
export interface EventTriggerRow {
  oid: number
  evtname: string
  evtevent: string
  owner: string
  function_oid: number
  function_schema: string
  function_name: string
  evtenabled: string
  evttags: string[] | null
  description: string | null
}

export interface EventTrigger {
  readonly oid: number
  readonly name: string
  /** ddl_command_start, ddl_command_end, sql_drop, table_rewrite, login (PG 17+). */
  readonly event: string
  readonly owner: string
  readonly function: { readonly oid: number; readonly schema: string; readonly name: string }
  readonly enabled: TriggerEnabled
  /** `WHEN TAG IN (…)`; empty for every command. */
  readonly tags: readonly string[]
  readonly comment: string | null
}

/** Event triggers with their function; extension-owned ones hidden unless asked for. */
export function eventTriggersQuery(ctx: QueryContext): SqlFragment {
  return sql`SELECT e.oid, e.evtname, e.evtevent, pg_catalog.pg_get_userbyid(e.evtowner) AS owner,
  p.oid AS function_oid, pn.nspname AS function_schema, p.proname AS function_name,
  e.evtenabled, e.evttags, d.description
FROM pg_catalog.pg_event_trigger e
JOIN pg_catalog.pg_proc p ON p.oid = e.evtfoid
JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace
${descriptionJoin('pg_event_trigger', sql`e.oid`)}
WHERE ${notExtensionMember(ctx, 'pg_event_trigger', sql`e.oid`)}
ORDER BY e.evtname`
}

const ENABLED: Readonly<Record<string, TriggerEnabled>> = {
  O: 'origin',
  D: 'disabled',
  R: 'replica',
  A: 'always',
}

/** @example mapEventTrigger(row).event // 'ddl_command_end' */
export function mapEventTrigger(row: EventTriggerRow): EventTrigger {
  return {
    oid: row.oid,
    name: row.evtname,
    event: row.evtevent,
    owner: row.owner,
    function: { oid: row.function_oid, schema: row.function_schema, name: row.function_name },
    enabled: ENABLED[row.evtenabled] ?? 'origin',
    tags: row.evttags ?? [],
    comment: row.description,
  }
}

/** @example await withCatalog(pool, {}, fetchEventTriggers) */
export async function fetchEventTriggers(ctx: QueryContext): Promise<EventTrigger[]> {
  return (await queryRows<EventTriggerRow>(ctx, eventTriggersQuery(ctx))).map(mapEventTrigger)
}

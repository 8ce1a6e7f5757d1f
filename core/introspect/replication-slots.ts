import { sql, type SqlFragment } from '../sql/sql.js'
import { queryRows } from './catalog-session.js'
import type { QueryContext } from './context.js'
import { catalogFeatures } from './features.js'
import { toNumber } from './parse.js'

/** One row of pg_replication_slots (readable by every role). */
export interface ReplicationSlotRow {
  slot_name: string
  plugin: string | null
  slot_type: string
  database: string | null
  temporary: boolean
  active: boolean
  active_pid: number | null
  restart_lsn: string | null
  confirmed_flush_lsn: string | null
  wal_status: string | null
  safe_wal_size: string | null
  two_phase: boolean
  /** PG 17+. */
  failover: boolean | null
  /** WAL bytes the slot holds back from removal. */
  retained_bytes: number | null
}

export interface ReplicationSlot {
  readonly name: string
  readonly type: 'physical' | 'logical'
  readonly plugin: string | null
  readonly database: string | null
  readonly temporary: boolean
  readonly active: boolean
  readonly activePid: number | null
  readonly restartLsn: string | null
  readonly confirmedFlushLsn: string | null
  /** reserved, extended, unreserved, lost. */
  readonly walStatus: string | null
  readonly safeWalSizeBytes: number | null
  readonly twoPhase: boolean
  readonly failover: boolean | null
  readonly retainedBytes: number | null
}

/** Slots of the whole cluster, with the WAL each one holds back. */
export function replicationSlotsQuery(ctx: QueryContext): SqlFragment {
  const f = catalogFeatures(ctx.versionNum)
  return sql`SELECT s.slot_name, s.plugin, s.slot_type, s.database, s.temporary, s.active, s.active_pid,
  s.restart_lsn::text AS restart_lsn, s.confirmed_flush_lsn::text AS confirmed_flush_lsn,
  s.wal_status, s.safe_wal_size, s.two_phase,
  ${f.slotFailover ? sql`s.failover` : sql`NULL::bool`} AS failover,
  pg_catalog.pg_wal_lsn_diff(
    CASE WHEN pg_catalog.pg_is_in_recovery() THEN pg_catalog.pg_last_wal_replay_lsn()
    ELSE pg_catalog.pg_current_wal_lsn() END, s.restart_lsn)::float8 AS retained_bytes
FROM pg_catalog.pg_replication_slots s
ORDER BY s.slot_name`
}

/** @example mapReplicationSlot(row).type // 'logical' */
export function mapReplicationSlot(row: ReplicationSlotRow): ReplicationSlot {
  return {
    name: row.slot_name,
    type: row.slot_type === 'physical' ? 'physical' : 'logical',
    plugin: row.plugin,
    database: row.database,
    temporary: row.temporary,
    active: row.active,
    activePid: row.active_pid,
    restartLsn: row.restart_lsn,
    confirmedFlushLsn: row.confirmed_flush_lsn,
    walStatus: row.wal_status,
    safeWalSizeBytes: toNumber(row.safe_wal_size),
    twoPhase: row.two_phase,
    failover: row.failover,
    retainedBytes: row.retained_bytes,
  }
}

/** @example (await withCatalog(pool, {}, fetchReplicationSlots)).filter((s) => !s.active) */
export async function fetchReplicationSlots(ctx: QueryContext): Promise<ReplicationSlot[]> {
  return (await queryRows<ReplicationSlotRow>(ctx, replicationSlotsQuery(ctx))).map(
    mapReplicationSlot,
  )
}

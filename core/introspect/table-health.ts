import { sql, type SqlFragment } from '../sql/sql.js'
import { queryRows } from './catalog-session.js'
import type { QueryContext } from './context.js'
import { catalogFeatures } from './features.js'
import { notExtensionMember, relationFilter, schemaFilter } from './filters.js'
import { isoOrNull, toNumber } from './parse.js'

/** Statistics and sizes of one table or materialized view. */
export interface TableHealthRow {
  oid: number
  nspname: string
  relname: string
  relkind: string
  n_live_tup: string | number
  n_dead_tup: string | number
  n_mod_since_analyze: string | number
  seq_scan: string | number
  /** PG 16+; null before. */
  last_seq_scan: Date | null
  last_vacuum: Date | null
  last_autovacuum: Date | null
  last_analyze: Date | null
  last_autoanalyze: Date | null
  vacuum_count: string | number
  autovacuum_count: string | number
  analyze_count: string | number
  autoanalyze_count: string | number
  table_bytes: number
  indexes_bytes: number
  toast_bytes: number
  reltuples: number
  sizes_exact: boolean
}

export interface TableHealth {
  readonly oid: number
  readonly schema: string
  readonly name: string
  readonly liveTuples: number
  readonly deadTuples: number
  readonly modifiedSinceAnalyze: number
  readonly sequentialScans: number
  /** PG 16+: when a sequential scan last started; null before 16 or never. */
  readonly lastSequentialScan: string | null
  readonly lastVacuum: string | null
  readonly lastAutovacuum: string | null
  readonly lastAnalyze: string | null
  readonly lastAutoanalyze: string | null
  readonly vacuumCount: number
  readonly autovacuumCount: number
  readonly analyzeCount: number
  readonly autoanalyzeCount: number
  readonly sizes: {
    /** Main fork of the heap. */
    readonly tableBytes: number
    readonly indexesBytes: number
    readonly toastBytes: number
    readonly totalBytes: number
    /** False when the sizes are relpages estimates (see TableHealthOptions). */
    readonly exact: boolean
  }
  /**
   * Dead tuples over all tuples, and that share of the heap in bytes: an estimate that needs no
   * pg_stats access (pg_stats hides columns the caller cannot SELECT, so width-based bloat
   * formulas return nothing for a metadata-only role).
   */
  readonly bloat: { readonly deadRatio: number; readonly estimatedBytes: number }
}

/**
 * Cumulative statistics through the pg_stat_get_* functions (what pg_stat_all_tables calls,
 * without its joins) and sizes: pg_relation_size per fork when one relation is asked for or
 * `definitions` is on, else relpages × block size summed over indexes and TOAST in one grouped
 * pass (stat() calls on 25k files cost more than the rest of the snapshot).
 */
export function tableHealthQuery(ctx: QueryContext): SqlFragment {
  const exact = ctx.scope.relationOid !== undefined || ctx.scope.definitions === true
  const block = sql`pg_catalog.current_setting('block_size')::float8`
  const sizes = exact
    ? sql`pg_catalog.pg_relation_size(c.oid)::float8 AS table_bytes,
  pg_catalog.pg_indexes_size(c.oid)::float8 AS indexes_bytes,
  CASE WHEN c.reltoastrelid = 0 THEN 0 ELSE pg_catalog.pg_total_relation_size(c.reltoastrelid)::float8 END AS toast_bytes`
    : sql`c.relpages::float8 * ${block} AS table_bytes,
  coalesce(ix.pages, 0)::float8 * ${block} AS indexes_bytes,
  (coalesce(tc.relpages, 0) + coalesce(tix.pages, 0))::float8 * ${block} AS toast_bytes`
  // One grouped pass over all indexes serves both the table's and its TOAST table's indexes.
  const pagesCte = exact
    ? sql``
    : sql`WITH index_pages AS (
  SELECT i.indrelid, pg_catalog.sum(ic.relpages) AS pages
  FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
  GROUP BY i.indrelid
)
`
  const estimateJoins = exact
    ? sql``
    : sql`LEFT JOIN index_pages ix ON ix.indrelid = c.oid
LEFT JOIN pg_catalog.pg_class tc ON tc.oid = c.reltoastrelid
LEFT JOIN index_pages tix ON tix.indrelid = c.reltoastrelid`
  return sql`${pagesCte}SELECT c.oid, n.nspname, c.relname, c.relkind,
  pg_catalog.pg_stat_get_live_tuples(c.oid) AS n_live_tup,
  pg_catalog.pg_stat_get_dead_tuples(c.oid) AS n_dead_tup,
  pg_catalog.pg_stat_get_mod_since_analyze(c.oid) AS n_mod_since_analyze,
  pg_catalog.pg_stat_get_numscans(c.oid) AS seq_scan,
  ${catalogFeatures(ctx.versionNum).lastScanTimes ? sql`pg_catalog.pg_stat_get_lastscan(c.oid)` : sql`NULL::timestamptz`} AS last_seq_scan,
  pg_catalog.pg_stat_get_last_vacuum_time(c.oid) AS last_vacuum,
  pg_catalog.pg_stat_get_last_autovacuum_time(c.oid) AS last_autovacuum,
  pg_catalog.pg_stat_get_last_analyze_time(c.oid) AS last_analyze,
  pg_catalog.pg_stat_get_last_autoanalyze_time(c.oid) AS last_autoanalyze,
  pg_catalog.pg_stat_get_vacuum_count(c.oid) AS vacuum_count,
  pg_catalog.pg_stat_get_autovacuum_count(c.oid) AS autovacuum_count,
  pg_catalog.pg_stat_get_analyze_count(c.oid) AS analyze_count,
  pg_catalog.pg_stat_get_autoanalyze_count(c.oid) AS autoanalyze_count,
  ${sizes},
  c.reltuples::float8 AS reltuples, ${sql.raw(exact ? 'true' : 'false')} AS sizes_exact
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
${estimateJoins}
WHERE c.relkind IN ('r', 'm', 'p')
  AND ${schemaFilter(ctx, sql`n`)}
  AND ${relationFilter(ctx, sql`c.oid`)}
  AND ${notExtensionMember(ctx, 'pg_class', sql`c.oid`)}`
}

/** @example mapTableHealth(row).bloat.deadRatio // 0.12 */
export function mapTableHealth(row: TableHealthRow): TableHealth {
  const live = toNumber(row.n_live_tup) ?? 0
  const dead = toNumber(row.n_dead_tup) ?? 0
  const deadRatio = live + dead > 0 ? dead / (live + dead) : 0
  return {
    oid: row.oid,
    schema: row.nspname,
    name: row.relname,
    liveTuples: live,
    deadTuples: dead,
    modifiedSinceAnalyze: toNumber(row.n_mod_since_analyze) ?? 0,
    sequentialScans: toNumber(row.seq_scan) ?? 0,
    lastSequentialScan: isoOrNull(row.last_seq_scan),
    lastVacuum: isoOrNull(row.last_vacuum),
    lastAutovacuum: isoOrNull(row.last_autovacuum),
    lastAnalyze: isoOrNull(row.last_analyze),
    lastAutoanalyze: isoOrNull(row.last_autoanalyze),
    vacuumCount: toNumber(row.vacuum_count) ?? 0,
    autovacuumCount: toNumber(row.autovacuum_count) ?? 0,
    analyzeCount: toNumber(row.analyze_count) ?? 0,
    autoanalyzeCount: toNumber(row.autoanalyze_count) ?? 0,
    sizes: {
      tableBytes: row.table_bytes,
      indexesBytes: row.indexes_bytes,
      toastBytes: row.toast_bytes,
      totalBytes: row.table_bytes + row.indexes_bytes + row.toast_bytes,
      exact: row.sizes_exact,
    },
    bloat: { deadRatio, estimatedBytes: Math.round(row.table_bytes * deadRatio) },
  }
}

/** @example (await withCatalog(pool, {}, fetchTableHealth)).sort((a, b) => b.bloat.estimatedBytes - a.bloat.estimatedBytes) */
export async function fetchTableHealth(ctx: QueryContext): Promise<TableHealth[]> {
  return (await queryRows<TableHealthRow>(ctx, tableHealthQuery(ctx))).map(mapTableHealth)
}

import { sql, type SqlFragment } from '../sql/sql.js'
import { completeRelationNames, relationName, type RelationNames } from './relation-names.js'
import { queryRows } from './catalog-session.js'
import { deparsed } from './deparse.js'
import type { QueryContext } from './context.js'
import { catalogFeatures } from './features.js'
import { notExtensionMember, relationFilter, schemaFilter, descriptionJoin } from './filters.js'
import { toNumber } from './parse.js'

/** One pg_index row with its index relation and table. */
export interface IndexRow {
  indexrelid: number
  relname: string
  indrelid: number
  amname: string
  indisunique: boolean
  indisprimary: boolean
  indisexclusion: boolean
  indimmediate: boolean
  indisvalid: boolean
  indisready: boolean
  indislive: boolean
  indisreplident: boolean
  /** PG 15+; false before. */
  indnullsnotdistinct: boolean
  indnkeyatts: number
  /** Table attnums per index column; 0 marks an expression. */
  indkey: number[]
  /** Per column: bit 1 DESC, bit 2 NULLS FIRST. */
  indoption: number[]
  /** A partial index (indpred not null). */
  has_predicate: boolean
  /** pg_get_indexdef(oid, k, true) per key column of an expression index, with definitions. */
  key_exprs?: string[] | null
  /** Partial-index predicate (pg_get_expr of indpred), with definitions. */
  predicate?: string | null
  /** pg_relation_size when exact sizes were asked for, else relpages × block size. */
  size_bytes: number
  size_exact: boolean
  idx_scan: string | number | null
  description: string | null
  /** pg_get_indexdef, only when definitions are asked for. */
  definition?: string | null
}

export interface IndexKey {
  /** Table column, or null for an expression key. */
  readonly column: string | null
  /** True for an expression key; its text comes with definitions (or from indexDefinition). */
  readonly isExpression: boolean
  readonly expression: string | null
  readonly descending: boolean
  readonly nullsFirst: boolean
}

export interface Index {
  readonly oid: number
  readonly name: string
  readonly schema: string
  readonly tableOid: number
  readonly table: string
  /** Access method: btree, hash, gist, gin, brin, spgist … */
  readonly method: string
  readonly keys: readonly IndexKey[]
  /** INCLUDE columns. */
  readonly include: readonly (string | null)[]
  /** A partial index; its WHERE text comes with definitions (or from indexDefinition). */
  readonly partial: boolean
  readonly predicate: string | null
  readonly unique: boolean
  readonly primary: boolean
  readonly exclusion: boolean
  readonly immediate: boolean
  readonly nullsNotDistinct: boolean
  /** False after a failed CREATE INDEX CONCURRENTLY: the index is not used. */
  readonly valid: boolean
  readonly ready: boolean
  readonly live: boolean
  readonly replicaIdentity: boolean
  readonly sizeBytes: number
  /** True when sizeBytes is the planner's page count, not pg_relation_size. */
  readonly sizeIsEstimate: boolean
  /** Index scans since statistics were reset. */
  readonly scans: number
  readonly definition: string | null
  readonly comment: string | null
}

/**
 * Structural index rows: method, key attnums, options and flags. `pg_get_indexdef` made this
 * query 6.6× slower, so deparsed text (definition, expression keys, predicate) only comes with
 * `definitions`; size is the relpages estimate unless exact sizes are asked for
 * (pg_relation_size stats files: +120 ms on 20k indexes).
 */
export function indexesQuery(ctx: QueryContext): SqlFragment {
  const f = catalogFeatures(ctx.versionNum)
  const exactSize = ctx.scope.relationOid !== undefined || ctx.scope.definitions === true
  const size = exactSize
    ? sql`pg_catalog.pg_relation_size(i.indexrelid)::float8`
    : sql`ic.relpages::float8 * pg_catalog.current_setting('block_size')::float8`
  const definitions = deparsed(ctx, {
    key_exprs: sql`CASE WHEN i.indexprs IS NOT NULL THEN ARRAY(
    SELECT pg_catalog.pg_get_indexdef(i.indexrelid, k, true)
    FROM pg_catalog.generate_series(1, i.indnkeyatts) k
  ) END`,
    predicate: sql`pg_catalog.pg_get_expr(i.indpred, i.indrelid)`,
    definition: sql`pg_catalog.pg_get_indexdef(i.indexrelid)`,
  })
  return sql`SELECT i.indexrelid, ic.relname, i.indrelid, am.amname, i.indisunique, i.indisprimary, i.indisexclusion, i.indimmediate, i.indisvalid,
  i.indisready, i.indislive, i.indisreplident,
  ${f.nullsNotDistinct ? sql`i.indnullsnotdistinct` : sql`false`} AS indnullsnotdistinct,
  i.indnkeyatts, i.indkey::int2[] AS indkey, i.indoption::int2[] AS indoption,
  i.indpred IS NOT NULL AS has_predicate,
  ${size} AS size_bytes, ${sql.raw(exactSize ? 'true' : 'false')} AS size_exact,
  pg_catalog.pg_stat_get_numscans(i.indexrelid) AS idx_scan,
  d.description${definitions}
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_am am ON am.oid = ic.relam
${descriptionJoin('pg_class', sql`i.indexrelid`)}
WHERE c.relkind IN ('r', 'p', 'm')
  AND ${schemaFilter(ctx, sql`n`)}
  AND ${relationFilter(ctx, sql`i.indrelid`)}
  AND ${notExtensionMember(ctx, 'pg_class', sql`c.oid`)}`
}

/** @example mapIndex(row, relationNamesFrom(relations, columns)) */
export function mapIndex(row: IndexRow, names: RelationNames): Index {
  const table = relationName(names, row.indrelid)
  const byNum = table.columns
  const keys: IndexKey[] = []
  const include: (string | null)[] = []
  row.indkey.forEach((attnum, i) => {
    const column = attnum > 0 ? (byNum[attnum] ?? null) : null
    if (i >= row.indnkeyatts) {
      include.push(column)
      return
    }
    const option = row.indoption[i] ?? 0
    keys.push({
      column,
      isExpression: attnum === 0,
      expression: attnum === 0 ? (row.key_exprs?.[i] ?? null) : null,
      descending: (option & 1) !== 0,
      nullsFirst: (option & 2) !== 0,
    })
  })
  return {
    oid: row.indexrelid,
    name: row.relname,
    schema: table.schema,
    tableOid: row.indrelid,
    table: table.name,
    method: row.amname,
    keys,
    include,
    partial: row.has_predicate,
    predicate: row.predicate ?? null,
    unique: row.indisunique,
    primary: row.indisprimary,
    exclusion: row.indisexclusion,
    immediate: row.indimmediate,
    nullsNotDistinct: row.indnullsnotdistinct,
    valid: row.indisvalid,
    ready: row.indisready,
    live: row.indislive,
    replicaIdentity: row.indisreplident,
    sizeBytes: row.size_bytes,
    sizeIsEstimate: !row.size_exact,
    scans: toNumber(row.idx_scan) ?? 0,
    definition: row.definition ?? null,
    comment: row.description,
  }
}

/** Indexes in scope, ordered by table then name. */
export async function fetchIndexes(ctx: QueryContext, known?: RelationNames): Promise<Index[]> {
  const rows = await queryRows<IndexRow>(ctx, indexesQuery(ctx))
  const names = await completeRelationNames(
    ctx,
    rows.map((r) => r.indrelid),
    known,
    rows.flatMap((r) => r.indkey),
  )
  return rows.map((row) => mapIndex(row, names))
}

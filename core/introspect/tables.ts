import { sql, type SqlFragment } from '../sql/sql.js'
import { queryRows } from './catalog-session.js'
import { deparsed } from './deparse.js'
import type { Column } from './columns.js'
import type { QueryContext } from './context.js'
import { notExtensionMember, relationFilter, schemaFilter, descriptionJoin } from './filters.js'
import { parseOptions, toNumber } from './parse.js'

/** One pg_class row of relkind r or p as the query returns it. */
export interface TableRow {
  oid: number
  nspname: string
  relname: string
  relkind: string
  owner: string
  relpersistence: string
  relrowsecurity: boolean
  relforcerowsecurity: boolean
  relreplident: string
  /** Index used as REPLICA IDENTITY USING INDEX, when there is one. */
  replident_index: string | null
  relispartition: boolean
  /** Parents in pg_inherits order as [oid, schema, name]; a partition has exactly one. */
  parents: [number, string, string][] | null
  /** `FOR VALUES …` of a partition (pg_get_expr of relpartbound), with definitions. */
  partition_bound?: string | null
  /** `RANGE (created_at)` of a partitioned table (pg_get_partkeydef), with definitions. */
  partition_key?: string | null
  reloptions: string[] | null
  reltuples: number
  tablespace: string | null
  access_method: string | null
  description: string | null
}

export type ReplicaIdentity = 'default' | 'nothing' | 'full' | 'index'

export interface Table {
  readonly oid: number
  readonly schema: string
  readonly name: string
  readonly kind: 'table' | 'partitionedTable'
  readonly owner: string
  readonly persistence: 'permanent' | 'unlogged' | 'temporary'
  readonly rowSecurity: { readonly enabled: boolean; readonly forced: boolean }
  readonly replicaIdentity: ReplicaIdentity
  /** Set when replicaIdentity is 'index'. */
  readonly replicaIdentityIndex: string | null
  /** Set on a partition: its parent, and its bound when definitions were fetched. */
  readonly partitionOf: {
    readonly oid: number
    readonly schema: string
    readonly name: string
    readonly bound: string | null
  } | null
  /** `RANGE (created_at)` of a partitioned table, when definitions were fetched. */
  readonly partitionKey: string | null
  /** Parents through plain (non-partition) inheritance. */
  readonly inherits: readonly {
    readonly oid: number
    readonly schema: string
    readonly name: string
  }[]
  readonly options: Readonly<Record<string, string>>
  /** Planner estimate (reltuples); -1 when never vacuumed or analyzed (PG 14+). */
  readonly estimatedRows: number
  readonly tablespace: string | null
  readonly accessMethod: string | null
  readonly comment: string | null
  /** Filled by the snapshot from the columns query. */
  readonly columns: readonly Column[]
}

/** Tables and partitioned tables; partition bounds and keys are deparsed with `definitions`. */
export function tablesQuery(ctx: QueryContext): SqlFragment {
  const definitions = deparsed(ctx, {
    partition_bound: sql`CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END`,
    partition_key: sql`CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END`,
  })
  return sql`SELECT c.oid, n.nspname, c.relname, c.relkind,
  pg_catalog.pg_get_userbyid(c.relowner) AS owner,
  c.relpersistence, c.relrowsecurity, c.relforcerowsecurity, c.relreplident,
  ri.relname AS replident_index,
  c.relispartition, inh.parents,
  c.reloptions, c.reltuples::float8 AS reltuples,
  ts.spcname AS tablespace, am.amname AS access_method, d.description${definitions}
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN (
  SELECT i.inhrelid,
    pg_catalog.json_agg(pg_catalog.json_build_array(p.oid::int8, pn.nspname, p.relname) ORDER BY i.inhseqno) AS parents
  FROM pg_catalog.pg_inherits i
  JOIN pg_catalog.pg_class p ON p.oid = i.inhparent
  JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace
  GROUP BY i.inhrelid
) inh ON inh.inhrelid = c.oid
LEFT JOIN pg_catalog.pg_index rx ON rx.indrelid = c.oid AND rx.indisreplident AND c.relreplident = 'i'
LEFT JOIN pg_catalog.pg_class ri ON ri.oid = rx.indexrelid
LEFT JOIN pg_catalog.pg_tablespace ts ON ts.oid = c.reltablespace
LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
${descriptionJoin('pg_class', sql`c.oid`)}
WHERE c.relkind IN ('r', 'p')
  AND ${schemaFilter(ctx, sql`n`)}
  AND ${relationFilter(ctx, sql`c.oid`)}
  AND ${notExtensionMember(ctx, 'pg_class', sql`c.oid`)}`
}

const REPLICA_IDENTITY: Readonly<Record<string, ReplicaIdentity>> = {
  d: 'default',
  n: 'nothing',
  f: 'full',
  i: 'index',
}

const PERSISTENCE: Readonly<Record<string, Table['persistence']>> = {
  p: 'permanent',
  u: 'unlogged',
  t: 'temporary',
}

/**
 * @example mapTable(row, columnsByRelation.get(row.oid) ?? [])
 */
export function mapTable(row: TableRow, columns: readonly Column[] = []): Table {
  const parents = (row.parents ?? []).map(([oid, schema, name]) => ({ oid, schema, name }))
  const parent = row.relispartition ? parents[0] : undefined
  return {
    oid: row.oid,
    schema: row.nspname,
    name: row.relname,
    kind: row.relkind === 'p' ? 'partitionedTable' : 'table',
    owner: row.owner,
    persistence: PERSISTENCE[row.relpersistence] ?? 'permanent',
    rowSecurity: { enabled: row.relrowsecurity, forced: row.relforcerowsecurity },
    replicaIdentity: REPLICA_IDENTITY[row.relreplident] ?? 'default',
    replicaIdentityIndex: row.replident_index,
    partitionOf: parent ? { ...parent, bound: row.partition_bound ?? null } : null,
    partitionKey: row.partition_key ?? null,
    inherits: row.relispartition ? [] : parents,
    options: parseOptions(row.reloptions),
    estimatedRows: toNumber(row.reltuples) ?? -1,
    tablespace: row.tablespace,
    accessMethod: row.access_method,
    comment: row.description,
    columns,
  }
}

/** Tables without their columns (the snapshot attaches those); see `fetchColumns`. */
export async function fetchTables(ctx: QueryContext): Promise<Table[]> {
  return (await queryRows<TableRow>(ctx, tablesQuery(ctx))).map((row) => mapTable(row))
}

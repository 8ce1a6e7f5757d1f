/**
 * What the engine is measured against: the queries a console would write without it. They run
 * as the same connection's superuser (information_schema hides objects a role cannot use, so
 * as the metadata-only role they would return nothing).
 */
export interface Baseline {
  /** Which engine row it sits beside. */
  readonly entity: string
  readonly label: string
  readonly sql: string
  /** Run once instead of five times (the slow pattern the engine avoids). */
  readonly once?: boolean
}

const USER_SCHEMAS = `NOT IN ('pg_catalog', 'information_schema', 'pg_toast')`

export const BASELINES: readonly Baseline[] = [
  {
    entity: 'columns',
    label: 'information_schema.columns',
    sql: `SELECT table_schema, table_name, column_name, ordinal_position, data_type, is_nullable,
  column_default, is_identity, is_generated, collation_name
FROM information_schema.columns WHERE table_schema ${USER_SCHEMAS}`,
  },
  {
    entity: 'tables',
    label: 'information_schema.tables',
    sql: `SELECT * FROM information_schema.tables WHERE table_schema ${USER_SCHEMAS}`,
  },
  {
    entity: 'tables + columns',
    label: 'correlated subquery per table',
    sql: `SELECT c.oid, c.relname,
  (SELECT json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod),
     'notnull', a.attnotnull, 'default', pg_get_expr(d.adbin, d.adrelid)) ORDER BY a.attnum)
   FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname ${USER_SCHEMAS} AND n.nspname NOT LIKE 'pg_%'`,
  },
  {
    entity: 'views',
    label: 'information_schema.views',
    sql: `SELECT * FROM information_schema.views WHERE table_schema ${USER_SCHEMAS}`,
  },
  {
    entity: 'constraints',
    label: 'information_schema constraints + key columns',
    sql: `SELECT tc.constraint_schema, tc.constraint_name, tc.constraint_type, tc.table_name,
  kcu.column_name, kcu.ordinal_position, rc.update_rule, rc.delete_rule, cc.check_clause
FROM information_schema.table_constraints tc
LEFT JOIN information_schema.key_column_usage kcu
  ON kcu.constraint_schema = tc.constraint_schema AND kcu.constraint_name = tc.constraint_name
LEFT JOIN information_schema.referential_constraints rc
  ON rc.constraint_schema = tc.constraint_schema AND rc.constraint_name = tc.constraint_name
LEFT JOIN information_schema.check_constraints cc
  ON cc.constraint_schema = tc.constraint_schema AND cc.constraint_name = tc.constraint_name
WHERE tc.constraint_schema ${USER_SCHEMAS}`,
  },
  {
    entity: 'indexes',
    label: 'pg_indexes (pg_get_indexdef)',
    sql: `SELECT * FROM pg_indexes WHERE schemaname ${USER_SCHEMAS}`,
  },
  {
    entity: 'functions',
    label: 'information_schema.routines',
    sql: `SELECT * FROM information_schema.routines WHERE routine_schema ${USER_SCHEMAS}`,
  },
  {
    entity: 'triggers',
    label: 'information_schema.triggers',
    sql: `SELECT * FROM information_schema.triggers WHERE trigger_schema ${USER_SCHEMAS}`,
  },
  {
    entity: 'policies',
    label: 'pg_policies',
    sql: `SELECT * FROM pg_policies WHERE schemaname ${USER_SCHEMAS}`,
  },
  {
    entity: 'privileges',
    label: 'information_schema table + column privileges',
    sql: `SELECT grantor, grantee, table_schema, table_name, NULL AS column_name, privilege_type
FROM information_schema.table_privileges WHERE table_schema ${USER_SCHEMAS}
UNION ALL
SELECT grantor, grantee, table_schema, table_name, column_name, privilege_type
FROM information_schema.column_privileges WHERE table_schema ${USER_SCHEMAS}`,
  },
  {
    entity: 'sequences',
    label: 'pg_sequences',
    sql: `SELECT * FROM pg_sequences WHERE schemaname ${USER_SCHEMAS}`,
  },
  {
    entity: 'table health',
    label: 'pg_stat_user_tables + pg_total_relation_size',
    sql: `SELECT s.*, pg_total_relation_size(s.relid), pg_indexes_size(s.relid) FROM pg_stat_user_tables s`,
  },
]

/** The per-table pattern that took a popular peer ~29 minutes on this catalog (one schema here). */
export function correlatedCteBaseline(schema: string): Baseline {
  const literal = `'${schema.replaceAll("'", "''")}'`
  return {
    entity: 'tables + columns (1 schema)',
    label: 'correlated subquery over a CTE per table',
    once: true,
    sql: `WITH cols AS MATERIALIZED (
  SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnum
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
  WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
)
SELECT c.oid, c.relname,
  (SELECT json_agg(cols ORDER BY cols.attnum) FROM cols WHERE cols.attrelid = c.oid) AS columns
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname = ${literal}`,
  }
}

/** One table's detail the information_schema way: six queries. */
export function relationBaseline(schema: string, table: string): string[] {
  const s = `'${schema.replaceAll("'", "''")}'`
  const t = `'${table.replaceAll("'", "''")}'`
  return [
    `SELECT * FROM information_schema.columns WHERE table_schema = ${s} AND table_name = ${t}`,
    `SELECT * FROM information_schema.table_constraints WHERE table_schema = ${s} AND table_name = ${t}`,
    `SELECT * FROM information_schema.key_column_usage WHERE table_schema = ${s} AND table_name = ${t}`,
    `SELECT * FROM pg_indexes WHERE schemaname = ${s} AND tablename = ${t}`,
    `SELECT * FROM information_schema.triggers WHERE event_object_schema = ${s} AND event_object_table = ${t}`,
    `SELECT * FROM pg_policies WHERE schemaname = ${s} AND tablename = ${t}`,
  ]
}

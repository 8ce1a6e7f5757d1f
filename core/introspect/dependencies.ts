import { sql, type SqlFragment } from '../sql/sql.js'
import { completeRelationNames, nameKeys, type RelationNames } from './relation-names.js'
import { queryRows } from './catalog-session.js'
import type { QueryContext } from './context.js'
import { schemaFilter } from './filters.js'
import { relationKind, routineKind, type ObjectRef } from './kinds.js'

/** How the depending object uses the referenced one. */
export type DependencyVia = 'view' | 'function' | 'default' | 'trigger' | 'policy' | 'constraint'

/** One edge from pg_depend, its ends resolved to a relation or a function. */
export interface DependencyRow {
  via: DependencyVia
  from_oid: number
  /** relkind of a relation, or `proc:` + prokind for a function. */
  from_kind: string
  from_schema: string
  from_name: string
  to_oid: number
  to_kind: string
  to_schema: string
  to_name: string
  /** Referenced columns (attnums) of a relation; empty when the whole object is referenced. */
  to_columns: number[]
}

export interface Dependency {
  readonly via: DependencyVia
  readonly from: ObjectRef
  readonly to: ObjectRef
  /** Columns of `to` that are used, when it is a relation and columns are known. */
  readonly columns: readonly (string | null)[]
}

interface Branch {
  readonly via: DependencyVia
  readonly catalog: string
  /** Joins pg_depend `d` to the depending catalog row. */
  readonly join: SqlFragment
  /** The relation (or function) that owns the depending row. */
  readonly from: SqlFragment
  readonly fromCatalog: 'pg_class' | 'pg_proc'
  readonly extra: SqlFragment
}

// Each catalog that records "uses" edges, and the object the edge belongs to. Self-references
// (a view's rule on its own columns, a trigger on its own table) are not dependencies.
const BRANCHES: readonly Branch[] = [
  {
    via: 'view',
    catalog: 'pg_rewrite',
    join: sql`JOIN pg_catalog.pg_rewrite r ON r.oid = d.objid`,
    from: sql`r.ev_class`,
    fromCatalog: 'pg_class',
    extra: sql`true`,
  },
  {
    via: 'function',
    catalog: 'pg_proc',
    join: sql``,
    from: sql`d.objid`,
    fromCatalog: 'pg_proc',
    extra: sql`true`,
  },
  {
    via: 'default',
    catalog: 'pg_attrdef',
    join: sql`JOIN pg_catalog.pg_attrdef ad ON ad.oid = d.objid`,
    from: sql`ad.adrelid`,
    fromCatalog: 'pg_class',
    extra: sql`true`,
  },
  {
    via: 'trigger',
    catalog: 'pg_trigger',
    join: sql`JOIN pg_catalog.pg_trigger t ON t.oid = d.objid`,
    from: sql`t.tgrelid`,
    fromCatalog: 'pg_class',
    extra: sql`NOT t.tgisinternal`,
  },
  {
    via: 'policy',
    catalog: 'pg_policy',
    join: sql`JOIN pg_catalog.pg_policy p ON p.oid = d.objid`,
    from: sql`p.polrelid`,
    fromCatalog: 'pg_class',
    extra: sql`true`,
  },
  {
    via: 'constraint',
    catalog: 'pg_constraint',
    join: sql`JOIN pg_catalog.pg_constraint co ON co.oid = d.objid`,
    from: sql`co.conrelid`,
    fromCatalog: 'pg_class',
    // Keys and foreign keys are in the constraints list; here only CHECKs calling functions.
    extra: sql`co.conrelid <> 0 AND d.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass`,
  },
]

// Objects initdb created (pg_catalog, information_schema) have OIDs below FirstNormalObjectId.
const FIRST_NORMAL_OBJECT_ID = 16384

function branchSql(b: Branch, direction: SqlFragment, userTargets: boolean): SqlFragment {
  return sql`SELECT ${sql.lit(b.via)}::text AS via, ${sql.lit(b.fromCatalog)}::text AS from_catalog,
    ${b.from} AS from_oid, d.refclassid, d.refobjid, d.refobjsubid
  FROM pg_catalog.pg_depend d ${b.join}
  WHERE d.classid = ${sql.lit(`pg_catalog.${b.catalog}`)}::pg_catalog.regclass AND d.deptype = 'n'
    AND d.refclassid IN ('pg_catalog.pg_class'::pg_catalog.regclass, 'pg_catalog.pg_proc'::pg_catalog.regclass)
    AND d.refobjid <> ${b.from} AND ${b.extra} AND ${direction}
    AND ${userTargets ? sql`d.refobjid >= ${sql.lit(FIRST_NORMAL_OBJECT_ID)}` : sql`true`}`
}

function edgeSql(ctx: QueryContext): SqlFragment {
  const oid = ctx.scope.relationOid
  // Dropping references to built-ins here (now(), current_setting()) keeps them out of the
  // grouping below: on a catalog with 15k column defaults they were most of the edges.
  const user = !ctx.scope.includeSystemSchemas
  if (oid === undefined) {
    return sql.join(
      BRANCHES.map((b) => branchSql(b, sql`true`, user)),
      sql`\nUNION ALL\n`,
    )
  }
  // One relation: edges out of it (probing each catalog by owner) and edges into it (probing
  // pg_depend's referenced-object index), so the detail view never walks the whole catalog.
  const target = sql.val(oid)
  const outgoing = BRANCHES.filter((b) => b.fromCatalog === 'pg_class').map((b) =>
    branchSql(b, sql`${b.from} = ${target}::oid`, user),
  )
  const incoming = BRANCHES.map((b) =>
    branchSql(
      b,
      sql`d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjid = ${target}::oid`,
      user,
    ),
  )
  return sql.join([...outgoing, ...incoming], sql`\nUNION ALL\n`)
}

/**
 * "What uses what" among relations and functions, from pg_depend: views (through their
 * pg_rewrite rule), SQL-standard function bodies, column defaults, triggers, policies and
 * CHECK constraints. An edge is kept when either end is in scope, so a table shows the views
 * of other schemas that use it. References into system schemas (now(), current_setting) are
 * dropped unless system schemas are in scope.
 */
export function dependenciesQuery(ctx: QueryContext): SqlFragment {
  const targetFilter = ctx.scope.includeSystemSchemas
    ? sql`true`
    : sql`tn.nspname !~ '^pg_' AND tn.nspname <> 'information_schema'`
  return sql`WITH edge AS (
${edgeSql(ctx)}
), grouped AS (
  SELECT e.via, e.from_catalog, e.from_oid, e.refclassid, e.refobjid,
    pg_catalog.array_agg(e.refobjsubid) FILTER (WHERE e.refobjsubid > 0) AS to_columns
  FROM edge e
  GROUP BY e.via, e.from_catalog, e.from_oid, e.refclassid, e.refobjid
)
SELECT g.via, g.from_oid,
  coalesce(fc.relkind::text, 'proc:' || fp.prokind::text) AS from_kind,
  fn.nspname AS from_schema, coalesce(fc.relname, fp.proname) AS from_name,
  g.refobjid AS to_oid,
  coalesce(tc.relkind::text, 'proc:' || tp.prokind::text) AS to_kind,
  tn.nspname AS to_schema, coalesce(tc.relname, tp.proname) AS to_name,
  coalesce(g.to_columns, '{}') AS to_columns
FROM grouped g
LEFT JOIN pg_catalog.pg_class fc ON g.from_catalog = 'pg_class' AND fc.oid = g.from_oid
LEFT JOIN pg_catalog.pg_proc fp ON g.from_catalog = 'pg_proc' AND fp.oid = g.from_oid
JOIN pg_catalog.pg_namespace fn ON fn.oid = coalesce(fc.relnamespace, fp.pronamespace)
LEFT JOIN pg_catalog.pg_class tc
  ON g.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND tc.oid = g.refobjid
LEFT JOIN pg_catalog.pg_proc tp
  ON g.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND tp.oid = g.refobjid
JOIN pg_catalog.pg_namespace tn ON tn.oid = coalesce(tc.relnamespace, tp.pronamespace)
WHERE (${schemaFilter(ctx, sql`fn`)} OR ${schemaFilter(ctx, sql`tn`)}) AND ${targetFilter}`
}

function refKind(kind: string): ObjectRef['kind'] {
  return kind.startsWith('proc:') ? routineKind(kind.slice(5)) : relationKind(kind)
}

/** @example mapDependency(row, names) */
export function mapDependency(row: DependencyRow, names: RelationNames): Dependency {
  return {
    via: row.via,
    from: {
      kind: refKind(row.from_kind),
      oid: row.from_oid,
      schema: row.from_schema,
      name: row.from_name,
    },
    to: { kind: refKind(row.to_kind), oid: row.to_oid, schema: row.to_schema, name: row.to_name },
    // A rule can reference a column twice; attnum order reads like the table.
    columns: nameKeys(
      names,
      row.to_oid,
      [...new Set(row.to_columns)].sort((a, b) => a - b),
    ),
  }
}

/**
 * Dependency edges in scope; pass the snapshot's names to skip the column-name lookup.
 *
 * @example const edges = await withCatalog(pool, {}, (ctx) => fetchDependencies(ctx))
 */
export async function fetchDependencies(
  ctx: QueryContext,
  known?: RelationNames,
): Promise<Dependency[]> {
  const rows = await queryRows<DependencyRow>(ctx, dependenciesQuery(ctx))
  const names = await completeRelationNames(
    ctx,
    rows.filter((r) => r.to_columns.length > 0).map((r) => r.to_oid),
    known,
    rows.flatMap((r) => r.to_columns),
  )
  return rows.map((row) => mapDependency(row, names))
}

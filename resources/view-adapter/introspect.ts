import type { ResourceOptions } from '../../core/config/schema.js'
import type { Pool } from '../../core/db/pool.js'
import { InvalidInputError } from '../../core/errors.js'
import { compile, sql, type SqlFragment } from '../../core/sql/sql.js'
import { classifyScalar } from './field-types.js'
import type { ColumnOrigin, PrivilegeSet, ViewColumn, ViewModel } from './model.js'
import { parseViewQuery, type ViewQueryShape } from './node-tree.js'
import {
  columnWriteNotes,
  rowCalleesQuery,
  rowCalls,
  writePaths,
  writeTriggersQuery,
  type CalleeRow,
  type TriggerRow,
  type ViewWritePath,
} from './write-path.js'

/*
 * Catalog queries for the view adapter. One query per entity (views, their columns, the base
 * columns they come from), filtered by bind parameters in the innermost WHERE, joined on OIDs.
 * Metadata only: no row of user data is read here.
 */

// ---- raw rows: catalog names --------------------------------------------------------------

export interface ViewRow {
  oid: string
  nspname: string
  relname: string
  relkind: string
  updatable: number
  ev_action: string | null
  comment: string | null
  /** A table the view reads (through other views too) has row-level security, or a view on
   * the way is a security barrier. Absent in rows from before this was read: false. */
  row_security?: boolean
  /** Per served role: [role, SELECT, INSERT, UPDATE, DELETE]. */
  privileges: [string, boolean, boolean, boolean, boolean][]
}

export interface ColumnRow {
  relid: string
  attnum: number
  attname: string
  atthasdef: boolean
  updatable: boolean
  type_display: string
  cast_schema: string
  cast_type: string
  is_array: boolean
  s_typname: string
  s_typschema: string
  s_typtype: string
  s_typcategory: string
  labels: string[] | null
  /** Every comparison of the type's default btree operator class is LEAKPROOF (null: none). */
  s_leakproof_order?: boolean | null
}

export interface RelationRow {
  oid: string
  nspname: string
  relname: string
  relkind: string
  ev_action: string | null
}

export interface AttributeRow {
  relid: string
  attnum: number
  attname: string
  attnotnull: boolean
  atthasdef: boolean
  attidentity: string
  attgenerated: string
  pk: number[] | null
}

// ---- queries ------------------------------------------------------------------------------

const PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const

/** Privilege checks as one role (`role` given) or as current_user (role omitted). */
function privilegeExprs(role: SqlFragment | null): SqlFragment[] {
  const as = role ? sql`${role}, ` : sql``
  return PRIVILEGES.map(
    (p) =>
      sql`(pg_catalog.has_schema_privilege(${as}c.relnamespace, 'USAGE') AND pg_catalog.has_table_privilege(${as}c.oid, ${sql.lit(p)}))`,
  )
}

export function viewsQuery(servedRoles: readonly string[], excludeSchemas: readonly string[]) {
  return sql`
    SELECT c.oid::int8::text AS oid, n.nspname, c.relname, c.relkind::text AS relkind,
      pg_catalog.pg_relation_is_updatable(c.oid, true) AS updatable,
      r.ev_action::text AS ev_action,
      pg_catalog.obj_description(c.oid, 'pg_class') AS comment,
      c.relkind = 'v' AND ${rowSecurityExpr(sql`c`, sql`r`)} AS row_security,
      p.privileges
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_catalog.pg_rewrite r ON r.ev_class = c.oid AND r.rulename = '_RETURN'
    CROSS JOIN LATERAL (
      SELECT pg_catalog.json_agg(pg_catalog.json_build_array(ro.rolname, ${sql.join(privilegeExprs(sql`ro.oid`))})) AS privileges,
        pg_catalog.bool_or(${anyPrivilege(sql`ro.oid`)}) AS usable
      FROM pg_catalog.pg_roles ro
      WHERE ro.rolname = ANY(${sql.val(servedRoles)}::text[])
    ) p
    WHERE c.relkind IN ('v', 'm')
      AND n.nspname <> ALL(${sql.val(excludeSchemas)}::text[])
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
      AND p.usable
    ORDER BY n.nspname, c.relname`
}

const BARRIER = sql`COALESCE(t.reloptions @> ARRAY['security_barrier=true'], false)`

/**
 * Whether the view `c` (rule `r`) reads a table with row-level security, through other views
 * too (not through a materialized view, whose rows are stored), or a security barrier view is on
 * the way. Then PostgreSQL applies a filter whose functions are not LEAKPROOF only after the
 * policy, so no index serves it (paging.ts).
 */
function rowSecurityExpr(c: SqlFragment, r: SqlFragment): SqlFragment {
  return sql`(COALESCE(${c}.reloptions @> ARRAY['security_barrier=true'], false) OR EXISTS (
      WITH RECURSIVE used(oid) AS (
        SELECT d.refobjid FROM pg_catalog.pg_depend d
        WHERE d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND d.objid = ${r}.oid
          AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjid <> ${c}.oid
        UNION
        SELECT d.refobjid FROM used u
        JOIN pg_catalog.pg_class t ON t.oid = u.oid AND t.relkind = 'v'
        JOIN pg_catalog.pg_rewrite r2 ON r2.ev_class = u.oid AND r2.rulename = '_RETURN'
        JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
          AND d.objid = r2.oid AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
          AND d.refobjid <> u.oid
      )
      SELECT 1 FROM used u JOIN pg_catalog.pg_class t ON t.oid = u.oid
      WHERE t.relrowsecurity OR (t.relkind = 'v' AND ${BARRIER})))`
}

function anyPrivilege(role: SqlFragment): SqlFragment {
  return sql`(pg_catalog.has_schema_privilege(${role}, c.relnamespace, 'USAGE') AND pg_catalog.has_table_privilege(${role}, c.oid, 'SELECT, INSERT, UPDATE, DELETE'))`
}

export function columnsQuery(viewOids: readonly string[]) {
  return sql`
    SELECT a.attrelid::int8::text AS relid, a.attnum, a.attname, a.atthasdef,
      pg_catalog.pg_column_is_updatable(a.attrelid, a.attnum, true) AS updatable,
      pg_catalog.format_type(a.atttypid, a.atttypmod) AS type_display,
      tn.nspname AS cast_schema, t.typname AS cast_type,
      (b.typcategory = 'A' AND b.typelem <> 0) AS is_array,
      s.typname AS s_typname, sn.nspname AS s_typschema, s.typtype::text AS s_typtype,
      s.typcategory::text AS s_typcategory, en.labels,
      lp.ok AS s_leakproof_order
    FROM pg_catalog.pg_attribute a
    JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
    JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace
    JOIN pg_catalog.pg_type b ON b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
    LEFT JOIN pg_catalog.pg_type e ON e.oid = b.typelem AND b.typcategory = 'A'
    JOIN pg_catalog.pg_type s ON s.oid = CASE
      WHEN e.oid IS NULL THEN b.oid WHEN e.typtype = 'd' THEN e.typbasetype ELSE e.oid END
    JOIN pg_catalog.pg_namespace sn ON sn.oid = s.typnamespace
    LEFT JOIN (
      SELECT enumtypid, pg_catalog.array_agg(enumlabel::text ORDER BY enumsortorder) AS labels
      FROM pg_catalog.pg_enum GROUP BY enumtypid
    ) en ON en.enumtypid = s.oid
    -- per type, once: are all comparisons of its default btree operator class LEAKPROOF?
    LEFT JOIN (
      SELECT oc.opcintype, pg_catalog.bool_and(p.proleakproof) AS ok
      FROM pg_catalog.pg_opclass oc
      JOIN pg_catalog.pg_am am ON am.oid = oc.opcmethod AND am.amname = 'btree'
      JOIN pg_catalog.pg_amop ao ON ao.amopfamily = oc.opcfamily
        AND ao.amoplefttype = oc.opcintype AND ao.amoprighttype = oc.opcintype
      JOIN pg_catalog.pg_operator o ON o.oid = ao.amopopr
      JOIN pg_catalog.pg_proc p ON p.oid = o.oprcode
      WHERE oc.opcdefault
      GROUP BY oc.opcintype
    ) lp ON lp.opcintype = CASE
      WHEN s.typtype = 'e' THEN 'pg_catalog.anyenum'::pg_catalog.regtype
      WHEN s.oid = 'pg_catalog.varchar'::pg_catalog.regtype THEN 'pg_catalog.text'::pg_catalog.regtype
      ELSE s.oid END
    WHERE a.attrelid = ANY(${sql.val(viewOids)}::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY a.attrelid, a.attnum`
}

export function relationsQuery(oids: readonly string[]) {
  return sql`
    SELECT c.oid::int8::text AS oid, n.nspname, c.relname, c.relkind::text AS relkind,
      r.ev_action::text AS ev_action
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_catalog.pg_rewrite r ON r.ev_class = c.oid AND r.rulename = '_RETURN'
      AND c.relkind IN ('v', 'm')
    WHERE c.oid = ANY(${sql.val(oids)}::oid[])`
}

export function attributesQuery(tableOids: readonly string[]) {
  return sql`
    SELECT a.attrelid::int8::text AS relid, a.attnum, a.attname, a.attnotnull, a.atthasdef,
      a.attidentity::text AS attidentity, a.attgenerated::text AS attgenerated,
      pk.conkey::int2[] AS pk
    FROM pg_catalog.pg_attribute a
    LEFT JOIN pg_catalog.pg_constraint pk ON pk.conrelid = a.attrelid AND pk.contype = 'p'
    WHERE a.attrelid = ANY(${sql.val(tableOids)}::oid[]) AND a.attnum > 0 AND NOT a.attisdropped`
}

/** What the current user (the session's role) may do on each view: for the privilege cache. */
export function currentPrivilegesQuery(viewOids: readonly number[]) {
  return sql`
    SELECT c.oid::int8::text AS oid, ${sql.join(privilegeExprs(null).map((e, i) => sql`${e} AS ${sql.id(PRIVILEGES[i] as string)}`))}
    FROM pg_catalog.pg_class c
    WHERE c.oid = ANY(${sql.val(viewOids.map(String))}::oid[])`
}

/** The columns of a constraint, by name, on any of the given tables. */
export function constraintColumnsQuery(name: string, tableOids: readonly number[]) {
  return sql`
    SELECT con.conrelid::int8::text AS relid, con.conkey::int2[] AS conkey
    FROM pg_catalog.pg_constraint con
    WHERE con.conname = ${sql.val(name)}
      AND con.conrelid = ANY(${sql.val(tableOids.map(String))}::oid[])`
}

// ---- origins ------------------------------------------------------------------------------

/** A view column traced to the base column it is a plain reference to. */
export interface TracedOrigin {
  readonly tableOid: number
  readonly attnum: number
  /** The trail passed through a view that merges rows: fine for NOT NULL, useless as a key. */
  readonly merged: boolean
}

/**
 * Follows `:resorigtbl`/`:resorigcol` through views over views until a relation that is not a
 * view. `shapes` holds the parsed queries of the views met so far; `kinds` their relkinds.
 */
export function traceOrigin(
  start: { tableOid: number; attnum: number },
  shapes: ReadonlyMap<number, ViewQueryShape>,
  kinds: ReadonlyMap<number, string>,
): TracedOrigin | { readonly unresolved: number } | null {
  let { tableOid, attnum } = start
  let merged = false
  for (let depth = 0; depth < 32; depth++) {
    if (tableOid === 0 || attnum <= 0) return null
    const kind = kinds.get(tableOid)
    if (kind === undefined) return { unresolved: tableOid }
    if (kind !== 'v') return { tableOid, attnum, merged }
    const shape = shapes.get(tableOid)
    if (!shape) return { unresolved: tableOid }
    if (shape.rowMerging.length > 0) merged = true
    const target = shape.targets.find((t) => t.resno === attnum)
    if (!target) return null
    tableOid = target.origTable
    attnum = target.origColumn
  }
  return null
}

// ---- mapper -------------------------------------------------------------------------------

export interface BaseAttribute {
  readonly schema: string
  readonly table: string
  readonly name: string
  readonly notNull: boolean
  readonly hasDefault: boolean
  readonly identity: string
  readonly generated: string
  /** The table's primary key attnums in key order; empty when it has none. */
  readonly pk: readonly number[]
}

export interface ModelInput {
  readonly view: ViewRow
  readonly columns: readonly ColumnRow[]
  readonly shape: ViewQueryShape | null
  /** Traced origin per attnum of this view. */
  readonly origins: ReadonlyMap<number, TracedOrigin | null>
  /** Base attributes by `${tableOid}:${attnum}`. */
  readonly attributes: ReadonlyMap<string, BaseAttribute>
  readonly options?: ResourceOptions | undefined
  /** What the view's INSTEAD OF triggers take from a form (write-path.ts). */
  readonly writePath?: ViewWritePath | undefined
}

function configError(id: string, option: string, message: string): InvalidInputError {
  return InvalidInputError.field(`resources.${id}.${option}`, message)
}

/** Refuses resource options that name columns the view does not have (Django's admin checks). */
function checkOptionColumns(id: string, names: ReadonlySet<string>, o: ResourceOptions): void {
  const lists: [string, readonly string[] | undefined][] = [
    ['key', o.key],
    ['list_display', o.list_display],
    ['list_filter', o.list_filter],
    ['search_fields', o.search_fields],
    ['readonly_fields', o.readonly_fields],
    ['exclude', o.exclude],
    ['ordering', o.ordering?.map((f) => f.replace(/^-/, ''))],
    ['fieldsets', o.fieldsets?.flatMap((f) => f.fields)],
  ]
  for (const [option, list] of lists) {
    for (const name of list ?? []) {
      if (!names.has(name)) {
        throw configError(id, option, `${JSON.stringify(name)} is not a column of ${id}`)
      }
    }
  }
}

/**
 * Turns the catalog rows of one view into its model: columns with types and origins, the key
 * traced to a base table's primary key (or from config), editability and why not.
 */
export function buildViewModel(input: ModelInput): ViewModel {
  const { view, options } = input
  const id = `${view.nspname}.${view.relname}`
  const materialized = view.relkind === 'm'
  const names = new Set(input.columns.map((c) => c.attname))
  if (options) checkOptionColumns(id, names, options)
  const readonlyFields = new Set(options?.readonly_fields ?? [])
  const excluded = new Set(options?.exclude ?? [])

  const originOf = (attnum: number): (ColumnOrigin & { merged: boolean }) | null => {
    const traced = input.origins.get(attnum)
    if (!traced) return null
    const attr = input.attributes.get(`${traced.tableOid}:${traced.attnum}`)
    if (!attr) return null
    return {
      tableOid: traced.tableOid,
      schema: attr.schema,
      table: attr.table,
      column: attr.name,
      attnum: traced.attnum,
      notNull: attr.notNull,
      hasDefault: attr.hasDefault,
      identity: attr.identity,
      generated: attr.generated,
      merged: traced.merged,
    }
  }

  // ---- key
  const rowMerging = input.shape?.rowMerging ?? []
  let key: string[] = []
  let keySource: ViewModel['keySource'] = 'none'
  let noKeyReason: string | null = null
  if (options?.key) {
    key = [...options.key]
    keySource = 'config'
  } else if (rowMerging.length > 0) {
    noKeyReason = `the view ${rowMerging.join(', ')}, so its rows have no key`
  } else {
    // base table → (attnum → first view column that is a plain reference to it)
    const byTable = new Map<number, Map<number, string>>()
    const order: number[] = []
    for (const c of input.columns) {
      const o = originOf(c.attnum)
      if (!o || o.merged) continue
      let m = byTable.get(o.tableOid)
      if (!m) {
        m = new Map()
        byTable.set(o.tableOid, m)
        order.push(o.tableOid)
      }
      if (!m.has(o.attnum)) m.set(o.attnum, c.attname)
    }
    const candidates: string[][] = []
    for (const table of order) {
      const mapped = byTable.get(table) as Map<number, string>
      const any = input.attributes.get(`${table}:${[...mapped.keys()][0]}`)
      const pk = any?.pk ?? []
      if (pk.length > 0 && pk.every((n) => mapped.has(n))) {
        candidates.push(pk.map((n) => mapped.get(n) as string))
      }
    }
    if (candidates.length > 0) {
      // Several base tables with their whole primary key in the view (a join): together they
      // identify a row.
      key = [...new Set(candidates.flat())]
      keySource = 'primary-key'
    } else {
      noKeyReason = 'no set of its columns maps onto the primary key of one base table'
    }
  }
  const keySet = new Set(key)

  const supports = {
    insert: !materialized && (view.updatable & 8) === 8,
    update: !materialized && (view.updatable & 4) === 4,
    delete: !materialized && (view.updatable & 16) === 16,
  }

  const columns: ViewColumn[] = input.columns.map((row) => {
    const origin = originOf(row.attnum)
    const scalar = classifyScalar({
      typname: row.s_typname,
      typschema: row.s_typschema,
      typtype: row.s_typtype,
      typcategory: row.s_typcategory,
      labels: row.labels,
    })
    let readOnlyReason: string | undefined
    if (materialized) readOnlyReason = 'materialized views are read-only'
    else if (!row.updatable) readOnlyReason = 'not updatable through the view'
    else if (scalar.kind === 'bytea') readOnlyReason = 'binary data is shown, not edited'
    else if (origin?.generated) readOnlyReason = 'generated by the database'
    else if (origin?.identity === 'a') readOnlyReason = 'identity column (GENERATED ALWAYS)'
    else if (keySet.has(row.attname) && (origin?.hasDefault || origin?.identity)) {
      readOnlyReason = 'key assigned by the database'
    } else if (readonlyFields.has(row.attname)) readOnlyReason = 'read-only (readonly_fields)'
    else if (excluded.has(row.attname)) readOnlyReason = 'left out of the forms (exclude)'
    const notes = columnWriteNotes(input.writePath, row.attname)
    const noInsert = notes.insert ?? (supports.insert ? undefined : '')
    const noUpdate = notes.update ?? (supports.update ? undefined : '')
    if (readOnlyReason === undefined && noInsert !== undefined && noUpdate !== undefined) {
      readOnlyReason = [notes.insert, notes.update].filter(Boolean).join('; ') || undefined
    }
    const editable = readOnlyReason === undefined
    const base: ViewColumn = {
      name: row.attname,
      attnum: row.attnum,
      castSchema: row.cast_schema,
      castType: row.cast_type,
      typeDisplay: row.type_display,
      isArray: row.is_array,
      scalar,
      origin: origin ? withoutMerged(origin) : null,
      viewDefault: row.atthasdef,
      updatable: row.updatable,
      editable,
      required:
        editable &&
        !!origin?.notNull &&
        !origin.hasDefault &&
        !origin.identity &&
        !origin.generated &&
        !row.atthasdef &&
        !notes.optional,
      notNull: keySet.has(row.attname) || !!origin?.notNull,
      sortable: scalar.sortable,
      filterable: scalar.kind !== 'bytea',
    }
    const write = {
      ...(editable && notes.insert ? { insertReadOnly: notes.insert } : {}),
      ...(editable && notes.update ? { updateReadOnly: notes.update } : {}),
      ...(excluded.has(row.attname) ? { excluded: true } : {}),
    }
    return readOnlyReason === undefined
      ? { ...base, ...write }
      : { ...base, ...write, readOnlyReason }
  })

  let readOnlyReason: string | null = null
  if (materialized) readOnlyReason = 'Materialized view: read-only.'
  else if (key.length === 0) readOnlyReason = `Read-only: ${noKeyReason ?? 'no key'}.`
  else if (!supports.insert && !supports.update && !supports.delete) {
    readOnlyReason =
      'Read-only: the view is neither automatically updatable nor has INSTEAD OF triggers.'
  }

  return Object.freeze({
    oid: Number(view.oid),
    schema: view.nspname,
    name: view.relname,
    id,
    materialized,
    comment: view.comment,
    columns: Object.freeze(columns.map((c) => Object.freeze(c))),
    key: Object.freeze(key),
    keySource,
    readOnlyReason,
    supports,
    heldBack: Object.freeze(
      view.row_security === true
        ? input.columns.filter((c) => c.s_leakproof_order !== true).map((c) => c.attname)
        : [],
    ),
  })
}

function withoutMerged(o: ColumnOrigin & { merged: boolean }): ColumnOrigin {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { merged, ...rest } = o
  return rest
}

// ---- running it ---------------------------------------------------------------------------

/** The write paths of the views with INSTEAD OF triggers: two queries whatever their number. */
async function viewWritePaths(
  pool: Pool,
  views: readonly ViewRow[],
  columnsByView: ReadonlyMap<string, readonly ColumnRow[]>,
): Promise<Map<string, ViewWritePath>> {
  const writable = views.filter((v) => v.relkind === 'v').map((v) => v.oid)
  if (writable.length === 0) return new Map()
  const triggers = await rows<TriggerRow>(pool, writeTriggersQuery(writable))
  const calls = triggers.flatMap((t) => rowCalls(t).map((call) => ({ relid: t.relid, call })))
  const callees = calls.length > 0 ? await rows<CalleeRow>(pool, rowCalleesQuery(calls)) : []
  return writePaths(triggers, callees, (relid) =>
    (columnsByView.get(relid) ?? []).map((c) => c.attname),
  )
}

async function rows<R>(pool: Pool, q: SqlFragment): Promise<R[]> {
  const { text, values } = compile(q)
  const res = await pool.query({ text, values: values as unknown[] })
  return res.rows as R[]
}

export interface Introspection {
  readonly views: readonly ViewModel[]
  /** role → view oid → privileges, for the served roles, as of loading. */
  readonly privileges: ReadonlyMap<string, ReadonlyMap<number, PrivilegeSet>>
}

/**
 * Reads every view any served role may use, in a fixed number of queries whatever the number of
 * views: views, their columns, then the relations their columns come from (one more query per
 * level of views over views) and those relations' attributes.
 */
export async function introspectViews(
  pool: Pool,
  o: {
    servedRoles: readonly string[]
    excludeSchemas?: readonly string[] | undefined
    resourceOptions?: Readonly<Record<string, ResourceOptions>> | undefined
  },
): Promise<Introspection> {
  const views = await rows<ViewRow>(pool, viewsQuery(o.servedRoles, o.excludeSchemas ?? []))
  if (views.length === 0) return { views: [], privileges: new Map() }
  const columns = await rows<ColumnRow>(pool, columnsQuery(views.map((v) => v.oid)))

  const shapes = new Map<number, ViewQueryShape>()
  const kinds = new Map<number, string>()
  const names = new Map<number, { schema: string; table: string }>()
  for (const v of views) {
    kinds.set(Number(v.oid), v.relkind)
    if (v.ev_action) shapes.set(Number(v.oid), parseViewQuery(v.ev_action))
  }

  // Resolve relations met along the origin trails, level by level.
  const starts: { view: number; attnum: number; tableOid: number; col: number }[] = []
  for (const [oid, shape] of shapes) {
    for (const t of shape.targets) {
      if (t.origTable !== 0)
        starts.push({ view: oid, attnum: t.resno, tableOid: t.origTable, col: t.origColumn })
    }
  }
  for (let level = 0; level < 32; level++) {
    const missing = new Set<number>()
    for (const s of starts) {
      const t = traceOrigin({ tableOid: s.tableOid, attnum: s.col }, shapes, kinds)
      if (t && 'unresolved' in t) missing.add(t.unresolved)
    }
    if (missing.size === 0) break
    const found = await rows<RelationRow>(pool, relationsQuery([...missing].map(String)))
    for (const r of found) {
      kinds.set(Number(r.oid), r.relkind)
      names.set(Number(r.oid), { schema: r.nspname, table: r.relname })
      if (r.relkind === 'v' && r.ev_action) shapes.set(Number(r.oid), parseViewQuery(r.ev_action))
    }
    // a relation that vanished meanwhile, or a view we cannot read: a dead end, not a loop
    for (const m of missing)
      if (!kinds.has(m) || (kinds.get(m) === 'v' && !shapes.has(m))) kinds.set(m, '?')
  }

  const traced = new Map<number, Map<number, TracedOrigin | null>>()
  const tables = new Set<number>()
  for (const s of starts) {
    const t = traceOrigin({ tableOid: s.tableOid, attnum: s.col }, shapes, kinds)
    const found = t && 'unresolved' in t ? null : t
    // A view that itself merges rows makes every trail through it useless as a key.
    const origin =
      found && shapes.get(s.view)?.rowMerging.length ? { ...found, merged: true } : found
    const m = traced.get(s.view) ?? new Map<number, TracedOrigin | null>()
    m.set(s.attnum, origin)
    traced.set(s.view, m)
    if (origin) tables.add(origin.tableOid)
  }

  const attributes = new Map<string, BaseAttribute>()
  if (tables.size > 0) {
    const missingNames = [...tables].filter((t) => !names.has(t))
    if (missingNames.length > 0) {
      for (const r of await rows<RelationRow>(pool, relationsQuery(missingNames.map(String)))) {
        names.set(Number(r.oid), { schema: r.nspname, table: r.relname })
      }
    }
    const attrs = await rows<AttributeRow>(pool, attributesQuery([...tables].map(String)))
    for (const a of attrs) {
      const n = names.get(Number(a.relid))
      attributes.set(`${a.relid}:${a.attnum}`, {
        schema: n?.schema ?? '',
        table: n?.table ?? '',
        name: a.attname,
        notNull: a.attnotnull,
        hasDefault: a.atthasdef,
        identity: a.attidentity,
        generated: a.attgenerated,
        pk: a.pk ?? [],
      })
    }
  }

  const columnsByView = new Map<string, ColumnRow[]>()
  for (const c of columns) {
    const list = columnsByView.get(c.relid) ?? []
    list.push(c)
    columnsByView.set(c.relid, list)
  }

  const paths = await viewWritePaths(pool, views, columnsByView)

  const privileges = new Map<string, Map<number, PrivilegeSet>>()
  const models: ViewModel[] = []
  for (const v of views) {
    const oid = Number(v.oid)
    const id = `${v.nspname}.${v.relname}`
    models.push(
      buildViewModel({
        view: v,
        columns: columnsByView.get(v.oid) ?? [],
        shape: shapes.get(oid) ?? null,
        origins: traced.get(oid) ?? new Map(),
        attributes,
        options: o.resourceOptions?.[id],
        writePath: paths.get(v.oid),
      }),
    )
    for (const [role, s, i, u, d] of v.privileges ?? []) {
      const m = privileges.get(role) ?? new Map<number, PrivilegeSet>()
      m.set(oid, { SELECT: s, INSERT: i, UPDATE: u, DELETE: d })
      privileges.set(role, m)
    }
  }
  for (const id of Object.keys(o.resourceOptions ?? {})) {
    if (!models.some((m) => m.id === id)) {
      throw configError(id, 'resource', `${id} is not a view that a served role may use`)
    }
  }
  return { views: models, privileges }
}

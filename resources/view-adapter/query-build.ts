import { sql, type SqlFragment } from '../../core/sql/sql.js'
import { keyColumns, type ViewColumn, type ViewModel } from './model.js'
import type { FilterCondition, SortSpec } from './query-input.js'

/*
 * SQL for list, show and write queries. Identifiers come only from the model (sql.id), values
 * only as bind parameters cast to the column's catalog type (sql.val + sql.id of the type).
 */

export function relation(model: ViewModel): SqlFragment {
  return sql.id(model.schema, model.name)
}

export function ident(c: ViewColumn): SqlFragment {
  return sql.id(c.name)
}

/**
 * The alias lists give the view (`FROM "s"."v" AS "pv_row"`). ORDER BY and keyset predicates
 * name columns through it: a bare `ORDER BY "issued_on"` would pick the select list's display
 * text of that name (dates are read as ISO text) and sort text, where no index applies.
 */
export const ROW = 'pv_row'

/** The view under the list alias, for SELECTs. */
export function listFrom(model: ViewModel): SqlFragment {
  return sql`${relation(model)} AS ${sql.id(ROW)}`
}

/** The real column, qualified by the list alias: never a select-list alias of the same name. */
export function ref(c: ViewColumn): SqlFragment {
  return sql.id(ROW, c.name)
}

/** The column's declared type, schema-qualified and quoted: the only thing values are cast to. */
export function castOf(c: ViewColumn): SqlFragment {
  return sql.id(c.castSchema, c.castType)
}

/** A bound value cast to the column's type: `$n::"schema"."type"`. */
export function typedValue(c: ViewColumn, value: unknown): SqlFragment {
  return sql`${sql.val(value)}::${castOf(c)}`
}

const BYTEA_PREVIEW = 512

/** How many characters of a value a list shows; show and edit read the whole value. */
export const LIST_VALUE_CHARS = 300
/** How many items of an array a list shows. */
export const LIST_ARRAY_ITEMS = 20

/** `text` cut to LIST_VALUE_CHARS in SQL, saying how long it was: one huge value stays on the server. */
function cutText(text: SqlFragment): SqlFragment {
  const n = sql.lit(LIST_VALUE_CHARS)
  return sql`CASE WHEN pg_catalog.length(${text}) <= ${n} THEN ${text}
    ELSE pg_catalog.left(${text}, ${n}) || '… (' || pg_catalog.length(${text}) || ' characters)' END`
}

/**
 * How a column is read for a list: as `readExpr`, with long text, json and other values cut to
 * LIST_VALUE_CHARS characters and arrays to LIST_ARRAY_ITEMS items of that length, in SQL.
 */
export function listReadExpr(c: ViewColumn): SqlFragment {
  const col = ident(c)
  if (c.isArray) {
    if (c.scalar.kind === 'bytea') return readExpr(c)
    const items = sql.lit(LIST_ARRAY_ITEMS)
    const whole = sql`${col}::text`
    return sql`CASE WHEN pg_catalog.length(${whole}) <= ${sql.lit(LIST_VALUE_CHARS)} THEN ${col}::text[]
      ELSE ARRAY(SELECT ${cutText(sql`u.v`)} FROM pg_catalog.unnest(${col}::text[]) WITH ORDINALITY AS u(v, i)
        ORDER BY u.i LIMIT ${items})
        || CASE WHEN pg_catalog.cardinality(${col}) > ${items}
          THEN ARRAY['… (' || pg_catalog.cardinality(${col}) || ' items)'] ELSE '{}'::text[] END END`
  }
  const kind = c.scalar.kind
  return kind === 'text' || kind === 'json' || kind === 'other'
    ? cutText(sql`${col}::text`)
    : readExpr(c)
}

/**
 * How a column is read so the value survives JSON and forms unchanged: dates and timestamps as
 * ISO 8601 text (never a JS Date shifted by the server's time zone), json as its text, arrays as
 * text arrays, bytea as a bounded hex preview.
 */
export function readExpr(c: ViewColumn): SqlFragment {
  const col = ident(c)
  if (c.isArray) return c.scalar.kind === 'bytea' ? sql`${col}::text` : sql`${col}::text[]`
  switch (c.scalar.kind) {
    case 'json':
    case 'time':
    case 'other':
      return sql`${col}::text`
    case 'date':
    case 'datetime':
      return sql`pg_catalog.to_json(${col}) #>> '{}'`
    case 'bytea':
      return sql`CASE WHEN ${col} IS NULL THEN NULL
        WHEN pg_catalog.octet_length(${col}) <= ${sql.lit(BYTEA_PREVIEW)}
          THEN ${sql.lit('\\x')} || pg_catalog.encode(${col}, 'hex')
        ELSE ${sql.lit('\\x')} || pg_catalog.encode(pg_catalog.substr(${col}, 1, ${sql.lit(BYTEA_PREVIEW)}), 'hex')
          || '... (' || pg_catalog.octet_length(${col}) || ' bytes)' END`
    case 'text':
    case 'integer':
    case 'decimal':
    case 'float':
    case 'boolean':
    case 'uuid':
    case 'enum':
      return col
    default: {
      const never: never = c.scalar.kind
      throw new Error(`unhandled kind ${String(never)}`)
    }
  }
}

/**
 * A key or sort value as text that reads back as the same value whatever the session's
 * DateStyle: dates and timestamps in ISO 8601 (cursors travel through clients and back).
 */
export function cursorText(c: ViewColumn, expr: SqlFragment = ident(c)): SqlFragment {
  return !c.isArray && (c.scalar.kind === 'date' || c.scalar.kind === 'datetime')
    ? sql`pg_catalog.to_json(${expr}) #>> '{}'`
    : sql`${expr}::text`
}

/** Names of the hidden result columns carrying key and sort values; never a view column name. */
export interface HiddenAliases {
  readonly keys: readonly string[]
  readonly sort: string
}

export function hiddenAliases(model: ViewModel): HiddenAliases {
  let prefix = '__pv_'
  while (model.columns.some((c) => c.name.startsWith(prefix))) prefix += '_'
  return { keys: model.key.map((_, i) => `${prefix}k${i}`), sort: `${prefix}s` }
}

/**
 * Every column read for display, plus key values and (for lists) the sort value as text. With
 * `cut`, long values are cut in SQL (a list); without, every value is whole (show, edit).
 */
export function selectList(
  model: ViewModel,
  sort?: SortSpec,
  options: { cut?: boolean } = {},
): SqlFragment {
  const aliases = hiddenAliases(model)
  const read = options.cut ? listReadExpr : readExpr
  const items = model.columns.map((c) => sql`${read(c)} AS ${ident(c)}`)
  keyColumns(model).forEach((k, i) =>
    items.push(sql`${cursorText(k)} AS ${sql.id(aliases.keys[i] as string)}`),
  )
  if (sort) items.push(sql`${cursorText(sort.column)} AS ${sql.id(aliases.sort)}`)
  return sql.join(items)
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`
}

/** A text column is matched as is (a trigram index on it applies); others through their text. */
function asText(col: ViewColumn): SqlFragment {
  return !col.isArray && col.scalar.kind === 'text' ? ref(col) : sql`${ref(col)}::text`
}

/** One checked filter as a predicate on the real columns (list alias), values bound and cast. */
export function conditionSql(c: FilterCondition): SqlFragment {
  switch (c.kind) {
    case 'search':
      return sql`(${sql.join(
        c.columns.map((col) => sql`${asText(col)} ILIKE ${sql.val(likePattern(c.text))}`),
        sql` OR `,
      )})`
    case 'contains':
      return sql`${asText(c.column)} ILIKE ${sql.val(likePattern(c.text))}`
    case 'equals':
      return sql`${ref(c.column)} = ${typedValue(c.column, c.value)}`
    case 'range': {
      const parts: SqlFragment[] = []
      if (c.from !== undefined) parts.push(sql`${ref(c.column)} >= ${typedValue(c.column, c.from)}`)
      if (c.to !== undefined) parts.push(sql`${ref(c.column)} <= ${typedValue(c.column, c.to)}`)
      return sql.join(parts, sql` AND `)
    }
    default: {
      const never: never = c
      throw new Error(`unhandled condition ${JSON.stringify(never)}`)
    }
  }
}

/** `WHERE a AND b …`, or nothing. */
export function whereSql(parts: readonly SqlFragment[]): SqlFragment {
  return parts.length === 0 ? sql`` : sql` WHERE ${sql.join(parts, sql` AND `)}`
}

/** The sort column, then the key columns as tie-breakers: a total order when there is a key. */
export function orderingColumns(model: ViewModel, sort: SortSpec): ViewColumn[] {
  const cols = [sort.column]
  for (const k of keyColumns(model)) if (k.name !== sort.column.name) cols.push(k)
  return cols
}

function flip(d: 'asc' | 'desc'): 'asc' | 'desc' {
  return d === 'asc' ? 'desc' : 'asc'
}

/**
 * ORDER BY the sort column and the key, all in the sort direction. Reversed, every direction
 * flips, and PostgreSQL's defaults (ASC NULLS LAST, DESC NULLS FIRST) flip with it, so the
 * reversed order is exactly the forward order backwards.
 */
export function orderBySql(model: ViewModel, sort: SortSpec, reverse = false): SqlFragment {
  const d = reverse ? flip(sort.direction) : sort.direction
  const dir = d === 'asc' ? sql` ASC` : sql` DESC`
  return sql` ORDER BY ${sql.join(orderingColumns(model, sort).map((c) => sql`${ref(c)}${dir}`))}`
}

/**
 * Keyset condition: rows strictly after `cursor` (the text values of the ordering columns of a
 * row) in the forward order — or before it with `before`, or at it too with `inclusive`. A row
 * comparison when no value can be NULL (an index range); otherwise the expanded form that
 * places NULLs as ORDER BY does (ASC NULLS LAST, DESC NULLS FIRST).
 */
export function afterCursorSql(
  model: ViewModel,
  sort: SortSpec,
  cursor: readonly (string | null)[],
  options: { before?: boolean; inclusive?: boolean } = {},
): SqlFragment {
  const cols = orderingColumns(model, sort)
  if (cursor.length !== cols.length) throw new Error('cursor does not match the ordering')
  // Before the cursor in the forward order is after it in the reversed one.
  const asc = (sort.direction === 'asc') !== Boolean(options.before)
  const nullsLast = sort.direction === 'asc'
  if (cols.every((c, i) => c.notNull && cursor[i] !== null)) {
    const left = sql.join(cols.map(ref))
    const right = sql.join(cols.map((c, i) => typedValue(c, cursor[i])))
    if (options.inclusive) return asc ? sql`(${left}) >= (${right})` : sql`(${left}) <= (${right})`
    return asc ? sql`(${left}) > (${right})` : sql`(${left}) < (${right})`
  }
  const eq = (c: ViewColumn, v: string | null) =>
    v === null ? sql`${ref(c)} IS NULL` : sql`${ref(c)} = ${typedValue(c, v)}`
  // Values strictly after v on this column, in the direction read; null: none.
  const after = (c: ViewColumn, v: string | null): SqlFragment | null => {
    const nullsAfter = nullsLast !== Boolean(options.before) // NULLs follow every value as read
    if (v === null) return nullsAfter ? null : sql`${ref(c)} IS NOT NULL`
    const cmp = asc ? sql`${ref(c)} > ${typedValue(c, v)}` : sql`${ref(c)} < ${typedValue(c, v)}`
    return nullsAfter && !c.notNull ? sql`(${cmp} OR ${ref(c)} IS NULL)` : cmp
  }
  const branches: SqlFragment[] = []
  cols.forEach((c, i) => {
    const tail = after(c, cursor[i] ?? null)
    if (!tail) return
    const head = cols.slice(0, i).map((p, j) => eq(p, cursor[j] ?? null))
    branches.push(sql`(${sql.join([...head, tail], sql` AND `)})`)
  })
  if (options.inclusive) {
    branches.push(
      sql`(${sql.join(
        cols.map((c, i) => eq(c, cursor[i] ?? null)),
        sql` AND `,
      )})`,
    )
  }
  return branches.length === 0 ? sql`false` : sql`(${sql.join(branches, sql` OR `)})`
}

/** `k1 = $1::t1 AND k2 = $2::t2` for one decoded id. */
export function keyPredicateSql(model: ViewModel, values: readonly string[]): SqlFragment {
  const keys = keyColumns(model)
  return sql.join(
    keys.map((k, i) => sql`${ident(k)} = ${typedValue(k, values[i])}`),
    sql` AND `,
  )
}

/** `(k1, k2) IN ((…), (…))` for several decoded ids. */
export function keysInSql(model: ViewModel, ids: readonly (readonly string[])[]): SqlFragment {
  const keys = keyColumns(model)
  const tuples = ids.map(
    (values) => sql`(${sql.join(keys.map((k, i) => typedValue(k, values[i])))})`,
  )
  return sql`(${sql.join(keys.map(ident))}) IN (${sql.join(tuples)})`
}

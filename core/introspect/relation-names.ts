import { sql } from '../sql/sql.js'
import { queryRows } from './catalog-session.js'
import type { Column } from './columns.js'
import type { QueryContext } from './context.js'
import { relationKind, type RelationKind } from './kinds.js'

/** A relation's names: what child rows (constraints, indexes, triggers …) point at by OID. */
export interface RelationName {
  readonly schema: string
  readonly name: string
  readonly kind: RelationKind
  /** Column names indexed by attnum (sparse where columns were dropped). */
  readonly columns: readonly (string | undefined)[]
}

/**
 * Names by relation OID. Child queries return OIDs and attnum arrays (conkey, indkey, tgattr,
 * prattrs) and are named here: joining pg_class twice per child row and resolving key arrays
 * in SQL (a join on `attnum = ANY(conkey)` or a LATERAL per row) doubled their cost on a
 * 5k-table catalog, while the snapshot already holds every name.
 */
export type RelationNames = ReadonlyMap<number, RelationName>

/**
 * Builds the lookup from relations and columns the caller already has.
 *
 * @example relationNamesFrom([...tables, ...views], columns).get(oid)?.columns[1] // 'id'
 */
export function relationNamesFrom(
  relations: readonly {
    readonly oid: number
    readonly schema: string
    readonly name: string
    readonly kind: RelationKind
  }[],
  columns: readonly Column[],
): Map<number, RelationName> {
  // Arrays by attnum: 70k Map entries per snapshot cost more than the lookups they serve.
  const byRelation = new Map<number, string[]>()
  for (const column of columns) {
    let byNum = byRelation.get(column.relationOid)
    if (!byNum) byRelation.set(column.relationOid, (byNum = []))
    byNum[column.position] = column.name
  }
  return new Map(
    relations.map((r) => [
      r.oid,
      { schema: r.schema, name: r.name, kind: r.kind, columns: byRelation.get(r.oid) ?? [] },
    ]),
  )
}

/**
 * Names attnums of one relation; 0 (an index expression) and unknown numbers become null.
 *
 * @example nameKeys(names, tableOid, [1, 3]) // ['id', 'code']
 */
export function nameKeys(
  names: RelationNames,
  relationOid: number,
  attnums: readonly number[] | null,
): (string | null)[] {
  const columns = names.get(relationOid)?.columns
  return (attnums ?? []).map((n) => (n > 0 ? (columns?.[n] ?? null) : null))
}

/** A relation's name parts, or placeholders when it is unknown (dropped meanwhile). */
export function relationName(names: RelationNames, oid: number): RelationName {
  return names.get(oid) ?? { schema: '', name: String(oid), kind: 'other', columns: [] }
}

interface RelationRow {
  oid: number
  nspname: string
  relname: string
  relkind: string
}

interface AttributeRow {
  attrelid: number
  attnum: number
  attname: string
}

/**
 * Adds the relations `known` lacks (a standalone entity query, a foreign key's target in
 * another schema), by OID. Only the attnums asked for are named — the key columns of the
 * rows at hand — so a standalone constraint list does not pull every column of every table.
 */
export async function completeRelationNames(
  ctx: QueryContext,
  relationOids: Iterable<number>,
  known: RelationNames = new Map(),
  attnums: Iterable<number> = [],
): Promise<RelationNames> {
  const missing = [...new Set(relationOids)].filter((oid) => oid !== 0 && !known.has(oid))
  if (missing.length === 0) return known
  const wanted = [...new Set(attnums)].filter((n) => n > 0)
  const relations = await queryRows<RelationRow>(
    ctx,
    sql`SELECT c.oid, n.nspname, c.relname, c.relkind
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.oid = any(${sql.val(missing)}::oid[])`,
  )
  const attributes =
    wanted.length === 0
      ? []
      : await queryRows<AttributeRow>(
          ctx,
          sql`SELECT a.attrelid, a.attnum, a.attname FROM pg_catalog.pg_attribute a
WHERE a.attrelid = any(${sql.val(missing)}::oid[]) AND a.attnum = any(${sql.val(wanted)}::int2[])
  AND NOT a.attisdropped`,
        )
  const columns = new Map<number, string[]>()
  for (const a of attributes) {
    let byNum = columns.get(a.attrelid)
    if (!byNum) columns.set(a.attrelid, (byNum = []))
    byNum[a.attnum] = a.attname
  }
  const names = new Map(known)
  for (const r of relations) {
    names.set(r.oid, {
      schema: r.nspname,
      name: r.relname,
      kind: relationKind(r.relkind),
      columns: columns.get(r.oid) ?? [],
    })
  }
  return names
}

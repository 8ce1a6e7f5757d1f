import { sql, type SqlFragment } from '../sql/sql.js'
import { queryRows } from './catalog-session.js'
import type { QueryContext } from './context.js'
import { notExtensionMember, schemaFilter, descriptionJoin } from './filters.js'

/** One user-defined type: enum, composite, domain, range or base (arrays and row types excluded). */
export interface DataTypeRow {
  oid: number
  nspname: string
  typname: string
  /** e enum, c composite, d domain, r range, b base. */
  typtype: string
  owner: string
  description: string | null
  enum_labels: string[] | null
  /** [name, type, collation-or-null] per attribute of a composite type. */
  attributes: [string, string, string | null][] | null
  base_type: string | null
  typnotnull: boolean
  typdefault: string | null
  /** [name, definition, validated] per domain constraint. */
  domain_constraints: [string, string, boolean][] | null
  range_subtype: string | null
  range_collation: string | null
  range_opclass: string | null
  range_canonical: string | null
  range_subdiff: string | null
  multirange: string | null
}

interface TypeBase {
  readonly oid: number
  readonly schema: string
  readonly name: string
  readonly owner: string
  readonly comment: string | null
}

export interface EnumType extends TypeBase {
  readonly kind: 'enum'
  /** Labels in sort order (enumsortorder). */
  readonly labels: readonly string[]
}

export interface CompositeType extends TypeBase {
  readonly kind: 'composite'
  readonly attributes: readonly {
    readonly name: string
    readonly type: string
    readonly collation: string | null
  }[]
}

export interface DomainType extends TypeBase {
  readonly kind: 'domain'
  readonly baseType: string
  readonly notNull: boolean
  readonly default: string | null
  readonly constraints: readonly {
    readonly name: string
    readonly definition: string
    readonly validated: boolean
  }[]
}

export interface RangeType extends TypeBase {
  readonly kind: 'range'
  readonly subtype: string
  readonly collation: string | null
  readonly subtypeOpclass: string | null
  readonly canonical: string | null
  readonly subtypeDiff: string | null
  readonly multirange: string | null
}

export interface BaseType extends TypeBase {
  readonly kind: 'base'
}

export type DataType = EnumType | CompositeType | DomainType | RangeType | BaseType

/**
 * Children come through LATERAL lookups on indexed keys (pg_enum by enumtypid, pg_attribute by
 * attrelid, pg_constraint by contypid), each only for the kind that has them.
 */
export function dataTypesQuery(ctx: QueryContext): SqlFragment {
  return sql`SELECT t.oid, n.nspname, t.typname, t.typtype,
  pg_catalog.pg_get_userbyid(t.typowner) AS owner, d.description,
  el.labels AS enum_labels, ca.attributes,
  CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) END AS base_type,
  t.typnotnull, t.typdefault, dc.domain_constraints,
  pg_catalog.format_type(r.rngsubtype, NULL) AS range_subtype, rc.collname AS range_collation,
  ro.opcname AS range_opclass,
  NULLIF(r.rngcanonical, 0)::pg_catalog.regproc::text AS range_canonical,
  NULLIF(r.rngsubdiff, 0)::pg_catalog.regproc::text AS range_subdiff,
  pg_catalog.format_type(NULLIF(r.rngmultitypid, 0), NULL) AS multirange
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_catalog.pg_class tc ON tc.oid = t.typrelid
LEFT JOIN pg_catalog.pg_range r ON r.rngtypid = t.oid
LEFT JOIN pg_catalog.pg_collation rc ON rc.oid = r.rngcollation
LEFT JOIN pg_catalog.pg_opclass ro ON ro.oid = r.rngsubopc
LEFT JOIN LATERAL (
  SELECT pg_catalog.array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
  FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid
) el ON t.typtype = 'e'
LEFT JOIN LATERAL (
  SELECT pg_catalog.json_agg(pg_catalog.json_build_array(a.attname,
      pg_catalog.format_type(a.atttypid, a.atttypmod), co.collname) ORDER BY a.attnum) AS attributes
  FROM pg_catalog.pg_attribute a
  LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation AND a.attcollation <> 100
  WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
) ca ON t.typtype = 'c'
-- NOT NULL is typnotnull on every major (PG 17+ also records it as a constraint row).
LEFT JOIN LATERAL (
  SELECT pg_catalog.json_agg(pg_catalog.json_build_array(c.conname,
      pg_catalog.pg_get_constraintdef(c.oid, true), c.convalidated) ORDER BY c.conname) AS domain_constraints
  FROM pg_catalog.pg_constraint c WHERE c.contypid = t.oid AND c.contype <> 'n'
) dc ON t.typtype = 'd'
${descriptionJoin('pg_type', sql`t.oid`)}
WHERE t.typtype IN ('e', 'c', 'd', 'r', 'b')
  AND (t.typtype <> 'c' OR tc.relkind = 'c')
  AND (t.typtype <> 'b' OR t.typcategory <> 'A')
  AND ${schemaFilter(ctx, sql`n`)}
  AND ${notExtensionMember(ctx, 'pg_type', sql`t.oid`)}
ORDER BY n.nspname, t.typname`
}

/** @example mapDataType(row) // { kind: 'enum', labels: ['new', 'open'], … } */
export function mapDataType(row: DataTypeRow): DataType {
  const base = {
    oid: row.oid,
    schema: row.nspname,
    name: row.typname,
    owner: row.owner,
    comment: row.description,
  }
  switch (row.typtype) {
    case 'e':
      return { ...base, kind: 'enum', labels: row.enum_labels ?? [] }
    case 'c':
      return {
        ...base,
        kind: 'composite',
        attributes: (row.attributes ?? []).map(([name, type, collation]) => ({
          name,
          type,
          collation,
        })),
      }
    case 'd':
      return {
        ...base,
        kind: 'domain',
        baseType: row.base_type ?? '',
        notNull: row.typnotnull,
        default: row.typdefault,
        constraints: (row.domain_constraints ?? []).map(([name, definition, validated]) => ({
          name,
          definition,
          validated,
        })),
      }
    case 'r':
      return {
        ...base,
        kind: 'range',
        subtype: row.range_subtype ?? '',
        collation: row.range_collation,
        subtypeOpclass: row.range_opclass,
        canonical: row.range_canonical,
        subtypeDiff: row.range_subdiff,
        multirange: row.multirange,
      }
    default:
      return { ...base, kind: 'base' }
  }
}

/**
 * Enum, composite, domain, range and base types in scope.
 *
 * @example const types = await withCatalog(pool, { schemas: ['app'] }, fetchDataTypes)
 */
export async function fetchDataTypes(ctx: QueryContext): Promise<DataType[]> {
  return (await queryRows<DataTypeRow>(ctx, dataTypesQuery(ctx))).map(mapDataType)
}

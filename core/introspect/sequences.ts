import { sql, type SqlFragment } from '../sql/sql.js'
import { queryRows } from './catalog-session.js'
import type { QueryContext } from './context.js'
import { notExtensionMember, schemaFilter, descriptionJoin } from './filters.js'

/** One sequence (pg_sequence + pg_class). int8 values arrive as strings. */
export interface SequenceRow {
  oid: number
  nspname: string
  relname: string
  owner: string
  data_type: string
  seqstart: string
  seqincrement: string
  seqmax: string
  seqmin: string
  seqcache: string
  seqcycle: boolean
  /** Null when the caller lacks SELECT/USAGE on the sequence, or it was never used. */
  last_value: string | null
  /** pg_depend 'a' (SERIAL / OWNED BY) or 'i' (identity column). */
  owned_deptype: string | null
  owned_by_oid: number | null
  owned_by_schema: string | null
  owned_by_table: string | null
  owned_by_column: string | null
  description: string | null
}

export interface Sequence {
  readonly oid: number
  readonly schema: string
  readonly name: string
  readonly owner: string
  readonly dataType: string
  /** bigint values as decimal strings: a bigint does not fit a JS number. */
  readonly start: string
  readonly increment: string
  readonly min: string
  readonly max: string
  readonly cache: string
  readonly cycle: boolean
  /** Null when not permitted (no SELECT or USAGE) or never called. */
  readonly lastValue: string | null
  readonly ownedBy: {
    readonly tableOid: number
    readonly schema: string
    readonly table: string
    readonly column: string
    /** True for an identity column's sequence, false for SERIAL / OWNED BY. */
    readonly identity: boolean
  } | null
  readonly comment: string | null
}

/**
 * The last value is read with pg_sequence_last_value() only where has_sequence_privilege allows
 * it, which is exactly what the pg_sequences view does; before PG 17 the function raises
 * instead of returning NULL for a caller without the privilege.
 */
export function sequencesQuery(ctx: QueryContext): SqlFragment {
  return sql`SELECT c.oid, n.nspname, c.relname, pg_catalog.pg_get_userbyid(c.relowner) AS owner,
  pg_catalog.format_type(s.seqtypid, NULL) AS data_type,
  s.seqstart::text, s.seqincrement::text, s.seqmax::text, s.seqmin::text, s.seqcache::text, s.seqcycle,
  CASE WHEN c.relpersistence <> 't' AND pg_catalog.has_sequence_privilege(c.oid, 'SELECT,USAGE')
    THEN pg_catalog.pg_sequence_last_value(c.oid)::text END AS last_value,
  dep.deptype AS owned_deptype, oc.oid AS owned_by_oid, ocn.nspname AS owned_by_schema,
  oc.relname AS owned_by_table, oa.attname AS owned_by_column, d.description
FROM pg_catalog.pg_sequence s
JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_depend dep
  ON dep.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND dep.objid = c.oid
  AND dep.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND dep.refobjsubid > 0
  AND dep.deptype IN ('a', 'i')
LEFT JOIN pg_catalog.pg_class oc ON oc.oid = dep.refobjid
LEFT JOIN pg_catalog.pg_namespace ocn ON ocn.oid = oc.relnamespace
LEFT JOIN pg_catalog.pg_attribute oa ON oa.attrelid = dep.refobjid AND oa.attnum = dep.refobjsubid
${descriptionJoin('pg_class', sql`c.oid`)}
WHERE ${schemaFilter(ctx, sql`n`)} AND ${notExtensionMember(ctx, 'pg_class', sql`c.oid`)}
ORDER BY n.nspname, c.relname`
}

/** @example mapSequence(row).ownedBy?.column // 'id' */
export function mapSequence(row: SequenceRow): Sequence {
  return {
    oid: row.oid,
    schema: row.nspname,
    name: row.relname,
    owner: row.owner,
    dataType: row.data_type,
    start: row.seqstart,
    increment: row.seqincrement,
    min: row.seqmin,
    max: row.seqmax,
    cache: row.seqcache,
    cycle: row.seqcycle,
    lastValue: row.last_value,
    ownedBy:
      row.owned_by_oid !== null && row.owned_by_column !== null
        ? {
            tableOid: row.owned_by_oid,
            schema: row.owned_by_schema ?? '',
            table: row.owned_by_table ?? '',
            column: row.owned_by_column,
            identity: row.owned_deptype === 'i',
          }
        : null,
    comment: row.description,
  }
}

/** @example await withCatalog(pool, { schemas: ['app'] }, fetchSequences) */
export async function fetchSequences(ctx: QueryContext): Promise<Sequence[]> {
  return (await queryRows<SequenceRow>(ctx, sequencesQuery(ctx))).map(mapSequence)
}

import { sql, type SqlFragment } from '../sql/sql.js'
import { completeRelationNames, nameKeys, type RelationNames } from './relation-names.js'
import { queryRows } from './catalog-session.js'
import type { QueryContext } from './context.js'
import { catalogFeatures } from './features.js'
import { notExtensionMember, descriptionJoin } from './filters.js'

/** [table oid, schema, name, row filter, column attnums] per published table. */
type PublishedTableTuple = [number, string, string, string | null, number[] | null]

/** One pg_publication row with its tables (and, PG 15+, schemas) aggregated. */
export interface PublicationRow {
  oid: number
  pubname: string
  owner: string
  puballtables: boolean
  pubinsert: boolean
  pubupdate: boolean
  pubdelete: boolean
  pubtruncate: boolean
  pubviaroot: boolean
  /** PG 18+: 'n' none, 's' stored generated columns; null before. */
  pubgencols: string | null
  tables: PublishedTableTuple[] | null
  /** PG 15+ `FOR TABLES IN SCHEMA`. */
  schemas: string[] | null
  description: string | null
}

export interface PublishedTable {
  readonly oid: number
  readonly schema: string
  readonly name: string
  /** PG 15+ `WHERE (…)` row filter. */
  readonly rowFilter: string | null
  /** PG 15+ column list; null publishes every column. */
  readonly columns: readonly (string | null)[] | null
}

export interface Publication {
  readonly oid: number
  readonly name: string
  readonly owner: string
  readonly allTables: boolean
  readonly operations: {
    readonly insert: boolean
    readonly update: boolean
    readonly delete: boolean
    readonly truncate: boolean
  }
  readonly viaRoot: boolean
  /** PG 18+: whether stored generated columns are published; null before. */
  readonly generatedColumns: 'none' | 'stored' | null
  readonly tables: readonly PublishedTable[]
  readonly schemas: readonly string[]
  readonly comment: string | null
}

/**
 * Publications are database-wide; their tables are listed whatever the schema scope, since a
 * publication is one object. Row filters and column lists exist on PG 15+ only.
 */
export function publicationsQuery(ctx: QueryContext): SqlFragment {
  const f = catalogFeatures(ctx.versionNum)
  const filter = f.publicationFilters
    ? sql`pg_catalog.pg_get_expr(pr.prqual, pr.prrelid), pr.prattrs::int2[]`
    : sql`NULL::text, NULL::int2[]`
  const schemas = f.publicationFilters
    ? sql`(SELECT pg_catalog.array_agg(sn.nspname::text ORDER BY sn.nspname)
     FROM pg_catalog.pg_publication_namespace pn
     JOIN pg_catalog.pg_namespace sn ON sn.oid = pn.pnnspid
     WHERE pn.pnpubid = p.oid)`
    : sql`NULL::text[]`
  return sql`SELECT p.oid, p.pubname, pg_catalog.pg_get_userbyid(p.pubowner) AS owner,
  p.puballtables, p.pubinsert, p.pubupdate, p.pubdelete, p.pubtruncate, p.pubviaroot,
  ${f.publishGeneratedColumns ? sql`p.pubgencols::text` : sql`NULL::text`} AS pubgencols,
  t.tables, ${schemas} AS schemas, d.description
FROM pg_catalog.pg_publication p
LEFT JOIN (
  SELECT pr.prpubid,
    pg_catalog.json_agg(pg_catalog.json_build_array(c.oid::int8, n.nspname, c.relname, ${filter})
      ORDER BY n.nspname, c.relname) AS tables
  FROM pg_catalog.pg_publication_rel pr
  JOIN pg_catalog.pg_class c ON c.oid = pr.prrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  GROUP BY pr.prpubid
) t ON t.prpubid = p.oid
${descriptionJoin('pg_publication', sql`p.oid`)}
WHERE ${notExtensionMember(ctx, 'pg_publication', sql`p.oid`)}
ORDER BY p.pubname`
}

/** @example mapPublication(row, names).tables[0]?.rowFilter */
export function mapPublication(row: PublicationRow, names: RelationNames): Publication {
  return {
    oid: row.oid,
    name: row.pubname,
    owner: row.owner,
    allTables: row.puballtables,
    operations: {
      insert: row.pubinsert,
      update: row.pubupdate,
      delete: row.pubdelete,
      truncate: row.pubtruncate,
    },
    viaRoot: row.pubviaroot,
    generatedColumns: row.pubgencols === null ? null : row.pubgencols === 's' ? 'stored' : 'none',
    tables: (row.tables ?? []).map(([oid, schema, name, rowFilter, attnums]) => ({
      oid,
      schema,
      name,
      rowFilter,
      columns: attnums && attnums.length > 0 ? nameKeys(names, oid, attnums) : null,
    })),
    schemas: row.schemas ?? [],
    comment: row.description,
  }
}

/**
 * Publications with their tables; pass the snapshot's names to skip the column-name lookup.
 *
 * @example await withCatalog(pool, {}, (ctx) => fetchPublications(ctx))
 */
export async function fetchPublications(
  ctx: QueryContext,
  known?: RelationNames,
): Promise<Publication[]> {
  const rows = await queryRows<PublicationRow>(ctx, publicationsQuery(ctx))
  const names = await completeRelationNames(
    ctx,
    rows.flatMap((r) => (r.tables ?? []).filter((t) => t[4]?.length).map((t) => t[0])),
    known,
    rows.flatMap((r) => (r.tables ?? []).flatMap((t) => t[4] ?? [])),
  )
  return rows.map((row) => mapPublication(row, names))
}

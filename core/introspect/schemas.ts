import { sql, type SqlFragment } from '../sql/sql.js'
import { queryRows } from './catalog-session.js'
import type { QueryContext } from './context.js'
import { notExtensionMember, schemaFilter, descriptionJoin } from './filters.js'

/** One pg_namespace row as the query returns it. */
export interface SchemaRow {
  oid: number
  nspname: string
  owner: string
  description: string | null
}

export interface Schema {
  readonly oid: number
  readonly name: string
  readonly owner: string
  readonly comment: string | null
}

/** Schemas in scope, extension-created ones hidden unless asked for. */
export function schemasQuery(ctx: QueryContext): SqlFragment {
  return sql`SELECT n.oid, n.nspname::text AS nspname,
  pg_catalog.pg_get_userbyid(n.nspowner)::text AS owner, d.description
FROM pg_catalog.pg_namespace n
${descriptionJoin('pg_namespace', sql`n.oid`)}
WHERE ${schemaFilter(ctx, sql`n`)} AND ${notExtensionMember(ctx, 'pg_namespace', sql`n.oid`)}
ORDER BY n.nspname`
}

/** @example mapSchema({ oid: 2200, nspname: 'public', owner: 'pg_database_owner', description: null }) */
export function mapSchema(row: SchemaRow): Schema {
  return { oid: row.oid, name: row.nspname, owner: row.owner, comment: row.description }
}

/** @example const schemas = await withCatalog(client, {}, fetchSchemas) */
export async function fetchSchemas(ctx: QueryContext): Promise<Schema[]> {
  return (await queryRows<SchemaRow>(ctx, schemasQuery(ctx))).map(mapSchema)
}

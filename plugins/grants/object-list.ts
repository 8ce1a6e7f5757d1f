import type { Pool } from '../../core/db/pool.js'
import {
  queryRows,
  relationKind,
  routineKind,
  withCatalog,
  type QueryContext,
} from '../../core/introspect/index.js'
import { notExtensionMember, schemaFilter } from '../../core/introspect/filters.js'
import { sql, type SqlFragment } from '../../core/sql/sql.js'

/** Something privileges are granted on, as the object picker lists it. */
export interface GrantableObject {
  readonly kind: 'schema' | 'relation' | 'sequence' | 'function'
  /** relkind as a word (table, view, …) or routine kind (function, procedure, aggregate). */
  readonly subkind: string
  readonly schema: string
  readonly name: string
  /** Identity arguments of a routine, as the catalog prints them; '' otherwise. */
  readonly args: string
  readonly owner: string
}

interface ObjectRow {
  kind: GrantableObject['kind']
  subkind: string
  schema: string
  name: string
  args: string
  owner: string
}

/** Schemas, relations, sequences and routines in scope (extension members left out). */
export function objectsQuery(ctx: QueryContext): SqlFragment {
  return sql`SELECT 'schema' AS kind, 'schema' AS subkind, n.nspname AS schema, n.nspname AS name, '' AS args,
  pg_catalog.pg_get_userbyid(n.nspowner) AS owner
FROM pg_catalog.pg_namespace n
WHERE ${schemaFilter(ctx, sql`n`)} AND ${notExtensionMember(ctx, 'pg_namespace', sql`n.oid`)}
UNION ALL
SELECT CASE WHEN c.relkind = 'S' THEN 'sequence' ELSE 'relation' END, c.relkind::text, n.nspname, c.relname, '',
  pg_catalog.pg_get_userbyid(c.relowner)
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND ${schemaFilter(ctx, sql`n`)}
  AND ${notExtensionMember(ctx, 'pg_class', sql`c.oid`)}
UNION ALL
SELECT 'function', p.prokind::text, n.nspname, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid),
  pg_catalog.pg_get_userbyid(p.proowner)
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE ${schemaFilter(ctx, sql`n`)} AND ${notExtensionMember(ctx, 'pg_proc', sql`p.oid`)}
ORDER BY 3, 4, 5`
}

function subkind(row: ObjectRow): string {
  if (row.kind === 'relation' || row.kind === 'sequence') return relationKind(row.subkind)
  if (row.kind === 'function') return routineKind(row.subkind)
  return row.subkind
}

/**
 * Everything the privileges page can pick, grouped by kind; the console's own schema is not
 * part of the application and is left out.
 *
 * @example (await listGrantableObjects(pool, 'planetary')).filter((o) => o.kind === 'function')
 */
export async function listGrantableObjects(
  pool: Pool,
  consoleSchema: string,
): Promise<GrantableObject[]> {
  const rows = await withCatalog(pool, {}, (ctx) => queryRows<ObjectRow>(ctx, objectsQuery(ctx)))
  return rows.filter((r) => r.schema !== consoleSchema).map((r) => ({ ...r, subkind: subkind(r) }))
}

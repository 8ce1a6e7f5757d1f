import type { Pool } from '../../core/db/pool.js'
import { queryRows, withCatalog } from '../../core/introspect/catalog-session.js'
import type { QueryContext } from '../../core/introspect/context.js'
import { notExtensionMember, schemaFilter } from '../../core/introspect/filters.js'
import { sql, type SqlFragment } from '../../core/sql/sql.js'

/** The kinds of object whose SQL can read a claim. */
export type SourceKind = 'policy' | 'view' | 'function' | 'default' | 'check'

/** One piece of SQL text that may read a claim: a policy expression, a view, a body… */
export interface UsageSourceRow {
  kind: SourceKind
  schema: string
  /** Table, view, function signature or domain. */
  object: string
  /** Policy, column or constraint name; null for views and functions. */
  detail: string | null
  /** `using` / `with check` for policies, the language for functions, else `sql`. */
  part: string
  source: string
}

/**
 * Every policy USING / WITH CHECK, view definition, function body, column default and CHECK
 * constraint (of tables and domains) whose text mentions a setting or a JWT — outside system
 * schemas, extension members and the console's own schema.
 */
export function usageSourcesQuery(ctx: QueryContext, consoleSchema: string): SqlFragment {
  const inScope = sql`${schemaFilter(ctx, sql`n`)} AND n.nspname <> ${sql.val(consoleSchema)}`
  const relation = notExtensionMember(ctx, 'pg_class', sql`c.oid`)
  // MATERIALIZED keeps the text filter below out of the branches: pushed down, it would deparse
  // every catalog row before the joins (system views included) and pg_get_expr(conbin, 0) would
  // meet table constraints.
  return sql`WITH sources AS MATERIALIZED (
  SELECT 'policy' AS kind, n.nspname AS schema, c.relname AS object, pol.polname AS detail, 'using' AS part,
    pg_catalog.pg_get_expr(pol.polqual, pol.polrelid) AS source
  FROM pg_catalog.pg_policy pol
  JOIN pg_catalog.pg_class c ON c.oid = pol.polrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE pol.polqual IS NOT NULL AND ${inScope} AND ${relation}
  UNION ALL
  SELECT 'policy', n.nspname, c.relname, pol.polname, 'with check',
    pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid)
  FROM pg_catalog.pg_policy pol
  JOIN pg_catalog.pg_class c ON c.oid = pol.polrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE pol.polwithcheck IS NOT NULL AND ${inScope} AND ${relation}
  UNION ALL
  SELECT 'view', n.nspname, c.relname, NULL, 'sql', pg_catalog.pg_get_viewdef(c.oid, true)
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('v', 'm') AND ${inScope} AND ${relation}
  UNION ALL
  SELECT 'function', n.nspname,
    p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')', NULL, l.lanname,
    CASE WHEN p.prosqlbody IS NOT NULL THEN pg_catalog.pg_get_function_sqlbody(p.oid) ELSE p.prosrc END
  FROM pg_catalog.pg_proc p
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
  JOIN pg_catalog.pg_language l ON l.oid = p.prolang
  WHERE p.prokind IN ('f', 'p') AND l.lanname NOT IN ('c', 'internal') AND ${inScope}
    AND ${notExtensionMember(ctx, 'pg_proc', sql`p.oid`)}
  UNION ALL
  SELECT 'default', n.nspname, c.relname, a.attname, 'sql', pg_catalog.pg_get_expr(ad.adbin, ad.adrelid)
  FROM pg_catalog.pg_attrdef ad
  JOIN pg_catalog.pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
  JOIN pg_catalog.pg_class c ON c.oid = ad.adrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE NOT a.attisdropped AND ${inScope} AND ${relation}
  UNION ALL
  SELECT 'check', n.nspname, c.relname, co.conname, 'sql', pg_catalog.pg_get_expr(co.conbin, co.conrelid)
  FROM pg_catalog.pg_constraint co
  JOIN pg_catalog.pg_class c ON c.oid = co.conrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE co.contype = 'c' AND ${inScope} AND ${relation}
  UNION ALL
  SELECT 'check', n.nspname, t.typname, co.conname, 'sql',
    CASE WHEN co.contypid <> 0 THEN pg_catalog.pg_get_expr(co.conbin, 0) END
  FROM pg_catalog.pg_constraint co
  JOIN pg_catalog.pg_type t ON t.oid = co.contypid
  JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
  WHERE co.contype = 'c' AND co.contypid <> 0 AND ${inScope} AND ${notExtensionMember(ctx, 'pg_type', sql`t.oid`)}
)
SELECT kind, schema, object, detail, part, source FROM sources
WHERE source ~* '(current_setting|set_config|jwt)'
ORDER BY kind, schema, object, detail NULLS FIRST, part`
}

/** The candidate texts, read in one catalog snapshot. */
export async function readUsageSources(
  pool: Pool,
  consoleSchema: string,
): Promise<UsageSourceRow[]> {
  return withCatalog(pool, {}, (ctx) =>
    queryRows<UsageSourceRow>(ctx, usageSourcesQuery(ctx, consoleSchema)),
  )
}

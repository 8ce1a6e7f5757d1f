import type { Pool } from '../../core/db/pool.js'
import {
  fetchPolicies,
  fetchSchemas,
  fetchTables,
  queryRows,
  withCatalog,
} from '../../core/introspect/index.js'
import { sql } from '../../core/sql/sql.js'
import type { CoverageFacts } from './coverage.js'

interface RoleRow {
  rolname: string
  rolsuper: boolean
  rolbypassrls: boolean
  privileges_of: string[]
}

interface PrivilegeRow {
  nspname: string
  relname: string
  rolname: string
  privileges: string[]
}

// Roles whose privileges each role has (itself, and what it inherits): one grouped join.
const ROLES = sql`SELECT r.rolname, r.rolsuper, r.rolbypassrls,
  pg_catalog.array_agg(g.rolname::text ORDER BY g.rolname) AS privileges_of
FROM pg_catalog.pg_roles r
JOIN pg_catalog.pg_roles g ON pg_catalog.pg_has_role(r.oid, g.oid, 'USAGE')
WHERE r.rolname !~ '^pg_'
GROUP BY r.oid, r.rolname, r.rolsuper, r.rolbypassrls
ORDER BY r.rolname`

/**
 * has_table_privilege for every role × table in scope: the server's own answer, so grants through
 * membership and PUBLIC count exactly as PostgreSQL counts them. Superusers are left out (they
 * pass every check).
 */
function privilegesQuery(schemas: readonly string[] | undefined, consoleSchema: string) {
  const scope = schemas
    ? sql`n.nspname = ANY(${sql.val(schemas)}::text[])`
    : sql`n.nspname <> ALL(ARRAY['pg_catalog', 'information_schema', 'pg_toast']) AND n.nspname !~ '^pg_temp_' AND n.nspname !~ '^pg_toast_temp_'`
  return sql`SELECT x.nspname, x.relname, x.rolname, x.privileges FROM (
  SELECT n.nspname, c.relname, r.rolname,
    pg_catalog.array_remove(ARRAY[
      CASE WHEN pg_catalog.has_table_privilege(r.oid, c.oid, 'SELECT') THEN 'SELECT' END,
      CASE WHEN pg_catalog.has_table_privilege(r.oid, c.oid, 'INSERT') THEN 'INSERT' END,
      CASE WHEN pg_catalog.has_table_privilege(r.oid, c.oid, 'UPDATE') THEN 'UPDATE' END,
      CASE WHEN pg_catalog.has_table_privilege(r.oid, c.oid, 'DELETE') THEN 'DELETE' END
    ], NULL) AS privileges
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  CROSS JOIN pg_catalog.pg_roles r
  WHERE c.relkind IN ('r', 'p') AND ${scope} AND n.nspname <> ${sql.val(consoleSchema)}
    AND r.rolname !~ '^pg_' AND NOT r.rolsuper
) x
WHERE pg_catalog.cardinality(x.privileges) > 0`
}

/**
 * Everything `coverageMap` needs, read in one catalog snapshot, plus the names of every
 * application schema (for the page's schema picker).
 */
export async function readCoverageFacts(
  pool: Pool,
  options: { consoleSchema: string; schemas?: readonly string[] },
): Promise<CoverageFacts & { schemaNames: string[] }> {
  const { consoleSchema, schemas } = options
  const schemaNames = await withCatalog(pool, {}, async (ctx) =>
    (await fetchSchemas(ctx))
      .map((s) => s.name)
      .filter((n) => n !== consoleSchema)
      .sort(),
  )
  return withCatalog(pool, { definitions: true, ...(schemas ? { schemas } : {}) }, async (ctx) => {
    const own = (x: { schema: string }) => x.schema !== consoleSchema
    const tables = (await fetchTables(ctx))
      .filter(own)
      .sort((a, b) => a.schema.localeCompare(b.schema) || a.name.localeCompare(b.name))
    const policies = (await fetchPolicies(ctx)).filter(own)
    const roles = await queryRows<RoleRow>(ctx, ROLES)
    const privileges = await queryRows<PrivilegeRow>(ctx, privilegesQuery(schemas, consoleSchema))
    return {
      schemaNames,
      tables: tables.map((t) => ({
        schema: t.schema,
        name: t.name,
        owner: t.owner,
        rls: t.rowSecurity,
      })),
      roles: roles.map((r) => ({
        name: r.rolname,
        superuser: r.rolsuper,
        bypassRls: r.rolbypassrls,
        privilegesOf: r.privileges_of,
      })),
      privileges: privileges.map((p) => ({
        schema: p.nspname,
        table: p.relname,
        role: p.rolname,
        privileges: p.privileges,
      })),
      policies: policies.map((p) => ({
        schema: p.schema,
        table: p.table,
        name: p.name,
        command: p.command,
        permissive: p.permissive,
        roles: p.roles,
        using: p.using,
        withCheck: p.withCheck,
      })),
    }
  })
}

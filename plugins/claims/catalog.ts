import type { Pool } from '../../core/db/pool.js'
import { runQuery } from '../../core/db/session.js'
import { fetchRoles, fetchSchemas, withCatalog } from '../../core/introspect/index.js'
import { sql } from '../../core/sql/sql.js'
import { UserStore } from '../../core/users/users.js'
import type { ConsoleUserClaims } from './mapping-doc.js'

/** Role and schema names the mappings page offers (the console's own schema left out). */
export async function rolesAndSchemas(
  pool: Pool,
  consoleSchema: string,
): Promise<{ roles: string[]; schemas: string[] }> {
  return withCatalog(pool, {}, async (ctx) => ({
    roles: (await fetchRoles(ctx)).map((r) => r.name).sort(),
    schemas: (await fetchSchemas(ctx)).map((s) => s.name).filter((s) => s !== consoleSchema),
  }))
}

/** Console users with their role and claim values — never their password hashes. */
export async function consoleUserClaims(
  pool: Pool,
  consoleSchema: string,
): Promise<ConsoleUserClaims[]> {
  const users = await new UserStore(pool, consoleSchema).list()
  return users.map((u) => ({ name: u.name, role: u.role, claims: u.claims }))
}

/**
 * Whether a function `schema.name()` without arguments exists already (apply replaces it). Read
 * from pg_proc by name: the login may lack USAGE on the schema, which to_regprocedure needs.
 */
export async function functionExists(
  pool: Pool,
  target: { readonly schema: string; readonly name: string },
): Promise<boolean> {
  const client = await pool.connect()
  try {
    const [row] = await runQuery<{ present: boolean }>(
      client,
      sql`SELECT EXISTS (
  SELECT FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
  WHERE n.nspname = ${sql.val(target.schema)} AND p.proname = ${sql.val(target.name)} AND p.pronargs = 0
) AS present`,
    )
    return row?.present === true
  } finally {
    client.release()
  }
}

import { consoleQuery } from '../console-schema/plugin-tables.js'
import type { Pool } from '../db/pool.js'
import { sql } from '../sql/sql.js'
import { mapDeclaration, type DeclarationRow } from './declaration-row.js'
import type { ClaimDeclaration } from './declaration.js'
import { CLAIMS_TABLE, claimsTablesExist } from './tables.js'

/**
 * The declared claims by name; none before the first is declared. Read by the claims plugin's
 * pages and by the policy editor's claim helper.
 *
 * @example (await listDeclarations(pool, 'planetary')).map((d) => d.name) // ['tenant_id']
 */
export async function listDeclarations(
  pool: Pool,
  consoleSchema: string,
): Promise<ClaimDeclaration[]> {
  if (!(await claimsTablesExist(pool, consoleSchema))) return []
  const rows = await consoleQuery<DeclarationRow>(
    pool,
    sql`SELECT name, type, description, required, updated_by, updated_at
FROM ${sql.id(consoleSchema, CLAIMS_TABLE)} ORDER BY name`,
  )
  return rows.map(mapDeclaration)
}

import { consoleDb } from '../console-schema/plugin-tables.js'
import type { Pool } from '../db/pool.js'
import { DECLARATION_COLUMNS, mapDeclaration } from './declaration-row.js'
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
  const rows = await consoleDb(pool, consoleSchema)
    .selectFrom(CLAIMS_TABLE)
    .select(DECLARATION_COLUMNS)
    .orderBy('name')
    .execute()
  return rows.map(mapDeclaration)
}

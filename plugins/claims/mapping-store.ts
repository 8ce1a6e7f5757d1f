import { iso } from '../../core/claims/declaration-row.js'
import { CLAIMS_TABLE, claimsTablesExist, MAPPINGS_TABLE } from '../../core/claims/tables.js'
import type { Pool } from '../../core/db/pool.js'
import { InvalidInputError } from '../../core/errors.js'
import type { PluginContext } from '../../core/plugin/types.js'
import { sql } from '../../core/sql/sql.js'
import { checkMapping, type ClaimMapping } from './declaration.js'
import { query } from './store-access.js'

interface MappingRow extends Record<string, unknown> {
  role: string
  claim: string
  jwt_path: string
  note: string
  updated_by: string
  updated_at: Date | string
}

function mapMapping(r: MappingRow): ClaimMapping {
  return {
    role: r.role,
    claim: r.claim,
    jwtPath: r.jwt_path,
    note: r.note,
    updatedBy: r.updated_by,
    updatedAt: iso(r.updated_at),
  }
}

/** Every role's claim mappings, by role then claim. */
export async function listMappings(pool: Pool, consoleSchema: string): Promise<ClaimMapping[]> {
  if (!(await claimsTablesExist(pool, consoleSchema))) return []
  const rows = await query<MappingRow>(
    pool,
    sql`SELECT role, claim, jwt_path, note, updated_by, updated_at
FROM ${sql.id(consoleSchema, MAPPINGS_TABLE)} ORDER BY role, claim`,
  )
  return rows.map(mapMapping)
}

async function checkRole(pool: Pool, role: string): Promise<void> {
  const rows = await query(
    pool,
    sql`SELECT 1 AS x FROM pg_catalog.pg_roles WHERE rolname = ${sql.val(role)}`,
  )
  if (rows.length === 0) throw InvalidInputError.field('role', `role ${role} does not exist`)
}

/** Saves (or replaces) where one role's claim comes from in the JWT. */
export async function saveMapping(
  ctx: PluginContext,
  input: unknown,
  user: { readonly name: string },
): Promise<ClaimMapping> {
  const m = checkMapping(input)
  const schema = ctx.config.consoleSchema
  await checkRole(ctx.pool, m.role)
  const declared = (await claimsTablesExist(ctx.pool, schema))
    ? await query(
        ctx.pool,
        sql`SELECT FROM ${sql.id(schema, CLAIMS_TABLE)} WHERE name = ${sql.val(m.claim)}`,
      )
    : []
  if (declared.length === 0) {
    throw InvalidInputError.field('claim', `claim ${m.claim} is not declared: declare it first`)
  }
  const [row] = await query<MappingRow>(
    ctx.pool,
    sql`INSERT INTO ${sql.id(schema, MAPPINGS_TABLE)} AS m (role, claim, jwt_path, note, updated_by)
VALUES (${sql.val(m.role)}, ${sql.val(m.claim)}, ${sql.val(m.jwtPath)}, ${sql.val(m.note)}, ${sql.val(user.name)})
ON CONFLICT (role, claim) DO UPDATE SET jwt_path = EXCLUDED.jwt_path, note = EXCLUDED.note,
  updated_by = EXCLUDED.updated_by, updated_at = now()
RETURNING role, claim, jwt_path, note, updated_by, updated_at`,
  )
  return mapMapping(row as MappingRow)
}

/** Removes one role's mapping of a claim. */
export async function deleteMapping(
  ctx: PluginContext,
  key: { readonly role: string; readonly claim: string },
): Promise<void> {
  const schema = ctx.config.consoleSchema
  const rows = (await claimsTablesExist(ctx.pool, schema))
    ? await query(
        ctx.pool,
        sql`DELETE FROM ${sql.id(schema, MAPPINGS_TABLE)}
WHERE role = ${sql.val(key.role)} AND claim = ${sql.val(key.claim)} RETURNING role`,
      )
    : []
  if (rows.length === 0) {
    throw InvalidInputError.field('claim', `${key.role} has no mapping for ${key.claim}`)
  }
}

import { iso } from '../../core/claims/declaration-row.js'
import { CLAIMS_TABLE, claimsTablesExist, MAPPINGS_TABLE } from '../../core/claims/tables.js'
import { consoleDb } from '../../core/console-schema/plugin-tables.js'
import type { Db } from '../../core/db/kysely.js'
import type { Pool } from '../../core/db/pool.js'
import { InvalidInputError } from '../../core/errors.js'
import type { PluginContext } from '../../core/plugin/types.js'
import { sql } from '../../core/sql/sql.js'
import { checkMapping, type ClaimMapping } from './declaration.js'

interface MappingRow {
  role: string
  claim: string
  jwt_path: string
  note: string
  updated_by: string
  updated_at: Date | string
}

const MAPPING_COLUMNS = ['role', 'claim', 'jwt_path', 'note', 'updated_by', 'updated_at'] as const

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
  const rows = await consoleDb(pool, consoleSchema)
    .selectFrom(MAPPINGS_TABLE)
    .select(MAPPING_COLUMNS)
    .orderBy('role')
    .orderBy('claim')
    .execute()
  return rows.map(mapMapping)
}

async function checkRole(db: Db, role: string): Promise<void> {
  const rows = await db
    .selectFrom('pg_catalog.pg_roles')
    .select('rolname')
    .where('rolname', '=', role)
    .execute()
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
  const db = consoleDb(ctx.pool, schema)
  await checkRole(db, m.role)
  const declared = (await claimsTablesExist(ctx.pool, schema))
    ? await db.selectFrom(CLAIMS_TABLE).select('name').where('name', '=', m.claim).execute()
    : []
  if (declared.length === 0) {
    throw InvalidInputError.field('claim', `claim ${m.claim} is not declared: declare it first`)
  }
  const row = await db
    .insertInto(MAPPINGS_TABLE)
    .values({
      role: m.role,
      claim: m.claim,
      jwt_path: m.jwtPath,
      note: m.note,
      updated_by: user.name,
    })
    .onConflict((oc) =>
      oc.columns(['role', 'claim']).doUpdateSet((eb) => ({
        jwt_path: eb.ref('excluded.jwt_path'),
        note: eb.ref('excluded.note'),
        updated_by: eb.ref('excluded.updated_by'),
        updated_at: sql<Date>`now()`,
      })),
    )
    .returning(MAPPING_COLUMNS)
    .executeTakeFirstOrThrow()
  return mapMapping(row)
}

/** Removes one role's mapping of a claim. */
export async function deleteMapping(
  ctx: PluginContext,
  key: { readonly role: string; readonly claim: string },
): Promise<void> {
  const schema = ctx.config.consoleSchema
  const rows = (await claimsTablesExist(ctx.pool, schema))
    ? await consoleDb(ctx.pool, schema)
        .deleteFrom(MAPPINGS_TABLE)
        .where('role', '=', key.role)
        .where('claim', '=', key.claim)
        .returning('role')
        .execute()
    : []
  if (rows.length === 0) {
    throw InvalidInputError.field('claim', `${key.role} has no mapping for ${key.claim}`)
  }
}

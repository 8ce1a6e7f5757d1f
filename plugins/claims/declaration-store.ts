import { mapDeclaration, type DeclarationRow } from '../../core/claims/declaration-row.js'
import type { ClaimDeclaration } from '../../core/claims/declaration.js'
import { CLAIMS_TABLE, claimsTablesExist, MAPPINGS_TABLE } from '../../core/claims/tables.js'
import { InvalidInputError } from '../../core/errors.js'
import type { PluginContext } from '../../core/plugin/types.js'
import { sql } from '../../core/sql/sql.js'
import { checkDeclaration } from './declaration.js'
import { ensureTables, query } from './store-access.js'

/**
 * Declares a claim, or edits one (`original` names it; a rename carries its mappings along).
 * The tables are created through the executor, with a change log entry, on first use.
 */
export async function saveDeclaration(
  ctx: PluginContext,
  input: unknown,
  user: { readonly name: string },
): Promise<ClaimDeclaration> {
  const d = checkDeclaration(input)
  await ensureTables(ctx, user)
  const table = sql.id(ctx.config.consoleSchema, CLAIMS_TABLE)
  const values = sql`${sql.val(d.type)}, ${sql.val(d.description)}, ${sql.val(d.required)}, ${sql.val(user.name)}`
  const taken = async () =>
    (await query(ctx.pool, sql`SELECT 1 AS x FROM ${table} WHERE name = ${sql.val(d.name)}`))
      .length > 0
  if (d.original && d.original !== d.name && (await taken())) {
    throw InvalidInputError.field('name', `claim ${d.name} is already declared`)
  }
  const [row] = d.original
    ? await query<DeclarationRow>(
        ctx.pool,
        sql`UPDATE ${table} SET (name, type, description, required, updated_by, updated_at) =
  (${sql.val(d.name)}, ${values}, now())
WHERE name = ${sql.val(d.original)}
RETURNING name, type, description, required, updated_by, updated_at`,
      )
    : await query<DeclarationRow>(
        ctx.pool,
        sql`INSERT INTO ${table} (name, type, description, required, updated_by)
VALUES (${sql.val(d.name)}, ${values})
ON CONFLICT (name) DO NOTHING
RETURNING name, type, description, required, updated_by, updated_at`,
      )
  if (!row) {
    throw d.original
      ? InvalidInputError.field('original', `no declared claim ${d.original}`)
      : InvalidInputError.field('name', `claim ${d.name} is already declared: edit it instead`)
  }
  return mapDeclaration(row)
}

/** Removes a declaration; refused while roles still map it, naming them. */
export async function deleteDeclaration(ctx: PluginContext, name: string): Promise<void> {
  const schema = ctx.config.consoleSchema
  const mapped = (await claimsTablesExist(ctx.pool, schema))
    ? await query<{ role: string }>(
        ctx.pool,
        sql`SELECT role FROM ${sql.id(schema, MAPPINGS_TABLE)} WHERE claim = ${sql.val(name)} ORDER BY role`,
      )
    : []
  if (mapped.length > 0) {
    throw InvalidInputError.field(
      'name',
      `claim ${name} is mapped for ${mapped.map((m) => m.role).join(', ')}: remove those mappings first`,
    )
  }
  const rows = (await claimsTablesExist(ctx.pool, schema))
    ? await query(
        ctx.pool,
        sql`DELETE FROM ${sql.id(schema, CLAIMS_TABLE)} WHERE name = ${sql.val(name)} RETURNING name`,
      )
    : []
  if (rows.length === 0) throw InvalidInputError.field('name', `no declared claim ${name}`)
}

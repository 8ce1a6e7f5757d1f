import { DECLARATION_COLUMNS, mapDeclaration } from '../../core/claims/declaration-row.js'
import type { ClaimDeclaration } from '../../core/claims/declaration.js'
import { CLAIMS_TABLE, claimsTablesExist, MAPPINGS_TABLE } from '../../core/claims/tables.js'
import { InvalidInputError } from '../../core/errors.js'
import type { PluginContext } from '../../core/plugin/types.js'
import { sql } from '../../core/sql/sql.js'
import { checkDeclaration } from './declaration.js'
import { consoleDb } from '../../core/console-schema/plugin-tables.js'
import { ensureTables } from './store-access.js'

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
  const db = consoleDb(ctx.pool, ctx.config.consoleSchema)
  const taken = async () =>
    (await db.selectFrom(CLAIMS_TABLE).select('name').where('name', '=', d.name).execute()).length >
    0
  if (d.original && d.original !== d.name && (await taken())) {
    throw InvalidInputError.field('name', `claim ${d.name} is already declared`)
  }
  const values = {
    name: d.name,
    type: d.type,
    description: d.description,
    required: d.required,
    updated_by: user.name,
  }
  const row = d.original
    ? await db
        .updateTable(CLAIMS_TABLE)
        .set({ ...values, updated_at: sql<Date>`now()` })
        .where('name', '=', d.original)
        .returning(DECLARATION_COLUMNS)
        .executeTakeFirst()
    : await db
        .insertInto(CLAIMS_TABLE)
        .values(values)
        .onConflict((oc) => oc.column('name').doNothing())
        .returning(DECLARATION_COLUMNS)
        .executeTakeFirst()
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
  const exists = await claimsTablesExist(ctx.pool, schema)
  const db = consoleDb(ctx.pool, schema)
  const mapped = exists
    ? await db
        .selectFrom(MAPPINGS_TABLE)
        .select('role')
        .where('claim', '=', name)
        .orderBy('role')
        .execute()
    : []
  if (mapped.length > 0) {
    throw InvalidInputError.field(
      'name',
      `claim ${name} is mapped for ${mapped.map((m) => m.role).join(', ')}: remove those mappings first`,
    )
  }
  const rows = exists
    ? await db.deleteFrom(CLAIMS_TABLE).where('name', '=', name).returning('name').execute()
    : []
  if (rows.length === 0) throw InvalidInputError.field('name', `no declared claim ${name}`)
}

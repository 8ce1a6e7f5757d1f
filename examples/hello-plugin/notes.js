// @ts-check
// The plugin's own table in the console schema, and what its page and resource read and write.
import {
  consoleQuery,
  consoleTableExists,
  ensureConsoleTables,
  InvalidInputError,
  plan,
  requestActor,
  sql,
  statement,
  withSession,
} from 'pg-planetary/plugin'

/** @typedef {import('pg-planetary/plugin').PluginContext} PluginContext */
/** @typedef {import('pg-planetary/plugin').PluginRequest} PluginRequest */
/**
 * @typedef {{ id: string, body: string, author: string, acting_role: string,
 *   server_version: string, created_at: string }} Note
 */

export const NOTES_TABLE = 'hello_plugin_note'

/** @param {string} schema */
function createNotesTable(schema) {
  return plan(
    statement({
      kind: 'create_table',
      sql: sql`CREATE TABLE IF NOT EXISTS ${sql.id(schema, NOTES_TABLE)} (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 500),
  author text NOT NULL,
  acting_role text NOT NULL,
  server_version text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
)`,
      summary: `Create ${schema}.${NOTES_TABLE} for the hello plugin's notes`,
    }),
  )
}

/**
 * The newest notes first; none before the first note made the table.
 * @param {PluginContext} ctx
 * @returns {Promise<Note[]>}
 */
export async function listNotes(ctx) {
  const schema = ctx.config.consoleSchema
  if (!(await consoleTableExists(ctx.pool, schema, NOTES_TABLE))) return []
  return consoleQuery(
    ctx.pool,
    sql`SELECT id::text AS id, body, author, acting_role, server_version,
  to_char(created_at, 'YYYY-MM-DD HH24:MI:SS') AS created_at
FROM ${sql.id(schema, NOTES_TABLE)} ORDER BY id DESC LIMIT 100`,
  )
}

/**
 * Records a note: asks PostgreSQL, as the signed-in user's own role, who it is and which server
 * it runs on, then stores the note with those facts in the plugin's table (made on first use
 * through an executor, so its creation is in the change log).
 * @param {PluginContext} ctx
 * @param {PluginRequest} request
 * @param {string} body
 * @returns {Promise<Note>}
 */
export async function addNote(ctx, request, body) {
  const text = body.trim()
  if (text.length > 500) throw InvalidInputError.field('body', 'must be at most 500 characters')
  if (!text) throw InvalidInputError.field('body', 'is required')
  const [fact] = await withSession(ctx.pool, requestActor(request), (session) =>
    session.query(
      sql`SELECT current_user::text AS role, current_setting('server_version') AS version`,
    ),
  )
  await ensureConsoleTables(
    ctx,
    request.user,
    NOTES_TABLE,
    createNotesTable(ctx.config.consoleSchema),
  )
  const [note] = await consoleQuery(
    ctx.pool,
    sql`INSERT INTO ${sql.id(ctx.config.consoleSchema, NOTES_TABLE)} (body, author, acting_role, server_version)
VALUES (${text}, ${request.user.name}, ${String(fact?.role)}, ${String(fact?.version)})
RETURNING id::text AS id, body, author, acting_role, server_version,
  to_char(created_at, 'YYYY-MM-DD HH24:MI:SS') AS created_at`,
  )
  return /** @type {Note} */ (note)
}

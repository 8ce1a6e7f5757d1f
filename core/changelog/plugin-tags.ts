import { poolDb } from '../db/kysely.js'
import type { Pool } from '../db/pool.js'
import { PlanFailedError, type Executor } from '../executor/executor.js'
import { statement, type Statement } from '../executor/statement.js'
import { sql } from '../sql/sql.js'

/** Which plugin applied each plan of the change log, beside it (the executor knows no plugins). */
export const PLUGIN_TAGS_TABLE = 'change_log_plugin'

export interface PluginTagsTable {
  change_id: string
  plugin: string
}

/** The table that says which plugin's page applied a change log entry. */
export function createPluginTagsTable(schema: string): Statement[] {
  return [
    statement({
      kind: 'create_table',
      sql: sql`CREATE TABLE IF NOT EXISTS ${sql.id(schema, PLUGIN_TAGS_TABLE)} (
  change_id bigint PRIMARY KEY REFERENCES ${sql.id(schema, 'change_log')} (id) ON DELETE CASCADE,
  plugin text NOT NULL
)`,
      summary: `Create ${schema}.${PLUGIN_TAGS_TABLE}: which plugin applied each plan`,
    }),
  ]
}

/** kysely on the console schema with the tags table typed. */
export function tagsDb(pool: Pool, schema: string) {
  return poolDb(pool).withSchema(schema).withTables<{ [PLUGIN_TAGS_TABLE]: PluginTagsTable }>()
}

async function tag(pool: Pool, schema: string, changeId: string, plugin: string): Promise<void> {
  try {
    await tagsDb(pool, schema)
      .insertInto(PLUGIN_TAGS_TABLE)
      .values({ change_id: changeId, plugin })
      .onConflict((c) => c.column('change_id').doNothing())
      .execute()
  } catch (err) {
    // The plan is applied and recorded: a missing tag only leaves its plugin unnamed.
    console.error(`Change log #${changeId}: could not record plugin ${plugin}:`, err)
  }
}

/**
 * The executor a plugin is handed: the same one, whose applies also record which plugin made
 * them, failed ones included (the change log keeps those too).
 *
 * @example ctx.executor = pluginExecutor(executor, { pool, schema: 'planetary', plugin: 'roles' })
 */
export function pluginExecutor(
  executor: Executor,
  o: { readonly pool: Pool; readonly schema: string; readonly plugin: string },
): Executor {
  const tagged = Object.create(executor) as Executor
  tagged.apply = async (plan, actor) => {
    try {
      const result = await executor.apply(plan, actor)
      await tag(o.pool, o.schema, result.changeLogId, o.plugin)
      return result
    } catch (err) {
      if (err instanceof PlanFailedError && err.result.changeLogId) {
        await tag(o.pool, o.schema, err.result.changeLogId, o.plugin)
      }
      throw err
    }
  }
  return tagged
}

/**
 * The plugin SDK, `pg-planetary/plugin`: everything a plugin shipped apart from the console may
 * use. A plugin is one plain object (`definePlugin`); its pages answer through `pageHandler`,
 * run their queries as the signed-in user through `withSession` and the `sql` template, read the
 * catalog through the introspection engine, and run DDL plans through the executor (`runPlan`).
 * Its components import the UI kit from `pg-planetary/ui`; a read-only resource comes from
 * `pg-planetary/resources`. docs/plugins.md is the guide.
 *
 * @example
 * import { definePlugin, componentFile, pageHandler } from 'pg-planetary/plugin'
 *
 * export const plugin = definePlugin({
 *   id: 'acme-reports',
 *   title: 'ACME reports',
 *   personas: ['ops'],
 *   pages: {
 *     overview: {
 *       component: 'AcmeReportsOverview',
 *       handler: pageHandler({ load: async (_q, _r, ctx) => ({ version: ctx.serverVersionNum }), actions: {} }),
 *     },
 *   },
 *   components: { AcmeReportsOverview: componentFile(import.meta.url, './components/overview.tsx') },
 * })
 */

// The plugin contract.
export { componentPrefix, definePlugin, isPluginDefinition } from './define-plugin.js'
export type {
  Persona,
  PluginContext,
  PluginDefinition,
  PluginPage,
  PluginRequest,
  PluginRequirements,
  PluginResource,
  PrivilegeRequirement,
} from './types.js'
export { componentFile, requestActor } from './actor.js'

// Pages: handlers, payload fields, replies, plans.
export {
  pageHandler,
  planMode,
  textField,
  type PageAction,
  type PageSpec,
  type PlanMode,
} from './page.js'
export {
  applyReply,
  errorReply,
  failureReply,
  planReply,
  previewReply,
  resultReply,
  type ErrorReply,
  type Reply,
  type StatementReply,
} from './replies.js'
export { runPlan } from './run-plan.js'

// SQL: the `sql` template (kysely's, with checked identifiers), sessions as a user. A session
// hands out kysely bound to the user's transaction (`session.db`); `poolDb(ctx.pool)` is kysely on
// the console's own login. A plugin types its own tables with `db.withTables<PluginTables>()`.
export { sql, type SqlFragment } from '../sql/sql.js'
export { withSession, type Actor, type Session } from '../db/session.js'
export { poolDb, type Db } from '../db/kysely.js'
export type { Database } from '../db/database.js'
export type { Pool, PoolClient } from '../db/pool.js'
export type { Config } from '../config/schema.js'

// Plugin tables in the console schema, made on first use through an executor.
export {
  consoleQuery,
  consoleTableExists,
  ensureConsoleTables,
} from '../console-schema/plugin-tables.js'

// DDL plans and the executor that previews and applies them.
export {
  plan,
  statement,
  type LockLevel,
  type Plan,
  type Statement,
} from '../executor/statement.js'
export {
  PlanFailedError,
  type ApplyResult,
  type Executor,
  type PreviewResult,
  type StatementResult,
} from '../executor/executor.js'

// Errors a page throws; the page's edge turns them into refusals beside the fields they name.
export { ConsoleError, ExecutionError, InvalidInputError, NotFoundError } from '../errors.js'

// The introspection engine: typed, metadata-only reads of pg_catalog.
export {
  catalogChangeToken,
  introspect,
  introspectRelation,
  introspectSchema,
  withCatalog,
  type CatalogScope,
  type CatalogSnapshot,
  type RelationDetail,
  type RelationRef,
} from '../introspect/index.js'
export * as catalog from '../introspect/index.js'

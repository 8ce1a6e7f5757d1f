// Types only: core stays free of AdminJS at run time outside the host.
import type { ResourceWithOptions } from 'adminjs'
import type { Config } from '../config/schema.js'
import type { Pool } from '../db/pool.js'
import type { Executor } from '../executor/executor.js'

/** Who a plugin serves: Karen (data), Bob (ops), Senior (dev), console admins (admin). */
export type Persona = 'data' | 'ops' | 'dev' | 'admin'

/** A privilege the console's login must hold for a plugin to work. */
export type PrivilegeRequirement =
  | { readonly kind: 'role'; readonly role: string }
  | { readonly kind: 'database'; readonly privilege: 'CREATE' | 'CONNECT' | 'TEMPORARY' }
  | { readonly kind: 'schema'; readonly schema: string; readonly privilege: 'CREATE' | 'USAGE' }
  | { readonly kind: 'table'; readonly table: string; readonly privilege: string }
  | { readonly kind: 'function'; readonly signature: string }

export interface PluginRequirements {
  /** Extensions that must be installed in the database (`CREATE EXTENSION` done). */
  readonly extensions?: readonly string[]
  /** Minimum `server_version_num`, e.g. 150000 for PostgreSQL 15. */
  readonly serverVersion?: number
  readonly privileges?: readonly PrivilegeRequirement[]
}

/**
 * What a plugin gets when the host builds its resources and answers its pages: the plugin API
 * beside the SDK's functions (docs/plugins.md).
 *
 * - `pool` is the console's login (the authenticator, NOINHERIT): it owns the console schema, so
 *   a plugin keeps its own tables there (`ensureConsoleTables`). Work done for a user runs as
 *   that user's role through `withSession(ctx.pool, actor, …)`; catalog reads go through the
 *   introspection engine (`introspect(ctx.pool, …)`, `introspectRelation`), metadata only.
 * - `executor` runs DDL plans as the DDL role: previewed (rolled back) or applied in one
 *   transaction, recorded in the change log (`runPlan` does both for a page).
 *
 * @example
 * handler: pageHandler({
 *   load: async (_query, request, ctx) => ({ version: ctx.serverVersionNum }),
 *   actions: {},
 * })
 */
export interface PluginContext {
  /** The console's validated configuration (consoleSchema, the plugins enabled, limits …). */
  readonly config: Config
  /** The console's pool (authenticator login). */
  readonly pool: Pool
  /** Runs DDL plans as the DDL role, recording them in the change log. */
  readonly executor: Executor
  /** The server's `server_version_num`, e.g. 170004: choose version-specific SQL by it. */
  readonly serverVersionNum: number
}

/**
 * An AdminJS resource a plugin adds to its sidebar section: a resource (an adapter instance,
 * e.g. the SDK's `CatalogResource` from `pg-planetary/resources`) and its AdminJS options. The
 * host shows it only to users with one of the plugin's personas.
 */
export type PluginResource = ResourceWithOptions

/** A custom page in the plugin's sidebar section. */
export interface PluginPage {
  /** Component name registered in `components`. */
  readonly component: string
  /** The page's name in the sidebar and its title (AdminJS's default is the page id, title-cased). */
  readonly title?: string
  readonly icon?: string
  /**
   * For an editor: the name of the page (of the same plugin) listing what it edits. Such a page
   * is left out of the sidebar and reached from that list, which the sidebar marks while the
   * editor is open.
   */
  readonly editorOf?: string
  /** Answers the page's data requests; state changes only on POST. */
  readonly handler?: (request: PluginRequest, ctx: PluginContext) => Promise<unknown>
}

export interface PluginRequest {
  readonly method: string
  readonly payload?: Record<string, unknown>
  readonly query?: Record<string, unknown>
  readonly user: {
    readonly name: string
    readonly role: string
    readonly personas: readonly Persona[]
  }
}

/** A manager as one plain object (see `definePlugin`). */
export interface PluginDefinition {
  /** Lower-case id used in config (`plugins: ['policies']`) and as component-name prefix. */
  readonly id: string
  readonly title: string
  readonly description?: string
  readonly personas: readonly Persona[]
  readonly requires?: PluginRequirements
  /** Its AdminJS resources, built when the console starts (import AdminJS code lazily here). */
  readonly resources?: (
    ctx: PluginContext,
  ) => readonly PluginResource[] | Promise<readonly PluginResource[]>
  readonly pages?: Readonly<Record<string, PluginPage>>
  /** Component name → absolute path of its .tsx source; names must start with the plugin's prefix. */
  readonly components?: Readonly<Record<string, string>>
  /**
   * The plugin's key figures for the dashboard card of a user who may use it (a few counts,
   * read as the console's login: metadata only). A card that fails shows without figures.
   */
  readonly card?: (ctx: PluginContext) => Promise<readonly PluginFigure[]>
}

/** One key figure on a plugin's dashboard card, e.g. `{ label: 'Roles', value: 12, page: 'list' }`. */
export interface PluginFigure {
  readonly label: string
  readonly value: number | string
  /** The plugin page the figure links to, by its name in `pages`. */
  readonly page?: string
}

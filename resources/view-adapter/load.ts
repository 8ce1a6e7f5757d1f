import type { CurrentAdmin, ResourceWithOptions } from 'adminjs'
import { resourceOptionsSchema, type ResourceOptions } from '../../core/config/schema.js'
import type { Pool } from '../../core/db/pool.js'
import type { Actor } from '../../core/db/session.js'
import { InvalidInputError } from '../../core/errors.js'
import { ViewAccess } from './access.js'
import { introspectViews } from './introspect.js'
import { buildResourceOptions, formOrder, listSettings } from './resource-options.js'
import { ViewResource } from './view-resource.js'

export interface ViewResourcesOptions {
  /** The console's authenticator pool (a NOINHERIT login that may SET ROLE to served roles). */
  pool: Pool
  /** Postgres roles of the console's users (e.g. ['karen', 'bob_devops']). */
  servedRoles: readonly string[]
  /** Maps the logged-in user to role + claims; throws if there is none. */
  resolveActor: (currentAdmin: CurrentAdmin | undefined) => Promise<Actor>
  /** Django-admin-style options keyed by 'schema.view'. */
  resourceOptions?: Readonly<Record<string, ResourceOptions>>
  /** Schemas never served, e.g. the console's own schema. */
  excludeSchemas?: readonly string[]
  /**
   * The user's role without a round trip, for the buttons of the first page a user sees (AdminJS
   * asks `isAccessible` synchronously). Default: `currentAdmin.role` when it is a served role.
   */
  roleOf?: (currentAdmin: CurrentAdmin) => string | undefined
  /** Count exactly up to this many rows, estimate above (default 10,000). */
  exactCountBelow?: number
  /** How long a list's count may run before "many" is shown instead (default 250 ms). */
  countBudgetMs?: number
  /** How long cached privileges answer `isAccessible` before a refresh (default 30 s). */
  privilegeTtlMs?: number
}

/**
 * Every view (and, read-only, every materialized view) that any served role may use, as AdminJS
 * resources ready for `new AdminJS({ resources })`: id `schema.view`, grouped by schema.
 *
 * @example
 * const resources = await loadViewResources({ pool, servedRoles: ['karen'], resolveActor })
 * const admin = new AdminJS({ resources })
 */
export async function loadViewResources(o: ViewResourcesOptions): Promise<ResourceWithOptions[]> {
  if (o.servedRoles.length === 0) {
    throw InvalidInputError.field('servedRoles', 'name at least one role to serve')
  }
  const resourceOptions: Record<string, ResourceOptions> = {}
  for (const [id, opts] of Object.entries(o.resourceOptions ?? {})) {
    const parsed = resourceOptionsSchema.safeParse(opts)
    if (!parsed.success) {
      throw InvalidInputError.field(
        `resources.${id}`,
        parsed.error.issues.map((i) => i.message).join('; '),
      )
    }
    resourceOptions[id] = parsed.data
  }
  const { views, privileges } = await introspectViews(o.pool, {
    servedRoles: o.servedRoles,
    excludeSchemas: o.excludeSchemas,
    resourceOptions,
  })
  const access = new ViewAccess(
    {
      pool: o.pool,
      servedRoles: o.servedRoles,
      resolveActor: o.resolveActor,
      roleOf: o.roleOf,
      privilegeTtlMs: o.privilegeTtlMs,
    },
    views.map((v) => v.oid),
    privileges,
  )
  return views.map((model) => {
    const options = resourceOptions[model.id]
    const list = listSettings(model, options)
    const resource = new ViewResource(model, {
      pool: o.pool,
      access,
      list,
      exactCountBelow: o.exactCountBelow ?? 10_000,
      countBudgetMs: o.countBudgetMs ?? 250,
      formOrder: formOrder(model, options),
    })
    return { resource, options: buildResourceOptions({ resource, access, list, options }) }
  })
}

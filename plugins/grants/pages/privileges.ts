import { z } from 'zod'
import { grant, privilegesFor, revoke, PRIVILEGES } from '../../../core/builders/grant.js'
import { nameSchema } from '../../../core/builders/names.js'
import { validate } from '../../../core/builders/validate.js'
import type { Pool } from '../../../core/db/pool.js'
import { InvalidInputError } from '../../../core/errors.js'
import { queryRows, withCatalog } from '../../../core/introspect/index.js'
import { pageHandler, planMode, type PlanMode } from '../../../core/plugin/page.js'
import type { Plan } from '../../../core/executor/statement.js'
import type { PluginContext, PluginRequest } from '../../../core/plugin/types.js'
import { sql } from '../../../core/sql/sql.js'
import { grantWarnings, revokeWarnings } from '../acl-warnings.js'
import { listGrantableObjects } from '../object-list.js'
import { runPlan } from '../../../core/plugin/run-plan.js'
import { resolveTarget, type ResolvedTarget } from '../target.js'

const changeSchema = z.object({
  privileges: z.array(z.string()).min(1, 'choose at least one privilege'),
  grantees: z.array(nameSchema).min(1, 'choose at least one role'),
  withGrantOption: z.boolean().default(false),
  grantOptionOnly: z.boolean().default(false),
  cascade: z.boolean().default(false),
})

/** Every role name, PUBLIC first: who a privilege can be granted to. */
async function granteeNames(pool: Pool): Promise<string[]> {
  const rows = await withCatalog(pool, {}, (ctx) =>
    queryRows<{ rolname: string }>(
      ctx,
      sql`SELECT r.rolname FROM pg_catalog.pg_roles r ORDER BY r.rolname ~ '^pg_', r.rolname`,
    ),
  )
  return ['PUBLIC', ...rows.map((r) => r.rolname)]
}

function checkGrantees(known: readonly string[], grantees: readonly string[]): void {
  const unknown = grantees.filter((g) => g.toUpperCase() !== 'PUBLIC' && !known.includes(g))
  if (unknown.length) {
    throw InvalidInputError.field(
      'grantees',
      `no role ${unknown.map((g) => JSON.stringify(g)).join(', ')}`,
    )
  }
}

function aclReply(r: ResolvedTarget) {
  return {
    label: r.label,
    owner: r.acl.owner,
    isDefault: r.acl.isDefault,
    entries: r.acl.entries,
    columns: r.acl.columns,
  }
}

function offered(ctx: PluginContext) {
  const kinds = Object.keys(PRIVILEGES) as (keyof typeof PRIVILEGES)[]
  return Object.fromEntries(kinds.map((k) => [k, privilegesFor(k, ctx.serverVersionNum)]))
}

/** After an apply, the object's ACL read again: what the page shows next. */
async function after(mode: PlanMode, target: unknown, ctx: PluginContext) {
  if (mode !== 'apply') return {}
  return { acl: aclReply(await resolveTarget(ctx.pool, target, ctx.config.consoleSchema)) }
}

/**
 * A grant or revoke on the payload's target: the target resolved and the form checked (known
 * grantees), the plan shown / dry-run / applied, and after an apply the ACL read again.
 */
async function change(
  payload: Readonly<Record<string, unknown>>,
  request: PluginRequest,
  ctx: PluginContext,
  build: (
    resolved: ResolvedTarget,
    form: z.output<typeof changeSchema>,
  ) => { plan: Plan; warnings: string[] },
): Promise<Record<string, unknown>> {
  const mode = planMode(payload)
  const resolved = await resolveTarget(ctx.pool, payload.target, ctx.config.consoleSchema)
  const form = validate(changeSchema, payload)
  checkGrantees(await granteeNames(ctx.pool), form.grantees)
  const { plan, warnings } = build(resolved, form)
  const result = await runPlan(plan, mode, request, ctx)
  return { ...result, warnings, ...(await after(mode, payload.target, ctx)) }
}

/** The GET query of the page as a target: `kind`, `schema`, `name`, `args`. */
function queryTarget(query: Readonly<Record<string, unknown>>): unknown {
  const kind = query.kind
  if (kind === 'schema') return { kind, name: query.name }
  return {
    kind,
    schema: query.schema,
    name: query.name,
    ...(kind === 'function' ? { args: query.args ?? '' } : {}),
  }
}

/**
 * One object's privileges: pick a table, view, column set, schema, function or sequence, see
 * its ACL (NULL ACLs as the built-in default), grant and revoke with a live SQL preview.
 */
export const privilegesPage = pageHandler({
  async load(query, _request, ctx) {
    const [objects, grantees] = await Promise.all([
      listGrantableObjects(ctx.pool, ctx.config.consoleSchema),
      granteeNames(ctx.pool),
    ])
    const picked = typeof query.kind === 'string' && query.kind !== ''
    const acl = picked
      ? aclReply(await resolveTarget(ctx.pool, queryTarget(query), ctx.config.consoleSchema))
      : null
    return { objects, grantees, privileges: offered(ctx), acl }
  },
  actions: {
    grant: (payload, request, ctx) =>
      change(payload, request, ctx, (resolved, form) => ({
        plan: grant({
          target: resolved.target,
          privileges: form.privileges,
          grantees: form.grantees,
          withGrantOption: form.withGrantOption,
          serverVersionNum: ctx.serverVersionNum,
        }),
        warnings: grantWarnings(resolved, form.grantees, form.privileges),
      })),
    revoke: (payload, request, ctx) =>
      change(payload, request, ctx, (resolved, form) => ({
        plan: revoke({
          target: resolved.target,
          privileges: form.privileges,
          grantees: form.grantees,
          grantOptionOnly: form.grantOptionOnly,
          cascade: form.cascade,
          serverVersionNum: ctx.serverVersionNum,
        }),
        warnings: revokeWarnings(resolved, form.grantees, form.privileges, form),
      })),
  },
})

import { z } from 'zod'
import { nameSchema } from '../../../core/builders/names.js'
import {
  alterRole,
  createRole,
  dropRole,
  grantMembership,
  revokeMembership,
  revokeMembershipAdmin,
  type MembershipOptions,
} from '../../../core/builders/role.js'
import { resetRoleSetting, setRoleSetting } from '../../../core/builders/role-settings.js'
import { validate } from '../../../core/builders/validate.js'
import { InvalidInputError } from '../../../core/errors.js'
import type { Role } from '../../../core/introspect/index.js'
import { pageHandler, planMode } from '../../../core/plugin/page.js'
import { runPlan } from '../../../core/plugin/run-plan.js'
import type { PluginContext } from '../../../core/plugin/types.js'
import { findRole, readRoleDetail, readRoleRights, readRoles } from '../catalog.js'
import { parseRoleForm, roleForm } from '../form.js'
import { settingValue } from '../setting-value.js'

const membershipSchema = z.object({
  group: nameSchema,
  member: nameSchema,
  change: z.enum(['grant', 'revoke', 'revoke-admin']),
  admin: z.boolean().default(false),
  inherit: z.boolean().default(true),
  set: z.boolean().default(true),
})

const settingSchema = z.object({
  role: nameSchema,
  name: z.string().min(1, 'is required'),
  value: z.string().default(''),
  database: z.string().default(''),
  reset: z.boolean().default(false),
})

const dropSchema = z.object({
  role: nameSchema,
  reassignTo: z.string().default(''),
  dropOwned: z.boolean().default(false),
})

/** Per-grant INHERIT and SET exist from PG 16. */
const membershipOptionsSupported = (ctx: PluginContext) => ctx.serverVersionNum >= 160000

function membershipView(role: Role) {
  return {
    memberOf: role.memberOf.map((m) => ({ ...m })),
    members: role.members.map((m) => ({ ...m })),
  }
}

/**
 * The role that runs the plans, the attributes it may hand out and the connected database, in
 * one query. From PG 16 a CREATEROLE role grants CREATEDB and BYPASSRLS only when it has them
 * itself; before, CREATEROLE was enough for CREATEDB and BYPASSRLS took a superuser. A
 * superuser grants all.
 */
async function planRunner(ctx: PluginContext) {
  const { rows } = await ctx.pool.query<{
    rolsuper: boolean
    rolcreaterole: boolean
    rolcreatedb: boolean
    rolbypassrls: boolean
    db: string
  }>(
    `SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, current_database() AS db
     FROM pg_catalog.pg_roles WHERE rolname = coalesce($1, current_user)`,
    [ctx.executor.ddlRole ?? null],
  )
  const r = rows[0]
  const pg16 = ctx.serverVersionNum >= 160000
  return {
    grantable: {
      createDb: Boolean(r?.rolsuper || (pg16 ? r?.rolcreatedb : r?.rolcreaterole)),
      bypassRls: Boolean(r?.rolsuper || (pg16 && r?.rolbypassrls)),
    },
    database: r?.db ?? '',
  }
}

async function detail(ctx: PluginContext, name: string) {
  const { role, dependents, settings, roles } = await readRoleDetail(ctx.pool, name)
  const rights = await readRoleRights(ctx.pool, name, ctx.config.consoleSchema)
  return {
    role: roleForm(role),
    superuser: role.superuser,
    replication: role.replication,
    settings,
    rights,
    ...membershipView(role),
    dependents,
    roles: roles.map((r) => r.name),
  }
}

/** Settings a role may be given (ALTER ROLE … SET): those a session may change. */
async function settingNames(ctx: PluginContext): Promise<string[]> {
  const { rows } = await ctx.pool.query<{ name: string }>(
    `SELECT name FROM pg_catalog.pg_settings WHERE context IN ('user', 'superuser') ORDER BY name`,
  )
  return rows.map((r) => r.name)
}

/** Everything the editor shows: a role (or a blank form) and what the forms offer. */
async function editorState(ctx: PluginContext, name: string) {
  const base = {
    membershipOptions: membershipOptionsSupported(ctx),
    runsAs: ctx.executor.ddlRole ?? null,
    ...(await planRunner(ctx)),
  }
  if (name) return { ...base, settingNames: await settingNames(ctx), ...(await detail(ctx, name)) }
  const roles = await readRoles(ctx.pool)
  return { ...base, role: null, roles: roles.map((r) => r.name) }
}

/** Roles the console itself runs as: dropping them would lock Bob out. */
async function consoleRoles(ctx: PluginContext): Promise<string[]> {
  const { rows } = await ctx.pool.query<{ login: string }>('SELECT session_user AS login')
  return [rows[0]?.login ?? '', ctx.executor.ddlRole ?? ''].filter(Boolean)
}

/**
 * One role: create or change its attributes (password sent as a SCRAM verifier), its
 * memberships both ways, and drop it with a report of what blocks the drop and the REASSIGN /
 * DROP OWNED steps that clear it.
 */
export const roleEditorPage = pageHandler({
  async load(query, _request, ctx) {
    const name = typeof query.role === 'string' ? query.role : ''
    return editorState(ctx, name)
  },
  actions: {
    async save(payload, request, ctx) {
      const mode = planMode(payload)
      const original = typeof payload.original === 'string' ? payload.original : ''
      const after = parseRoleForm(payload.role)
      const roles = await readRoles(ctx.pool, { includePredefined: true })
      const taken = roles.some((r) => r.name === after.name)
      if (taken && after.name !== original) {
        throw InvalidInputError.field(
          'role.name',
          `a role named ${JSON.stringify(after.name)} exists`,
        )
      }
      if (after.name.startsWith('pg_')) {
        throw InvalidInputError.field(
          'role.name',
          'names starting with pg_ are reserved for the server',
        )
      }
      const plan = original
        ? alterRole(roleForm(findRole(roles, original, 'original')), after)
        : createRole(after)
      const result = await runPlan(plan, mode, request, ctx)
      return mode === 'apply' ? { ...result, ...(await editorState(ctx, after.name)) } : result
    },

    async membership(payload, request, ctx) {
      const mode = planMode(payload)
      const m = validate(membershipSchema, payload)
      const roles = await readRoles(ctx.pool, { includePredefined: true })
      findRole(roles, m.group, 'group')
      findRole(roles, m.member, 'member')
      if (m.group === m.member)
        throw InvalidInputError.field('group', 'a role cannot be its own member')
      const options: MembershipOptions = membershipOptionsSupported(ctx)
        ? { admin: m.admin, inherit: m.inherit, set: m.set }
        : { admin: m.admin }
      const plan =
        m.change === 'grant'
          ? grantMembership(m.group, m.member, options)
          : m.change === 'revoke'
            ? revokeMembership(m.group, m.member)
            : revokeMembershipAdmin(m.group, m.member)
      const result = await runPlan(plan, mode, request, ctx)
      const focus = typeof payload.focus === 'string' ? payload.focus : m.member
      return mode === 'apply' ? { ...result, ...(await editorState(ctx, focus)) } : result
    },

    async setting(payload, request, ctx) {
      const mode = planMode(payload)
      const s = validate(settingSchema, payload)
      const roles = await readRoles(ctx.pool, { includePredefined: true })
      findRole(roles, s.role, 'role')
      if (!s.name.includes('.') && !(await settingNames(ctx)).includes(s.name)) {
        throw InvalidInputError.field(
          'name',
          `${JSON.stringify(s.name)} is not a setting a role can be given (custom settings need a prefix, like app.tenant_id)`,
        )
      }
      const target = { role: s.role, name: s.name, ...(s.database ? { database: s.database } : {}) }
      if (!s.reset && s.value.trim() === '') throw InvalidInputError.field('value', 'is required')
      const plan = s.reset
        ? resetRoleSetting(target)
        : setRoleSetting(target, await settingValue(s.value))
      const result = await runPlan(plan, mode, request, ctx)
      return mode === 'apply' ? { ...result, ...(await editorState(ctx, s.role)) } : result
    },

    async drop(payload, request, ctx) {
      const mode = planMode(payload)
      const d = validate(dropSchema, payload)
      const { dependents, roles } = await readRoleDetail(ctx.pool, d.role)
      if ((await consoleRoles(ctx)).includes(d.role)) {
        throw InvalidInputError.field(
          'role',
          `${d.role} is a role the console runs as; it cannot be dropped from here`,
        )
      }
      if (d.reassignTo) {
        findRole(roles, d.reassignTo, 'reassignTo')
        if (d.reassignTo === d.role)
          throw InvalidInputError.field('reassignTo', 'choose another role to hand the objects to')
      }
      const plan = dropRole(d.role, {
        ...(d.reassignTo ? { reassignTo: d.reassignTo } : {}),
        dropOwned: d.dropOwned,
      })
      const elsewhere = dependents.filter((x) => !x.here)
      const warnings = elsewhere.map(
        (x) =>
          `${x.count} ${x.kind === 'owns' ? 'object(s) owned' : `${x.kind} entr${x.count === 1 ? 'y' : 'ies'}`} in database ${x.database ?? '?'}: REASSIGN / DROP OWNED must run there too before the role can go.`,
      )
      const result = await runPlan(plan, mode, request, ctx)
      return { ...result, warnings, dependents }
    },
  },
})

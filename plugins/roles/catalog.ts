import type { Pool } from '../../core/db/pool.js'
import { InvalidInputError } from '../../core/errors.js'
import {
  fetchEffectivePrivileges,
  fetchRoleDependents,
  fetchRoles,
  fetchRoleSettings,
  withCatalog,
  type EffectivePrivilege,
  type Role,
  type RoleDependent,
  type RoleSettingEntry,
} from '../../core/introspect/index.js'

/** Roles as the pages show them: predefined pg_* roles only when asked, sorted by name. */
export async function readRoles(
  pool: Pool,
  options: { includePredefined?: boolean } = {},
): Promise<Role[]> {
  const roles = await withCatalog(pool, { includeSystemSchemas: true }, fetchRoles)
  return roles
    .filter((r) => options.includePredefined || !r.name.startsWith('pg_'))
    .sort((a, b) => a.name.localeCompare(b.name))
}

export interface RoleDetail {
  readonly role: Role
  readonly dependents: RoleDependent[]
  readonly settings: RoleSettingEntry[]
  readonly roles: Role[]
}

/** One role, what blocks dropping it and its session settings, read in one snapshot. */
export async function readRoleDetail(pool: Pool, name: string): Promise<RoleDetail> {
  return withCatalog(pool, { includeSystemSchemas: true }, async (ctx) => {
    const roles = (await fetchRoles(ctx)).sort((a, b) => a.name.localeCompare(b.name))
    const role = roles.find((r) => r.name === name)
    if (!role) throw InvalidInputError.field('role', `there is no role ${JSON.stringify(name)}`)
    const dependents = await fetchRoleDependents(ctx, name)
    return { role, dependents, settings: await fetchRoleSettings(ctx, name), roles }
  })
}

/** A role's rights on one object, the privileges gathered (SELECT via readers, …). */
export interface ObjectRights {
  readonly objectType: string
  readonly schema: string | null
  readonly name: string
  readonly column: string | null
  readonly privileges: readonly { privilege: string; via: readonly string[]; grantable: boolean }[]
}

/**
 * What a role may do on the application's objects (system schemas and the console's own left
 * out), one entry per object, through its grants, inherited memberships and PUBLIC.
 */
export async function readRoleRights(
  pool: Pool,
  name: string,
  consoleSchema: string,
): Promise<{ superuser: boolean; inheritsFrom: readonly string[]; objects: ObjectRights[] }> {
  const eff = await withCatalog(pool, {}, (ctx) => fetchEffectivePrivileges(ctx, name))
  if (!eff) throw InvalidInputError.field('role', `there is no role ${JSON.stringify(name)}`)
  const objects = new Map<
    string,
    ObjectRights & { privileges: ObjectRights['privileges'][number][] }
  >()
  for (const p of eff.privileges.filter(
    (x: EffectivePrivilege) => x.schema !== consoleSchema && x.name !== consoleSchema,
  )) {
    const key = `${p.objectType}\0${p.schema ?? ''}\0${p.name}\0${p.column ?? ''}`
    const entry = objects.get(key) ?? {
      objectType: p.objectType,
      schema: p.schema,
      name: p.name,
      column: p.column,
      privileges: [],
    }
    entry.privileges.push({ privilege: p.privilege, via: p.via, grantable: p.grantable })
    objects.set(key, entry)
  }
  return {
    superuser: eff.superuser,
    inheritsFrom: eff.inheritsFrom,
    objects: [...objects.values()],
  }
}

/** A role that must exist, or a refusal naming the field it came from. */
export function findRole(roles: readonly Role[], name: string, field: string): Role {
  const role = roles.find((r) => r.name === name)
  if (!role) throw InvalidInputError.field(field, `there is no role ${JSON.stringify(name)}`)
  return role
}

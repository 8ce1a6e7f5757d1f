import type { Pool } from '../../core/db/pool.js'
import { InvalidInputError } from '../../core/errors.js'
import {
  fetchRoleDependents,
  fetchRoles,
  withCatalog,
  type Role,
  type RoleDependent,
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

/** One role and what blocks dropping it, read in one snapshot. */
export async function readRoleDetail(
  pool: Pool,
  name: string,
): Promise<{ role: Role; dependents: RoleDependent[]; roles: Role[] }> {
  return withCatalog(pool, { includeSystemSchemas: true }, async (ctx) => {
    const roles = (await fetchRoles(ctx)).sort((a, b) => a.name.localeCompare(b.name))
    const role = roles.find((r) => r.name === name)
    if (!role) throw InvalidInputError.field('role', `there is no role ${JSON.stringify(name)}`)
    return { role, dependents: await fetchRoleDependents(ctx, name), roles }
  })
}

/** A role that must exist, or a refusal naming the field it came from. */
export function findRole(roles: readonly Role[], name: string, field: string): Role {
  const role = roles.find((r) => r.name === name)
  if (!role) throw InvalidInputError.field(field, `there is no role ${JSON.stringify(name)}`)
  return role
}

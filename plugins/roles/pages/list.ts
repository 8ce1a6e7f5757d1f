import { pageHandler } from '../../../core/plugin/page.js'
import type { Role } from '../../../core/introspect/index.js'
import { readRoles } from '../catalog.js'
import { validUntilIso } from '../form.js'
import { layoutRoleGraph } from '../graph.js'

function summary(r: Role) {
  return {
    name: r.name,
    login: r.login,
    superuser: r.superuser,
    inherit: r.inherit,
    createRole: r.createRole,
    createDb: r.createDb,
    bypassRls: r.bypassRls,
    replication: r.replication,
    connectionLimit: r.connectionLimit,
    validUntil: validUntilIso(r.validUntil),
    memberOf: r.memberOf.map((m) => ({ role: m.role, admin: m.admin })),
    members: r.members.map((m) => ({ role: m.role, admin: m.admin })),
    comment: r.comment,
  }
}

/** Every role with its attributes and memberships, and the hierarchy laid out for drawing. */
export const roleListPage = pageHandler({
  async load(query, _request, ctx) {
    const includePredefined = query.predefined === '1' || query.predefined === true
    const all = await readRoles(ctx.pool, { includePredefined: true })
    const roles = all.filter((r) => includePredefined || !r.name.startsWith('pg_'))
    return {
      roles: roles.map(summary),
      graph: layoutRoleGraph(all, { versionNum: ctx.serverVersionNum }),
      includePredefined,
    }
  },
  actions: {},
})

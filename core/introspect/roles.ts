import { sql, type SqlFragment } from '../sql/sql.js'
import { queryRows } from './catalog-session.js'
import type { QueryContext } from './context.js'
import { catalogFeatures } from './features.js'

/** [role oid, role name, admin option, inherit option, set option, grantor name]. */
type MembershipTuple = [number, string, boolean, boolean | null, boolean | null, string | null]

/** One pg_roles row (never rolpassword) with its memberships aggregated both ways. */
export interface RoleRow {
  oid: number
  rolname: string
  rolsuper: boolean
  rolinherit: boolean
  rolcreaterole: boolean
  rolcreatedb: boolean
  rolcanlogin: boolean
  rolreplication: boolean
  rolbypassrls: boolean
  rolconnlimit: number
  rolvaliduntil: string | null
  rolconfig: string[] | null
  /** Roles this role is a member of. */
  member_of: MembershipTuple[] | null
  /** Roles that are members of this role. */
  members: MembershipTuple[] | null
  description: string | null
}

export interface Membership {
  readonly roleOid: number
  /** The other role: the group in `memberOf`, the member in `members`. */
  readonly role: string
  /** WITH ADMIN OPTION: may grant this membership on. */
  readonly admin: boolean
  /** PG 16+: privileges inherit through this grant; null on older servers (see rolinherit). */
  readonly inherit: boolean | null
  /** PG 16+: SET ROLE allowed through this grant; null on older servers. */
  readonly set: boolean | null
  readonly grantor: string | null
}

export interface Role {
  readonly oid: number
  readonly name: string
  readonly superuser: boolean
  readonly inherit: boolean
  readonly createRole: boolean
  readonly createDb: boolean
  readonly login: boolean
  readonly replication: boolean
  readonly bypassRls: boolean
  /** -1 for no limit. */
  readonly connectionLimit: number
  readonly validUntil: string | null
  readonly config: readonly string[]
  readonly memberOf: readonly Membership[]
  readonly members: readonly Membership[]
  readonly comment: string | null
}

function memberships(ctx: QueryContext, side: 'member' | 'roleid'): SqlFragment {
  const f = catalogFeatures(ctx.versionNum)
  const other = side === 'member' ? sql`m.roleid` : sql`m.member`
  const options = f.membershipOptions
    ? sql`m.inherit_option, m.set_option`
    : sql`NULL::bool, NULL::bool`
  return sql`SELECT m.${sql.raw(side)} AS key,
    pg_catalog.json_agg(pg_catalog.json_build_array(o.oid::int8, o.rolname, m.admin_option, ${options}, g.rolname)
      ORDER BY o.rolname) AS items
  FROM pg_catalog.pg_auth_members m
  JOIN pg_catalog.pg_roles o ON o.oid = ${other}
  LEFT JOIN pg_catalog.pg_roles g ON g.oid = m.grantor
  GROUP BY m.${sql.raw(side)}`
}

/** Roles are cluster-wide: no schema filter; predefined pg_* roles only with system objects. */
export function rolesQuery(ctx: QueryContext): SqlFragment {
  const system = ctx.scope.includeSystemSchemas ? sql`true` : sql`r.rolname !~ '^pg_'`
  return sql`SELECT r.oid, r.rolname, r.rolsuper, r.rolinherit, r.rolcreaterole, r.rolcreatedb,
  r.rolcanlogin, r.rolreplication, r.rolbypassrls, r.rolconnlimit, r.rolvaliduntil::text AS rolvaliduntil,
  r.rolconfig, mo.items AS member_of, mb.items AS members, d.description
FROM pg_catalog.pg_roles r
LEFT JOIN (${memberships(ctx, 'member')}) mo ON mo.key = r.oid
LEFT JOIN (${memberships(ctx, 'roleid')}) mb ON mb.key = r.oid
LEFT JOIN pg_catalog.pg_shdescription d
  ON d.objoid = r.oid AND d.classoid = 'pg_catalog.pg_authid'::pg_catalog.regclass
WHERE ${system}
ORDER BY r.rolname`
}

function mapMembership([roleOid, role, admin, inherit, set, grantor]: MembershipTuple): Membership {
  return { roleOid, role, admin, inherit, set, grantor }
}

/** @example mapRole(row).memberOf[0]?.admin */
export function mapRole(row: RoleRow): Role {
  return {
    oid: row.oid,
    name: row.rolname,
    superuser: row.rolsuper,
    inherit: row.rolinherit,
    createRole: row.rolcreaterole,
    createDb: row.rolcreatedb,
    login: row.rolcanlogin,
    replication: row.rolreplication,
    bypassRls: row.rolbypassrls,
    connectionLimit: row.rolconnlimit,
    validUntil: row.rolvaliduntil,
    config: row.rolconfig ?? [],
    memberOf: (row.member_of ?? []).map(mapMembership),
    members: (row.members ?? []).map(mapMembership),
    comment: row.description,
  }
}

/** @example (await withCatalog(pool, {}, fetchRoles)).filter((r) => r.login) */
export async function fetchRoles(ctx: QueryContext): Promise<Role[]> {
  return (await queryRows<RoleRow>(ctx, rolesQuery(ctx))).map(mapRole)
}

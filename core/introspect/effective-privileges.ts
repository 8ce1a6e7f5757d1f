import { sql, type SqlFragment } from '../sql/sql.js'
import { queryRows } from './catalog-session.js'
import type { QueryContext } from './context.js'
import { catalogFeatures } from './features.js'
import { notExtensionMember, relationFilter, schemaFilter } from './filters.js'
import { privilegeObjectType, type PrivilegeObjectType } from './privileges.js'

/** One privilege a role holds on an object, with the grantees it comes through. */
export interface EffectivePrivilegeRow {
  object_type: string
  oid: number
  nspname: string | null
  objname: string
  attname: string | null
  privilege_type: string
  /** Grantee names the privilege reaches the role through; null stands for PUBLIC. */
  via: (string | null)[]
  grantable: boolean
}

export interface EffectivePrivilege {
  readonly objectType: PrivilegeObjectType
  readonly oid: number
  readonly schema: string | null
  readonly name: string
  readonly column: string | null
  readonly privilege: string
  /** The role itself, a role it inherits from, or `PUBLIC`. */
  readonly via: readonly string[]
  readonly grantable: boolean
}

export interface EffectivePrivileges {
  readonly role: string
  /** A superuser passes every privilege check whatever the ACLs say. */
  readonly superuser: boolean
  /** Roles whose privileges this role uses without SET ROLE (itself first). */
  readonly inheritsFrom: readonly string[]
  readonly privileges: readonly EffectivePrivilege[]
}

interface ChainRow {
  rolname: string
  rolsuper: boolean
  chain: string[]
}

// Membership grants this role inherits privileges through: per grant on PG 16+
// (inherit_option), per member role's INHERIT attribute before.
function chainCte(ctx: QueryContext, role: string): SqlFragment {
  const inherits = catalogFeatures(ctx.versionNum).membershipOptions
    ? sql`m.inherit_option`
    : sql`mr.rolinherit`
  return sql`chain(roleid) AS (
  SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = ${sql.val(role)}
  UNION
  SELECT m.roleid
  FROM chain ch
  JOIN pg_catalog.pg_auth_members m ON m.member = ch.roleid
  JOIN pg_catalog.pg_roles mr ON mr.oid = m.member
  WHERE ${inherits}
)`
}

/**
 * Privileges `role` holds on relations, columns, schemas, sequences and routines in scope:
 * ACL entries (with acldefault() standing in for NULL ACLs, so owners and PUBLIC defaults
 * count) whose grantee is the role, a role it inherits from, or PUBLIC. Set-based over the
 * ACLs; no has_*_privilege call per object.
 */
export function effectivePrivilegesQuery(ctx: QueryContext, role: string): SqlFragment {
  const grantee = sql`(a.grantee = 0 OR a.grantee IN (SELECT roleid FROM chain))`
  const relationOnly = ctx.scope.relationOid !== undefined
  const branches: SqlFragment[] = [
    sql`SELECT 'rel:' || c.relkind::text AS object_type, c.oid, n.nspname, c.relname AS objname, NULL::name AS attname, a.grantee, a.privilege_type, a.is_grantable
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  CROSS JOIN LATERAL pg_catalog.aclexplode(coalesce(c.relacl, pg_catalog.acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner))) a
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND ${grantee}
    AND ${schemaFilter(ctx, sql`n`)} AND ${relationFilter(ctx, sql`c.oid`)}
    AND ${notExtensionMember(ctx, 'pg_class', sql`c.oid`)}`,
    sql`SELECT 'col:' || c.relkind::text, c.oid, n.nspname, c.relname, at.attname, a.grantee, a.privilege_type, a.is_grantable
  FROM pg_catalog.pg_attribute at
  JOIN pg_catalog.pg_class c ON c.oid = at.attrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  CROSS JOIN LATERAL pg_catalog.aclexplode(at.attacl) a
  WHERE at.attacl IS NOT NULL AND at.attnum > 0 AND NOT at.attisdropped AND ${grantee}
    AND ${schemaFilter(ctx, sql`n`)} AND ${relationFilter(ctx, sql`c.oid`)}
    AND ${notExtensionMember(ctx, 'pg_class', sql`c.oid`)}`,
  ]
  if (!relationOnly) {
    branches.push(
      sql`SELECT 'schema', n.oid, NULL::name, n.nspname, NULL::name, a.grantee, a.privilege_type, a.is_grantable
  FROM pg_catalog.pg_namespace n
  CROSS JOIN LATERAL pg_catalog.aclexplode(coalesce(n.nspacl, pg_catalog.acldefault('n', n.nspowner))) a
  WHERE ${grantee} AND ${schemaFilter(ctx, sql`n`)} AND ${notExtensionMember(ctx, 'pg_namespace', sql`n.oid`)}`,
      sql`SELECT 'proc:' || p.prokind::text, p.oid, n.nspname,
    p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')', NULL::name, a.grantee, a.privilege_type, a.is_grantable
  FROM pg_catalog.pg_proc p
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
  CROSS JOIN LATERAL pg_catalog.aclexplode(coalesce(p.proacl, pg_catalog.acldefault('f', p.proowner))) a
  WHERE ${grantee} AND ${schemaFilter(ctx, sql`n`)} AND ${notExtensionMember(ctx, 'pg_proc', sql`p.oid`)}`,
    )
  }
  return sql`WITH RECURSIVE ${chainCte(ctx, role)}
SELECT x.object_type, x.oid, x.nspname, x.objname, x.attname, x.privilege_type,
  pg_catalog.array_agg(DISTINCT CASE WHEN x.grantee = 0 THEN NULL ELSE pg_catalog.pg_get_userbyid(x.grantee)::text END) AS via,
  pg_catalog.bool_or(x.is_grantable) AS grantable
FROM (
${sql.join(branches, sql`\nUNION ALL\n`)}
) x
GROUP BY x.object_type, x.oid, x.nspname, x.objname, x.attname, x.privilege_type
ORDER BY x.object_type, x.nspname, x.objname, x.attname, x.privilege_type`
}

function chainQuery(ctx: QueryContext, role: string): SqlFragment {
  return sql`WITH RECURSIVE ${chainCte(ctx, role)}
SELECT r.rolname, r.rolsuper,
  ARRAY(SELECT pg_catalog.pg_get_userbyid(ch.roleid)::text FROM chain ch ORDER BY ch.roleid <> r.oid, 1) AS chain
FROM pg_catalog.pg_roles r WHERE r.rolname = ${sql.val(role)}`
}

/** @example mapEffectivePrivilege(row).via // ['app_reader', 'PUBLIC'] */
export function mapEffectivePrivilege(row: EffectivePrivilegeRow): EffectivePrivilege {
  return {
    objectType: privilegeObjectType(row.object_type),
    oid: row.oid,
    schema: row.nspname,
    name: row.objname,
    column: row.attname,
    privilege: row.privilege_type,
    via: row.via.map((v) => v ?? 'PUBLIC').sort(),
    grantable: row.grantable,
  }
}

/**
 * What `role` may do in scope, through its own grants, inherited memberships and PUBLIC.
 * Returns null when the role does not exist.
 *
 * @example
 * const eff = await withCatalog(client, { schemas: ['app'] }, (ctx) => fetchEffectivePrivileges(ctx, 'karen'))
 */
export async function fetchEffectivePrivileges(
  ctx: QueryContext,
  role: string,
): Promise<EffectivePrivileges | null> {
  const [head] = await queryRows<ChainRow>(ctx, chainQuery(ctx, role))
  if (!head) return null
  const rows = await queryRows<EffectivePrivilegeRow>(ctx, effectivePrivilegesQuery(ctx, role))
  return {
    role: head.rolname,
    superuser: head.rolsuper,
    inheritsFrom: head.chain,
    privileges: rows.map(mapEffectivePrivilege),
  }
}

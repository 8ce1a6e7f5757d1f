import { sql, type SqlFragment } from '../sql/sql.js'
import { queryRows } from './catalog-session.js'
import type { QueryContext } from './context.js'
import { catalogFeatures, tablePrivilegeNames } from './features.js'
import { notExtensionMember } from './filters.js'
import { relationKind, type RelationKind } from './kinds.js'

/** Why a role holds a privilege. */
export type PrivilegeReasonKind = 'direct' | 'member' | 'public' | 'predefined' | 'superuser'

export interface PrivilegeReason {
  readonly kind: PrivilegeReasonKind
  /**
   * Whose grant it is: the role itself (direct, superuser), the role it inherits from (member),
   * `PUBLIC`, or the predefined role (pg_read_all_data, pg_write_all_data, pg_maintain).
   */
  readonly grantee: string
  /** The membership path from the row's role to `grantee`, both ends included; [] for PUBLIC and superuser. */
  readonly chain: readonly string[]
  /** Who granted the ACL entry; null for predefined roles and superusers. */
  readonly grantor: string | null
  readonly grantable: boolean
}

/** A row of the matrix: a role, or PUBLIC (oid 0) whose cells are the grants to PUBLIC. */
export interface MatrixRole {
  readonly oid: number
  readonly name: string
  readonly superuser: boolean
  readonly login: boolean
  readonly inherit: boolean
  /** A pg_* role the server defines (pg_read_all_data, pg_monitor, …). */
  readonly predefined: boolean
  /** Roles it is directly a member of. */
  readonly memberOf: readonly string[]
}

export interface MatrixColumn {
  readonly attnum: number
  readonly name: string
}

export interface MatrixRelation {
  readonly oid: number
  readonly schema: string
  readonly name: string
  readonly kind: RelationKind
  readonly owner: string
  readonly columns: readonly MatrixColumn[]
}

/** One privilege a role holds on a relation (column null) or one column. */
export interface MatrixCell {
  readonly role: string
  readonly relationOid: number
  readonly column: string | null
  readonly privilege: string
  readonly reasons: readonly PrivilegeReason[]
}

/** Effective table and column privileges of every role on every relation of one schema. */
export interface PrivilegeMatrix {
  readonly schema: string
  /** Table privileges the server knows, in ACL order (MAINTAIN on PG 17+). */
  readonly privileges: readonly string[]
  readonly columnPrivileges: readonly string[]
  /** PUBLIC first, then roles by name. */
  readonly roles: readonly MatrixRole[]
  readonly relations: readonly MatrixRelation[]
  /** Only the privileges held: a missing cell is a privilege the role does not have. */
  readonly cells: readonly MatrixCell[]
}

export const COLUMN_PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'REFERENCES'] as const

/** Predefined roles that pass table privilege checks whatever the ACL says, by major. */
function predefinedGrants(versionNum: number): [string, string][] {
  const grants: [string, string][] = [
    ['pg_read_all_data', 'SELECT'],
    ['pg_write_all_data', 'INSERT'],
    ['pg_write_all_data', 'UPDATE'],
    ['pg_write_all_data', 'DELETE'],
  ]
  if (catalogFeatures(versionNum).maintainPrivilege) grants.push(['pg_maintain', 'MAINTAIN'])
  return grants
}

export interface MatrixOptions {
  /** List the pg_* predefined roles as rows too (they still count as reasons when hidden). */
  readonly includePredefined?: boolean
  /**
   * Picks, from the schema's relations, those whose cells are read (a page of a large schema);
   * every relation is still listed. Without it, all of them.
   */
  readonly selectRelations?: (relations: readonly MatrixRelation[]) => readonly MatrixRelation[]
}

function roleFilter(options: MatrixOptions): SqlFragment {
  return options.includePredefined ? sql`true` : sql`r.rolname !~ '^pg_'`
}

/**
 * The inheritance edges privilege checks follow (roles_is_member_of with ROLERECURSE_PRIVS):
 * per grant on PG 16+ (inherit_option), per member role's INHERIT attribute before. The
 * database owner is implicitly a member of pg_database_owner, on the same terms.
 */
function edges(ctx: QueryContext): SqlFragment {
  if (catalogFeatures(ctx.versionNum).membershipOptions) {
    return sql`SELECT m.member, m.roleid FROM pg_catalog.pg_auth_members m WHERE m.inherit_option
  UNION
  SELECT d.datdba, 'pg_database_owner'::pg_catalog.regrole::pg_catalog.oid
  FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database()`
  }
  return sql`SELECT m.member, m.roleid FROM pg_catalog.pg_auth_members m
  JOIN pg_catalog.pg_roles mr ON mr.oid = m.member WHERE mr.rolinherit
  UNION
  SELECT d.datdba, 'pg_database_owner'::pg_catalog.regrole::pg_catalog.oid
  FROM pg_catalog.pg_database d JOIN pg_catalog.pg_roles dr ON dr.oid = d.datdba
  WHERE d.datname = pg_catalog.current_database() AND dr.rolinherit`
}

/** One row per (role, relation, column or 0, privilege) held, with its reasons as JSON arrays. */
export interface MatrixCellRow {
  roleid: number
  relid: number
  attnum: number
  privilege_type: string
  /** [kind, grantee (null = PUBLIC), chain, grantor, grantable] */
  reasons: [PrivilegeReasonKind, string | null, string[] | null, string | null, boolean][]
}

/**
 * Every role's effective privileges on the schema's relations and their columns, in one
 * set-based query over the ACLs: aclexplode (acldefault() for NULL ACLs) joined to the
 * inheritance closure of every role at once, plus PUBLIC, predefined roles and superusers.
 * No has_*_privilege call: the integration tests hold this query to them cell by cell.
 */
export function matrixCellsQuery(
  ctx: QueryContext,
  schema: string,
  options: MatrixOptions & { readonly relationOids?: readonly number[] } = {},
): SqlFragment {
  const only = options.relationOids
    ? sql`AND c.oid = ANY(${sql.val(options.relationOids.map(String))}::pg_catalog.oid[])`
    : sql``
  const predefined = predefinedGrants(ctx.versionNum)
  return sql`WITH RECURSIVE
edge(member, roleid) AS (
  ${edges(ctx)}
),
roles AS (
  SELECT r.oid, r.rolsuper FROM pg_catalog.pg_roles r WHERE ${roleFilter(options)}
),
reach(member, roleid, path) AS (
  SELECT ro.oid, ro.oid, ARRAY[ro.oid] FROM roles ro
  UNION ALL
  SELECT re.member, e.roleid, re.path || e.roleid
  FROM reach re JOIN edge e ON e.member = re.roleid
  WHERE e.roleid <> ALL (re.path)
),
via AS (
  SELECT v.member, v.roleid,
    ARRAY(SELECT pg_catalog.pg_get_userbyid(u.r)::text
          FROM pg_catalog.unnest(v.path) WITH ORDINALITY u(r, o) ORDER BY u.o) AS chain
  FROM (
    SELECT DISTINCT ON (member, roleid) member, roleid, path FROM reach
    ORDER BY member, roleid, pg_catalog.cardinality(path), path
  ) v
),
rel AS (
  SELECT c.oid, c.relowner, c.relacl
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ${sql.val(schema)} AND c.relkind IN ('r', 'p', 'v', 'm', 'f') ${only}
    AND ${notExtensionMember(ctx, 'pg_class', sql`c.oid`)}
),
acl AS (
  SELECT rel.oid AS relid, 0::int2 AS attnum, a.grantor, a.grantee, a.privilege_type, a.is_grantable
  FROM rel
  CROSS JOIN LATERAL pg_catalog.aclexplode(coalesce(rel.relacl, pg_catalog.acldefault('r', rel.relowner))) a
  UNION ALL
  SELECT at.attrelid, at.attnum, a.grantor, a.grantee, a.privilege_type, a.is_grantable
  FROM rel
  JOIN pg_catalog.pg_attribute at ON at.attrelid = rel.oid
  CROSS JOIN LATERAL pg_catalog.aclexplode(at.attacl) a
  WHERE at.attnum > 0 AND NOT at.attisdropped AND at.attacl IS NOT NULL
),
predefined(rolname, privilege_type) AS (
  SELECT * FROM ROWS FROM (
    pg_catalog.unnest(${sql.val(predefined.map((p) => p[0]))}::text[]),
    pg_catalog.unnest(${sql.val(predefined.map((p) => p[1]))}::text[]))
),
src AS (
  SELECT v.member AS roleid, acl.relid, acl.attnum, acl.privilege_type,
    CASE WHEN v.member = v.roleid THEN 'direct' ELSE 'member' END AS kind,
    acl.grantee AS holder, v.chain, acl.grantor, acl.is_grantable
  FROM acl JOIN via v ON v.roleid = acl.grantee
  UNION ALL
  SELECT ro.oid, acl.relid, acl.attnum, acl.privilege_type, 'public', 0::oid, NULL::text[], acl.grantor, acl.is_grantable
  FROM acl CROSS JOIN roles ro WHERE acl.grantee = 0
  UNION ALL
  SELECT 0::oid, acl.relid, acl.attnum, acl.privilege_type, 'direct', 0::oid, NULL::text[], acl.grantor, acl.is_grantable
  FROM acl WHERE acl.grantee = 0
  UNION ALL
  SELECT v.member, rel.oid, 0::int2, p.privilege_type, 'predefined', v.roleid, v.chain, NULL::oid, false
  FROM via v
  JOIN pg_catalog.pg_roles pr ON pr.oid = v.roleid
  JOIN predefined p ON p.rolname = pr.rolname::text
  CROSS JOIN rel
  UNION ALL
  SELECT ro.oid, rel.oid, 0::int2, p.privilege_type, 'superuser', ro.oid, NULL::text[], NULL::oid, true
  FROM roles ro
  CROSS JOIN rel
  CROSS JOIN pg_catalog.unnest(${sql.val([...tablePrivilegeNames(ctx.versionNum)])}::text[]) p(privilege_type)
  WHERE ro.rolsuper
)
SELECT s.roleid, s.relid, s.attnum, s.privilege_type,
  pg_catalog.json_agg(pg_catalog.json_build_array(
    s.kind,
    CASE WHEN s.holder = 0 THEN NULL ELSE pg_catalog.pg_get_userbyid(s.holder) END,
    s.chain,
    CASE WHEN s.grantor IS NULL THEN NULL ELSE pg_catalog.pg_get_userbyid(s.grantor) END,
    s.is_grantable
  ) ORDER BY s.kind, s.holder, s.grantor) AS reasons
FROM src s
GROUP BY s.roleid, s.relid, s.attnum, s.privilege_type`
}

export interface MatrixRoleRow {
  oid: number
  rolname: string
  rolsuper: boolean
  rolcanlogin: boolean
  rolinherit: boolean
  member_of: string[]
}

/** The matrix rows: roles (predefined ones only when asked for) with their direct memberships. */
export function matrixRolesQuery(options: MatrixOptions = {}): SqlFragment {
  return sql`SELECT r.oid, r.rolname, r.rolsuper, r.rolcanlogin, r.rolinherit,
  ARRAY(SELECT g.rolname::text FROM pg_catalog.pg_auth_members m
        JOIN pg_catalog.pg_roles g ON g.oid = m.roleid
        WHERE m.member = r.oid ORDER BY 1) AS member_of
FROM pg_catalog.pg_roles r
WHERE ${roleFilter(options)}
ORDER BY r.rolname`
}

export interface MatrixRelationRow {
  oid: number
  relname: string
  relkind: string
  owner: string
  columns: [number, string][]
}

/** The schema's tables, partitioned tables, views, materialized views and foreign tables with their columns. */
export function matrixRelationsQuery(ctx: QueryContext, schema: string): SqlFragment {
  return sql`SELECT c.oid, c.relname, c.relkind::text AS relkind,
  pg_catalog.pg_get_userbyid(c.relowner) AS owner,
  coalesce((SELECT pg_catalog.json_agg(pg_catalog.json_build_array(a.attnum, a.attname) ORDER BY a.attnum)
            FROM pg_catalog.pg_attribute a
            WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '[]') AS columns
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ${sql.val(schema)} AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND ${notExtensionMember(ctx, 'pg_class', sql`c.oid`)}
ORDER BY c.relname`
}

/** The PUBLIC pseudo-role: its row holds what is granted to everyone. */
export const PUBLIC_ROLE: MatrixRole = {
  oid: 0,
  name: 'PUBLIC',
  superuser: false,
  login: false,
  inherit: true,
  predefined: false,
  memberOf: [],
}

/** @example mapMatrixRole(row).predefined // true for pg_read_all_data */
export function mapMatrixRole(row: MatrixRoleRow): MatrixRole {
  return {
    oid: row.oid,
    name: row.rolname,
    superuser: row.rolsuper,
    login: row.rolcanlogin,
    inherit: row.rolinherit,
    predefined: row.rolname.startsWith('pg_'),
    memberOf: row.member_of,
  }
}

/**
 * Maps the cell rows, naming roles and columns. Rows of roles or relations outside the lists
 * (a role filtered out) are dropped.
 */
export function mapMatrixCells(
  rows: readonly MatrixCellRow[],
  roles: readonly MatrixRole[],
  relations: readonly MatrixRelation[],
): MatrixCell[] {
  const roleNames = new Map(roles.map((r) => [r.oid, r.name]))
  const rels = new Map(relations.map((r) => [r.oid, r]))
  const cells: MatrixCell[] = []
  for (const row of rows) {
    const role = roleNames.get(row.roleid)
    const rel = rels.get(row.relid)
    if (role === undefined || !rel) continue
    const column =
      row.attnum === 0 ? null : (rel.columns.find((c) => c.attnum === row.attnum)?.name ?? null)
    if (row.attnum !== 0 && column === null) continue
    cells.push({
      role,
      relationOid: row.relid,
      column,
      privilege: row.privilege_type,
      reasons: row.reasons.map(([kind, grantee, chain, grantor, grantable]) => ({
        kind,
        grantee: grantee ?? 'PUBLIC',
        chain: chain ?? [],
        grantor,
        grantable,
      })),
    })
  }
  return cells
}

/**
 * The privilege matrix of one schema: roles (PUBLIC first), relations with columns, and every
 * privilege each role holds with why, read in the caller's catalog snapshot.
 *
 * @example
 * const m = await withCatalog(pool, {}, (ctx) => fetchPrivilegeMatrix(ctx, 'app'))
 * cellReasons(m, 'karen', oid, 'SELECT') // [{ kind: 'member', chain: ['karen', 'readers'], … }]
 */
export async function fetchPrivilegeMatrix(
  ctx: QueryContext,
  schema: string,
  options: MatrixOptions = {},
): Promise<PrivilegeMatrix> {
  const roleRows = await queryRows<MatrixRoleRow>(ctx, matrixRolesQuery(options))
  const relationRows = await queryRows<MatrixRelationRow>(ctx, matrixRelationsQuery(ctx, schema))
  const roles = [PUBLIC_ROLE, ...roleRows.map(mapMatrixRole)]
  const relations = relationRows.map((r) => ({
    oid: r.oid,
    schema,
    name: r.relname,
    kind: relationKind(r.relkind),
    owner: r.owner,
    columns: r.columns.map(([attnum, name]) => ({ attnum, name })),
  }))
  const picked = options.selectRelations?.(relations)
  const cellRows = await queryRows<MatrixCellRow>(
    ctx,
    matrixCellsQuery(
      ctx,
      schema,
      picked ? { ...options, relationOids: picked.map((r) => r.oid) } : options,
    ),
  )
  return {
    schema,
    privileges: tablePrivilegeNames(ctx.versionNum),
    columnPrivileges: COLUMN_PRIVILEGES,
    roles,
    relations,
    cells: mapMatrixCells(cellRows, roles, relations),
  }
}

import { sql, type SqlFragment } from '../sql/sql.js'
import { queryRows } from './catalog-session.js'
import type { QueryContext } from './context.js'

/** One pg_shdepend entry naming a role, described by the server. */
export interface RoleDependentRow {
  /** `o` owner, `a` privilege (ACL), `r` policy role, `i` initial privilege. */
  deptype: string
  /** The database the object lives in; null for shared objects (databases, tablespaces). */
  datname: string | null
  /** Whether the object lives in the connected database (only those can be described). */
  here: boolean
  /** pg_describe_object text for objects here or shared; null for other databases. */
  description: string | null
  /** How many entries this row stands for (rows of other databases are counted, not listed). */
  count: number
}

export type RoleDependentKind = 'owns' | 'privilege' | 'policy' | 'initial privilege'

/** Something that stops `DROP ROLE`: an object the role owns, a privilege or a policy naming it. */
export interface RoleDependent {
  readonly kind: RoleDependentKind
  /** null: a shared object (a database or a tablespace). */
  readonly database: string | null
  readonly here: boolean
  readonly description: string | null
  readonly count: number
}

const KINDS: Record<string, RoleDependentKind> = {
  o: 'owns',
  a: 'privilege',
  r: 'policy',
  i: 'initial privilege',
}

/**
 * What depends on a role, from pg_shdepend: objects it owns, privileges granted to it, policies
 * that name it — described one by one in this database and for shared objects, counted per
 * database elsewhere (their catalogs are not readable from here). Memberships do not block a
 * drop and are not listed.
 */
export function roleDependentsQuery(role: string): SqlFragment {
  return sql`WITH r AS (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = ${sql.val(role)}),
d AS (
  SELECT s.deptype::text AS deptype, s.dbid, s.classid, s.objid, s.objsubid
  FROM pg_catalog.pg_shdepend s
  WHERE s.refclassid = 'pg_catalog.pg_authid'::pg_catalog.regclass AND s.refobjid = (SELECT oid FROM r)
    AND s.deptype IN ('o', 'a', 'r', 'i')
)
SELECT d.deptype, db.datname, true AS here,
  pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid) AS description, 1 AS count
FROM d LEFT JOIN pg_catalog.pg_database db ON db.oid = d.dbid
WHERE d.dbid = 0 OR d.dbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())
UNION ALL
SELECT d.deptype, db.datname, false, NULL, count(*)::int
FROM d JOIN pg_catalog.pg_database db ON db.oid = d.dbid
WHERE db.datname <> pg_catalog.current_database()
GROUP BY d.deptype, db.datname
ORDER BY 3 DESC, 2 NULLS FIRST, 1, 4`
}

/** @example mapRoleDependent(row).kind // 'owns' */
export function mapRoleDependent(row: RoleDependentRow): RoleDependent {
  return {
    kind: KINDS[row.deptype] ?? 'privilege',
    database: row.datname,
    here: row.here,
    description: row.description,
    count: row.count,
  }
}

/**
 * What blocks dropping `role`, in this database and (counted) in the others.
 *
 * @example (await withCatalog(pool, {}, (ctx) => fetchRoleDependents(ctx, 'old_app'))).length
 */
export async function fetchRoleDependents(
  ctx: QueryContext,
  role: string,
): Promise<RoleDependent[]> {
  return (await queryRows<RoleDependentRow>(ctx, roleDependentsQuery(role))).map(mapRoleDependent)
}

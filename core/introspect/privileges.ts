import { sql, type SqlFragment } from '../sql/sql.js'
import { queryRows } from './catalog-session.js'
import type { QueryContext } from './context.js'
import { notExtensionMember, relationFilter, schemaFilter } from './filters.js'
import { relationKind, routineKind } from './kinds.js'

/** One ACL entry from aclexplode, with the object it belongs to. */
export interface PrivilegeRow {
  /** `rel:` + relkind, `col:` + relkind, `proc:` + prokind, or schema / type / fdw / server / database. */
  object_type: string
  oid: number
  nspname: string | null
  objname: string
  attname: string | null
  grantor: string
  /** Role name, or null for PUBLIC. */
  grantee: string | null
  privilege_type: string
  is_grantable: boolean
}

export type PrivilegeObjectType =
  | 'table'
  | 'partitionedTable'
  | 'view'
  | 'materializedView'
  | 'foreignTable'
  | 'sequence'
  | 'column'
  | 'schema'
  | 'function'
  | 'procedure'
  | 'aggregate'
  | 'window'
  | 'type'
  | 'foreignDataWrapper'
  | 'foreignServer'
  | 'database'

export interface Privilege {
  readonly objectType: PrivilegeObjectType
  readonly oid: number
  readonly schema: string | null
  readonly name: string
  /** Set for column privileges. */
  readonly column: string | null
  readonly grantor: string
  /** Role name, or `PUBLIC`. */
  readonly grantee: string
  /** SELECT, INSERT, …, MAINTAIN (PG 17+), USAGE, CREATE, EXECUTE, CONNECT, TEMPORARY. */
  readonly privilege: string
  readonly grantable: boolean
}

const ENTRY = sql`a.grantor, a.grantee, a.privilege_type, a.is_grantable`

/**
 * Leaves out the owner's own entries (owner granting to itself): once an object has an ACL,
 * it repeats the owner's implicit privileges, which on a catalog with grants made this list
 * 5× longer without saying anything new.
 */
function notOwnerSelf(owner: SqlFragment): SqlFragment {
  return sql`NOT (a.grantee = ${owner} AND a.grantor = ${owner})`
}

/**
 * Explicit grants (non-NULL ACLs, minus the owner's entries to itself) on relations, columns, schemas, routines and types in scope,
 * plus wrappers, servers and this database. A NULL ACL means the built-in defaults (owner has
 * everything, PUBLIC has EXECUTE on functions and USAGE on types): those are not listed here,
 * `fetchEffectivePrivileges` expands them with acldefault().
 */
export function privilegesQuery(ctx: QueryContext): SqlFragment {
  const relationOnly = ctx.scope.relationOid !== undefined
  const branches: SqlFragment[] = [
    sql`SELECT 'rel:' || c.relkind::text AS object_type, c.oid, n.nspname, c.relname AS objname, NULL::name AS attname, ${ENTRY}
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) a
  WHERE c.relacl IS NOT NULL AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND ${notOwnerSelf(sql`c.relowner`)}
    AND ${schemaFilter(ctx, sql`n`)} AND ${relationFilter(ctx, sql`c.oid`)}
    AND ${notExtensionMember(ctx, 'pg_class', sql`c.oid`)}`,
    sql`SELECT 'col:' || c.relkind::text, c.oid, n.nspname, c.relname, at.attname, ${ENTRY}
  FROM pg_catalog.pg_attribute at
  JOIN pg_catalog.pg_class c ON c.oid = at.attrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  CROSS JOIN LATERAL pg_catalog.aclexplode(at.attacl) a
  WHERE at.attacl IS NOT NULL AND at.attnum > 0 AND NOT at.attisdropped AND ${notOwnerSelf(sql`c.relowner`)}
    AND ${schemaFilter(ctx, sql`n`)} AND ${relationFilter(ctx, sql`c.oid`)}
    AND ${notExtensionMember(ctx, 'pg_class', sql`c.oid`)}`,
  ]
  if (!relationOnly) {
    branches.push(
      sql`SELECT 'schema', n.oid, NULL::name, n.nspname, NULL::name, ${ENTRY}
  FROM pg_catalog.pg_namespace n
  CROSS JOIN LATERAL pg_catalog.aclexplode(n.nspacl) a
  WHERE n.nspacl IS NOT NULL AND ${notOwnerSelf(sql`n.nspowner`)} AND ${schemaFilter(ctx, sql`n`)}
    AND ${notExtensionMember(ctx, 'pg_namespace', sql`n.oid`)}`,
      sql`SELECT 'proc:' || p.prokind::text, p.oid, n.nspname,
    p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')', NULL::name, ${ENTRY}
  FROM pg_catalog.pg_proc p
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
  CROSS JOIN LATERAL pg_catalog.aclexplode(p.proacl) a
  WHERE p.proacl IS NOT NULL AND ${notOwnerSelf(sql`p.proowner`)} AND ${schemaFilter(ctx, sql`n`)}
    AND ${notExtensionMember(ctx, 'pg_proc', sql`p.oid`)}`,
      sql`SELECT 'type', t.oid, n.nspname, t.typname, NULL::name, ${ENTRY}
  FROM pg_catalog.pg_type t
  JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
  CROSS JOIN LATERAL pg_catalog.aclexplode(t.typacl) a
  WHERE t.typacl IS NOT NULL AND ${notOwnerSelf(sql`t.typowner`)} AND ${schemaFilter(ctx, sql`n`)}
    AND ${notExtensionMember(ctx, 'pg_type', sql`t.oid`)}`,
      sql`SELECT 'fdw', w.oid, NULL::name, w.fdwname, NULL::name, ${ENTRY}
  FROM pg_catalog.pg_foreign_data_wrapper w
  CROSS JOIN LATERAL pg_catalog.aclexplode(w.fdwacl) a
  WHERE w.fdwacl IS NOT NULL AND ${notOwnerSelf(sql`w.fdwowner`)}`,
      sql`SELECT 'server', s.oid, NULL::name, s.srvname, NULL::name, ${ENTRY}
  FROM pg_catalog.pg_foreign_server s
  CROSS JOIN LATERAL pg_catalog.aclexplode(s.srvacl) a
  WHERE s.srvacl IS NOT NULL AND ${notOwnerSelf(sql`s.srvowner`)}`,
      sql`SELECT 'database', db.oid, NULL::name, db.datname, NULL::name, ${ENTRY}
  FROM pg_catalog.pg_database db
  CROSS JOIN LATERAL pg_catalog.aclexplode(db.datacl) a
  WHERE db.datacl IS NOT NULL AND ${notOwnerSelf(sql`db.datdba`)} AND db.datname = pg_catalog.current_database()`,
    )
  }
  return sql`SELECT x.object_type, x.oid, x.nspname, x.objname, x.attname,
  pg_catalog.pg_get_userbyid(x.grantor) AS grantor,
  CASE WHEN x.grantee = 0 THEN NULL ELSE pg_catalog.pg_get_userbyid(x.grantee) END AS grantee,
  x.privilege_type, x.is_grantable
FROM (
${sql.join(branches, sql`\nUNION ALL\n`)}
) x`
}

/** Maps the object_type tag of a privilege row. */
export function privilegeObjectType(tag: string): PrivilegeObjectType {
  const [prefix = '', code = ''] = tag.split(':')
  switch (prefix) {
    case 'rel': {
      const kind = relationKind(code)
      return kind === 'table' ||
        kind === 'partitionedTable' ||
        kind === 'view' ||
        kind === 'materializedView' ||
        kind === 'foreignTable' ||
        kind === 'sequence'
        ? kind
        : 'table'
    }
    case 'col':
      return 'column'
    case 'proc':
      return routineKind(code)
    case 'fdw':
      return 'foreignDataWrapper'
    case 'server':
      return 'foreignServer'
    case 'schema':
    case 'type':
    case 'database':
      return prefix
    default:
      return 'table'
  }
}

/** @example mapPrivilege(row) // { objectType: 'column', column: 'email', grantee: 'PUBLIC', … } */
export function mapPrivilege(row: PrivilegeRow): Privilege {
  return {
    objectType: privilegeObjectType(row.object_type),
    oid: row.oid,
    schema: row.nspname,
    name: row.objname,
    column: row.attname,
    grantor: row.grantor,
    grantee: row.grantee ?? 'PUBLIC',
    privilege: row.privilege_type,
    grantable: row.is_grantable,
  }
}

/** @example (await withCatalog(pool, { schemas: ['app'] }, fetchPrivileges)).filter((p) => p.grantee === 'PUBLIC') */
export async function fetchPrivileges(ctx: QueryContext): Promise<Privilege[]> {
  return (await queryRows<PrivilegeRow>(ctx, privilegesQuery(ctx))).map(mapPrivilege)
}

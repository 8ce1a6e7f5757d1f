import { queryRows, type QueryContext } from '../../core/introspect/index.js'
import { sql, type SqlFragment } from '../../core/sql/sql.js'

/** One ACL entry as the privileges page lists it. */
export interface AclEntry {
  /** Role name, or `PUBLIC`. */
  readonly grantee: string
  readonly privilege: string
  readonly grantable: boolean
  readonly grantor: string
}

/** The current ACL of one object (and of each column, for a relation). */
export interface ObjectAcl {
  readonly oid: number
  readonly owner: string
  /** relkind / prokind / 'n' for a schema. */
  readonly code: string
  /**
   * The ACL is NULL: nobody changed it, the built-in default applies (the owner holds
   * everything; PUBLIC holds EXECUTE on routines). The entries shown are that default.
   */
  readonly isDefault: boolean
  readonly entries: readonly AclEntry[]
  /** Per column (relations only), in column order; an empty list is no column grant. */
  readonly columns: readonly { readonly name: string; readonly entries: readonly AclEntry[] }[]
}

/** Which object: a schema by name, a relation or sequence by schema and name, a routine by identity args. */
export type AclObjectRef =
  | { readonly kind: 'schema'; readonly name: string }
  | { readonly kind: 'relation' | 'sequence'; readonly schema: string; readonly name: string }
  | {
      readonly kind: 'function'
      readonly schema: string
      readonly name: string
      readonly args: string
    }

/** The order privileges are listed in, as GRANT and the matrix name them. */
const PRIVILEGE_ORDER = [
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'TRUNCATE',
  'REFERENCES',
  'TRIGGER',
  'MAINTAIN',
  'USAGE',
  'CREATE',
  'EXECUTE',
] as const

type EntryTuple = [string | null, string, boolean, string]

interface AclRow {
  oid: number
  owner: string
  code: string
  is_default: boolean
  entries: EntryTuple[]
  columns: [string, EntryTuple[]][] | null
}

function entries(acl: SqlFragment): SqlFragment {
  return sql`coalesce((SELECT pg_catalog.json_agg(pg_catalog.json_build_array(
      CASE WHEN a.grantee = 0 THEN NULL ELSE pg_catalog.pg_get_userbyid(a.grantee) END,
      a.privilege_type, a.is_grantable, pg_catalog.pg_get_userbyid(a.grantor))
      ORDER BY a.grantee <> 0, pg_catalog.pg_get_userbyid(a.grantee), a.grantor,
        pg_catalog.array_position(${sql.val([...PRIVILEGE_ORDER])}::text[], a.privilege_type))
    FROM pg_catalog.aclexplode(${acl}) a), '[]')`
}

function aclQuery(ref: AclObjectRef): SqlFragment {
  switch (ref.kind) {
    case 'schema':
      return sql`SELECT n.oid, pg_catalog.pg_get_userbyid(n.nspowner) AS owner, 'n' AS code,
  n.nspacl IS NULL AS is_default,
  ${entries(sql`coalesce(n.nspacl, pg_catalog.acldefault('n', n.nspowner))`)} AS entries, NULL::json AS columns
FROM pg_catalog.pg_namespace n WHERE n.nspname = ${sql.val(ref.name)}`
    case 'relation':
    case 'sequence':
      return sql`SELECT c.oid, pg_catalog.pg_get_userbyid(c.relowner) AS owner, c.relkind::text AS code,
  c.relacl IS NULL AS is_default,
  ${entries(sql`coalesce(c.relacl, pg_catalog.acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner))`)} AS entries,
  (SELECT pg_catalog.json_agg(pg_catalog.json_build_array(at.attname, ${entries(sql`at.attacl`)}) ORDER BY at.attnum)
     FROM pg_catalog.pg_attribute at
     WHERE at.attrelid = c.oid AND at.attnum > 0 AND NOT at.attisdropped) AS columns
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ${sql.val(ref.schema)} AND c.relname = ${sql.val(ref.name)}
  AND c.relkind IN ${ref.kind === 'sequence' ? sql`('S')` : sql`('r', 'p', 'v', 'm', 'f')`}`
    case 'function':
      return sql`SELECT p.oid, pg_catalog.pg_get_userbyid(p.proowner) AS owner, p.prokind::text AS code,
  p.proacl IS NULL AS is_default,
  ${entries(sql`coalesce(p.proacl, pg_catalog.acldefault('f', p.proowner))`)} AS entries, NULL::json AS columns
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = ${sql.val(ref.schema)} AND p.proname = ${sql.val(ref.name)}
  AND pg_catalog.pg_get_function_identity_arguments(p.oid) = ${sql.val(ref.args)}`
    default: {
      const never: never = ref
      throw new TypeError(`unknown object ${JSON.stringify(never)}`)
    }
  }
}

const mapEntry = ([grantee, privilege, grantable, grantor]: EntryTuple): AclEntry => ({
  grantee: grantee ?? 'PUBLIC',
  privilege,
  grantable,
  grantor,
})

/**
 * The object's ACL exploded (acldefault() standing in for a NULL one), with per-column ACLs
 * for relations. Null when there is no such object.
 *
 * @example await withCatalog(pool, {}, (ctx) => readObjectAcl(ctx, { kind: 'schema', name: 'app' }))
 */
export async function readObjectAcl(
  ctx: QueryContext,
  ref: AclObjectRef,
): Promise<ObjectAcl | null> {
  const [row] = await queryRows<AclRow>(ctx, aclQuery(ref))
  if (!row) return null
  return {
    oid: row.oid,
    owner: row.owner,
    code: row.code,
    isDefault: row.is_default,
    entries: row.entries.map(mapEntry),
    columns: (row.columns ?? []).map(([name, list]) => ({ name, entries: list.map(mapEntry) })),
  }
}

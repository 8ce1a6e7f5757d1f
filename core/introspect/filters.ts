import { sql, type SqlFragment } from '../sql/sql.js'
import type { QueryContext } from './context.js'

/**
 * The schema condition for a `pg_namespace` alias: the caller's schemas as one bind parameter,
 * or every schema except the system ones. Users cannot create `pg_*` schemas, so the prefix
 * covers pg_catalog, pg_toast and every pg_temp_N / pg_toast_temp_N.
 *
 * @example sql`… WHERE ${schemaFilter(ctx, sql`n`)}`
 */
export function schemaFilter(ctx: QueryContext, alias: SqlFragment): SqlFragment {
  const { schemas, includeSystemSchemas } = ctx.scope
  if (schemas) return sql`${alias}.nspname = any(${sql.val([...schemas])}::text[])`
  if (includeSystemSchemas) return sql`true`
  return sql`${alias}.nspname !~ '^pg_' AND ${alias}.nspname <> 'information_schema'`
}

/** The catalogs whose rows an extension can own (pg_depend.classid). */
export type MemberCatalog =
  | 'pg_class'
  | 'pg_proc'
  | 'pg_type'
  | 'pg_namespace'
  | 'pg_event_trigger'
  | 'pg_foreign_data_wrapper'
  | 'pg_foreign_server'
  | 'pg_ts_config'
  | 'pg_ts_dict'
  | 'pg_ts_parser'
  | 'pg_publication'

/**
 * Hides objects that belong to an extension (pg_depend deptype 'e') unless the scope asks for
 * them. The member OIDs were read once, through pg_depend's index on the referenced extension,
 * and travel as one bind parameter: a NOT EXISTS against pg_depend planned as a hash anti-join
 * over every pg_class dependency and cost ~25 ms per query on a 5k-table catalog.
 *
 * @example sql`… AND ${notExtensionMember(ctx, 'pg_class', sql`c.oid`)}`
 */
export function notExtensionMember(
  ctx: QueryContext,
  catalog: MemberCatalog,
  oid: SqlFragment,
): SqlFragment {
  const members = ctx.scope.includeExtensionObjects ? undefined : ctx.extensionMembers.get(catalog)
  if (!members || members.length === 0) return sql`true`
  return sql`NOT (${oid} = any(${sql.val([...members])}::oid[]))`
}

/** Restricts a relation-level query to the scope's one relation, if it has one. */
export function relationFilter(ctx: QueryContext, oid: SqlFragment): SqlFragment {
  const { relationOid } = ctx.scope
  return relationOid === undefined ? sql`true` : sql`${oid} = ${sql.val(relationOid)}::oid`
}

/**
 * The object's own comment as `d` (`d.description`): a LEFT JOIN on pg_description for an
 * object of the catalog table `catalog` (`pg_class`, `pg_policy`, …) whose OID is `oid`.
 */
export function descriptionJoin(catalog: string, oid: SqlFragment): SqlFragment {
  if (!/^pg_[a-z_]+$/.test(catalog)) throw new TypeError(`not a catalog table: ${catalog}`)
  return sql`LEFT JOIN pg_catalog.pg_description d
  ON d.objoid = ${oid} AND d.classoid = ${sql.raw(`'pg_catalog.${catalog}'::pg_catalog.regclass`)} AND d.objsubid = 0`
}

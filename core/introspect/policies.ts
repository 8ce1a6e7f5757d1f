import { sql, type SqlFragment } from '../sql/sql.js'
import { queryRows } from './catalog-session.js'
import { deparsed } from './deparse.js'
import type { QueryContext } from './context.js'
import { notExtensionMember, relationFilter, schemaFilter, descriptionJoin } from './filters.js'
import { unquoteIdent } from './parse.js'
import { completeRelationNames, relationName, type RelationNames } from './relation-names.js'

/** One row-level security policy (pg_policy). */
export interface PolicyRow {
  oid: number
  polname: string
  polrelid: number
  /** r SELECT, a INSERT, w UPDATE, d DELETE, * ALL. */
  polcmd: string
  polpermissive: boolean
  /** `polroles::regrole[]::text[]`: quoted role names, `-` for PUBLIC. */
  roles: string[]
  /** pg_get_expr of polqual / polwithcheck, with definitions. */
  using_expr?: string | null
  check_expr?: string | null
  has_using: boolean
  has_check: boolean
  description: string | null
}

export type PolicyCommand = 'all' | 'select' | 'insert' | 'update' | 'delete'

export interface Policy {
  readonly oid: number
  readonly name: string
  readonly tableOid: number
  readonly schema: string
  readonly table: string
  readonly command: PolicyCommand
  readonly permissive: boolean
  /** Role names; `public` stands for PUBLIC. */
  readonly roles: readonly string[]
  readonly hasUsing: boolean
  readonly hasWithCheck: boolean
  /** USING / WITH CHECK text; null unless definitions were fetched (or the policy has none). */
  readonly using: string | null
  readonly withCheck: string | null
  readonly comment: string | null
}

/**
 * Policies: command, roles, kind. USING / WITH CHECK are deparsed with `definitions` (and in
 * the one-relation detail): since PG 16 pg_get_expr opens the table, so on 4k policies the
 * expressions were most of this query's time.
 */
export function policiesQuery(ctx: QueryContext): SqlFragment {
  const expressions = deparsed(ctx, {
    using_expr: sql`pg_catalog.pg_get_expr(pol.polqual, pol.polrelid)`,
    check_expr: sql`pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid)`,
  })
  return sql`SELECT pol.oid, pol.polname, pol.polrelid, pol.polcmd,
  pol.polpermissive, pol.polroles::pg_catalog.regrole[]::text[] AS roles,
  pol.polqual IS NOT NULL AS has_using, pol.polwithcheck IS NOT NULL AS has_check,
  d.description${expressions}
FROM pg_catalog.pg_policy pol
JOIN pg_catalog.pg_class c ON c.oid = pol.polrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
${descriptionJoin('pg_policy', sql`pol.oid`)}
WHERE ${schemaFilter(ctx, sql`n`)}
  AND ${relationFilter(ctx, sql`pol.polrelid`)}
  AND ${notExtensionMember(ctx, 'pg_class', sql`c.oid`)}`
}

const COMMANDS: Readonly<Record<string, PolicyCommand>> = {
  '*': 'all',
  r: 'select',
  a: 'insert',
  w: 'update',
  d: 'delete',
}

/** @example mapPolicy(row, names).roles // ['public'] */
export function mapPolicy(row: PolicyRow, names: RelationNames): Policy {
  const table = relationName(names, row.polrelid)
  return {
    oid: row.oid,
    name: row.polname,
    tableOid: row.polrelid,
    schema: table.schema,
    table: table.name,
    command: COMMANDS[row.polcmd] ?? 'all',
    permissive: row.polpermissive,
    roles: row.roles.map((r) => (r === '-' ? 'public' : unquoteIdent(r))),
    hasUsing: row.has_using,
    hasWithCheck: row.has_check,
    using: row.using_expr ?? null,
    withCheck: row.check_expr ?? null,
    comment: row.description,
  }
}

/** Policies in scope, ordered by table then name. */
export async function fetchPolicies(ctx: QueryContext, known?: RelationNames): Promise<Policy[]> {
  const rows = await queryRows<PolicyRow>(ctx, policiesQuery(ctx))
  const names = await completeRelationNames(
    ctx,
    rows.map((r) => r.polrelid),
    known,
  )
  return rows.map((row) => mapPolicy(row, names))
}

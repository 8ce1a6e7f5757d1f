import { sql, type SqlFragment } from '../sql/sql.js'
import {
  completeRelationNames,
  nameKeys,
  relationName,
  type RelationNames,
} from './relation-names.js'
import { queryRows } from './catalog-session.js'
import { deparsed } from './deparse.js'
import type { QueryContext } from './context.js'
import { notExtensionMember, relationFilter, schemaFilter, descriptionJoin } from './filters.js'

/** One table constraint from pg_constraint (domain constraints live with their types). */
export interface ConstraintRow {
  oid: number
  conname: string
  contype: string
  conrelid: number
  conkey: number[] | null
  confrelid: number
  confkey: number[] | null
  confupdtype: string
  confdeltype: string
  confmatchtype: string
  condeferrable: boolean
  condeferred: boolean
  convalidated: boolean
  conindid: number
  connoinherit: boolean
  conislocal: boolean
  /** Exclusion operators (`conexclop::regoper[]`), e.g. `{&&,=}`. */
  exclusion_ops: string[] | null
  /** pg_get_expr(conbin) of a CHECK constraint, only when definitions are asked for. */
  check_expr?: string | null
  description: string | null
  /** pg_get_constraintdef, only when definitions are asked for. */
  definition?: string | null
}

export type ConstraintKind = 'primaryKey' | 'foreignKey' | 'unique' | 'check' | 'exclusion'
export type ForeignKeyAction = 'noAction' | 'restrict' | 'cascade' | 'setNull' | 'setDefault'

export interface Constraint {
  readonly oid: number
  readonly name: string
  readonly kind: ConstraintKind
  readonly tableOid: number
  readonly schema: string
  readonly table: string
  /** Constrained columns in key order (empty for a table-level CHECK). */
  readonly columns: readonly (string | null)[]
  readonly references: {
    readonly tableOid: number
    readonly schema: string
    readonly table: string
    readonly columns: readonly (string | null)[]
    readonly onUpdate: ForeignKeyAction
    readonly onDelete: ForeignKeyAction
    readonly match: 'simple' | 'full' | 'partial'
  } | null
  readonly deferrable: boolean
  readonly initiallyDeferred: boolean
  /** False for a NOT VALID constraint not yet validated. */
  readonly validated: boolean
  readonly noInherit: boolean
  /** True when it comes from a parent table (partition or inheritance child). */
  readonly inherited: boolean
  /** Index backing a PK, unique or exclusion constraint (0 for none). */
  readonly indexOid: number
  readonly exclusionOperators: readonly string[] | null
  /** The CHECK expression, e.g. `(amount >= 0::numeric)`; null for other kinds and unless definitions were fetched. */
  readonly check: string | null
  /** `CHECK ((amount >= 0))`, `FOREIGN KEY (…) REFERENCES …`; null unless definitions were fetched. */
  readonly definition: string | null
  readonly comment: string | null
}

/**
 * Structural constraint rows: OIDs, key arrays and flags, named through `RelationNames`.
 * Deparsing (pg_get_constraintdef made the query 1.9× slower; pg_get_expr opens each table
 * since PG 16) only happens with `definitions`: see constraintDefinition for one constraint.
 */
export function constraintsQuery(
  ctx: QueryContext,
  options: { readonly referencing?: number } = {},
): SqlFragment {
  // `referencing`: the foreign keys that point at one table, whatever schema they live in.
  // pg_constraint has no index on confrelid; pg_depend has one on the referenced object.
  const target =
    options.referencing === undefined
      ? relationFilter(ctx, sql`co.conrelid`)
      : sql`co.contype = 'f' AND co.confrelid = ${sql.val(options.referencing)}::oid
  AND co.oid IN (SELECT dep.objid FROM pg_catalog.pg_depend dep
    WHERE dep.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
      AND dep.refobjid = ${sql.val(options.referencing)}::oid
      AND dep.classid = 'pg_catalog.pg_constraint'::pg_catalog.regclass)`
  const definitions = deparsed(ctx, {
    check_expr: sql`CASE WHEN co.contype = 'c' THEN pg_catalog.pg_get_expr(co.conbin, co.conrelid) END`,
    definition: sql`pg_catalog.pg_get_constraintdef(co.oid)`,
  })
  return sql`SELECT co.oid, co.conname, co.contype, co.conrelid, co.conkey, co.confrelid, co.confkey,
  co.confupdtype, co.confdeltype, co.confmatchtype, co.condeferrable, co.condeferred,
  co.convalidated, co.conindid, co.connoinherit, co.conislocal,
  CASE WHEN co.contype = 'x' THEN co.conexclop::pg_catalog.regoper[]::text[] END AS exclusion_ops,
  d.description${definitions}
FROM pg_catalog.pg_constraint co
JOIN pg_catalog.pg_class c ON c.oid = co.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
${descriptionJoin('pg_constraint', sql`co.oid`)}
WHERE co.contype IN ('p', 'f', 'u', 'c', 'x')
  AND ${schemaFilter(ctx, sql`n`)}
  AND ${target}
  AND ${notExtensionMember(ctx, 'pg_class', sql`c.oid`)}`
}

const KINDS: Readonly<Record<string, ConstraintKind>> = {
  p: 'primaryKey',
  f: 'foreignKey',
  u: 'unique',
  c: 'check',
  x: 'exclusion',
}

const ACTIONS: Readonly<Record<string, ForeignKeyAction>> = {
  a: 'noAction',
  r: 'restrict',
  c: 'cascade',
  n: 'setNull',
  d: 'setDefault',
}

/** @example mapConstraint(row, relationNamesFrom(relations, columns)) */
export function mapConstraint(row: ConstraintRow, names: RelationNames): Constraint {
  const kind = KINDS[row.contype] ?? 'check'
  const table = relationName(names, row.conrelid)
  const target = relationName(names, row.confrelid)
  return {
    oid: row.oid,
    name: row.conname,
    kind,
    tableOid: row.conrelid,
    schema: table.schema,
    table: table.name,
    columns: nameKeys(names, row.conrelid, row.conkey),
    references:
      kind === 'foreignKey'
        ? {
            tableOid: row.confrelid,
            schema: target.schema,
            table: target.name,
            columns: nameKeys(names, row.confrelid, row.confkey),
            onUpdate: ACTIONS[row.confupdtype] ?? 'noAction',
            onDelete: ACTIONS[row.confdeltype] ?? 'noAction',
            match:
              row.confmatchtype === 'f' ? 'full' : row.confmatchtype === 'p' ? 'partial' : 'simple',
          }
        : null,
    deferrable: row.condeferrable,
    initiallyDeferred: row.condeferred,
    validated: row.convalidated,
    noInherit: row.connoinherit,
    inherited: !row.conislocal,
    indexOid: row.conindid,
    // regoper qualifies names outside the search path (pg_catalog): drop the built-in prefix.
    exclusionOperators: row.exclusion_ops?.map((op) => op.replace(/^pg_catalog\./, '')) ?? null,
    check: row.check_expr ?? null,
    definition: row.definition ?? null,
    comment: row.description,
  }
}

/**
 * Constraints in scope, ordered by table then name. Pass the names the snapshot already has;
 * relations missing from them (a foreign key's target in another schema) cost one extra query.
 */
export async function fetchConstraints(
  ctx: QueryContext,
  known?: RelationNames,
): Promise<Constraint[]> {
  const rows = await queryRows<ConstraintRow>(ctx, constraintsQuery(ctx))
  const names = await completeRelationNames(
    ctx,
    rows.flatMap((r) => (r.contype === 'f' ? [r.conrelid, r.confrelid] : [r.conrelid])),
    known,
    rows.flatMap((r) => [...(r.conkey ?? []), ...(r.confkey ?? [])]),
  )
  return rows.map((row) => mapConstraint(row, names))
}

import { ConsoleError } from '../errors.js'
import { sql } from '../sql/sql.js'
import {
  queryRows,
  withCatalog,
  type CatalogSessionOptions,
  type CatalogTarget,
} from './catalog-session.js'
import { fetchColumns, type Column } from './columns.js'
import {
  constraintsQuery,
  fetchConstraints,
  mapConstraint,
  type Constraint,
  type ConstraintRow,
} from './constraints.js'
import type { QueryContext } from './context.js'
import { fetchDependencies, type Dependency } from './dependencies.js'
import { fetchForeignTables, type ForeignTable } from './foreign-tables.js'
import { fetchIndexes, type Index } from './indexes.js'
import { relationKind, type RelationKind } from './kinds.js'
import { fetchPolicies, type Policy } from './policies.js'
import { fetchPrivileges, type Privilege } from './privileges.js'
import { completeRelationNames, relationNamesFrom } from './relation-names.js'
import { fetchTableHealth, type TableHealth } from './table-health.js'
import { fetchTables, type Table } from './tables.js'
import { fetchTriggers, type Trigger } from './triggers.js'
import { fetchViews, type View } from './views.js'

/** Which relation: by OID, or by schema and name (exact, case-sensitive catalog names). */
export type RelationRef = number | { readonly schema: string; readonly name: string }

/** Everything about one table, view, materialized view or foreign table, definitions included. */
export interface RelationDetail {
  readonly oid: number
  readonly schema: string
  readonly name: string
  readonly kind: RelationKind
  /** The relation itself, as the snapshot lists it (with columns). */
  readonly relation: Table | View | ForeignTable
  readonly columns: readonly Column[]
  readonly constraints: readonly Constraint[]
  /** Foreign keys of other tables that point at this one. */
  readonly referencedBy: readonly Constraint[]
  readonly indexes: readonly Index[]
  readonly triggers: readonly Trigger[]
  readonly policies: readonly Policy[]
  readonly privileges: readonly Privilege[]
  /** What this relation uses and what uses it. */
  readonly dependencies: {
    readonly uses: readonly Dependency[]
    readonly usedBy: readonly Dependency[]
  }
  /** Statistics and exact sizes (tables and materialized views). */
  readonly health: TableHealth | null
}

interface ResolvedRow {
  oid: number
  nspname: string
  relname: string
  relkind: string
}

async function resolve(ctx: QueryContext, ref: RelationRef): Promise<ResolvedRow | undefined> {
  const where =
    typeof ref === 'number'
      ? sql`c.oid = ${sql.val(ref)}::oid`
      : sql`n.nspname = ${sql.val(ref.schema)} AND c.relname = ${sql.val(ref.name)}`
  const [row] = await queryRows<ResolvedRow>(
    ctx,
    // Generic plans for the rest of this transaction: with prepared statements, each detail
    // query is planned once per connection instead of on every call.
    sql`SELECT c.oid, n.nspname, c.relname, c.relkind,
  pg_catalog.set_config('plan_cache_mode', 'force_generic_plan', true) AS plan_cache_mode
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE ${where} AND c.relkind IN ('r', 'p', 'v', 'm', 'f')`,
  )
  return row
}

async function referencingConstraints(ctx: QueryContext, oid: number): Promise<Constraint[]> {
  // Same query shape as the constraints list, with the filter on the referenced side.
  const rows = await queryRows<ConstraintRow>(
    ctx,
    constraintsQuery(
      { ...ctx, scope: { ...ctx.scope, relationOid: undefined, schemas: undefined } },
      { referencing: oid },
    ),
  )
  const names = await completeRelationNames(
    ctx,
    rows.flatMap((r) => [r.conrelid, r.confrelid]),
    new Map(),
    rows.flatMap((r) => [...(r.conkey ?? []), ...(r.confkey ?? [])]),
  )
  return rows.map((row) => mapConstraint(row, names))
}

/**
 * One relation in full: columns, constraints (and foreign keys pointing at it), indexes,
 * triggers and policies with their definitions, privileges, dependencies both ways and health.
 * Each query is filtered to the relation's OID in its innermost WHERE.
 *
 * @example
 * const detail = await introspectRelation(pool, { schema: 'app', name: 'Order Lines' })
 * detail.indexes.map((i) => i.definition)
 */
export async function introspectRelation(
  target: CatalogTarget,
  ref: RelationRef,
  options: Omit<CatalogSessionOptions, 'relationOid' | 'schemas'> = {},
): Promise<RelationDetail> {
  return withCatalog(
    target,
    { includeExtensionObjects: true, ...options, definitions: true },
    async (base) => {
      const found = await resolve(base, ref)
      if (!found) {
        const label = typeof ref === 'number' ? `OID ${ref}` : `${ref.schema}.${ref.name}`
        throw new ConsoleError(`No table, view or foreign table ${label}`)
      }
      const ctx: QueryContext = {
        ...base,
        prepare: true,
        scope: { ...base.scope, schemas: [found.nspname], relationOid: found.oid },
      }
      const columns = (await fetchColumns(ctx)).sort((a, b) => a.position - b.position)
      const kind = relationKind(found.relkind)
      const names = relationNamesFrom(
        [{ oid: found.oid, schema: found.nspname, name: found.relname, kind }],
        columns,
      )
      let relation: Table | View | ForeignTable | undefined
      if (kind === 'view' || kind === 'materializedView') relation = (await fetchViews(ctx))[0]
      else if (kind === 'foreignTable') relation = (await fetchForeignTables(ctx))[0]
      else relation = (await fetchTables(ctx))[0]
      if (!relation) throw new ConsoleError(`Relation ${found.nspname}.${found.relname} vanished`)
      const dependencies = await fetchDependencies(ctx, names)
      const hasHealth =
        kind === 'table' || kind === 'partitionedTable' || kind === 'materializedView'
      return {
        oid: found.oid,
        schema: found.nspname,
        name: found.relname,
        kind,
        relation: { ...relation, columns },
        columns,
        constraints: await fetchConstraints(ctx, names),
        referencedBy: await referencingConstraints(ctx, found.oid),
        indexes: await fetchIndexes(ctx, names),
        triggers: await fetchTriggers(ctx, names),
        policies: await fetchPolicies(ctx, names),
        privileges: await fetchPrivileges(ctx),
        dependencies: {
          uses: dependencies.filter((d) => d.from.oid === found.oid),
          usedBy: dependencies.filter((d) => d.to.oid === found.oid),
        },
        health: hasHealth ? ((await fetchTableHealth(ctx))[0] ?? null) : null,
      }
    },
  )
}

import type { Pool } from '../../core/db/pool.js'
import { ConsoleError, InvalidInputError } from '../../core/errors.js'
import {
  fetchPolicies,
  fetchRoles,
  fetchTables,
  fetchViews,
  introspectRelation,
  withCatalog,
  type Column,
  type Policy,
  type Role,
  type Table,
  type View,
} from '../../core/introspect/index.js'

/** What the policy pages read: tables with their RLS state, policies with expressions, roles. */
export interface PolicyCatalog {
  readonly tables: readonly Table[]
  readonly views: readonly View[]
  readonly policies: readonly Policy[]
  readonly roles: readonly Role[]
}

const byName = <T extends { schema: string; name: string }>(a: T, b: T) =>
  a.schema.localeCompare(b.schema) || a.name.localeCompare(b.name)

/**
 * Tables, views, policies (USING / WITH CHECK deparsed) and roles in one catalog snapshot, read
 * fresh per request so a page shows what an apply just changed. The console's own schema is
 * not part of the application and is left out.
 */
export async function readPolicyCatalog(
  pool: Pool,
  consoleSchema: string,
  options: { schemas?: readonly string[] } = {},
): Promise<PolicyCatalog> {
  return withCatalog(
    pool,
    { definitions: true, ...(options.schemas ? { schemas: options.schemas } : {}) },
    async (ctx) => {
      const own = (x: { schema: string }) => x.schema !== consoleSchema
      const tables = (await fetchTables(ctx)).filter(own).sort(byName)
      const views = (await fetchViews(ctx)).filter(own).sort(byName)
      const policies = (await fetchPolicies(ctx))
        .filter(own)
        .sort(
          (a, b) =>
            a.schema.localeCompare(b.schema) ||
            a.table.localeCompare(b.table) ||
            a.name.localeCompare(b.name),
        )
      const roles = (await fetchRoles(ctx)).sort((a, b) => a.name.localeCompare(b.name))
      return { tables, views, policies, roles }
    },
  )
}

export interface TableRef {
  readonly schema: string
  readonly name: string
}

/** The table a form names, or a refusal on `field` (unknown, a view, or the console's own). */
export function findTable(
  catalog: Pick<PolicyCatalog, 'tables' | 'views'>,
  ref: TableRef,
  field = 'table',
): Table {
  const table = catalog.tables.find((t) => t.schema === ref.schema && t.name === ref.name)
  if (table) return table
  const view = catalog.views.some((v) => v.schema === ref.schema && v.name === ref.name)
  throw InvalidInputError.field(
    field,
    view
      ? `${ref.schema}.${ref.name} is a view: row level security and policies belong to tables`
      : `no table ${ref.schema}.${ref.name}`,
  )
}

/** A table's columns and current policies, definitions included. */
export async function tableDetail(
  pool: Pool,
  ref: TableRef,
  consoleSchema: string,
): Promise<{ table: Table; columns: readonly Column[]; policies: readonly Policy[] }> {
  if (ref.schema === consoleSchema) {
    throw InvalidInputError.field('table', `${ref.schema} is the console's own schema`)
  }
  let detail
  try {
    detail = await introspectRelation(pool, ref)
  } catch (err) {
    if (err instanceof ConsoleError && /^No table/.test(err.message)) {
      throw InvalidInputError.field('table', `no table ${ref.schema}.${ref.name}`)
    }
    throw err
  }
  if (detail.kind !== 'table' && detail.kind !== 'partitionedTable') {
    throw InvalidInputError.field(
      'table',
      `${ref.schema}.${ref.name} is a ${detail.kind}: row level security and policies belong to tables`,
    )
  }
  return { table: detail.relation as Table, columns: detail.columns, policies: detail.policies }
}

/** Role names a policy can name, PUBLIC first. */
export function policyRoleNames(roles: readonly Role[]): string[] {
  return ['public', ...roles.map((r) => r.name)]
}

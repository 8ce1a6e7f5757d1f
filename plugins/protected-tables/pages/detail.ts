import type { PluginContext } from '../../../core/plugin/types.js'
import { readTableDetail, type TableDetail } from '../catalog.js'
import { tableRefSchema, validateAt } from '../form.js'
import { isProtected } from '../plans.js'
import { readRecord, type StoredProtection } from '../records.js'

/** A table as the forms show it: columns, key, owner, grants now, RLS, policies, record. */
export function tableReply(detail: TableDetail, stored: StoredProtection | undefined) {
  return {
    table: detail.table,
    owner: detail.owner,
    columns: detail.formColumns,
    primaryKey: detail.primaryKey,
    grants: detail.previousGrants,
    rls: detail.rls,
    policies: detail.policies,
    protected: isProtected(detail, stored),
    recorded: stored
      ? {
          appliedBy: stored.appliedBy,
          appliedAt: stored.appliedAt,
          views: stored.record.views.map((v) => `${v.schema}.${v.name}`),
          redactionSchema: stored.redactionSchema ?? null,
        }
      : null,
  }
}

/** The table a query or payload names (`schema`, `table`), read with its record. */
export async function tableFrom(
  ctx: PluginContext,
  ref: unknown,
): Promise<{ detail: TableDetail; stored: StoredProtection | undefined }> {
  const table = validateAt(tableRefSchema, ref, 'table')
  const detail = await readTableDetail(ctx.pool, table, ctx.config.consoleSchema)
  return { detail, stored: await readRecord(ctx.pool, ctx.config.consoleSchema, detail.table) }
}

/** `?schema=app&table=invoice_raw` as a table reference, or undefined. */
export function queryTable(
  query: Readonly<Record<string, unknown>>,
): { schema: string; name: string } | undefined {
  const { schema, table } = query
  return typeof schema === 'string' && typeof table === 'string' && schema && table
    ? { schema, name: table }
    : undefined
}

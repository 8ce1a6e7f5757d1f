import type { ColumnInput, ViewInput } from '../../../core/builders/protect/input.js'
import type { Plan } from '../../../core/executor/statement.js'
import { renderStatic } from '../../../core/sql/sql.js'

export const table = { schema: 'app', name: 'invoice_raw' }

/** The demo's invoice table, as introspection describes it. */
export const columns: ColumnInput[] = [
  { name: 'id', type: 'bigint', identity: 'byDefault', default: null },
  { name: 'tenant_id', type: 'integer' },
  { name: 'customer', type: 'text' },
  { name: 'email', type: 'character varying(200)' },
  { name: 'amount', type: 'numeric(12,2)' },
  { name: 'status', type: 'app.invoice_status', default: "'draft'::app.invoice_status" },
]

export const target = { table, columns, primaryKey: ['id'], redactionSchema: 'planetary' }

export const fullView: ViewInput = {
  name: 'invoice_v',
  columns: columns.map((c) => ({ mode: 'include' as const, name: c.name })),
  grants: [{ role: 'karen', privileges: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] }],
  triggers: { insert: {}, update: {}, delete: {} },
}

export const redactedView: ViewInput = {
  name: 'invoice_v_redacted',
  columns: [
    { mode: 'include', name: 'id' },
    { mode: 'include', name: 'customer' },
    { mode: 'redact', name: 'email', redaction: { fn: 'mask_email' } },
    { mode: 'exclude', name: 'amount' },
  ],
  grants: [{ role: 'bob', privileges: ['SELECT'] }],
}

export const tenantPolicy = {
  name: 'tenant_isolation',
  template: { id: 'tenant' as const, params: { type: 'int', source: 'app' } },
}

export const texts = (plan: Plan) => plan.map((s) => renderStatic(s.sql))

/** The statement whose text starts with `prefix`; fails the test when there is none. */
export function find(plan: Plan, prefix: string): string {
  const found = texts(plan).find((t) => t.startsWith(prefix))
  if (found === undefined) throw new Error(`no statement starts with ${prefix}`)
  return found
}

/** Rejection of an async builder, for asserting on its fields. */
export async function refusal(
  p: Promise<unknown>,
): Promise<Error & { fields: Record<string, string>; position?: number }> {
  try {
    await p
  } catch (err) {
    return err as Error & { fields: Record<string, string>; position?: number }
  }
  throw new Error('expected the builder to refuse')
}

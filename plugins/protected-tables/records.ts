import { z } from 'zod'
import {
  protectionRecordSchema,
  type ProtectionRecord,
} from '../../core/builders/protect/protect-table.js'
import { viewSchema, type ViewInput } from '../../core/builders/protect/input.js'
import { display, nameSchema, type QualifiedName } from '../../core/builders/names.js'
import { validate } from '../../core/builders/validate.js'
import type { Pool } from '../../core/db/pool.js'
import {
  consoleQuery,
  consoleTableExists,
  ensurePlanTable,
} from '../../core/console-schema/plugin-tables.js'
import { statement, type Statement } from '../../core/executor/statement.js'
import type { PluginContext } from '../../core/plugin/types.js'
import { sql } from '../../core/sql/sql.js'

/**
 * Where the console keeps what each protect plan did: `<consoleSchema>.protections`, one row
 * per protected table. Unprotecting needs it — the grants held before protecting are gone from
 * the catalog once revoked — and later changes need each view as it was declared (redactions
 * cannot be read back from a view's definition). The record is written by a statement of the
 * plan itself, so it commits or rolls back with the change it describes.
 */
export const RECORDS_TABLE = 'protections'

/** The `record` column: the protection record of the builders, plus each view as declared. */
export const storedRecordSchema = protectionRecordSchema.extend({
  viewSpecs: z.array(viewSchema).default([]),
  /** Where the views' redaction functions live. */
  redactionSchema: nameSchema.optional(),
})

export interface StoredProtection {
  readonly table: QualifiedName
  readonly record: ProtectionRecord
  /** The views as declared (ViewInput), in the order of `record.views`. */
  readonly viewSpecs: readonly ViewInput[]
  readonly redactionSchema: string | undefined
  readonly appliedBy: string
  readonly appliedAt: string
}

interface RecordRow extends Record<string, unknown> {
  table_schema: string
  table_name: string
  record: unknown
  applied_by: string
  applied_at: Date
}

const recordsTable = (consoleSchema: string) => sql.id(consoleSchema, RECORDS_TABLE)

function toStored(row: RecordRow): StoredProtection {
  const parsed = validate(storedRecordSchema, row.record)
  const { viewSpecs, redactionSchema, ...record } = parsed
  return {
    table: { schema: row.table_schema, name: row.table_name },
    record,
    viewSpecs: viewSpecs as ViewInput[],
    redactionSchema,
    appliedBy: row.applied_by,
    appliedAt: row.applied_at.toISOString(),
  }
}

/** Every stored protection by `schema.name`; none before the table was first needed. */
export async function readRecords(
  pool: Pool,
  consoleSchema: string,
): Promise<Map<string, StoredProtection>> {
  if (!(await consoleTableExists(pool, consoleSchema, RECORDS_TABLE))) return new Map()
  const rows = await consoleQuery<RecordRow>(
    pool,
    sql`SELECT table_schema, table_name, record, applied_by, applied_at FROM ${recordsTable(consoleSchema)}`,
  )
  return new Map(rows.map((r) => [`${r.table_schema}.${r.table_name}`, toStored(r)]))
}

export async function readRecord(
  pool: Pool,
  consoleSchema: string,
  table: QualifiedName,
): Promise<StoredProtection | undefined> {
  return (await readRecords(pool, consoleSchema)).get(display(table))
}

/**
 * Creates the records table when it is first needed (a dry run or an apply), writable by the
 * DDL role inside its plans. Never on GET: pages only read it, and find nothing before the
 * first protect.
 */
export function ensureRecordsTable(
  ctx: PluginContext,
  user: { readonly name: string },
): Promise<void> {
  return ensurePlanTable(
    ctx,
    user,
    RECORDS_TABLE,
    sql`  table_schema name NOT NULL,
  table_name name NOT NULL,
  record jsonb NOT NULL CHECK (jsonb_typeof(record) = 'object'),
  applied_by text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (table_schema, table_name)`,
    'what each protect plan revoked and created, for later changes and unprotect',
  )
}

/** Writes (or replaces) a table's record, as the last statement of the plan that protects it. */
export function saveRecordStatement(
  consoleSchema: string,
  record: ProtectionRecord,
  viewSpecs: readonly ViewInput[],
  user: string,
  redactionSchema: string,
): Statement {
  const content = JSON.stringify({ ...record, viewSpecs, redactionSchema })
  return statement({
    kind: 'record_protection',
    sql: sql`INSERT INTO ${recordsTable(consoleSchema)} (table_schema, table_name, record, applied_by)
VALUES (${sql.lit(record.table.schema)}, ${sql.lit(record.table.name)}, ${sql.lit(content)}::jsonb, ${sql.lit(user)})
ON CONFLICT (table_schema, table_name) DO UPDATE
  SET record = EXCLUDED.record, applied_by = EXCLUDED.applied_by, applied_at = now()`,
    summary: `Record the protection of ${display(record.table)} in ${consoleSchema}.${RECORDS_TABLE} (views ${record.views.map((v) => v.name).join(', ') || 'none'}), for later changes and unprotect`,
  })
}

/** Forgets a table's record, as the last statement of the plan that unprotects it. */
export function deleteRecordStatement(consoleSchema: string, table: QualifiedName): Statement {
  return statement({
    kind: 'forget_protection',
    sql: sql`DELETE FROM ${recordsTable(consoleSchema)}
WHERE table_schema = ${sql.lit(table.schema)} AND table_name = ${sql.lit(table.name)}`,
    summary: `Forget the protection record of ${display(table)}`,
    destructive: true,
  })
}

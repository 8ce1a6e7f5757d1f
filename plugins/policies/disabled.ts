import { z } from 'zod'
import { display, nameSchema, type QualifiedName } from '../../core/builders/names.js'
import { commentOnPolicy, createPolicy, dropPolicy } from '../../core/builders/policy.js'
import { validate } from '../../core/builders/validate.js'
import type { Pool } from '../../core/db/pool.js'
import {
  consoleDb,
  consoleTableExists,
  ensurePlanTable,
} from '../../core/console-schema/plugin-tables.js'
import { statement, type Statement } from '../../core/executor/statement.js'
import type { Policy as CatalogPolicy } from '../../core/introspect/index.js'
import type { PluginContext } from '../../core/plugin/types.js'
import { sql } from '../../core/sql/sql.js'
import { catalogPolicy } from './policy-form.js'

/**
 * PostgreSQL has no switch to turn one policy off. The console emulates it: disabling stores
 * the policy's definition in `<consoleSchema>.disabled_policies` and drops the policy, in one
 * plan; enabling creates it again from the stored definition and forgets the record, in one
 * plan. Both statements run as the DDL role in the same transaction, so a policy is never lost
 * between them.
 */
export const DISABLED_TABLE = 'disabled_policies'

/** What is kept of a disabled policy: everything CREATE POLICY and COMMENT ON POLICY need. */
const definitionSchema = z.object({
  /** As the catalog says it: `all`, `select`, … */
  command: z.enum(['all', 'select', 'insert', 'update', 'delete']),
  permissive: z.boolean(),
  /** `public` stands for PUBLIC, as in the catalog. */
  roles: z.array(nameSchema),
  using: z.string().nullable(),
  withCheck: z.string().nullable(),
  comment: z.string().nullable(),
})

export type DisabledDefinition = z.infer<typeof definitionSchema>

export interface DisabledPolicy extends DisabledDefinition {
  readonly schema: string
  readonly table: string
  readonly name: string
  readonly disabledBy: string
  readonly disabledAt: string
}

/** The disabled policies table, as kysely reads it (the plans write it). */
interface DisabledTable {
  table_schema: string
  table_name: string
  policy_name: string
  definition: unknown
  disabled_by: string
  disabled_at: Date
}

const disabledTable = (consoleSchema: string) => sql.id(consoleSchema, DISABLED_TABLE)

/** The disabled policies, by table and name; none before the first policy was disabled. */
export async function readDisabled(pool: Pool, consoleSchema: string): Promise<DisabledPolicy[]> {
  if (!(await consoleTableExists(pool, consoleSchema, DISABLED_TABLE))) return []
  const rows = await consoleDb(pool, consoleSchema)
    .withTables<{ [DISABLED_TABLE]: DisabledTable }>()
    .selectFrom(DISABLED_TABLE)
    .selectAll()
    .orderBy('table_schema')
    .orderBy('table_name')
    .orderBy('policy_name')
    .execute()
  return rows.map((r) => ({
    schema: r.table_schema,
    table: r.table_name,
    name: r.policy_name,
    ...validate(definitionSchema, r.definition),
    disabledBy: r.disabled_by,
    disabledAt: r.disabled_at.toISOString(),
  }))
}

/** Creates the store on first use, writable by the DDL role inside its plans. */
export function ensureDisabledTable(
  ctx: PluginContext,
  user: { readonly name: string },
): Promise<void> {
  return ensurePlanTable(
    ctx,
    user,
    DISABLED_TABLE,
    sql`  table_schema name NOT NULL,
  table_name name NOT NULL,
  policy_name name NOT NULL,
  definition jsonb NOT NULL CHECK (jsonb_typeof(definition) = 'object'),
  disabled_by text NOT NULL,
  disabled_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (table_schema, table_name, policy_name)`,
    'policies turned off in the console, kept to be created again',
  )
}

/** Keeps the policy's definition, then drops it: the plan that disables it. */
export function disablePolicy(consoleSchema: string, p: CatalogPolicy, user: string): Statement[] {
  const table = { schema: p.schema, name: p.table }
  const definition: DisabledDefinition = {
    command: p.command,
    permissive: p.permissive,
    roles: [...p.roles],
    using: p.using,
    withCheck: p.withCheck,
    comment: p.comment,
  }
  return [
    statement({
      kind: 'keep_disabled_policy',
      sql: sql`INSERT INTO ${disabledTable(consoleSchema)} (table_schema, table_name, policy_name, definition, disabled_by)
VALUES (${sql.lit(p.schema)}, ${sql.lit(p.table)}, ${sql.lit(p.name)}, ${sql.lit(JSON.stringify(definition))}::jsonb, ${sql.lit(user)})`,
      summary: `Keep the definition of policy ${p.name} on ${display(table)} in ${consoleSchema}.${DISABLED_TABLE}`,
    }),
    ...dropPolicy(table, p.name),
  ]
}

/** Creates the policy again from what was kept, with its comment, and forgets the record. */
export async function enablePolicy(consoleSchema: string, d: DisabledPolicy): Promise<Statement[]> {
  const table = { schema: d.schema, name: d.table }
  return [
    ...createPolicy(await catalogPolicy(d)),
    ...(d.comment === null ? [] : [commentOnPolicy(table, d.name, d.comment)]),
    forgetDisabled(consoleSchema, table, d.name),
  ]
}

/** Forgets a disabled policy's record (the policy is not created again). */
export function forgetDisabled(
  consoleSchema: string,
  table: QualifiedName,
  name: string,
): Statement {
  return statement({
    kind: 'forget_disabled_policy',
    sql: sql`DELETE FROM ${disabledTable(consoleSchema)}
WHERE table_schema = ${sql.lit(table.schema)} AND table_name = ${sql.lit(table.name)} AND policy_name = ${sql.lit(name)}`,
    summary: `Forget the kept definition of policy ${name} on ${display(table)}`,
    destructive: true,
  })
}

import { z } from 'zod'
import { InvalidInputError } from '../errors.js'
import { statement, type Statement } from '../executor/statement.js'
import { parseExpression, type ParsedExpression } from '../parse/parse.js'
import { sql } from '../sql/sql.js'
import { display, grantee, nameSchema, qualified, qualifiedSchema } from './names.js'
import { validate } from './validate.js'

export const POLICY_COMMANDS = ['ALL', 'SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const
export type PolicyCommand = (typeof POLICY_COMMANDS)[number]

const policyFields = z.object({
  table: qualifiedSchema,
  name: nameSchema,
  command: z.enum(POLICY_COMMANDS).default('ALL'),
  permissive: z.boolean().default(true),
  /** Empty: PUBLIC. */
  roles: z.array(nameSchema).default([]),
  using: z.string().optional(),
  withCheck: z.string().optional(),
})

export type PolicyInput = z.input<typeof policyFields>

/** A policy whose expressions the PostgreSQL parser has accepted. */
export interface Policy {
  readonly table: { readonly schema: string; readonly name: string }
  readonly name: string
  readonly command: PolicyCommand
  readonly permissive: boolean
  readonly roles: readonly string[]
  readonly using?: ParsedExpression
  readonly withCheck?: ParsedExpression
}

/**
 * Validates a policy form: names, command, and USING / WITH CHECK parsed as exactly one
 * expression each. Refusals name the field (`using`, `withCheck`, …).
 */
export async function parsePolicy(input: unknown): Promise<Policy> {
  const p = validate(policyFields, input)
  const fields: Record<string, string> = {}
  if (p.command === 'INSERT' && p.using?.trim())
    fields.using = 'an INSERT policy has no USING expression'
  if ((p.command === 'SELECT' || p.command === 'DELETE') && p.withCheck?.trim()) {
    fields.withCheck = `a ${p.command} policy has no WITH CHECK expression`
  }
  if (!p.using?.trim() && !p.withCheck?.trim()) fields.using = 'give USING, WITH CHECK, or both'
  if (Object.keys(fields).length) {
    throw InvalidInputError.fields(fields)
  }
  return {
    table: p.table,
    name: p.name,
    command: p.command,
    permissive: p.permissive,
    roles: p.roles,
    ...(p.using?.trim() ? { using: await parseExpression(p.using, 'using') } : {}),
    ...(p.withCheck?.trim() ? { withCheck: await parseExpression(p.withCheck, 'withCheck') } : {}),
  }
}

function roleList(roles: readonly string[]) {
  return roles.length ? sql.join(roles.map(grantee)) : sql`PUBLIC`
}

/** CREATE POLICY. */
export function createPolicy(p: Policy): Statement[] {
  return [
    statement({
      kind: 'create_policy',
      sql: sql`CREATE POLICY ${sql.id(p.name)} ON ${qualified(p.table)}
  AS ${p.permissive ? sql`PERMISSIVE` : sql`RESTRICTIVE`}
  FOR ${sql.raw(p.command)}
  TO ${roleList(p.roles)}${
    p.using
      ? sql`
  USING ${p.using.sql}`
      : sql``
  }${
    p.withCheck
      ? sql`
  WITH CHECK ${p.withCheck.sql}`
      : sql``
  }`,
      summary: `Create ${p.permissive ? 'permissive' : 'restrictive'} policy ${p.name} for ${p.command} on ${display(p.table)}`,
      lockLevel: 'ACCESS EXCLUSIVE',
    }),
  ]
}

/** DROP POLICY. */
export function dropPolicy(table: { schema: string; name: string }, name: string): Statement[] {
  return [
    statement({
      kind: 'drop_policy',
      sql: sql`DROP POLICY ${sql.id(name)} ON ${qualified(table)}`,
      summary: `Drop policy ${name} on ${display(table)}`,
      destructive: true,
      lockLevel: 'ACCESS EXCLUSIVE',
    }),
  ]
}

/**
 * Changes a policy from `before` to `after`: ALTER POLICY where PostgreSQL allows it (name,
 * roles, expressions), otherwise drop and create in the same plan (command, permissive).
 */
export function alterPolicy(before: Policy, after: Policy): Statement[] {
  if (
    display(before.table) !== display(after.table) ||
    before.command !== after.command ||
    before.permissive !== after.permissive
  ) {
    return [...dropPolicy(before.table, before.name), ...createPolicy(after)]
  }
  const out: Statement[] = []
  let name = before.name
  if (after.name !== before.name) {
    out.push(
      statement({
        kind: 'rename_policy',
        sql: sql`ALTER POLICY ${sql.id(before.name)} ON ${qualified(before.table)} RENAME TO ${sql.id(after.name)}`,
        summary: `Rename policy ${before.name} to ${after.name}`,
        lockLevel: 'ACCESS EXCLUSIVE',
      }),
    )
    name = after.name
  }
  const changes = [
    ...(before.roles.join() !== after.roles.join() ? [sql`TO ${roleList(after.roles)}`] : []),
    ...(after.using && after.using.text !== before.using?.text
      ? [sql`USING ${after.using.sql}`]
      : []),
    ...(after.withCheck && after.withCheck.text !== before.withCheck?.text
      ? [sql`WITH CHECK ${after.withCheck.sql}`]
      : []),
  ]
  // ALTER POLICY cannot remove an expression: dropping one means recreating the policy.
  if ((before.using && !after.using) || (before.withCheck && !after.withCheck)) {
    return [...dropPolicy(before.table, before.name), ...createPolicy(after)]
  }
  if (changes.length) {
    out.push(
      statement({
        kind: 'alter_policy',
        sql: sql`ALTER POLICY ${sql.id(name)} ON ${qualified(after.table)} ${sql.join(changes, sql` `)}`,
        summary: `Change policy ${name} on ${display(after.table)}`,
        lockLevel: 'ACCESS EXCLUSIVE',
      }),
    )
  }
  return out
}

/** ENABLE / DISABLE and FORCE / NO FORCE row level security on a table. */
export function setRowLevelSecurity(
  table: { schema: string; name: string },
  state: { enabled: boolean; forced?: boolean },
): Statement[] {
  const out = [
    statement({
      kind: 'alter_table_rls',
      sql: sql`ALTER TABLE ${qualified(table)} ${state.enabled ? sql`ENABLE` : sql`DISABLE`} ROW LEVEL SECURITY`,
      summary: `${state.enabled ? 'Enable' : 'Disable'} row level security on ${display(table)}`,
      destructive: !state.enabled,
      lockLevel: 'ACCESS EXCLUSIVE',
    }),
  ]
  if (state.forced !== undefined) {
    out.push(
      statement({
        kind: 'alter_table_rls',
        sql: sql`ALTER TABLE ${qualified(table)} ${state.forced ? sql`FORCE` : sql`NO FORCE`} ROW LEVEL SECURITY`,
        summary: `${state.forced ? 'Force' : 'Stop forcing'} row level security on ${display(table)} for its owner`,
        lockLevel: 'ACCESS EXCLUSIVE',
      }),
    )
  }
  return out
}

/** COMMENT ON POLICY (null removes the comment). */
export function commentOnPolicy(
  table: { schema: string; name: string },
  name: string,
  comment: string | null,
): Statement {
  return statement({
    kind: 'comment_policy',
    sql: sql`COMMENT ON POLICY ${sql.id(name)} ON ${qualified(table)} IS ${comment === null ? sql`NULL` : sql.lit(comment)}`,
    summary: `${comment === null ? 'Remove the comment of' : 'Comment on'} policy ${name} on ${display(table)}`,
  })
}

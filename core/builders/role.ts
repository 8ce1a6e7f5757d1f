import { z } from 'zod'
import { statement, type Statement } from '../executor/statement.js'
import { sql, type SqlFragment } from '../sql/sql.js'
import { nameSchema } from './names.js'
import { validate } from './validate.js'

const roleFields = z.object({
  name: nameSchema,
  login: z.boolean().default(false),
  inherit: z.boolean().default(true),
  bypassRls: z.boolean().default(false),
  createRole: z.boolean().default(false),
  createDb: z.boolean().default(false),
  /** -1: no limit. */
  connectionLimit: z.number().int().min(-1).default(-1),
  /** ISO timestamp, or null for no expiry. */
  validUntil: z.iso.datetime({ offset: true }).nullable().default(null),
  /** Set only when given; never shown in previews or the change log. */
  password: z.string().min(8, 'must be at least 8 characters').max(1000).optional(),
})

export type RoleInput = z.input<typeof roleFields>
export type Role = z.output<typeof roleFields>

export function parseRole(input: unknown): Role {
  return validate(roleFields, input)
}

function attributes(r: Role): SqlFragment {
  return sql.join(
    [
      r.login ? sql`LOGIN` : sql`NOLOGIN`,
      r.inherit ? sql`INHERIT` : sql`NOINHERIT`,
      r.bypassRls ? sql`BYPASSRLS` : sql`NOBYPASSRLS`,
      r.createRole ? sql`CREATEROLE` : sql`NOCREATEROLE`,
      r.createDb ? sql`CREATEDB` : sql`NOCREATEDB`,
      sql`CONNECTION LIMIT ${sql.literal(r.connectionLimit)}`,
      r.validUntil ? sql`VALID UNTIL ${sql.literal(r.validUntil)}` : sql`VALID UNTIL 'infinity'`,
    ],
    sql` `,
  )
}

function withPassword(kind: string, head: SqlFragment, r: Role, summary: string): Statement {
  return statement({
    kind,
    sql: r.password ? sql`${head} PASSWORD ${sql.literal(r.password)}` : head,
    ...(r.password ? { display: sql`${head} PASSWORD '********'` } : {}),
    summary,
  })
}

/** CREATE ROLE with every attribute spelled out. */
export function createRole(r: Role): Statement[] {
  return [
    withPassword(
      'create_role',
      sql`CREATE ROLE ${sql.ident(r.name)} ${attributes(r)}`,
      r,
      `Create role ${r.name}`,
    ),
  ]
}

/** Renames (when the name changed) and sets attributes and, when given, the password. */
export function alterRole(before: Role, after: Role): Statement[] {
  const out: Statement[] = []
  if (before.name !== after.name) {
    out.push(
      statement({
        kind: 'rename_role',
        sql: sql`ALTER ROLE ${sql.ident(before.name)} RENAME TO ${sql.ident(after.name)}`,
        summary: `Rename role ${before.name} to ${after.name}`,
      }),
    )
  }
  const same =
    JSON.stringify({ ...before, name: '', password: undefined }) ===
    JSON.stringify({ ...after, name: '', password: undefined })
  if (!same || after.password) {
    out.push(
      withPassword(
        'alter_role',
        sql`ALTER ROLE ${sql.ident(after.name)} ${attributes(after)}`,
        after,
        `Change role ${after.name}`,
      ),
    )
  }
  return out
}

/**
 * Drops a role. Objects it owns block a DROP ROLE: `reassignTo` hands them over (REASSIGN OWNED)
 * and `dropOwned` drops what is left together with its privileges (DROP OWNED) — in this
 * database; other databases need the same there.
 */
export function dropRole(
  name: string,
  options: { reassignTo?: string; dropOwned?: boolean } = {},
): Statement[] {
  const out: Statement[] = []
  if (options.reassignTo) {
    out.push(
      statement({
        kind: 'reassign_owned',
        sql: sql`REASSIGN OWNED BY ${sql.ident(name)} TO ${sql.ident(options.reassignTo)}`,
        summary: `Give everything ${name} owns to ${options.reassignTo}`,
      }),
    )
  }
  if (options.dropOwned) {
    out.push(
      statement({
        kind: 'drop_owned',
        sql: sql`DROP OWNED BY ${sql.ident(name)}`,
        summary: `Drop what ${name} still owns and revoke its privileges`,
        destructive: true,
      }),
    )
  }
  out.push(
    statement({
      kind: 'drop_role',
      sql: sql`DROP ROLE ${sql.ident(name)}`,
      summary: `Drop role ${name}`,
      destructive: true,
    }),
  )
  return out
}

/** GRANT role TO member [WITH ADMIN OPTION]. */
export function grantMembership(role: string, member: string, admin = false): Statement[] {
  return [
    statement({
      kind: 'grant_role',
      sql: sql`GRANT ${sql.ident(role)} TO ${sql.ident(member)}${admin ? sql` WITH ADMIN OPTION` : sql``}`,
      summary: `Make ${member} a member of ${role}${admin ? ' with ADMIN OPTION' : ''}`,
    }),
  ]
}

export function revokeMembership(role: string, member: string): Statement[] {
  return [
    statement({
      kind: 'revoke_role',
      sql: sql`REVOKE ${sql.ident(role)} FROM ${sql.ident(member)}`,
      summary: `Remove ${member} from ${role}`,
      destructive: true,
    }),
  ]
}

import { z } from 'zod'
import { statement, type Statement } from '../executor/statement.js'
import { sql, type SqlFragment } from '../sql/sql.js'
import { nameSchema } from './names.js'
import { scramVerifier } from './password.js'
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
  /**
   * Set only when given. Sent as a SCRAM-SHA-256 verifier computed here, so the plain password
   * never reaches the server; shown as ******** in previews and the change log.
   */
  password: z.string().min(8, 'must be at least 8 characters').max(1000).optional(),
  /** COMMENT ON ROLE; null or '' removes it. */
  comment: z.string().max(10_000).nullable().default(null),
})

export type RoleInput = z.input<typeof roleFields>
export type Role = z.output<typeof roleFields>

export function parseRole(input: unknown): Role {
  return validate(roleFields, input)
}

type Attribute =
  'login' | 'inherit' | 'bypassRls' | 'createRole' | 'createDb' | 'connectionLimit' | 'validUntil'

const ATTRIBUTES: readonly Attribute[] = [
  'login',
  'inherit',
  'bypassRls',
  'createRole',
  'createDb',
  'connectionLimit',
  'validUntil',
]

function attribute(r: Role, a: Attribute): SqlFragment {
  switch (a) {
    case 'login':
      return r.login ? sql`LOGIN` : sql`NOLOGIN`
    case 'inherit':
      return r.inherit ? sql`INHERIT` : sql`NOINHERIT`
    case 'bypassRls':
      return r.bypassRls ? sql`BYPASSRLS` : sql`NOBYPASSRLS`
    case 'createRole':
      return r.createRole ? sql`CREATEROLE` : sql`NOCREATEROLE`
    case 'createDb':
      return r.createDb ? sql`CREATEDB` : sql`NOCREATEDB`
    case 'connectionLimit':
      return sql`CONNECTION LIMIT ${sql.lit(r.connectionLimit)}`
    case 'validUntil':
      return r.validUntil
        ? sql`VALID UNTIL ${sql.lit(r.validUntil)}`
        : sql`VALID UNTIL 'infinity'`
    default: {
      const never: never = a
      throw new TypeError(`unknown role attribute ${String(never)}`)
    }
  }
}

function attributes(r: Role, only: readonly Attribute[] = ATTRIBUTES): SqlFragment {
  return sql.join(
    only.map((a) => attribute(r, a)),
    sql` `,
  )
}

function withPassword(kind: string, head: SqlFragment, r: Role, summary: string): Statement {
  return statement({
    kind,
    sql: r.password ? sql`${head} PASSWORD ${sql.lit(scramVerifier(r.password))}` : head,
    ...(r.password ? { display: sql`${head} PASSWORD '********'` } : {}),
    summary,
  })
}

function comment(name: string, text: string | null): Statement {
  return statement({
    kind: 'comment_role',
    sql: sql`COMMENT ON ROLE ${sql.id(name)} IS ${text ? sql.lit(text) : sql`NULL`}`,
    summary: text ? `Describe role ${name}` : `Remove the description of role ${name}`,
  })
}

/** CREATE ROLE with every attribute spelled out, and its description. */
export function createRole(r: Role): Statement[] {
  return [
    withPassword(
      'create_role',
      sql`CREATE ROLE ${sql.id(r.name)} ${attributes(r)}`,
      r,
      `Create role ${r.name}`,
    ),
    ...(r.comment ? [comment(r.name, r.comment)] : []),
  ]
}

/** Renames (when the name changed) and sets attributes and, when given, the password. */
export function alterRole(before: Role, after: Role): Statement[] {
  const out: Statement[] = []
  if (before.name !== after.name) {
    out.push(
      statement({
        kind: 'rename_role',
        sql: sql`ALTER ROLE ${sql.id(before.name)} RENAME TO ${sql.id(after.name)}`,
        summary: `Rename role ${before.name} to ${after.name}`,
      }),
    )
  }
  // Only what changed: a CREATEROLE role may not even restate CREATEDB or BYPASSRLS it lacks.
  const changed = ATTRIBUTES.filter((a) => before[a] !== after[a])
  if (changed.length || after.password) {
    out.push(
      withPassword(
        'alter_role',
        changed.length
          ? sql`ALTER ROLE ${sql.id(after.name)} ${attributes(after, changed)}`
          : sql`ALTER ROLE ${sql.id(after.name)}`,
        after,
        `Change role ${after.name}`,
      ),
    )
  }
  if ((before.comment || null) !== (after.comment || null))
    out.push(comment(after.name, after.comment))
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
        sql: sql`REASSIGN OWNED BY ${sql.id(name)} TO ${sql.id(options.reassignTo)}`,
        summary: `Give everything ${name} owns to ${options.reassignTo}`,
      }),
    )
  }
  if (options.dropOwned) {
    out.push(
      statement({
        kind: 'drop_owned',
        sql: sql`DROP OWNED BY ${sql.id(name)}`,
        summary: `Drop what ${name} still owns and revoke its privileges`,
        destructive: true,
      }),
    )
  }
  out.push(
    statement({
      kind: 'drop_role',
      sql: sql`DROP ROLE ${sql.id(name)}`,
      summary: `Drop role ${name}`,
      destructive: true,
    }),
  )
  return out
}

/**
 * How a membership is granted. `inherit` and `set` exist per grant from PG 16; leave them out
 * for older servers, where the member's INHERIT attribute decides.
 */
export interface MembershipOptions {
  readonly admin?: boolean
  readonly inherit?: boolean
  readonly set?: boolean
}

function membershipOptions(o: MembershipOptions): SqlFragment {
  if (o.inherit === undefined && o.set === undefined) {
    return o.admin ? sql` WITH ADMIN OPTION` : sql``
  }
  const parts = [sql`ADMIN ${o.admin ? sql`TRUE` : sql`FALSE`}`]
  if (o.inherit !== undefined) parts.push(sql`INHERIT ${o.inherit ? sql`TRUE` : sql`FALSE`}`)
  if (o.set !== undefined) parts.push(sql`SET ${o.set ? sql`TRUE` : sql`FALSE`}`)
  return sql` WITH ${sql.join(parts)}`
}

function describeOptions(o: MembershipOptions): string {
  const said = [
    o.admin ? 'with ADMIN OPTION' : '',
    o.inherit === false ? 'without inheriting its privileges' : '',
    o.set === false ? 'without SET ROLE' : '',
  ].filter(Boolean)
  return said.length ? ` ${said.join(', ')}` : ''
}

/** GRANT role TO member [WITH ADMIN …, INHERIT …, SET …]; granting again changes the options. */
export function grantMembership(
  role: string,
  member: string,
  options: MembershipOptions = {},
): Statement[] {
  return [
    statement({
      kind: 'grant_role',
      sql: sql`GRANT ${sql.id(role)} TO ${sql.id(member)}${membershipOptions(options)}`,
      summary: `Make ${member} a member of ${role}${describeOptions(options)}`,
    }),
  ]
}

/** REVOKE ADMIN OPTION FOR role FROM member: the member stays, without the right to grant it on. */
export function revokeMembershipAdmin(role: string, member: string): Statement[] {
  return [
    statement({
      kind: 'revoke_role_admin',
      sql: sql`REVOKE ADMIN OPTION FOR ${sql.id(role)} FROM ${sql.id(member)}`,
      summary: `${member} may no longer grant ${role} to others`,
    }),
  ]
}

export function revokeMembership(role: string, member: string): Statement[] {
  return [
    statement({
      kind: 'revoke_role',
      sql: sql`REVOKE ${sql.id(role)} FROM ${sql.id(member)}`,
      summary: `Remove ${member} from ${role}`,
      destructive: true,
    }),
  ]
}

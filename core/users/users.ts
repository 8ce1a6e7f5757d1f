import { hash, type Options } from '@node-rs/argon2'
import { z } from 'zod'
import type { Pool } from '../db/pool.js'
import { InvalidInputError } from '../errors.js'
import { compile, sql, type SqlFragment } from '../sql/sql.js'
import type { Persona } from '../plugin/types.js'

/** A console user as the rest of the console sees it: never the password hash. */
export interface ConsoleUser {
  readonly name: string
  /** The Postgres role their requests run as. */
  readonly role: string
  readonly claims: Readonly<Record<string, unknown>>
  readonly personas: readonly Persona[]
  /** The roles they may run the policy tester as (an explicit grant; empty: none). */
  readonly mayTest: readonly string[]
}

const roleName = z.string().min(1).max(63)
const claimsSchema = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.unknown())
const personasSchema = z.array(z.enum(['data', 'ops', 'dev', 'admin'])).min(1)
const mayTestSchema = z.array(roleName)

export const userInputSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9_.@-]{1,63}$/, 'letters, digits, _ . @ - (at most 63)'),
  password: z.string().min(8, 'must be at least 8 characters').max(200),
  role: roleName,
  claims: claimsSchema.default({}),
  personas: personasSchema.default(['data']),
  mayTest: mayTestSchema.default([]),
})

export type UserInput = z.input<typeof userInputSchema>

/**
 * What `update` may change; each change ends the user's sessions. No defaults: a field left
 * out stays as it is.
 */
export const userChangeSchema = z
  .object({
    role: roleName.optional(),
    claims: claimsSchema.optional(),
    personas: personasSchema.optional(),
    mayTest: mayTestSchema.optional(),
  })
  .strict()

export type UserChange = z.input<typeof userChangeSchema>

function fieldErrors(error: z.ZodError): InvalidInputError {
  const fields: Record<string, string> = {}
  for (const issue of error.issues) fields[issue.path.join('.') || 'user'] ??= issue.message
  return InvalidInputError.fields(fields)
}

// The package's Algorithm and Version are const enums, which verbatimModuleSyntax cannot import.
const ALGORITHMS: Readonly<Record<string, NonNullable<Options['algorithm']>>> = {
  argon2d: 0 as NonNullable<Options['algorithm']>,
  argon2i: 1 as NonNullable<Options['algorithm']>,
  argon2id: 2 as NonNullable<Options['algorithm']>,
}
const VERSION_16 = 0 as NonNullable<Options['version']>
const VERSION_19 = 1 as NonNullable<Options['version']>

/**
 * The argon2 options in a PHC settings prefix (`$argon2id$v=19$m=…,t=…,p=…$<salt>$`), so the
 * candidate password is hashed exactly as the stored one was. Undefined when it is not one.
 */
export function argon2Options(settings: string): Options | undefined {
  const m = /^\$(argon2(?:id|i|d))\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$$/.exec(
    settings,
  )
  if (!m) return undefined
  const [, algorithm = '', version, memory, time, parallelism, salt = ''] = m
  return {
    algorithm: ALGORITHMS[algorithm] ?? (2 as NonNullable<Options['algorithm']>),
    version: Number(version) === 16 ? VERSION_16 : VERSION_19,
    memoryCost: Number(memory),
    timeCost: Number(time),
    parallelism: Number(parallelism),
    outputLen: 32,
    salt: Buffer.from(salt, 'base64'),
  }
}

const USER_COLUMNS = sql`name, role, claims, personas, may_test AS "mayTest"`

/** Console users, stored in the console schema; passwords hashed with argon2id. */
export class UserStore {
  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  private table(): SqlFragment {
    return sql.id(this.schema, 'users')
  }

  /**
   * The statement `change` wrapped so the same statement ends the sessions of the users it
   * returns (connect-pg-simple keeps the signed-in user at sess.adminUser.email).
   */
  private endingSessions(change: SqlFragment): SqlFragment {
    return sql`WITH changed AS (${change}),
ended AS (DELETE FROM ${sql.id(this.schema, 'session')}
  WHERE (sess -> 'adminUser' ->> 'email') IN (SELECT name FROM changed))
SELECT name FROM changed`
  }

  private async checkMayTest(roles: readonly string[]): Promise<void> {
    if (!roles.length) return
    const rows = await this.query<{ rolname: string }>(sql`
      SELECT rolname FROM pg_catalog.pg_roles WHERE rolname = ANY(${sql.val(roles)}::text[])`)
    const known = new Set(rows.map((r) => r.rolname))
    const missing = roles.filter((r) => !known.has(r))
    if (missing.length) {
      throw InvalidInputError.field('mayTest', `role ${JSON.stringify(missing[0])} does not exist`)
    }
  }

  private async query<R extends Record<string, unknown>>(q: SqlFragment): Promise<R[]> {
    const { text, values } = compile(q)
    return (await this.pool.query<R>(text, values as unknown[])).rows
  }

  private async checkRole(role: string): Promise<void> {
    const [row] = await this.query<{ exists: boolean; member: boolean }>(sql`
      SELECT true AS exists, pg_catalog.pg_has_role(current_user, r.oid, 'MEMBER') AS member
      FROM pg_catalog.pg_roles r WHERE r.rolname = ${sql.val(role)}`)
    if (!row) throw InvalidInputError.field('role', `role ${JSON.stringify(role)} does not exist`)
    if (!row.member) {
      throw InvalidInputError.field(
        'role',
        `the console's login may not act as role ${JSON.stringify(role)}`,
      )
    }
  }

  async add(input: UserInput): Promise<ConsoleUser> {
    const parsed = userInputSchema.safeParse(input)
    if (!parsed.success) throw fieldErrors(parsed.error)
    const u = parsed.data
    await this.checkRole(u.role)
    await this.checkMayTest(u.mayTest)
    const passwordHash = await hash(u.password)
    const rows = await this.query<{ name: string }>(sql`
      INSERT INTO ${this.table()} (name, password_hash, role, claims, personas, may_test)
      VALUES (${sql.val(u.name)}, ${sql.val(passwordHash)}, ${sql.val(u.role)},
        ${sql.val(JSON.stringify(u.claims))}, ${sql.val(u.personas)}, ${sql.val(u.mayTest)})
      ON CONFLICT (name) DO NOTHING RETURNING name`)
    if (rows.length === 0) throw InvalidInputError.field('name', `user ${u.name} already exists`)
    return {
      name: u.name,
      role: u.role,
      claims: u.claims,
      personas: u.personas,
      mayTest: u.mayTest,
    }
  }

  /**
   * Changes a user's role, claims, personas or the roles they may test as, and ends their
   * sessions in the same statement: whoever is signed in as them signs in again.
   *
   * @example await users.update('bob', { mayTest: ['karen'] })
   */
  async update(name: string, change: UserChange): Promise<ConsoleUser> {
    const parsed = userChangeSchema.safeParse(change)
    if (!parsed.success) throw fieldErrors(parsed.error)
    const c = parsed.data
    if (c.role !== undefined) await this.checkRole(c.role)
    if (c.mayTest !== undefined) await this.checkMayTest(c.mayTest)
    const sets = [
      ...(c.role !== undefined ? [sql`role = ${sql.val(c.role)}`] : []),
      ...(c.claims !== undefined ? [sql`claims = ${sql.val(JSON.stringify(c.claims))}`] : []),
      ...(c.personas !== undefined ? [sql`personas = ${sql.val(c.personas)}`] : []),
      ...(c.mayTest !== undefined ? [sql`may_test = ${sql.val(c.mayTest)}`] : []),
      sql`updated_at = now()`,
    ]
    const rows = await this.query(
      this.endingSessions(sql`UPDATE ${this.table()} SET ${sql.join(sets)}
        WHERE name = ${sql.val(name)} RETURNING name`),
    )
    if (rows.length === 0) throw InvalidInputError.field('name', `no user ${name}`)
    const user = await this.get(name)
    if (!user) throw InvalidInputError.field('name', `no user ${name}`)
    return user
  }

  async setPassword(name: string, password: string): Promise<void> {
    const parsed = userInputSchema.shape.password.safeParse(password)
    if (!parsed.success)
      throw InvalidInputError.field('password', parsed.error.issues[0]?.message ?? 'invalid')
    // A new password ends the sessions signed in with the old one.
    const rows = await this.query(
      this.endingSessions(sql`UPDATE ${this.table()}
        SET password_hash = ${sql.val(await hash(password))}, updated_at = now()
        WHERE name = ${sql.val(name)} RETURNING name`),
    )
    if (rows.length === 0) throw InvalidInputError.field('name', `no user ${name}`)
  }

  /** Removes a user and ends their sessions. */
  async remove(name: string): Promise<void> {
    const rows = await this.query(
      this.endingSessions(
        sql`DELETE FROM ${this.table()} WHERE name = ${sql.val(name)} RETURNING name`,
      ),
    )
    if (rows.length === 0) throw InvalidInputError.field('name', `no user ${name}`)
  }

  async list(): Promise<ConsoleUser[]> {
    return this.query<ConsoleUser & Record<string, unknown>>(sql`
      SELECT ${USER_COLUMNS} FROM ${this.table()} ORDER BY name`)
  }

  async get(name: string): Promise<ConsoleUser | undefined> {
    const [row] = await this.query<ConsoleUser & Record<string, unknown>>(sql`
      SELECT ${USER_COLUMNS} FROM ${this.table()} WHERE name = ${sql.val(name)}`)
    return row
  }

  /**
   * The user when the password matches, otherwise undefined. The console's login never reads a
   * hash: it asks for the stored hash's settings and salt (a fixed dummy for an unknown name,
   * so both cost one hash), hashes the candidate with them, and lets PostgreSQL compare.
   */
  async verify(name: string, password: string): Promise<ConsoleUser | undefined> {
    if (typeof name !== 'string' || typeof password !== 'string' || password.length > 200)
      return undefined
    const [params] = await this.query<{ settings: string }>(sql`
      SELECT ${sql.id(this.schema, 'password_settings')}(${sql.val(name)}) AS settings`)
    const options = params && argon2Options(params.settings)
    if (!options) return undefined
    const candidate = await hash(password, options)
    const [match] = await this.query<{ ok: boolean }>(sql`
      SELECT ${sql.id(this.schema, 'password_matches')}(${sql.val(name)}, ${sql.val(candidate)}) AS ok`)
    if (!match?.ok) return undefined
    return this.get(name)
  }
}

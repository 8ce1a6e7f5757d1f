import { hash, verify } from '@node-rs/argon2'
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
}

export const userInputSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9_.@-]{1,63}$/, 'letters, digits, _ . @ - (at most 63)'),
  password: z.string().min(8, 'must be at least 8 characters').max(200),
  role: z.string().min(1).max(63),
  claims: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.unknown()).default({}),
  personas: z
    .array(z.enum(['data', 'ops', 'dev', 'admin']))
    .min(1)
    .default(['data']),
})

export type UserInput = z.input<typeof userInputSchema>

function fieldErrors(error: z.ZodError): InvalidInputError {
  const fields: Record<string, string> = {}
  for (const issue of error.issues) fields[issue.path.join('.') || 'user'] ??= issue.message
  return InvalidInputError.fields(fields)
}

// Verifying against a fixed hash when the user does not exist keeps the timing of "no such user"
// and "wrong password" alike.
const DUMMY_HASH = await hash('planetary-not-a-user')

/** Console users, stored in the console schema; passwords hashed with argon2id. */
export class UserStore {
  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  private table(): SqlFragment {
    return sql.ident(this.schema, 'users')
  }

  private async query<R extends Record<string, unknown>>(q: SqlFragment): Promise<R[]> {
    const { text, values } = compile(q)
    return (await this.pool.query<R>(text, values as unknown[])).rows
  }

  private async checkRole(role: string): Promise<void> {
    const [row] = await this.query<{ exists: boolean; member: boolean }>(sql`
      SELECT true AS exists, pg_catalog.pg_has_role(current_user, r.oid, 'MEMBER') AS member
      FROM pg_catalog.pg_roles r WHERE r.rolname = ${sql.value(role)}`)
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
    const passwordHash = await hash(u.password)
    const rows = await this.query<{ name: string }>(sql`
      INSERT INTO ${this.table()} (name, password_hash, role, claims, personas)
      VALUES (${sql.value(u.name)}, ${sql.value(passwordHash)}, ${sql.value(u.role)},
        ${sql.value(JSON.stringify(u.claims))}, ${sql.value(u.personas)})
      ON CONFLICT (name) DO NOTHING RETURNING name`)
    if (rows.length === 0) throw InvalidInputError.field('name', `user ${u.name} already exists`)
    return { name: u.name, role: u.role, claims: u.claims, personas: u.personas }
  }

  async setPassword(name: string, password: string): Promise<void> {
    const parsed = userInputSchema.shape.password.safeParse(password)
    if (!parsed.success)
      throw InvalidInputError.field('password', parsed.error.issues[0]?.message ?? 'invalid')
    const rows = await this.query(sql`
      UPDATE ${this.table()} SET password_hash = ${sql.value(await hash(password))}, updated_at = now()
      WHERE name = ${sql.value(name)} RETURNING name`)
    if (rows.length === 0) throw InvalidInputError.field('name', `no user ${name}`)
  }

  async remove(name: string): Promise<void> {
    const rows = await this.query(
      sql`DELETE FROM ${this.table()} WHERE name = ${sql.value(name)} RETURNING name`,
    )
    if (rows.length === 0) throw InvalidInputError.field('name', `no user ${name}`)
  }

  async list(): Promise<ConsoleUser[]> {
    return this.query<ConsoleUser & Record<string, unknown>>(sql`
      SELECT name, role, claims, personas FROM ${this.table()} ORDER BY name`)
  }

  async get(name: string): Promise<ConsoleUser | undefined> {
    const [row] = await this.query<ConsoleUser & Record<string, unknown>>(sql`
      SELECT name, role, claims, personas FROM ${this.table()} WHERE name = ${sql.value(name)}`)
    return row
  }

  /** The user when the password matches, otherwise undefined. */
  async verify(name: string, password: string): Promise<ConsoleUser | undefined> {
    if (typeof name !== 'string' || typeof password !== 'string' || password.length > 200)
      return undefined
    const [row] = await this.query<
      ConsoleUser & { password_hash: string } & Record<string, unknown>
    >(sql`
      SELECT name, role, claims, personas, password_hash FROM ${this.table()} WHERE name = ${sql.value(name)}`)
    const ok = await verify(row?.password_hash ?? DUMMY_HASH, password)
    if (!row || !ok) return undefined
    return { name: row.name, role: row.role, claims: row.claims, personas: row.personas }
  }
}

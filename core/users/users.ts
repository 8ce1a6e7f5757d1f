import { hash, type Options } from '@node-rs/argon2'
import { z } from 'zod'
import type { DeleteQueryBuilder, QueryCreator, UpdateQueryBuilder } from 'kysely'
import type { Database } from '../db/database.js'
import { poolDb, type Db } from '../db/kysely.js'
import type { Pool } from '../db/pool.js'
import { InvalidInputError } from '../errors.js'
import { sql } from '../sql/sql.js'
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

/** The console's two colour schemes, kept per user. */
export const THEMES = ['light', 'dark'] as const
export type ThemeChoice = (typeof THEMES)[number]

export function isThemeChoice(value: unknown): value is ThemeChoice {
  return (THEMES as readonly unknown[]).includes(value)
}

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

// personas is text[] in the table; its CHECK keeps it to the four personas.
function asUser(row: Omit<ConsoleUser, 'personas'> & { personas: readonly string[] }): ConsoleUser {
  return { ...row, personas: row.personas as Persona[] }
}

/** A statement on `users` that returns the names it changed. */
type UserChangeQuery =
  | UpdateQueryBuilder<Database, 'users', 'users', { name: string }>
  | DeleteQueryBuilder<Database, 'users', { name: string }>

/** Console users, stored in the console schema; passwords hashed with argon2id. */
export class UserStore {
  private readonly db: Db

  constructor(
    pool: Pool,
    private readonly schema: string,
  ) {
    this.db = poolDb(pool).withSchema(schema)
  }

  private selectUsers() {
    return this.db
      .selectFrom('users')
      .select(['name', 'role', 'claims', 'personas', 'may_test as mayTest'])
  }

  /**
   * Runs `change` and, in the same statement, ends the sessions of the users it returns
   * (connect-pg-simple keeps the signed-in user at sess.adminUser.email).
   */
  private async endingSessions(
    change: (db: QueryCreator<Database>) => UserChangeQuery,
  ): Promise<string[]> {
    const rows = await this.db
      .with('changed', change)
      .with('ended', (db) =>
        db
          .deleteFrom('session')
          .where(
            sql<string>`sess -> 'adminUser' ->> 'email'`,
            'in',
            db.selectFrom('changed').select('name'),
          ),
      )
      .selectFrom('changed')
      .select('name')
      .execute()
    return rows.map((r) => r.name)
  }

  private async checkMayTest(roles: readonly string[]): Promise<void> {
    if (!roles.length) return
    const rows = await this.db
      .selectFrom('pg_catalog.pg_roles')
      .select('rolname')
      .where('rolname', 'in', roles)
      .execute()
    const known = new Set(rows.map((r) => r.rolname))
    const missing = roles.filter((r) => !known.has(r))
    if (missing.length) {
      throw InvalidInputError.field('mayTest', `role ${JSON.stringify(missing[0])} does not exist`)
    }
  }

  private async checkRole(role: string): Promise<void> {
    const row = await this.db
      .selectFrom('pg_catalog.pg_roles as r')
      .select(sql<boolean>`pg_catalog.pg_has_role(current_user, r.oid, 'MEMBER')`.as('member'))
      .where('r.rolname', '=', role)
      .executeTakeFirst()
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
    const rows = await this.db
      .insertInto('users')
      .values({
        name: u.name,
        password_hash: passwordHash,
        role: u.role,
        claims: JSON.stringify(u.claims),
        personas: u.personas,
        may_test: u.mayTest,
      })
      .onConflict((oc) => oc.column('name').doNothing())
      .returning('name')
      .execute()
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
    const rows = await this.endingSessions((db) =>
      db
        .updateTable('users')
        .set({
          ...(c.role !== undefined ? { role: c.role } : {}),
          ...(c.claims !== undefined ? { claims: JSON.stringify(c.claims) } : {}),
          ...(c.personas !== undefined ? { personas: c.personas } : {}),
          ...(c.mayTest !== undefined ? { may_test: c.mayTest } : {}),
          updated_at: sql<Date>`now()`,
        })
        .where('name', '=', name)
        .returning('name'),
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
    const passwordHash = await hash(password)
    const rows = await this.endingSessions((db) =>
      db
        .updateTable('users')
        .set({ password_hash: passwordHash, updated_at: sql<Date>`now()` })
        .where('name', '=', name)
        .returning('name'),
    )
    if (rows.length === 0) throw InvalidInputError.field('name', `no user ${name}`)
  }

  /** Removes a user and ends their sessions. */
  async remove(name: string): Promise<void> {
    const rows = await this.endingSessions((db) =>
      db.deleteFrom('users').where('name', '=', name).returning('name'),
    )
    if (rows.length === 0) throw InvalidInputError.field('name', `no user ${name}`)
  }

  async list(): Promise<ConsoleUser[]> {
    return (await this.selectUsers().orderBy('name').execute()).map(asUser)
  }

  async get(name: string): Promise<ConsoleUser | undefined> {
    const row = await this.selectUsers().where('name', '=', name).executeTakeFirst()
    return row && asUser(row)
  }

  /**
   * The user when the password matches, otherwise undefined. The console's login never reads a
   * hash: it asks for the stored hash's settings and salt (a fixed dummy for an unknown name,
   * so both cost one hash), hashes the candidate with them, and lets PostgreSQL compare.
   */
  async verify(name: string, password: string): Promise<ConsoleUser | undefined> {
    if (typeof name !== 'string' || typeof password !== 'string' || password.length > 200)
      return undefined
    const params = await this.db
      .selectNoFrom(
        sql<string>`${sql.id(this.schema, 'password_settings')}(${name})`.as('settings'),
      )
      .executeTakeFirst()
    const options = params && argon2Options(params.settings)
    if (!options) return undefined
    const candidate = await hash(password, options)
    const match = await this.db
      .selectNoFrom(
        sql<boolean>`${sql.id(this.schema, 'password_matches')}(${name}, ${candidate})`.as('ok'),
      )
      .executeTakeFirst()
    if (!match?.ok) return undefined
    return this.get(name)
  }

  /**
   * The user's colour scheme. A database set up before the column existed (`planetary init`
   * adds it) answers 'light', so signing in never depends on it.
   *
   * @example await users.theme('karen') // 'light'
   */
  async theme(name: string): Promise<ThemeChoice> {
    try {
      const row = await this.db
        .selectFrom('users')
        .select('theme')
        .where('name', '=', name)
        .executeTakeFirst()
      return isThemeChoice(row?.theme) ? row.theme : 'light'
    } catch (err) {
      if ((err as { code?: string }).code === '42703') return 'light'
      throw err
    }
  }

  /**
   * Keeps the user's colour scheme. Unlike `update`, this ends no session: it changes how the
   * console looks to them, not what they may do.
   */
  async setTheme(name: string, theme: ThemeChoice): Promise<void> {
    if (!isThemeChoice(theme)) throw InvalidInputError.field('theme', 'must be light or dark')
    const rows = await this.db
      .updateTable('users')
      .set({ theme })
      .where('name', '=', name)
      .returning('name')
      .execute()
    if (rows.length === 0) throw InvalidInputError.field('name', `no user ${name}`)
  }
}

import { statement, type Statement } from '../executor/statement.js'
import { sql } from '../sql/sql.js'
import { createChangeLog } from './change-log.js'
import { rateLimitTable } from './rate-limit-table.js'
import { DEFAULT_TESTED_ROLES, testerLogin } from './tester-login.js'
import { usersTable } from './users-table.js'

/** The roles of PRD §7 that `planetary init` creates when missing. */
export const EXAMPLE_ROLES = ['senior_dev', 'bob_devops', 'karen', 'audit_writer'] as const

export interface BootstrapOptions {
  readonly consoleSchema: string
  /** The console's login: NOINHERIT, may SET ROLE to every role it serves. */
  readonly authenticator: string
  /** Password for a newly created authenticator (never logged: the preview shows it masked). */
  readonly authenticatorPassword?: string
  readonly ddlRole: string
  /** PostgREST's own authenticator login. */
  readonly postgrestAuthenticator: string
  readonly exampleRoles?: readonly string[]
  /** NOLOGIN owner of the console schema and users table; the authenticator is no member of it. */
  readonly consoleOwner?: string
  /** The policy tester's login (LOGIN NOINHERIT, owns nothing, reads nothing of the console). */
  readonly tester?: string
  /** Password for the tester login (masked like the authenticator's). */
  readonly testerPassword?: string
  /** Roles the tester login may act as; default: karen, bob_devops, senior_dev where they exist. */
  readonly testedRoles?: readonly string[]
}

export const DEFAULT_CONSOLE_OWNER = 'planetary_owner'
export const DEFAULT_TESTER = 'planetary_tester'

/** What exists already, so the plan only adds what is missing and re-running changes nothing. */
export interface BootstrapState {
  readonly roles: ReadonlySet<string>
  /** Roles that are superuser, BYPASSRLS or CREATEROLE: never granted to the tester login. */
  readonly privileged?: ReadonlySet<string>
}

const role = (name: string, attributes: string, comment: string): Statement[] => [
  statement({
    kind: 'create_role',
    sql: sql`CREATE ROLE ${sql.id(name)} ${sql.raw(attributes)}`,
    summary: `Create role ${name}`,
  }),
  statement({
    kind: 'comment',
    sql: sql`COMMENT ON ROLE ${sql.id(name)} IS ${sql.lit(comment)}`,
    summary: `Describe role ${name}`,
  }),
]

/**
 * The plan that bootstraps PRD §7 on a database: console schema (users, sessions, change log,
 * login rate limits), the authenticator login, the DDL role and the example roles, with the
 * memberships that let the authenticator act as each. Pure: `state` says what exists.
 */
export function bootstrapPlan(options: BootstrapOptions, state: BootstrapState): Statement[] {
  const { consoleSchema: schema, authenticator, ddlRole } = options
  const examples = options.exampleRoles ?? EXAMPLE_ROLES
  const owner = options.consoleOwner ?? DEFAULT_CONSOLE_OWNER
  const tester = options.tester ?? DEFAULT_TESTER
  const plan: Statement[] = []
  if (!state.roles.has(owner)) {
    plan.push(
      ...role(
        owner,
        'NOLOGIN',
        'Owns the console schema and its users table; nobody logs in as it.',
      ),
    )
  }
  if (!state.roles.has(authenticator)) {
    plan.push(
      ...role(authenticator, 'LOGIN NOINHERIT', 'The console login: acts only through SET ROLE.'),
    )
  }
  if (options.authenticatorPassword !== undefined) {
    plan.push(
      statement({
        kind: 'alter_role',
        sql: sql`ALTER ROLE ${sql.id(authenticator)} PASSWORD ${sql.lit(options.authenticatorPassword)}`,
        display: sql`ALTER ROLE ${sql.id(authenticator)} PASSWORD '********'`,
        summary: `Set the password of ${authenticator}`,
      }),
    )
  }
  if (!state.roles.has(ddlRole)) {
    plan.push(...role(ddlRole, 'NOLOGIN CREATEROLE', 'Runs the DDL the console generates.'))
  }
  const comments: Record<string, string> = {
    senior_dev: 'Senior developer: DDL via the console, metadata, no raw table data.',
    bob_devops: 'DevOps: console operations, metadata, health statistics.',
    karen: 'Operations: rows in views, filtered by RLS.',
    audit_writer: 'INSERT only on the foreign audit tables.',
  }
  for (const name of examples) {
    if (!state.roles.has(name))
      plan.push(...role(name, 'NOLOGIN', comments[name] ?? 'Example role.'))
  }
  if (!state.roles.has(options.postgrestAuthenticator)) {
    plan.push(
      ...role(
        options.postgrestAuthenticator,
        'LOGIN NOINHERIT',
        "PostgREST's login: switches to the JWT's role.",
      ),
    )
  }
  const served = [ddlRole, ...examples]
  plan.push(
    statement({
      kind: 'grant_role',
      sql: sql`GRANT ${sql.join(served.map((r) => sql.id(r)))} TO ${sql.id(authenticator)}`,
      summary: `Let ${authenticator} act as ${served.join(', ')}`,
    }),
    statement({
      kind: 'grant_role',
      sql: sql`GRANT ${sql.join(examples.filter((r) => r !== 'audit_writer').map((r) => sql.id(r)))} TO ${sql.id(options.postgrestAuthenticator)}`,
      summary: `Let ${options.postgrestAuthenticator} act as the application roles`,
    }),
  )
  if (examples.includes('bob_devops')) {
    plan.push(
      statement({
        kind: 'grant_role',
        sql: sql`GRANT pg_monitor TO ${sql.id('bob_devops')}`,
        summary: 'Let bob_devops read health statistics (pg_monitor)',
      }),
    )
  }
  plan.push(
    ...createChangeLog(schema),
    ...usersTable(schema, owner, authenticator),
    statement({
      kind: 'create_table',
      sql: sql`CREATE TABLE IF NOT EXISTS ${sql.id(schema, 'session')} (
  sid varchar PRIMARY KEY,
  sess json NOT NULL,
  expire timestamp(6) NOT NULL
)`,
      summary: `Create the session table ${schema}.session`,
    }),
    statement({
      kind: 'create_index',
      sql: sql`CREATE INDEX IF NOT EXISTS session_expire_idx ON ${sql.id(schema, 'session')} (expire)`,
      summary: 'Index sessions by expiry',
    }),
    ...rateLimitTable(schema),
    ...['change_log', 'session', 'rate_limit'].map((table) =>
      statement({
        kind: 'alter_owner',
        sql: sql`ALTER TABLE ${sql.id(schema, table)} OWNER TO ${sql.id(authenticator)}`,
        summary: `Give ${schema}.${table} to ${authenticator}`,
      }),
    ),
    statement({
      kind: 'alter_owner',
      sql: sql`ALTER SCHEMA ${sql.id(schema)} OWNER TO ${sql.id(owner)}`,
      summary: `Give schema ${schema} to ${owner}`,
    }),
    statement({
      kind: 'revoke',
      sql: sql`REVOKE ALL ON SCHEMA ${sql.id(schema)} FROM PUBLIC`,
      summary: `Keep everyone else out of ${schema}`,
    }),
    // The console creates its plugin tables here and lets the DDL role reach them.
    statement({
      kind: 'grant',
      sql: sql`GRANT USAGE, CREATE ON SCHEMA ${sql.id(schema)} TO ${sql.id(authenticator)} WITH GRANT OPTION`,
      summary: `Let ${authenticator} use ${schema} and create its tables there`,
    }),
  )
  const privileged = state.privileged ?? new Set<string>()
  const tested = (options.testedRoles ?? DEFAULT_TESTED_ROLES.filter((r) => examples.includes(r)))
    .filter((r) => r !== ddlRole && r !== authenticator && r !== owner && r !== tester)
    .filter((r) => !privileged.has(r))
  plan.push(
    ...testerLogin({
      tester,
      exists: state.roles.has(tester),
      tested,
      ...(options.testerPassword !== undefined ? { password: options.testerPassword } : {}),
    }),
  )
  return plan
}

import { statement, type Statement } from '../executor/statement.js'
import { sql } from '../sql/sql.js'

/** The example roles a policy tester may act as when init is not told otherwise. */
export const DEFAULT_TESTED_ROLES = ['karen', 'bob_devops', 'senior_dev'] as const

/** Each tester run takes a connection of its own: this many at once, whoever runs them. */
export const TESTER_CONNECTION_LIMIT = 10

/**
 * The policy tester's own login: NOINHERIT, owning nothing, with no right on the console schema,
 * a member only of the roles that may be tested. A tester filter is SQL text and can switch to
 * any role its login may SET ROLE to (`set_config('role', …)` inside `query_to_xml`, an EXECUTE
 * in PL/pgSQL …): on this login, that reaches nothing the tested roles could not.
 */
export function testerLogin(options: {
  readonly tester: string
  readonly password?: string
  readonly exists: boolean
  /** Roles to grant: never the DDL role, superusers, BYPASSRLS or CREATEROLE roles (the caller filters). */
  readonly tested: readonly string[]
}): Statement[] {
  const login = sql.id(options.tester)
  const plan: Statement[] = []
  if (!options.exists) {
    plan.push(
      statement({
        kind: 'create_role',
        sql: sql`CREATE ROLE ${login} LOGIN NOINHERIT`,
        summary: `Create role ${options.tester}`,
      }),
      statement({
        kind: 'comment',
        sql: sql`COMMENT ON ROLE ${login} IS ${sql.lit('The policy tester login: member only of the roles that may be tested; reads nothing of the console.')}`,
        summary: `Describe role ${options.tester}`,
      }),
    )
  }
  plan.push(
    statement({
      kind: 'alter_role',
      sql: sql`ALTER ROLE ${login} LOGIN NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS CONNECTION LIMIT ${sql.raw(String(TESTER_CONNECTION_LIMIT))}`,
      summary: `Keep ${options.tester} a plain NOINHERIT login with at most ${TESTER_CONNECTION_LIMIT} connections`,
    }),
  )
  if (options.password !== undefined) {
    plan.push(
      statement({
        kind: 'alter_role',
        sql: sql`ALTER ROLE ${login} PASSWORD ${sql.lit(options.password)}`,
        display: sql`ALTER ROLE ${login} PASSWORD '********'`,
        summary: `Set the password of ${options.tester}`,
      }),
    )
  }
  if (options.tested.length) {
    plan.push(
      statement({
        kind: 'grant_role',
        sql: sql`GRANT ${sql.join(options.tested.map((r) => sql.id(r)))} TO ${login}`,
        summary: `Let the policy tester act as ${options.tested.join(', ')}`,
      }),
    )
  }
  return plan
}

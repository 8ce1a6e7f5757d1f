import { InvalidInputError } from '../errors.js'
import { statement, type Statement } from '../executor/statement.js'
import { parseStatement } from '../parse/parse.js'
import { sql, type SqlFragment } from '../sql/sql.js'
import { grantee } from './names.js'

/** A function by identity: its argument list as the catalog prints it, checked by the parser. */
export interface FunctionIdentity {
  readonly schema: string
  readonly name: string
  readonly args: SqlFragment
  readonly argsText: string
}

/**
 * Checks an identity argument list (`integer, text`) with the PostgreSQL parser so it can be
 * rendered into GRANT / DROP statements.
 */
export async function functionIdentity(
  schema: string,
  name: string,
  args: string,
): Promise<FunctionIdentity> {
  const probe = await parseStatement(`DROP FUNCTION f(${args})`, {
    field: 'args',
    kinds: ['DropStmt'],
  })
  const objects = probe.tree.objects as unknown[] | undefined
  if (objects?.length !== 1 || !probe.text.endsWith(`(${args})`)) {
    throw InvalidInputError.field('args', 'must be the argument list of exactly one function')
  }
  return { schema, name, args: sql.raw(args), argsText: args }
}

export type PrivilegeTarget =
  | { readonly kind: 'table'; readonly schema: string; readonly name: string }
  | {
      readonly kind: 'columns'
      readonly schema: string
      readonly name: string
      readonly columns: readonly string[]
    }
  | { readonly kind: 'schema'; readonly name: string }
  | {
      readonly kind: 'function'
      readonly fn: FunctionIdentity
      /** GRANT … ON FUNCTION refuses a procedure ("is not a function"): say PROCEDURE for one. */
      readonly routine?: 'function' | 'procedure'
    }
  | { readonly kind: 'sequence'; readonly schema: string; readonly name: string }

export const PRIVILEGES = {
  table: ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER', 'MAINTAIN'],
  columns: ['SELECT', 'INSERT', 'UPDATE', 'REFERENCES'],
  schema: ['USAGE', 'CREATE'],
  function: ['EXECUTE'],
  sequence: ['USAGE', 'SELECT', 'UPDATE'],
} as const satisfies Record<PrivilegeTarget['kind'], readonly string[]>

/** Privileges that only some majors know, with the first `server_version_num` that has them. */
export const PRIVILEGE_SINCE: Readonly<Record<string, number>> = { MAINTAIN: 170000 }

/**
 * The privileges a target kind takes on this server: MAINTAIN only from PostgreSQL 17.
 *
 * @example privilegesFor('table', 150004) // ['SELECT', 'INSERT', …, 'TRIGGER']
 */
export function privilegesFor(
  kind: PrivilegeTarget['kind'],
  serverVersionNum?: number,
): readonly string[] {
  return PRIVILEGES[kind].filter((p) => supported(p, serverVersionNum))
}

function supported(privilege: string, serverVersionNum: number | undefined): boolean {
  const since = PRIVILEGE_SINCE[privilege]
  return serverVersionNum === undefined || since === undefined || serverVersionNum >= since
}

/** Refuses privileges the connected server does not know, on the `privileges` field. */
function checkServerSupports(privileges: readonly string[], serverVersionNum?: number): void {
  const missing = privileges.filter((p) => !supported(p, serverVersionNum))
  if (missing.length) {
    const major = Math.floor((serverVersionNum ?? 0) / 10000)
    throw InvalidInputError.field(
      'privileges',
      missing
        .map(
          (p) =>
            `${p} needs PostgreSQL ${Math.floor((PRIVILEGE_SINCE[p] ?? 0) / 10000)} or later (this server is ${major})`,
        )
        .join('; '),
    )
  }
}

function describeTarget(t: PrivilegeTarget): { on: SqlFragment; label: string } {
  switch (t.kind) {
    case 'table':
      return { on: sql`TABLE ${sql.id(t.schema, t.name)}`, label: `${t.schema}.${t.name}` }
    case 'columns':
      return {
        on: sql`TABLE ${sql.id(t.schema, t.name)}`,
        label: `${t.schema}.${t.name} (${t.columns.join(', ')})`,
      }
    case 'schema':
      return { on: sql`SCHEMA ${sql.id(t.name)}`, label: `schema ${t.name}` }
    case 'function':
      return {
        on: sql`${t.routine === 'procedure' ? sql`PROCEDURE` : sql`FUNCTION`} ${sql.id(t.fn.schema, t.fn.name)}(${t.fn.args})`,
        label: `${t.fn.schema}.${t.fn.name}(${t.fn.argsText})`,
      }
    case 'sequence':
      return {
        on: sql`SEQUENCE ${sql.id(t.schema, t.name)}`,
        label: `sequence ${t.schema}.${t.name}`,
      }
    default: {
      const never: never = t
      throw new TypeError(`unknown privilege target ${JSON.stringify(never)}`)
    }
  }
}

function privilegeList(
  t: PrivilegeTarget,
  privileges: readonly string[],
  serverVersionNum: number | undefined,
): SqlFragment {
  const allowed: readonly string[] = PRIVILEGES[t.kind]
  if (privileges.length === 0)
    throw InvalidInputError.field('privileges', 'choose at least one privilege')
  const bad = privileges.filter((p) => !allowed.includes(p))
  if (bad.length) {
    throw InvalidInputError.field(
      'privileges',
      `${bad.join(', ')} cannot be granted on a ${t.kind}; allowed: ${allowed.join(', ')}`,
    )
  }
  checkServerSupports(privileges, serverVersionNum)
  const cols =
    t.kind === 'columns' ? sql` (${sql.join(t.columns.map((c) => sql.id(c)))})` : sql``
  if (t.kind === 'columns' && t.columns.length === 0)
    throw InvalidInputError.field('columns', 'choose at least one column')
  return sql.join(privileges.map((p) => sql`${sql.raw(p)}${cols}`))
}

export interface GrantInput {
  readonly target: PrivilegeTarget
  readonly privileges: readonly string[]
  /** Role names or PUBLIC. */
  readonly grantees: readonly string[]
  readonly withGrantOption?: boolean
  /** `server_version_num` of the server the plan runs on: refuses privileges it lacks (MAINTAIN < 17). */
  readonly serverVersionNum?: number
}

/** What a REVOKE may add: only the grant option, and CASCADE to grants made through it. */
export interface RevokeInput extends Omit<GrantInput, 'withGrantOption'> {
  /** REVOKE GRANT OPTION FOR: the grantee keeps the privilege, loses the right to pass it on. */
  readonly grantOptionOnly?: boolean
  /** Also revoke what the grantee granted on through its grant option. */
  readonly cascade?: boolean
}

function grantees(list: readonly string[]): SqlFragment {
  if (list.length === 0) throw InvalidInputError.field('grantees', 'choose at least one role')
  return sql.join(list.map(grantee))
}

/**
 * GRANT privileges ON target TO roles.
 *
 * @example grant({ target: { kind: 'table', schema: 'app', name: 'invoice' }, privileges: ['SELECT'], grantees: ['karen'], serverVersionNum: 170004 })
 */
export function grant(g: GrantInput): Statement[] {
  const { on, label } = describeTarget(g.target)
  return [
    statement({
      kind: 'grant',
      sql: sql`GRANT ${privilegeList(g.target, g.privileges, g.serverVersionNum)} ON ${on} TO ${grantees(g.grantees)}${g.withGrantOption ? sql` WITH GRANT OPTION` : sql``}`,
      summary: `Grant ${g.privileges.join(', ')} on ${label} to ${g.grantees.join(', ')}`,
    }),
  ]
}

/**
 * REVOKE [GRANT OPTION FOR] privileges ON target FROM roles [CASCADE].
 *
 * @example revoke({ target: { kind: 'schema', name: 'app' }, privileges: ['CREATE'], grantees: ['PUBLIC'] })
 */
export function revoke(g: RevokeInput): Statement[] {
  const { on, label } = describeTarget(g.target)
  const option = g.grantOptionOnly ? sql`GRANT OPTION FOR ` : sql``
  return [
    statement({
      kind: 'revoke',
      sql: sql`REVOKE ${option}${privilegeList(g.target, g.privileges, g.serverVersionNum)} ON ${on} FROM ${grantees(g.grantees)}${g.cascade ? sql` CASCADE` : sql``}`,
      summary: `Revoke ${g.grantOptionOnly ? 'grant option for ' : ''}${g.privileges.join(', ')} on ${label} from ${g.grantees.join(', ')}${g.cascade ? ' (cascade)' : ''}`,
      destructive: true,
    }),
  ]
}

export const DEFAULT_PRIVILEGE_OBJECTS = {
  TABLES: PRIVILEGES.table,
  SEQUENCES: PRIVILEGES.sequence,
  FUNCTIONS: PRIVILEGES.function,
  TYPES: ['USAGE'],
  SCHEMAS: PRIVILEGES.schema,
} as const

export type DefaultPrivilegeObjects = keyof typeof DEFAULT_PRIVILEGE_OBJECTS

/** One ALTER DEFAULT PRIVILEGES change. */
export interface DefaultPrivilegesInput {
  /** Whose future objects; without it, the role the plan runs as. */
  readonly forRole?: string
  /** Only objects created in this schema; without it, everywhere. */
  readonly schema?: string
  readonly objects: DefaultPrivilegeObjects
  readonly privileges: readonly string[]
  readonly grantees: readonly string[]
  readonly revoke?: boolean
  /** GRANT … WITH GRANT OPTION (grants only). */
  readonly withGrantOption?: boolean
  /** `server_version_num`: refuses MAINTAIN before 17. */
  readonly serverVersionNum?: number
}

/**
 * The privileges ALTER DEFAULT PRIVILEGES takes for an object type on this server.
 *
 * @example defaultPrivilegesFor('TABLES', 150004).includes('MAINTAIN') // false
 */
export function defaultPrivilegesFor(
  objects: DefaultPrivilegeObjects,
  serverVersionNum?: number,
): readonly string[] {
  return DEFAULT_PRIVILEGE_OBJECTS[objects].filter((p) => supported(p, serverVersionNum))
}

/**
 * ALTER DEFAULT PRIVILEGES [FOR ROLE r] [IN SCHEMA s] GRANT|REVOKE … ON TABLES …
 *
 * @example defaultPrivileges({ forRole: 'platform_ddl', schema: 'app', objects: 'TABLES', privileges: ['SELECT'], grantees: ['karen'] })
 */
export function defaultPrivileges(d: DefaultPrivilegesInput): Statement[] {
  const allowed: readonly string[] = DEFAULT_PRIVILEGE_OBJECTS[d.objects]
  const bad = d.privileges.filter((p) => !allowed.includes(p))
  if (bad.length || d.privileges.length === 0) {
    throw InvalidInputError.field('privileges', `choose from ${allowed.join(', ')}`)
  }
  checkServerSupports(d.privileges, d.serverVersionNum)
  if (d.revoke && d.withGrantOption) {
    throw InvalidInputError.field('withGrantOption', 'applies to GRANT only')
  }
  if (d.objects === 'SCHEMAS' && d.schema)
    throw InvalidInputError.field(
      'schema',
      'default privileges on schemas cannot be limited to a schema',
    )
  const head = sql`ALTER DEFAULT PRIVILEGES${d.forRole ? sql` FOR ROLE ${sql.id(d.forRole)}` : sql``}${d.schema ? sql` IN SCHEMA ${sql.id(d.schema)}` : sql``}`
  const privs = sql.join(d.privileges.map((p) => sql.raw(p)))
  const body = d.revoke
    ? sql`REVOKE ${privs} ON ${sql.raw(d.objects)} FROM ${grantees(d.grantees)}`
    : sql`GRANT ${privs} ON ${sql.raw(d.objects)} TO ${grantees(d.grantees)}${d.withGrantOption ? sql` WITH GRANT OPTION` : sql``}`
  return [
    statement({
      kind: 'default_privileges',
      sql: sql`${head} ${body}`,
      summary: `${d.revoke ? 'Stop granting' : 'Grant'} ${d.privileges.join(', ')} on new ${d.objects.toLowerCase()}${d.schema ? ` in ${d.schema}` : ''}${d.forRole ? ` created by ${d.forRole}` : ''} ${d.revoke ? 'from' : 'to'} ${d.grantees.join(', ')}`,
      destructive: Boolean(d.revoke),
    }),
  ]
}

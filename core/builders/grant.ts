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
  | { readonly kind: 'function'; readonly fn: FunctionIdentity }
  | { readonly kind: 'sequence'; readonly schema: string; readonly name: string }

export const PRIVILEGES = {
  table: ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER', 'MAINTAIN'],
  columns: ['SELECT', 'INSERT', 'UPDATE', 'REFERENCES'],
  schema: ['USAGE', 'CREATE'],
  function: ['EXECUTE'],
  sequence: ['USAGE', 'SELECT', 'UPDATE'],
} as const satisfies Record<PrivilegeTarget['kind'], readonly string[]>

function describeTarget(t: PrivilegeTarget): { on: SqlFragment; label: string } {
  switch (t.kind) {
    case 'table':
      return { on: sql`TABLE ${sql.ident(t.schema, t.name)}`, label: `${t.schema}.${t.name}` }
    case 'columns':
      return {
        on: sql`TABLE ${sql.ident(t.schema, t.name)}`,
        label: `${t.schema}.${t.name} (${t.columns.join(', ')})`,
      }
    case 'schema':
      return { on: sql`SCHEMA ${sql.ident(t.name)}`, label: `schema ${t.name}` }
    case 'function':
      return {
        on: sql`FUNCTION ${sql.ident(t.fn.schema, t.fn.name)}(${t.fn.args})`,
        label: `${t.fn.schema}.${t.fn.name}(${t.fn.argsText})`,
      }
    case 'sequence':
      return {
        on: sql`SEQUENCE ${sql.ident(t.schema, t.name)}`,
        label: `sequence ${t.schema}.${t.name}`,
      }
    default: {
      const never: never = t
      throw new TypeError(`unknown privilege target ${JSON.stringify(never)}`)
    }
  }
}

function privilegeList(t: PrivilegeTarget, privileges: readonly string[]): SqlFragment {
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
  const cols =
    t.kind === 'columns' ? sql` (${sql.join(t.columns.map((c) => sql.ident(c)))})` : sql``
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
}

function grantees(list: readonly string[]): SqlFragment {
  if (list.length === 0) throw InvalidInputError.field('grantees', 'choose at least one role')
  return sql.join(list.map(grantee))
}

/** GRANT privileges ON target TO roles. */
export function grant(g: GrantInput): Statement[] {
  const { on, label } = describeTarget(g.target)
  return [
    statement({
      kind: 'grant',
      sql: sql`GRANT ${privilegeList(g.target, g.privileges)} ON ${on} TO ${grantees(g.grantees)}${g.withGrantOption ? sql` WITH GRANT OPTION` : sql``}`,
      summary: `Grant ${g.privileges.join(', ')} on ${label} to ${g.grantees.join(', ')}`,
    }),
  ]
}

/** REVOKE privileges ON target FROM roles. */
export function revoke(g: Omit<GrantInput, 'withGrantOption'>): Statement[] {
  const { on, label } = describeTarget(g.target)
  return [
    statement({
      kind: 'revoke',
      sql: sql`REVOKE ${privilegeList(g.target, g.privileges)} ON ${on} FROM ${grantees(g.grantees)}`,
      summary: `Revoke ${g.privileges.join(', ')} on ${label} from ${g.grantees.join(', ')}`,
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

/** ALTER DEFAULT PRIVILEGES [FOR ROLE r] [IN SCHEMA s] GRANT|REVOKE … ON TABLES … */
export function defaultPrivileges(d: {
  readonly forRole?: string
  readonly schema?: string
  readonly objects: keyof typeof DEFAULT_PRIVILEGE_OBJECTS
  readonly privileges: readonly string[]
  readonly grantees: readonly string[]
  readonly revoke?: boolean
}): Statement[] {
  const allowed: readonly string[] = DEFAULT_PRIVILEGE_OBJECTS[d.objects]
  const bad = d.privileges.filter((p) => !allowed.includes(p))
  if (bad.length || d.privileges.length === 0) {
    throw InvalidInputError.field('privileges', `choose from ${allowed.join(', ')}`)
  }
  if (d.objects === 'SCHEMAS' && d.schema)
    throw InvalidInputError.field(
      'schema',
      'default privileges on schemas cannot be limited to a schema',
    )
  const head = sql`ALTER DEFAULT PRIVILEGES${d.forRole ? sql` FOR ROLE ${sql.ident(d.forRole)}` : sql``}${d.schema ? sql` IN SCHEMA ${sql.ident(d.schema)}` : sql``}`
  const privs = sql.join(d.privileges.map((p) => sql.raw(p)))
  const body = d.revoke
    ? sql`REVOKE ${privs} ON ${sql.raw(d.objects)} FROM ${grantees(d.grantees)}`
    : sql`GRANT ${privs} ON ${sql.raw(d.objects)} TO ${grantees(d.grantees)}`
  return [
    statement({
      kind: 'default_privileges',
      sql: sql`${head} ${body}`,
      summary: `${d.revoke ? 'Stop granting' : 'Grant'} ${d.privileges.join(', ')} on new ${d.objects.toLowerCase()}${d.schema ? ` in ${d.schema}` : ''}${d.forRole ? ` created by ${d.forRole}` : ''} ${d.revoke ? 'from' : 'to'} ${d.grantees.join(', ')}`,
      destructive: Boolean(d.revoke),
    }),
  ]
}

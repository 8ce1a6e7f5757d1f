/** The commands a coverage map checks, each against its table privilege of the same name. */
export const COVERAGE_COMMANDS = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const
export type CoverageCommand = (typeof COVERAGE_COMMANDS)[number]

/**
 * What one role may do with one command on one table:
 * - `no-privilege`: no table privilege, RLS never gets a say;
 * - `bypass`: superuser or BYPASSRLS;
 * - `owner`: the role has the owner's privileges and RLS is not forced;
 * - `exposed`: privilege held and RLS off: every row;
 * - `denied`: RLS on but no permissive policy lets the command through (default deny: a gap);
 * - `always-true`: a permissive policy is literally `true` and no restrictive one narrows it;
 * - `filtered`: permissive policies OR'ed, restrictive ones AND'ed.
 */
export type CellState =
  'no-privilege' | 'bypass' | 'owner' | 'exposed' | 'denied' | 'always-true' | 'filtered'

export interface CoverageFacts {
  readonly tables: readonly {
    readonly schema: string
    readonly name: string
    readonly owner: string
    readonly rls: { readonly enabled: boolean; readonly forced: boolean }
  }[]
  readonly roles: readonly {
    readonly name: string
    readonly superuser: boolean
    readonly bypassRls: boolean
    /** Roles whose privileges this role has (itself included): pg_has_role(…, 'USAGE'). */
    readonly privilegesOf: readonly string[]
  }[]
  /** Table privileges (SELECT, INSERT, UPDATE, DELETE) each role holds, however it got them. */
  readonly privileges: readonly {
    readonly schema: string
    readonly table: string
    readonly role: string
    readonly privileges: readonly string[]
  }[]
  readonly policies: readonly {
    readonly schema: string
    readonly table: string
    readonly name: string
    readonly command: 'all' | 'select' | 'insert' | 'update' | 'delete'
    readonly permissive: boolean
    /** Role names; `public` for PUBLIC. */
    readonly roles: readonly string[]
    readonly using: string | null
    readonly withCheck: string | null
  }[]
}

export interface CoverageCell {
  readonly role: string
  readonly command: CoverageCommand
  readonly state: CellState
  readonly permissive: readonly string[]
  readonly restrictive: readonly string[]
  /** How the policies combine, e.g. `(own_rows OR admin_all) AND not_deleted`. */
  readonly combined: string
}

export interface CoverageRow {
  readonly schema: string
  readonly table: string
  readonly owner: string
  readonly rls: { readonly enabled: boolean; readonly forced: boolean }
  readonly policyCount: number
  readonly cells: readonly CoverageCell[]
}

export interface CoverageMap {
  readonly roles: readonly string[]
  readonly commands: readonly CoverageCommand[]
  readonly rows: readonly CoverageRow[]
  readonly findings: {
    /** RLS on, privilege held, no policy allows the command: PostgreSQL denies every row. */
    readonly gaps: readonly {
      schema: string
      table: string
      role: string
      command: CoverageCommand
    }[]
    /** Permissive policies whose USING or WITH CHECK is literally true. */
    readonly alwaysTrue: readonly {
      schema: string
      table: string
      policy: string
      clause: 'USING' | 'WITH CHECK'
    }[]
    /** RLS off while roles other than the owner hold privileges on the table. */
    readonly exposed: readonly {
      schema: string
      table: string
      roles: readonly { role: string; privileges: readonly string[] }[]
    }[]
    /** RLS on and no policy at all: nobody but the owner (or a bypassing role) gets a row. */
    readonly rlsWithoutPolicies: readonly { schema: string; table: string }[]
  }
}

/** `true`, however parenthesized or spaced, as pg_get_expr or a person writes it. */
export function isAlwaysTrue(expression: string | null | undefined): boolean {
  if (!expression) return false
  let text = expression.trim().toLowerCase()
  while (text.startsWith('(') && text.endsWith(')')) text = text.slice(1, -1).trim()
  return text === 'true'
}

type Policy = CoverageFacts['policies'][number]

/**
 * The expression of a policy that decides `command`: USING for the commands that read existing
 * rows, WITH CHECK for INSERT (an ALL policy without one checks new rows with its USING). A
 * policy without that expression adds nothing for the command.
 */
function deciding(p: Policy, command: CoverageCommand): string | null {
  if (command !== 'INSERT') return p.using
  return p.withCheck ?? (p.command === 'all' ? p.using : null)
}

function appliesTo(
  p: Policy,
  command: CoverageCommand,
  privilegesOf: ReadonlySet<string>,
): boolean {
  if (p.command !== 'all' && p.command !== command.toLowerCase()) return false
  return p.roles.some((r) => r === 'public' || privilegesOf.has(r))
}

function combine(permissive: readonly string[], restrictive: readonly string[]): string {
  if (permissive.length === 0) return 'false (no permissive policy)'
  const or = permissive.length > 1 ? `(${permissive.join(' OR ')})` : (permissive[0] as string)
  return [or, ...restrictive].join(' AND ')
}

/**
 * Computes the RLS coverage map: table × role × command, with the policies that combine in each
 * cell and the findings a reviewer wants first (gaps, always-true policies, tables exposed
 * without RLS, RLS without policies). Pure: the facts come from `readCoverageFacts`.
 *
 * @example coverageMap(facts, { roles: ['karen'] }).rows[0]?.cells[0]?.state // 'filtered'
 */
export function coverageMap(
  facts: CoverageFacts,
  options: { roles?: readonly string[] } = {},
): CoverageMap {
  const roleInfo = new Map(facts.roles.map((r) => [r.name, r]))
  const privileges = new Map(
    facts.privileges.map((p) => [
      `${p.schema}\u0000${p.table}\u0000${p.role}`,
      new Set(p.privileges),
    ]),
  )
  const named = new Set(facts.policies.flatMap((p) => p.roles))
  const roles =
    options.roles?.filter((r) => roleInfo.has(r)) ??
    facts.roles
      .filter(
        (r) =>
          !r.superuser &&
          (named.has(r.name) ||
            facts.privileges.some((p) => p.role === r.name && p.privileges.length)),
      )
      .map((r) => r.name)
  const gaps: { schema: string; table: string; role: string; command: CoverageCommand }[] = []
  const exposed: CoverageMap['findings']['exposed'][number][] = []
  const rlsWithoutPolicies: { schema: string; table: string }[] = []
  const rows = facts.tables.map((t): CoverageRow => {
    const policies = facts.policies.filter((p) => p.schema === t.schema && p.table === t.name)
    if (t.rls.enabled && policies.length === 0)
      rlsWithoutPolicies.push({ schema: t.schema, table: t.name })
    const exposedRoles: { role: string; privileges: string[] }[] = []
    const cells: CoverageCell[] = []
    for (const role of roles) {
      const info = roleInfo.get(role)
      const privilegesOf = new Set(info?.privilegesOf ?? [role])
      const held = privileges.get(`${t.schema}\u0000${t.name}\u0000${role}`) ?? new Set<string>()
      const isOwner = privilegesOf.has(t.owner)
      if (!t.rls.enabled && !isOwner && !info?.superuser && held.size > 0) {
        exposedRoles.push({ role, privileges: COVERAGE_COMMANDS.filter((c) => held.has(c)) })
      }
      for (const command of COVERAGE_COMMANDS) {
        const applicable = policies.filter(
          (p) => appliesTo(p, command, privilegesOf) && deciding(p, command) !== null,
        )
        const permissive = applicable.filter((p) => p.permissive)
        const restrictive = applicable.filter((p) => !p.permissive)
        let state: CellState
        if (!held.has(command)) state = 'no-privilege'
        else if (info?.superuser || info?.bypassRls) state = 'bypass'
        else if (isOwner && !(t.rls.enabled && t.rls.forced)) state = 'owner'
        else if (!t.rls.enabled) state = 'exposed'
        else if (permissive.length === 0) state = 'denied'
        else if (
          restrictive.length === 0 &&
          permissive.some(
            (p) =>
              isAlwaysTrue(deciding(p, command)) &&
              (command !== 'UPDATE' || isAlwaysTrue(p.withCheck ?? p.using)),
          )
        )
          state = 'always-true'
        else state = 'filtered'
        if (state === 'denied') gaps.push({ schema: t.schema, table: t.name, role, command })
        cells.push({
          role,
          command,
          state,
          permissive: permissive.map((p) => p.name),
          restrictive: restrictive.map((p) => p.name),
          combined: combine(
            permissive.map((p) => p.name),
            restrictive.map((p) => p.name),
          ),
        })
      }
    }
    if (exposedRoles.length) exposed.push({ schema: t.schema, table: t.name, roles: exposedRoles })
    return {
      schema: t.schema,
      table: t.name,
      owner: t.owner,
      rls: t.rls,
      policyCount: policies.length,
      cells,
    }
  })
  const alwaysTrue = facts.policies.flatMap((p) =>
    !p.permissive
      ? []
      : [
          ...(isAlwaysTrue(p.using) ? [{ clause: 'USING' as const }] : []),
          ...(isAlwaysTrue(p.withCheck) ? [{ clause: 'WITH CHECK' as const }] : []),
        ].map((c) => ({ schema: p.schema, table: p.table, policy: p.name, clause: c.clause })),
  )
  return {
    roles,
    commands: COVERAGE_COMMANDS,
    rows,
    findings: { gaps, alwaysTrue, exposed, rlsWithoutPolicies },
  }
}

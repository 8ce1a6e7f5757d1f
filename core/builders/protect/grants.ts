import { statement, type Statement } from '../../executor/statement.js'
import { sql } from '../../sql/sql.js'
import { grant, revoke } from '../grant.js'
import { display, grantee, qualified, type QualifiedName } from '../names.js'
import type { PreviousGrant, ViewPrivilege } from './input.js'

const isPublic = (role: string) => role.toUpperCase() === 'PUBLIC'

/** Role names with PUBLIC spelled one way and each role once, in first-seen order. */
export function uniqueRoles(roles: readonly string[]): string[] {
  return [...new Set(roles.map((r) => (isPublic(r) ? 'PUBLIC' : r)))]
}

/**
 * REVOKE ALL ON TABLE … FROM …: every table privilege, column privileges included, whatever
 * the server version calls "all" (MAINTAIN exists only from PostgreSQL 17, so it is not listed).
 */
export function revokeAll(table: QualifiedName, roles: readonly string[]): Statement {
  const list = uniqueRoles(roles)
  return statement({
    kind: 'revoke',
    sql: sql`REVOKE ALL ON TABLE ${qualified(table)} FROM ${sql.join(list.map(grantee))}`,
    summary: `Revoke every privilege on ${display(table)} from ${list.join(', ')}`,
    destructive: true,
  })
}

/** GRANT per role on a view. */
export function viewGrants(
  view: QualifiedName,
  grants: readonly { readonly role: string; readonly privileges: readonly ViewPrivilege[] }[],
): Statement[] {
  return grants.flatMap((g) =>
    grant({
      target: { kind: 'table', schema: view.schema, name: view.name },
      privileges: [...new Set(g.privileges)],
      grantees: [g.role],
    }),
  )
}

/** The (role, privilege) pairs of a grant list: for diffs between two versions of a view. */
export function grantPairs(
  grants: readonly { readonly role: string; readonly privileges: readonly ViewPrivilege[] }[],
): Map<string, { role: string; privilege: ViewPrivilege }> {
  const pairs = new Map<string, { role: string; privilege: ViewPrivilege }>()
  for (const g of grants) {
    const role = isPublic(g.role) ? 'PUBLIC' : g.role
    for (const privilege of g.privileges)
      pairs.set(JSON.stringify([role, privilege]), { role, privilege })
  }
  return pairs
}

/** Grants and revokes that turn `before` into `after` on one view, one statement per role. */
export function diffViewGrants(
  view: QualifiedName,
  before: Parameters<typeof grantPairs>[0],
  after: Parameters<typeof grantPairs>[0],
): Statement[] {
  const was = grantPairs(before)
  const now = grantPairs(after)
  const byRole = (pairs: { role: string; privilege: ViewPrivilege }[]) => {
    const m = new Map<string, ViewPrivilege[]>()
    for (const p of pairs) m.set(p.role, [...(m.get(p.role) ?? []), p.privilege])
    return m
  }
  const removed = byRole([...was].filter(([k]) => !now.has(k)).map(([, v]) => v))
  const added = byRole([...now].filter(([k]) => !was.has(k)).map(([, v]) => v))
  const target = { kind: 'table' as const, schema: view.schema, name: view.name }
  return [
    ...[...removed].flatMap(([role, privileges]) =>
      revoke({ target, privileges, grantees: [role] }),
    ),
    ...[...added].flatMap(([role, privileges]) => grant({ target, privileges, grantees: [role] })),
  ]
}

/**
 * Gives back the grants recorded before protecting, as they were: table privileges and column
 * privileges, with or without GRANT OPTION, one statement per role and kind.
 */
export function restoreGrants(
  table: QualifiedName,
  previous: readonly PreviousGrant[],
): Statement[] {
  const groups = new Map<
    string,
    { grantee: string; column: string | null; grantable: boolean; privileges: string[] }
  >()
  for (const g of previous) {
    const role = isPublic(g.grantee) ? 'PUBLIC' : g.grantee
    const key = JSON.stringify([role, g.column, g.grantable])
    const group = groups.get(key) ?? {
      grantee: role,
      column: g.column,
      grantable: g.grantable,
      privileges: [],
    }
    if (!group.privileges.includes(g.privilege)) group.privileges.push(g.privilege)
    groups.set(key, group)
  }
  // Table privileges first, then columns, each by role: a stable order for previews and tests.
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  const ordered = [...groups.values()].sort(
    (a, b) =>
      Number(a.column !== null) - Number(b.column !== null) ||
      cmp(a.grantee, b.grantee) ||
      cmp(a.column ?? '', b.column ?? ''),
  )
  return ordered.flatMap((g) =>
    grant({
      target:
        g.column === null
          ? { kind: 'table', schema: table.schema, name: table.name }
          : { kind: 'columns', schema: table.schema, name: table.name, columns: [g.column] },
      privileges: g.privileges,
      grantees: [g.grantee],
      withGrantOption: g.grantable,
    }).map((s) => statement({ ...s, summary: `Restore: ${s.summary}` })),
  )
}

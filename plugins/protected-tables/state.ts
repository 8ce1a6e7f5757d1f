import type { TriggerOperation } from '../../core/builders/protect/input.js'
import type {
  Dependency,
  Policy,
  Privilege,
  Table,
  Trigger,
  View,
} from '../../core/introspect/index.js'

/** Who holds what on a relation: one line per grantee. */
export interface GranteePrivileges {
  readonly grantee: string
  readonly privileges: readonly string[]
  /** Columns with a column privilege of this grantee. */
  readonly columns: readonly string[]
}

/** A view that reads the table: an access point, with its INSTEAD OF triggers and grants. */
export interface AccessPoint {
  readonly schema: string
  readonly name: string
  readonly kind: 'view' | 'materializedView'
  readonly insteadOf: Readonly<Record<TriggerOperation, boolean>>
  readonly grants: readonly GranteePrivileges[]
}

export type ProtectionStatus = 'protected' | 'partial' | 'open'

/** Where a table stands against the Protected Table Contract (PRD §4.1), read from the catalog. */
export interface ProtectionState {
  readonly schema: string
  readonly name: string
  readonly owner: string
  /** Privileges on the raw table held by anyone but its owner (PUBLIC included). */
  readonly rawGrants: readonly GranteePrivileges[]
  /** Nobody but the owner holds a privilege on the raw table. */
  readonly revoked: boolean
  readonly accessPoints: readonly AccessPoint[]
  readonly rls: { readonly enabled: boolean; readonly forced: boolean }
  readonly policies: readonly string[]
  readonly status: ProtectionStatus
  /** What is missing from the contract, one sentence each; empty when protected. */
  readonly gaps: readonly string[]
}

export interface RelatedObjects {
  readonly views: readonly View[]
  readonly triggers: readonly Trigger[]
  readonly policies: readonly Policy[]
  readonly privileges: readonly Privilege[]
  readonly dependencies: readonly Dependency[]
}

const OPERATIONS: readonly TriggerOperation[] = ['insert', 'update', 'delete']

/** Privileges on one relation by grantee, table privileges and column privileges together. */
export function granteesOf(privileges: readonly Privilege[], oid: number): GranteePrivileges[] {
  const by = new Map<string, { privileges: Set<string>; columns: Set<string> }>()
  for (const p of privileges) {
    if (p.oid !== oid) continue
    const entry = by.get(p.grantee) ?? { privileges: new Set<string>(), columns: new Set<string>() }
    entry.privileges.add(p.privilege)
    if (p.column !== null) entry.columns.add(p.column)
    by.set(p.grantee, entry)
  }
  return [...by]
    .sort(([a], [b]) => (a === 'PUBLIC' ? -1 : b === 'PUBLIC' ? 1 : a.localeCompare(b)))
    .map(([grantee, e]) => ({
      grantee,
      privileges: [...e.privileges].sort(),
      columns: [...e.columns].sort(),
    }))
}

/**
 * A table's protection state: revoked from everyone but its owner, the views reading it with
 * their INSTEAD OF triggers and grants, row level security (forced, since views read the table
 * as its owner) and its policies. Metadata only.
 */
export function protectionState(table: Table, related: RelatedObjects): ProtectionState {
  const rawGrants = granteesOf(related.privileges, table.oid).filter(
    (g) => g.grantee !== table.owner,
  )
  const viewOids = new Set(
    related.dependencies
      .filter((d) => d.via === 'view' && d.to.oid === table.oid && d.from.oid !== table.oid)
      .map((d) => d.from.oid),
  )
  const accessPoints: AccessPoint[] = related.views
    .filter((v) => viewOids.has(v.oid))
    .sort((a, b) => a.schema.localeCompare(b.schema) || a.name.localeCompare(b.name))
    .map((v) => {
      const own = related.triggers.filter((t) => t.tableOid === v.oid && t.timing === 'insteadOf')
      const insteadOf = Object.fromEntries(
        OPERATIONS.map((op) => [op, own.some((t) => t.events.includes(op))]),
      ) as Record<TriggerOperation, boolean>
      return {
        schema: v.schema,
        name: v.name,
        kind: v.kind,
        insteadOf,
        grants: granteesOf(related.privileges, v.oid),
      }
    })
  const policies = related.policies
    .filter((p) => p.tableOid === table.oid)
    .map((p) => p.name)
    .sort()
  const rls = { enabled: table.rowSecurity.enabled, forced: table.rowSecurity.forced }

  const gaps: string[] = []
  if (rawGrants.length) {
    gaps.push(
      `${rawGrants.map((g) => g.grantee).join(', ')} ${rawGrants.length === 1 ? 'holds' : 'hold'} privileges on the raw table`,
    )
  }
  if (accessPoints.length === 0) gaps.push('no view is declared as an access point')
  for (const v of accessPoints) {
    if (v.kind !== 'view') continue
    for (const op of OPERATIONS) {
      const writers = v.grants.filter((g) => g.privileges.includes(op.toUpperCase()))
      if (writers.length && !v.insteadOf[op]) {
        gaps.push(
          `${v.schema}.${v.name} lets ${writers.map((g) => g.grantee).join(', ')} ${op.toUpperCase()} without an INSTEAD OF ${op.toUpperCase()} trigger`,
        )
      }
    }
  }
  if (!rls.enabled) gaps.push('row level security is off')
  else if (!rls.forced)
    gaps.push('row level security is not forced: views read the table as its owner')
  if (rls.enabled && policies.length === 0) gaps.push('row level security is on without a policy')
  const status: ProtectionStatus =
    gaps.length === 0 ? 'protected' : accessPoints.length === 0 && !rls.enabled ? 'open' : 'partial'
  return {
    schema: table.schema,
    name: table.name,
    owner: table.owner,
    rawGrants,
    revoked: rawGrants.length === 0,
    accessPoints,
    rls,
    policies,
    status,
    gaps,
  }
}

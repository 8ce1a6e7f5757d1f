import type { PrivilegeTarget } from '../../core/builders/grant.js'
import type { AclEntry } from './object-acl.js'
import type { ResolvedTarget } from './target.js'

/** The ACL entries a change acts on: the object's, or those of the chosen columns. */
function entriesFor(r: ResolvedTarget): { where: string; entries: readonly AclEntry[] }[] {
  const t: PrivilegeTarget = r.target
  if (t.kind !== 'columns') return [{ where: r.label, entries: r.acl.entries }]
  return r.acl.columns
    .filter((c) => t.columns.includes(c.name))
    .map((c) => ({ where: `${t.schema}.${t.name} (${c.name})`, entries: c.entries }))
}

/**
 * What a GRANT will do beyond the obvious: everyone gets it (PUBLIC), or a NULL ACL becomes
 * explicit.
 *
 * @example grantWarnings(resolved, ['PUBLIC'], ['SELECT'])
 */
export function grantWarnings(
  r: ResolvedTarget,
  grantees: readonly string[],
  privileges: readonly string[],
): string[] {
  const out: string[] = []
  if (grantees.some((g) => g.toUpperCase() === 'PUBLIC')) {
    out.push(`Every role, present and future, gets ${privileges.join(', ')} on ${r.label}.`)
  }
  if (r.acl.isDefault && r.target.kind !== 'columns') {
    out.push(
      `${r.label} still has the built-in default privileges (owner ${r.acl.owner}); this grant writes them out as an explicit ACL.`,
    )
  }
  return out
}

/**
 * What a REVOKE will not do, or will do too: nothing to revoke, a grant made by someone other
 * than the owner (only they can revoke it), grants passed on (CASCADE needed), PUBLIC still
 * holding the privilege.
 */
export function revokeWarnings(
  r: ResolvedTarget,
  grantees: readonly string[],
  privileges: readonly string[],
  options: { cascade?: boolean; grantOptionOnly?: boolean } = {},
): string[] {
  const out: string[] = []
  for (const { where, entries } of entriesFor(r)) {
    for (const grantee of grantees) {
      const name = grantee.toUpperCase() === 'PUBLIC' ? 'PUBLIC' : grantee
      for (const privilege of privileges) {
        const held = entries.filter((e) => e.grantee === name && e.privilege === privilege)
        if (held.length === 0) {
          out.push(`${name} holds no ${privilege} on ${where}: there is nothing to revoke.`)
          continue
        }
        if (options.grantOptionOnly && !held.some((h) => h.grantable)) {
          out.push(
            `${name} holds ${privilege} on ${where} without grant option: nothing to revoke.`,
          )
        }
        for (const e of held.filter((h) => h.grantor !== r.acl.owner)) {
          out.push(
            `${name}'s ${privilege} on ${where} was granted by ${e.grantor}, not by the owner ${r.acl.owner}: only ${e.grantor} can revoke it (or revoke ${e.grantor}'s grant option with CASCADE).`,
          )
        }
        const passedOn = entries.filter(
          (e) => e.grantor === name && e.privilege === privilege && e.grantee !== name,
        )
        if (passedOn.length && !options.cascade) {
          out.push(
            `${name} passed ${privilege} on ${where} on to ${passedOn.map((e) => e.grantee).join(', ')}: without CASCADE the revoke fails (dependent privileges exist).`,
          )
        }
        if (
          name !== 'PUBLIC' &&
          entries.some((e) => e.grantee === 'PUBLIC' && e.privilege === privilege)
        ) {
          out.push(`PUBLIC still holds ${privilege} on ${where}: ${name} keeps it through PUBLIC.`)
        }
      }
    }
  }
  return out
}

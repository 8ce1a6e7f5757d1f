import type { ClaimDeclaration } from '../../core/claims/declaration.js'
import type { DeclaredType } from '../../core/claims/declared-types.js'
import { suggestedType } from './claim-types.js'
import { CLAIM_NAME, type ClaimMapping } from './declaration.js'
import { claimOfUse, type PlacedUse, type UsagePlace } from './usage.js'

/** One place a claim is used, as the claims page lists it. */
export interface ClaimPlace {
  readonly kind: UsagePlace['kind']
  readonly schema: string
  readonly object: string
  readonly detail: string | null
  readonly part: string
  readonly method: UsagePlace['method']
  readonly uses: readonly PlacedUse[]
}

export interface DeclaredClaimReport extends ClaimDeclaration {
  readonly places: readonly ClaimPlace[]
  /** Roles that get it from the JWT. */
  readonly roles: readonly string[]
  /** Casts that disagree with the declared type (`uuid` used, `integer` declared). */
  readonly castMismatches: readonly string[]
}

/** A claim some SQL uses that nobody declared: drift. */
export interface UndeclaredClaim {
  readonly name: string
  readonly places: readonly ClaimPlace[]
  /** The type its casts suggest, for one-click declaring. */
  readonly suggestedType: DeclaredType
  /** Why it cannot be declared as is (a JWT key that is no setting name), if it cannot. */
  readonly refusal?: string
}

function placesOf(name: string, places: readonly UsagePlace[], mappings: readonly ClaimMapping[]) {
  return places.flatMap((p): ClaimPlace[] => {
    const uses = p.uses.filter((u) => claimOfUse(u, mappings) === name)
    return uses.length ? [{ ...p, uses }] : []
  })
}

const casts = (places: readonly ClaimPlace[]) => [
  ...new Set(places.flatMap((p) => p.uses.flatMap((u) => (u.cast ? [u.cast] : [])))),
]

/** A cast that agrees with a declared type: the type itself, or text (which every claim is). */
const agrees = (type: DeclaredType, cast: string) =>
  cast === type || cast === 'text' || (type === 'text' && cast === 'varchar')

/**
 * The claims page's report: each declared claim with the places that use it, the roles that
 * map it and casts that disagree with its type; then the claims used but not declared.
 *
 * @example claimReport(declarations, mappings, await readClaimUsage(pool, 'planetary'))
 */
export function claimReport(
  declarations: readonly ClaimDeclaration[],
  mappings: readonly ClaimMapping[],
  places: readonly UsagePlace[],
): { declared: DeclaredClaimReport[]; undeclared: UndeclaredClaim[] } {
  const declared = declarations.map((d) => {
    const used = placesOf(d.name, places, mappings)
    return {
      ...d,
      places: used,
      roles: mappings.filter((m) => m.claim === d.name).map((m) => m.role),
      castMismatches: casts(used).filter((c) => !agrees(d.type, c)),
    }
  })
  const known = new Set(declarations.map((d) => d.name))
  const names = [
    ...new Set(places.flatMap((p) => p.uses.map((u) => claimOfUse(u, mappings)))),
  ].filter((n) => !known.has(n))
  const undeclared = names.sort().map((name) => {
    const used = placesOf(name, places, mappings)
    const seen = casts(used).filter((c) => c !== 'text' && c !== 'json' && c !== 'jsonb')
    return {
      name,
      places: used,
      suggestedType: suggestedType(seen[0]),
      ...(CLAIM_NAME.test(name) && name.length <= 59
        ? {}
        : {
            refusal: `${JSON.stringify(name)} is not a setting name: map it from the JWT under another name`,
          }),
    }
  })
  return { declared, undeclared }
}

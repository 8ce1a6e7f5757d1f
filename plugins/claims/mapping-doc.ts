import { claimExpression } from '../../core/builders/policy-templates.js'
import { renderStatic } from '../../core/sql/sql.js'
import type { ClaimDeclaration } from '../../core/claims/declaration.js'
import { editorCast, type DeclaredType } from '../../core/claims/declared-types.js'
import { valueFits } from './claim-types.js'
import type { ClaimMapping } from './declaration.js'
import { setConfigCall, typeCheck } from './pre-request.js'

/** One mapped claim of a role, spelled out as the SQL that carries it. */
export interface ClaimDoc {
  readonly claim: string
  readonly type: DeclaredType
  readonly required: boolean
  readonly jwtPath: string
  readonly note: string
  /** `set_config('app.<claim>', …, true)` as the pre-request function runs it. */
  readonly setConfig: string
  /** The cast that refuses a claim of the wrong type. */
  readonly typeCheck: string
  /** How a policy reads it back. */
  readonly policyRead: string
}

/** A console user of the role and what the console sets for them (values, never secrets). */
export interface ConsoleUserClaims {
  readonly name: string
  readonly role: string
  readonly claims: Readonly<Record<string, unknown>>
}

export interface RoleDoc {
  readonly role: string
  readonly claims: readonly ClaimDoc[]
  /** The role's set_config calls as one SELECT, to try by hand. */
  readonly script: string
  /** Console users acting as the role, with each mapped claim's value and whether it fits. */
  readonly users: readonly {
    readonly name: string
    readonly values: readonly { claim: string; value: unknown; fits: boolean }[]
  }[]
}

/**
 * Per-role documentation of the mappings: for each claim the exact `set_config` call, its type
 * check and the policy-side read, plus the console users of the role and their claim values.
 *
 * @example roleDocs(mappings, declarations, users)[0]?.claims[0]?.setConfig
 */
export function roleDocs(
  mappings: readonly ClaimMapping[],
  declarations: readonly ClaimDeclaration[],
  users: readonly ConsoleUserClaims[],
): RoleDoc[] {
  const roles = [...new Set(mappings.map((m) => m.role))].sort()
  return roles.map((role) => {
    const claims = mappings
      .filter((m) => m.role === role)
      .flatMap((m): ClaimDoc[] => {
        const d = declarations.find((x) => x.name === m.claim)
        if (!d) return []
        return [
          {
            claim: d.name,
            type: d.type,
            required: d.required,
            jwtPath: m.jwtPath,
            note: m.note,
            setConfig: renderStatic(setConfigCall(d.name, d.type, m.jwtPath)),
            typeCheck: renderStatic(typeCheck(d.type, m.jwtPath)),
            policyRead: renderStatic(claimExpression(d.name, editorCast(d.type), 'app')),
          },
        ]
      })
    const script = claims.length
      ? `-- as ${role}, with request.jwt.claims set by PostgREST\nSELECT ${claims.map((c) => c.setConfig).join(',\n  ')};`
      : ''
    return {
      role,
      claims,
      script,
      users: users
        .filter((u) => u.role === role)
        .map((u) => ({
          name: u.name,
          values: claims.map((c) => ({
            claim: c.claim,
            value: u.claims[c.claim] ?? null,
            fits: valueFits(c.type, u.claims[c.claim]),
          })),
        })),
    }
  })
}

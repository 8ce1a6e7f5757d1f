import type { DeclaredType } from './declared-types.js'

/** A claim variable that policies read as `current_setting('app.<name>', true)`. */
export interface ClaimDeclaration {
  readonly name: string
  readonly type: DeclaredType
  readonly description: string
  /** A request without it is refused by the pre-request function. */
  readonly required: boolean
  readonly updatedBy: string
  readonly updatedAt: string
}

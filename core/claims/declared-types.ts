import type { CLAIM_TYPES } from '../builders/policy-templates.js'

/** Types a claim may be declared with; a closed list, so no type name is ever user text. */
export const DECLARED_TYPES = [
  'text',
  'uuid',
  'integer',
  'bigint',
  'numeric',
  'boolean',
  'timestamptz',
  'date',
] as const

export type DeclaredType = (typeof DECLARED_TYPES)[number]

/**
 * The cast the policy editor's claim helper offers for a declared type.
 *
 * @example editorCast('integer') // 'int'
 */
export function editorCast(type: DeclaredType): (typeof CLAIM_TYPES)[number] {
  return type === 'integer' ? 'int' : type
}

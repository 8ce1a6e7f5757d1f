import type { ClaimDeclaration } from './declaration.js'
import type { DeclaredType } from './declared-types.js'

/** A row of the claim declarations table, with its catalog column names. */
export interface DeclarationRow extends Record<string, unknown> {
  name: string
  type: DeclaredType
  description: string
  required: boolean
  updated_by: string
  updated_at: Date | string
}

/** The columns a declaration row is read with. */
export const DECLARATION_COLUMNS = [
  'name',
  'type',
  'description',
  'required',
  'updated_by',
  'updated_at',
] as const

/** A timestamp column as the pages send it. */
export const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : String(d))

/** A declaration row as the pages and the policy editor use it. */
export function mapDeclaration(r: DeclarationRow): ClaimDeclaration {
  return {
    name: r.name,
    type: r.type,
    description: r.description,
    required: r.required,
    updatedBy: r.updated_by,
    updatedAt: iso(r.updated_at),
  }
}

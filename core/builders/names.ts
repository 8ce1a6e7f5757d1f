import { z } from 'zod'
import { sql, type SqlFragment } from '../sql/sql.js'

/** A PostgreSQL name as builders take it: 1–63 bytes, no NUL. Quoting happens at render time. */
export const nameSchema = z
  .string()
  .min(1, 'is required')
  .refine((s) => Buffer.byteLength(s) <= 63, 'is longer than 63 bytes')
  .refine((s) => !s.includes('\0'), 'contains a NUL character')

/** A schema-qualified object name. */
export const qualifiedSchema = z.object({ schema: nameSchema, name: nameSchema })
export type QualifiedName = z.infer<typeof qualifiedSchema>

export function qualified(q: QualifiedName): SqlFragment {
  return sql.id(q.schema, q.name)
}

export function display(q: QualifiedName): string {
  return `${q.schema}.${q.name}`
}

/** A role name, or PUBLIC (which is a keyword, not an identifier). */
export function grantee(role: string): SqlFragment {
  return role.toUpperCase() === 'PUBLIC' ? sql`PUBLIC` : sql.id(role)
}

import { parseRole, type Role as RoleSpec } from '../../core/builders/role.js'
import type { Role } from '../../core/introspect/index.js'

/**
 * `rolvaliduntil` as the server prints it (`2027-01-01 00:00:00+00`, `infinity`) as an ISO
 * timestamp in UTC, or null for no expiry.
 */
export function validUntilIso(text: string | null): string | null {
  if (!text || text === 'infinity') return null
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)([+-]\d\d)(?::?(\d\d))?$/.exec(text)
  const iso = m ? `${m[1]}T${m[2]}${m[3]}:${m[4] ?? '00'}` : text
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}

/** The form a role is edited in, from the catalog. */
export function roleForm(role: Role): RoleSpec {
  return {
    name: role.name,
    login: role.login,
    inherit: role.inherit,
    bypassRls: role.bypassRls,
    createRole: role.createRole,
    createDb: role.createDb,
    connectionLimit: role.connectionLimit,
    validUntil: validUntilIso(role.validUntil),
    comment: role.comment,
  }
}

/**
 * The submitted form as a builder input: `validUntil` from a datetime-local field (taken as
 * UTC), an empty password meaning "leave it", numbers from text fields.
 */
export function parseRoleForm(input: unknown): RoleSpec {
  const raw = { ...((input ?? {}) as Record<string, unknown>) }
  if (raw.password === '' || raw.password === null) delete raw.password
  if (raw.validUntil === '') raw.validUntil = null
  if (
    typeof raw.validUntil === 'string' &&
    /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?$/.test(raw.validUntil)
  )
    raw.validUntil = `${raw.validUntil.length === 16 ? `${raw.validUntil}:00` : raw.validUntil}Z`
  if (typeof raw.connectionLimit === 'string')
    raw.connectionLimit = raw.connectionLimit.trim() === '' ? -1 : Number(raw.connectionLimit)
  if (raw.comment === '') raw.comment = null
  return parseRole(raw)
}

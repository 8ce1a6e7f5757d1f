import type { CurrentAdmin } from 'adminjs'
import type { Persona } from '../plugin/types.js'
import type { ConsoleUser } from '../users/users.js'

/** What AdminJS keeps of a user in the session and serializes into every page: no secrets. */
export interface PlanetaryAdmin extends CurrentAdmin {
  readonly email: string
  readonly role: string
  readonly personas: readonly Persona[]
}

export function toCurrentAdmin(user: ConsoleUser): PlanetaryAdmin {
  return {
    email: user.name,
    id: user.name,
    title: user.role,
    role: user.role,
    personas: user.personas,
  }
}

/** Whether the signed-in user holds one of `personas` (admins hold them all). */
export function hasPersona(admin: CurrentAdmin | undefined, personas: readonly Persona[]): boolean {
  const mine = (admin as PlanetaryAdmin | undefined)?.personas ?? []
  return mine.includes('admin') || mine.some((p) => personas.includes(p))
}

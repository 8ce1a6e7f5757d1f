import type { CurrentAdmin } from 'adminjs'
import type { Persona } from '../plugin/types.js'
import type { ConsoleUser, ThemeChoice } from '../users/users.js'

/** What AdminJS keeps of a user in the session and serializes into every page: no secrets. */
export interface PlanetaryAdmin extends CurrentAdmin {
  readonly email: string
  readonly role: string
  readonly personas: readonly Persona[]
  /** The AdminJS theme id the pages are drawn with (AdminJS reads `currentAdmin.theme`). */
  readonly theme?: string
}

/** The AdminJS theme id of a user's colour scheme (themes/planetary). */
export const themeId = (theme: ThemeChoice): string => `planetary-${theme}`

export function toCurrentAdmin(user: ConsoleUser, theme: ThemeChoice = 'light'): PlanetaryAdmin {
  return {
    email: user.name,
    id: user.name,
    title: user.role,
    role: user.role,
    personas: user.personas,
    theme: themeId(theme),
  }
}

/** Whether the signed-in user holds one of `personas` (admins hold them all). */
export function hasPersona(admin: CurrentAdmin | undefined, personas: readonly Persona[]): boolean {
  const mine = (admin as PlanetaryAdmin | undefined)?.personas ?? []
  return mine.includes('admin') || mine.some((p) => personas.includes(p))
}

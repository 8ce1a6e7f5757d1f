import type { CurrentAdmin } from 'adminjs'
import { detached } from '../db/cancel.js'
import type { Actor } from '../db/session.js'
import { ConsoleError } from '../errors.js'
import type { ConsoleUser, UserStore } from '../users/users.js'

/**
 * Console users as they are now, read again after a short time: every request checks that its
 * user still exists with the same role and personas, so removing or changing a user bites
 * within `ttlMs`, not at the end of their session.
 */
export class SignedInUsers {
  private readonly cache = new Map<string, { user: ConsoleUser | undefined; until: number }>()
  private readonly reading = new Map<string, Promise<ConsoleUser | undefined>>()

  constructor(
    private readonly users: UserStore,
    private readonly ttlMs = 2_000,
  ) {}

  /** The user named `name` as stored now (cached for `ttlMs`), or undefined when gone. */
  async get(name: string): Promise<ConsoleUser | undefined> {
    const hit = this.cache.get(name)
    if (hit && hit.until > Date.now()) return hit.user
    let pending = this.reading.get(name)
    if (!pending) {
      // Shared by the user's concurrent requests: no one request's end cancels it.
      pending = detached(() => this.users.get(name)).finally(() => this.reading.delete(name))
      this.reading.set(name, pending)
    }
    const user = await pending
    this.cache.set(name, { user, until: Date.now() + this.ttlMs })
    return user
  }

  /** Forgets what was read of `name` (after the console itself changed or removed the user). */
  forget(name: string): void {
    this.cache.delete(name)
  }
}

/** Whether the session's copy of a user still matches the stored user. */
export function sameUser(
  admin: { role?: unknown; personas?: unknown },
  user: ConsoleUser,
): boolean {
  const personas = Array.isArray(admin.personas) ? (admin.personas as unknown[]) : []
  return (
    admin.role === user.role &&
    personas.length === user.personas.length &&
    user.personas.every((p) => personas.includes(p))
  )
}

/** Maps the logged-in user to the role and claims their requests run with (claims stay server-side). */
export function actorResolver(
  users: SignedInUsers,
): (admin: CurrentAdmin | undefined) => Promise<Actor> {
  return async (admin) => {
    const name = admin?.email
    if (!name) throw new ConsoleError('Not signed in')
    const user = await users.get(name)
    if (!user) throw new ConsoleError(`Console user ${name} no longer exists`)
    return { name: user.name, role: user.role, claims: user.claims }
  }
}

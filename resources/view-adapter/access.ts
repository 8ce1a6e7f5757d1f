import type { CurrentAdmin } from 'adminjs'
import { detached } from '../../core/db/cancel.js'
import type { Pool } from '../../core/db/pool.js'
import { withSession, type Actor } from '../../core/db/session.js'
import { currentPrivilegesQuery } from './introspect.js'
import type { Privilege, PrivilegeSet } from './model.js'

/**
 * Who may press which button. AdminJS asks `isAccessible` synchronously, while resolving a user
 * to a role is asynchronous, so this keeps two small caches:
 * - user → role, filled by every request that resolves the actor (adapter methods and the
 *   actions' `before` hooks), or given synchronously by `roleOf` / `currentAdmin.role`;
 * - role → view → privileges (has_table_privilege), loaded for the served roles with the
 *   catalog and refreshed as that role when older than `privilegeTtlMs`.
 * These only decide what is shown: PostgreSQL enforces the same privileges on every statement.
 */
export interface ViewAccessOptions {
  readonly pool: Pool
  readonly servedRoles: readonly string[]
  readonly resolveActor: (currentAdmin: CurrentAdmin | undefined) => Promise<Actor>
  /** A synchronous role lookup for the very first page a user sees, before any request. */
  readonly roleOf?: ((currentAdmin: CurrentAdmin) => string | undefined) | undefined
  readonly privilegeTtlMs?: number | undefined
  readonly actorTtlMs?: number | undefined
}

interface PrivilegeEntry {
  readonly at: number
  readonly views: ReadonlyMap<number, PrivilegeSet>
}

/** A stable key for a logged-in user: their id, else their email. */
export function adminKey(currentAdmin: CurrentAdmin | undefined): string | undefined {
  if (!currentAdmin) return undefined
  const id: unknown = currentAdmin.id
  const email: unknown = currentAdmin.email
  if (typeof id !== 'string' && typeof id !== 'number' && typeof email !== 'string')
    return undefined
  return JSON.stringify([id ?? null, email ?? null])
}

export class ViewAccess {
  private readonly privileges = new Map<string, PrivilegeEntry>()
  private readonly actors = new Map<string, { actor: Actor; at: number }>()
  private readonly refreshing = new Map<string, Promise<void>>()
  private readonly privilegeTtlMs: number
  private readonly actorTtlMs: number

  constructor(
    private readonly o: ViewAccessOptions,
    private readonly viewOids: readonly number[],
    initial: ReadonlyMap<string, ReadonlyMap<number, PrivilegeSet>>,
    now = Date.now(),
  ) {
    this.privilegeTtlMs = o.privilegeTtlMs ?? 30_000
    this.actorTtlMs = o.actorTtlMs ?? 300_000
    for (const [role, views] of initial) this.privileges.set(role, { at: now, views })
  }

  /** Resolves the request's actor (always fresh: claims drive RLS) and remembers their role. */
  async actor(currentAdmin: CurrentAdmin | undefined): Promise<Actor> {
    const actor = await this.o.resolveActor(currentAdmin)
    const key = adminKey(currentAdmin)
    if (key) this.actors.set(key, { actor, at: Date.now() })
    return actor
  }

  /** The role of a user, synchronously, if known. */
  roleFor(currentAdmin: CurrentAdmin | undefined): string | undefined {
    if (!currentAdmin) return undefined
    const key = adminKey(currentAdmin)
    const cached = key ? this.actors.get(key) : undefined
    if (cached && Date.now() - cached.at < this.actorTtlMs) return cached.actor.role
    const given = this.o.roleOf?.(currentAdmin)
    if (given) return given
    const role: unknown = currentAdmin.role
    return typeof role === 'string' && this.o.servedRoles.includes(role) ? role : undefined
  }

  /**
   * Whether the user's role holds `privilege` on the view: true/false, or undefined when the
   * role is not known yet. A stale entry still answers while a refresh runs in the background.
   */
  can(
    currentAdmin: CurrentAdmin | undefined,
    viewOid: number,
    privilege: Privilege,
  ): boolean | undefined {
    const role = this.roleFor(currentAdmin)
    if (!role) return undefined
    const entry = this.privileges.get(role)
    const key = adminKey(currentAdmin)
    const cached = key ? this.actors.get(key) : undefined
    if ((!entry || Date.now() - entry.at >= this.privilegeTtlMs) && cached) {
      this.refreshInBackground(cached.actor)
    }
    if (!entry) return undefined
    return entry.views.get(viewOid)?.[privilege] ?? false
  }

  /** Makes sure the actor's role has privileges no older than the TTL (before hooks await it). */
  async ensureFresh(actor: Actor): Promise<void> {
    const entry = this.privileges.get(actor.role)
    if (entry && Date.now() - entry.at < this.privilegeTtlMs) return
    await this.refresh(actor)
  }

  /** Re-reads the role's privileges on every view, as that role, in one query. */
  refresh(actor: Actor): Promise<void> {
    const running = this.refreshing.get(actor.role)
    if (running) return running
    // Shared by every request of the role: no one request's end cancels it (core/db/cancel.ts).
    const p = detached(() =>
      withSession(this.o.pool, actor, (s) =>
        s.query<{ oid: string } & Record<Privilege, boolean>>(
          currentPrivilegesQuery(this.viewOids),
        ),
      ),
    )
      .then((rows) => {
        const views = new Map<number, PrivilegeSet>()
        for (const r of rows) {
          views.set(Number(r.oid), {
            SELECT: r.SELECT,
            INSERT: r.INSERT,
            UPDATE: r.UPDATE,
            DELETE: r.DELETE,
          })
        }
        this.privileges.set(actor.role, { at: Date.now(), views })
      })
      .finally(() => this.refreshing.delete(actor.role))
    this.refreshing.set(actor.role, p)
    return p
  }

  private refreshInBackground(actor: Actor): void {
    // A failed background refresh keeps the old answer; the next before hook retries and reports.
    this.refresh(actor).catch(() => undefined)
  }

  /** Forgets cached privileges (e.g. after GRANT/REVOKE through the console). */
  invalidate(): void {
    for (const [role, entry] of this.privileges) this.privileges.set(role, { ...entry, at: 0 })
  }
}

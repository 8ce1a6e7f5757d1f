import type AdminJS from 'adminjs'
import type { BaseResource, ResourceWithOptions } from 'adminjs'
import type { Pool } from '../db/pool.js'
import { catalogChangeToken } from '../introspect/change-probe.js'

export interface LiveViewsOptions {
  readonly admin: AdminJS
  readonly pool: Pool
  /** Reads Karen's view resources afresh (the view adapter, for the console's users' roles). */
  readonly load: () => Promise<ResourceWithOptions[]>
  /** The resources that do not follow the database: the plugins' own, already decorated. */
  readonly fixed: readonly BaseResource[]
  /** Sidebar labels by resource id; view labels in it are rewritten on every refresh. */
  readonly labels: Record<string, string>
  /** The catalog change token read before the first views were loaded. */
  readonly token: string
  /** How often the catalog may be asked whether it changed (default 1 s). */
  readonly minIntervalMs?: number
}

/** A view's sidebar label: views are grouped by schema, so the bare view name. */
export const viewLabel = (id: string): string => id.replace(/^[^.]+\./, '')

/**
 * Karen's view resources, kept in step with the database: a view the protect wizard creates (or
 * one made in psql) appears on the next page load, without a restart, and a dropped one goes.
 * The views are read again after any apply of the console's executor, or when the catalog
 * change token moved (statistics are flushed about once a second, so changes made outside the
 * console show within seconds). AdminJS looks resources up per request and builds each page's
 * state from `admin.resources`, so swapping that list is enough.
 */
export class LiveViews {
  private stale = false
  private token: string
  private checkedAt = 0
  private running: Promise<void> | undefined

  constructor(private readonly o: LiveViewsOptions) {
    this.token = o.token
  }

  /** Something was applied: read the views again on the next page load. */
  markStale(): void {
    this.stale = true
  }

  /**
   * Reads the views again when an apply ran or the catalog changed since the last read; one
   * refresh at a time, the catalog asked at most once per interval. A failed read is logged and
   * the views stay as they were.
   */
  refreshIfChanged(): Promise<void> {
    this.running ??= this.check().finally(() => {
      this.running = undefined
    })
    return this.running
  }

  private async check(): Promise<void> {
    const now = Date.now()
    if (!this.stale && now - this.checkedAt < (this.o.minIntervalMs ?? 1000)) return
    this.checkedAt = now
    try {
      const token = await catalogChangeToken(this.o.pool)
      if (!this.stale && token === this.token) return
      this.stale = false
      this.token = token
      await this.refresh()
    } catch (err) {
      console.error('Could not read the views again; keeping the ones shown:', err)
    }
  }

  /** Swaps in freshly read view resources, decorated the way AdminJS decorates them at start. */
  async refresh(): Promise<void> {
    const { admin, fixed, labels } = this.o
    const views = await this.o.load()
    for (const { resource, options } of views) {
      ;(resource as BaseResource).assignDecorator(admin, options ?? {})
    }
    // The views shown so far are whatever is not fixed: their labels go with them.
    for (const r of admin.resources) if (!fixed.includes(r)) delete labels[r.id()]
    const resources = views.map((v) => v.resource as BaseResource)
    for (const r of resources) labels[r.id()] = viewLabel(r.id())
    admin.resources = [...resources, ...fixed]
  }
}

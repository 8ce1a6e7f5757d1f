import type AdminJS from 'adminjs'
import type { BaseResource, ResourceWithOptions } from 'adminjs'
import { detached } from '../db/cancel.js'
import type { Pool } from '../db/pool.js'
import { runQuery } from '../db/session.js'
import { catalogChangeToken } from '../introspect/change-probe.js'
import { sql } from '../sql/sql.js'

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
  /**
   * The console schema's change log and its newest plan's id when the first views were read:
   * asked on every page load, so a plan any console process applied shows at once.
   */
  readonly changeLog?: { readonly schema: string; readonly id: string }
}

/**
 * The id of the newest plan in the change log that was not rolled back ('0' when none): it moves
 * when any console process on the database (or `planetary init`) applies a plan, in the same
 * transaction as the plan. One backward step on the change log's primary key, past the
 * impersonation rows written since the last plan.
 *
 * @example const id = await latestChange(pool, 'planetary')
 */
export async function latestChange(pool: Pool, schema: string): Promise<string> {
  const [row] = await runQuery<{ id: string }>(
    pool,
    sql`SELECT id::text AS id FROM ${sql.id(schema, 'change_log')}
WHERE kind = 'plan' AND outcome <> 'rolled back'
ORDER BY id DESC LIMIT 1`,
  )
  return row?.id ?? '0'
}

/**
 * A resource's sidebar label: its own name when it has one (a view's exact name: its id may be
 * a slug), else the id without its schema — views are grouped by schema.
 */
export const viewLabel = (r: { id(): string; name?: () => string }): string =>
  typeof r.name === 'function' ? r.name() : r.id().replace(/^[^.]+\./, '')

/**
 * Karen's view resources, kept in step with the database: a view the protect wizard creates (or
 * one made in psql) appears on the next page load, without a restart, and a dropped one goes.
 * The views are read again after any apply of this process's executor, when the change log has
 * a newer plan (an apply on another console process on the database: the next page load shows
 * it), or when the catalog change token moved (statistics are flushed about once a second, so
 * changes made outside the console show within seconds). AdminJS looks resources up per request
 * and builds each page's state from `admin.resources`, so swapping that list is enough.
 */
export class LiveViews {
  private stale = false
  private token: string
  private changeId: string | undefined
  private checkedAt = 0
  private running: Promise<void> | undefined

  constructor(private readonly o: LiveViewsOptions) {
    this.token = o.token
    this.changeId = o.changeLog?.id
  }

  /** Something was applied: read the views again on the next page load. */
  markStale(): void {
    this.stale = true
  }

  /**
   * Reads the views again when an apply ran here, the change log has a newer plan, or the
   * catalog changed since the last read; one refresh at a time. The change log is asked on
   * every call, the catalog at most once per interval (and before every refresh). A failed
   * read is logged, the views stay as they were, and the next call reads again.
   */
  refreshIfChanged(): Promise<void> {
    // Shared by the page loads that ask meanwhile: no one request's end cancels it.
    this.running ??= detached(() => this.check()).finally(() => {
      this.running = undefined
    })
    return this.running
  }

  private async check(): Promise<void> {
    const now = Date.now()
    const askCatalog = now - this.checkedAt >= (this.o.minIntervalMs ?? 1000)
    const log = this.o.changeLog
    if (!this.stale && !askCatalog && !log) return
    try {
      const changeId = log ? await latestChange(this.o.pool, log.schema) : this.changeId
      let changed = this.stale || changeId !== this.changeId
      if (!changed && !askCatalog) return
      // Read before the views: a change made during the read shows on the next page load.
      this.checkedAt = now
      const token = await catalogChangeToken(this.o.pool)
      changed ||= token !== this.token
      if (!changed) return
      // An apply marked during the read makes the next page load read again.
      this.stale = false
      try {
        await this.refresh()
      } catch (err) {
        this.stale = true // a failed read is tried again on the next page load
        throw err
      }
      this.token = token
      this.changeId = changeId
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
    for (const r of resources) labels[r.id()] = viewLabel(r)
    admin.resources = [...resources, ...fixed]
  }
}

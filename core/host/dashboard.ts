import type { BaseResource, CurrentAdmin } from 'adminjs'
import { cancellable } from '../db/cancel.js'
import { readChangeLog, type ChangeLogEntry } from '../changelog/query.js'
import type { Persona, PluginContext, PluginDefinition, PluginFigure } from '../plugin/types.js'
import type { NavigationLink, SectionSource } from './navigation.js'
import { dashboardViews, type DashboardView } from './dashboard-views.js'
import { requestSignal } from './cancel-on-close.js'
import { hasPersona } from './personas.js'

/** Who reads the change log: everyone but a data-only user. */
export const CHANGE_LOG_PERSONAS: readonly Persona[] = ['ops', 'dev', 'admin']
/** How many of the newest change log entries the dashboard shows. */
const LATEST = 8
/** A card's figures take this long at most, their queries too: the dashboard never hangs on one plugin. */
const CARD_TIMEOUT_MS = 4_000

export interface DashboardCard {
  readonly id: string
  readonly title: string
  readonly description: string | null
  readonly links: readonly NavigationLink[]
  /** Its key figures; null when the plugin has none or they could not be read now. */
  readonly figures: readonly (Omit<PluginFigure, 'page'> & { readonly page?: string })[] | null
  readonly failed: boolean
}

export interface DashboardData {
  readonly cards: readonly DashboardCard[]
  /** The views the user may list, counted as they see them (Karen's data). */
  readonly views: readonly DashboardView[]
  /** The claims the user's requests carry (tenant and such), as PostgreSQL's RLS reads them. */
  readonly claims: Readonly<Record<string, unknown>> | null
  /** The newest change log entries; null for users who do not read the change log. */
  readonly changes: readonly ChangeLogEntry[] | null
}

/**
 * Runs `work` for at most `ms`: its statements are cancelled in PostgreSQL once the time is up
 * or the request's client has gone (core/db/cancel.ts), and the answer does not wait for it.
 */
async function withinTime<T>(ms: number, work: () => Promise<T>): Promise<T> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new Error(`no answer within ${ms} ms`)), ms)
  const given = new Promise<never>((_resolve, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error))
  })
  try {
    return await Promise.race([
      cancellable(requestSignal(), () => cancellable(controller.signal, work)),
      given,
    ])
  } finally {
    clearTimeout(timer)
  }
}

async function card(
  plugin: PluginDefinition,
  section: SectionSource | undefined,
  ctx: PluginContext,
): Promise<DashboardCard> {
  const base = {
    id: plugin.id,
    title: plugin.title,
    description: plugin.description ?? null,
    links: section?.links ?? [],
  }
  const read = plugin.card
  if (!read) return { ...base, figures: null, failed: false }
  try {
    const figures = await withinTime(CARD_TIMEOUT_MS, () => read.call(plugin, ctx))
    return {
      ...base,
      figures: figures.slice(0, 6).map((f) => ({
        label: String(f.label),
        value: typeof f.value === 'number' ? f.value : String(f.value),
        // A figure links to one of the plugin's own pages, by the page's full name.
        ...(f.page && Object.hasOwn(plugin.pages ?? {}, f.page)
          ? { page: `${plugin.id}-${f.page}` }
          : {}),
      })),
      failed: false,
    }
  } catch (err) {
    // Nobody waits for a card whose page was left: not worth a line in the log.
    if (!requestSignal()?.aborted) console.error(`Dashboard card of ${plugin.id}:`, err)
    return { ...base, figures: null, failed: true }
  }
}

/**
 * What the dashboard shows a user: the views they may list with their row counts and their
 * claims, a card per enabled plugin they may use, with its key figures, and the newest change
 * log entries when they read the change log.
 */
export async function dashboardData(
  o: {
    readonly plugins: readonly PluginDefinition[]
    readonly sections: readonly SectionSource[]
    readonly ctx: PluginContext
    /** Every resource of the console: the views among them are listed with their counts. */
    readonly resources?: () => readonly BaseResource[]
    /** The claims of a signed-in user's requests. */
    readonly claimsOf?: (admin: CurrentAdmin) => Promise<Readonly<Record<string, unknown>> | null>
  },
  admin: CurrentAdmin | undefined,
): Promise<DashboardData> {
  if (!admin) return { cards: [], views: [], claims: null, changes: null }
  const mine = o.plugins.filter((p) => hasPersona(admin, p.personas))
  const readsLog = hasPersona(admin, CHANGE_LOG_PERSONAS)
  const [cards, latest, views, claims] = await Promise.all([
    Promise.all(
      mine.map((p) =>
        card(
          p,
          o.sections.find((s) => s.id === p.id),
          o.ctx,
        ),
      ),
    ),
    readsLog
      ? readChangeLog(o.ctx.pool, o.ctx.config.consoleSchema, {}, LATEST)
      : Promise.resolve(null),
    withinTime(CARD_TIMEOUT_MS, () => dashboardViews(o.resources?.() ?? [], admin)).catch(
      (err: unknown) => {
        if (!requestSignal()?.aborted) console.error('Dashboard views:', err)
        return []
      },
    ),
    o.claimsOf?.(admin).catch(() => null) ?? Promise.resolve(null),
  ])
  return { cards, views, claims, changes: latest?.entries ?? null }
}

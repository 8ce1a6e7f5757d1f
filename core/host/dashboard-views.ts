import type { ActionContext, BaseResource, CurrentAdmin } from 'adminjs'

/** A bounded row count as Karen's list reports it (resources/view-adapter/counting.ts). */
interface CountLike {
  readonly total: number
  readonly kind: 'exact' | 'estimate' | 'more-than' | 'many'
}

/** What the dashboard needs of one of Karen's view resources; found by shape, not by import. */
interface ViewLike extends BaseResource {
  readonly model: { readonly comment: string | null }
  name(): string
  countInfo(filter: undefined, context: ActionContext): Promise<CountLike>
}

/** One view on a user's dashboard: its list, its description and its rows as they see them. */
export interface DashboardView {
  readonly id: string
  readonly title: string
  readonly description: string | null
  /** "180", "about 30,000", "more than 10,000", "many"; null when it could not be counted now. */
  readonly count: string | null
}

function isView(r: BaseResource): r is ViewLike {
  const v = r as Partial<ViewLike>
  return typeof v.countInfo === 'function' && typeof v.model === 'object' && v.model !== null
}

/** The words a list shows for its count: exact when cheap, else "about N" or "many". */
export function countWords(c: CountLike): string {
  const n = c.total.toLocaleString('en')
  switch (c.kind) {
    case 'exact':
      return n
    case 'estimate':
      return `about ${n}`
    case 'more-than':
      return `more than ${(c.total - 1).toLocaleString('en')}`
    case 'many':
      return 'many'
    default: {
      const never: never = c.kind
      throw new Error(`unhandled count ${String(never)}`)
    }
  }
}

/** The first line of a view's COMMENT, without its @tags: the dashboard's one-line description. */
function describe(comment: string | null): string | null {
  const line = (comment ?? '')
    .split(/\r?\n/)
    .find((l) => l.trim() !== '' && !l.trim().startsWith('@'))
  return line ? line.trim().slice(0, 200) : null
}

/**
 * The views a user may list (their list action is accessible: their role holds SELECT), each
 * counted as they see it, through RLS, with the list's own bounded count (cached for a few
 * seconds per view). A view whose count fails is still listed, without a number.
 */
export async function dashboardViews(
  resources: readonly BaseResource[],
  admin: CurrentAdmin,
): Promise<DashboardView[]> {
  const views = resources.filter(isView)
  const usable = await Promise.all(
    views.map(async (v) => {
      const list = v.decorate().actions.list as
        { isAccessible(admin: CurrentAdmin): boolean | Promise<boolean> } | undefined
      return list ? Boolean(await list.isAccessible(admin)) : false
    }),
  )
  const mine = views.filter((_, i) => usable[i])
  return Promise.all(
    mine.map(async (v) => {
      const count = await v
        .countInfo(undefined, { currentAdmin: admin } as ActionContext)
        .then(countWords)
        .catch(() => null)
      return { id: v.id(), title: v.name(), description: describe(v.model.comment), count }
    }),
  )
}

import type { ClientBase } from 'pg'
import type { CatalogScope, QueryContext } from '../../../core/introspect/context.js'

/** What the fake client was asked: every query text and its bind values. */
export interface Recorded {
  readonly text: string
  readonly values: readonly unknown[]
}

/**
 * A QueryContext whose client answers from `answer` (by query text) and records each query:
 * enough to drive fetch functions and the snapshot without a server.
 */
export function fakeContext(
  options: {
    versionNum?: number
    scope?: CatalogScope
    extensionMembers?: ReadonlyMap<string, readonly number[]>
    answer?: (text: string) => unknown[] | Promise<unknown[]>
  } = {},
): { ctx: QueryContext; queries: Recorded[] } {
  const queries: Recorded[] = []
  const client = {
    query: async (config: { text: string; values?: unknown[] }) => {
      queries.push({ text: config.text, values: config.values ?? [] })
      return { rows: (await options.answer?.(config.text)) ?? [] }
    },
  } as unknown as ClientBase
  const ctx: QueryContext = {
    client,
    versionNum: options.versionNum ?? 170004,
    scope: options.scope ?? {},
    currentUser: 'inspector',
    isSuperuser: false,
    extensionMembers: options.extensionMembers ?? new Map(),
  }
  return { ctx, queries }
}

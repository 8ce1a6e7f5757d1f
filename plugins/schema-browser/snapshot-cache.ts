import { detached } from '../../core/db/cancel.js'
import type { Pool } from '../../core/db/pool.js'
import {
  catalogChangeToken,
  introspect,
  type CatalogSnapshot,
} from '../../core/introspect/index.js'

/**
 * One catalog snapshot shared by every schema-browser list. A request re-snapshots only when
 * the catalog change token moved (0.4 ms to check) or the snapshot is older than `maxAgeMs` —
 * the token is a hint that lags behind by up to a statistics flush.
 */
export function snapshotCache(pool: Pool, maxAgeMs = 30_000): () => Promise<CatalogSnapshot> {
  let current: { snapshot: CatalogSnapshot; token: string; at: number } | undefined
  let pending: Promise<CatalogSnapshot> | undefined
  const refresh = async (): Promise<CatalogSnapshot> => {
    const token = await catalogChangeToken(pool)
    if (current && current.token === token && Date.now() - current.at < maxAgeMs)
      return current.snapshot
    const snapshot = await introspect(pool)
    current = { snapshot, token, at: Date.now() }
    return snapshot
  }
  return () => {
    // Concurrent lists of one page share one refresh.
    pending ??= detached(refresh).finally(() => {
      pending = undefined
    })
    return pending
  }
}

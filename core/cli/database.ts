import type { Cluster } from '../cluster/cluster.js'
import type { Config } from '../config/schema.js'
import { createPool, type Pool } from '../db/pool.js'

export interface OpenDatabase {
  readonly url: string
  readonly pool: Pool
  /** The embedded cluster, when the console runs its own PostgreSQL. */
  readonly embedded?: Cluster
  close(): Promise<void>
}

/** Connects to the configured database, or starts the embedded one when none is configured. */
export async function openDatabase(config: Config): Promise<OpenDatabase> {
  let embedded: Cluster | undefined
  if (!config.databaseUrl) {
    // Only without a configured database: the cluster code stays unloaded otherwise.
    const { startEmbedded } = await import('../embedded/embedded.js')
    embedded = await startEmbedded(config)
  }
  const url = config.databaseUrl ?? (embedded as Cluster).url()
  const pool = createPool(url)
  return {
    url,
    pool,
    ...(embedded ? { embedded } : {}),
    async close() {
      await pool.end()
      await embedded?.stop()
    },
  }
}

import { join, resolve } from 'node:path'
import { startCluster, type Cluster } from '../cluster/cluster.js'
import type { Config } from '../config/schema.js'

/**
 * The embedded default: with no database URL configured, the console runs its own PostgreSQL 17
 * with data kept in `<dataDir>/pg` between runs.
 */
export async function startEmbedded(config: Config): Promise<Cluster> {
  return startCluster({ flavor: 'embedded', dataDir: join(resolve(config.dataDir), 'pg') })
}

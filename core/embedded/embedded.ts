import { dirname, join, resolve } from 'node:path'
import { startCluster, type Cluster } from '../cluster/cluster.js'
import type { Config } from '../config/schema.js'

/**
 * The embedded default: with no database URL configured, the console runs its own PostgreSQL 17
 * with data kept in `<dataDir>/pg` between runs. As root in a folder the server's user cannot
 * reach (a checkout under /root), the data lives under /var/lib/planetary and `<dataDir>/pg`
 * is a symlink to it.
 */
export async function startEmbedded(config: Config): Promise<Cluster> {
  const wanted = join(resolve(config.dataDir), 'pg')
  const cluster = await startCluster({ flavor: 'embedded', dataDir: wanted })
  const actual = dirname(cluster.dataDir)
  if (actual !== wanted) {
    process.stderr.write(
      `PostgreSQL data in ${actual} (${wanted} links there: PostgreSQL's user cannot reach this folder)\n`,
    )
  }
  return cluster
}

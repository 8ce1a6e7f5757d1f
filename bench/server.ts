import { startCluster } from '../core/cluster/cluster.js'

/** The PostgreSQL a bench runs against, and how to let it go. */
export interface BenchServer {
  /** A superuser's URL. */
  readonly url: string
  /** Stops the throwaway cluster, if the bench started one. */
  stop(): Promise<void>
}

/**
 * `PLANETARY_BENCH_DATABASE_URL` (a superuser's), or a throwaway embedded PostgreSQL when it is
 * not set.
 */
export async function benchServer(): Promise<BenchServer> {
  const given = process.env.PLANETARY_BENCH_DATABASE_URL
  if (given) return { url: given, stop: async () => undefined }
  const cluster = await startCluster({ fast: true })
  return { url: cluster.url(), stop: () => cluster.stop() }
}

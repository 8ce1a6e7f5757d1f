import { startCluster, type Flavor } from '../../core/cluster/cluster.js'
import { isOtherMajor, majorPackageRoot } from './pg-majors.js'

/**
 * A PostgreSQL server for one test file (or one test), started by the harness itself.
 * `adminUrl` connects as a superuser; tests that do not need one connect as a role they create.
 */
export interface TestServer {
  readonly backend: 'embedded' | 'debian-15' | 'url' | 'docker'
  readonly versionNum: number
  /** Superuser URL for one database on this server. */
  adminUrl(database?: string): string
  /** URL for a login role on this server. */
  url(database: string, user: string, password: string): string
  stop(): Promise<void>
}

/**
 * Which server the harness uses:
 * - `PLANETARY_TEST_DATABASE_URL` set: that existing server (a superuser URL), no server started;
 * - `PLANETARY_TEST_BACKEND=docker`: testcontainers' PostgreSQL module (needs a Docker engine);
 * - otherwise a throwaway embedded PostgreSQL 17, or Debian's 15 when asked for;
 *   `PLANETARY_TEST_PG_MAJOR` (14, 15, 16, 17 or 18) puts the embedded ones on that major instead
 *   (15 is Debian's, the others installed by tests/harness/pg-majors.ts), so
 *   `npm run test:majors` runs the suite on every supported server.
 */
export async function startTestServer(flavor: Flavor = 'embedded'): Promise<TestServer> {
  const existing = process.env.PLANETARY_TEST_DATABASE_URL
  if (existing) return existingServer(existing)
  if (process.env.PLANETARY_TEST_BACKEND === 'docker' && flavor === 'embedded')
    return dockerServer()
  const major = flavor === 'embedded' ? testMajor() : 17
  const chosen: Flavor = major === 15 ? 'debian-15' : flavor
  const cluster = await startCluster({
    flavor: chosen,
    fast: true,
    ...(isOtherMajor(major) ? { packageRoot: majorPackageRoot(major) } : {}),
  })
  return {
    backend: chosen,
    versionNum: cluster.versionNum,
    adminUrl: (database = 'postgres') => cluster.url(database),
    url: (database, user, password) => cluster.url(database, user, password),
    stop: () => cluster.stop(),
  }
}

/** The major `PLANETARY_TEST_PG_MAJOR` asks the embedded clusters to run; 17 when unset. */
export function testMajor(): 14 | 15 | 16 | 17 | 18 {
  const raw = process.env.PLANETARY_TEST_PG_MAJOR
  if (!raw) return 17
  const major = Number(raw)
  if (major === 14 || major === 15 || major === 16 || major === 17 || major === 18) return major
  throw new Error(`PLANETARY_TEST_PG_MAJOR must be 14, 15, 16, 17 or 18, not '${raw}'`)
}

function withDatabase(url: string, database: string, user?: string, password?: string): string {
  const u = new URL(url)
  u.pathname = `/${encodeURIComponent(database)}`
  if (user !== undefined) u.username = encodeURIComponent(user)
  if (password !== undefined) u.password = encodeURIComponent(password)
  return u.toString()
}

async function existingServer(url: string): Promise<TestServer> {
  const pg = (await import('pg')).default
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const { rows } = await client.query<{ v: string }>(
    `SELECT current_setting('server_version_num') AS v`,
  )
  await client.end()
  return {
    backend: 'url',
    versionNum: Number(rows[0]?.v),
    adminUrl: (database = 'postgres') => withDatabase(url, database),
    url: (database, user, password) => withDatabase(url, database, user, password),
    stop: async () => undefined,
  }
}

async function dockerServer(): Promise<TestServer> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql')
  const container = await new PostgreSqlContainer('postgres:17')
    .withCommand([
      'postgres',
      '-c',
      'wal_level=logical',
      '-c',
      'shared_preload_libraries=pg_stat_statements',
      '-c',
      'fsync=off',
    ])
    .start()
  const url = container.getConnectionUri()
  const server = await existingServer(url)
  return { ...server, backend: 'docker', stop: async () => void (await container.stop()) }
}

import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll } from 'vitest'
import type { Flavor } from '../../core/cluster/cluster.js'
import { createPool, type Pool } from '../../core/db/pool.js'
import { quoteIdent, quoteLiteral } from '../../core/sql/sql.js'
import { startTestServer, type TestServer } from './backend.js'

export interface TestDatabase {
  readonly server: TestServer
  readonly name: string
  /** Superuser pool on this test's database: for fixtures only. */
  readonly admin: Pool
  readonly versionNum: number
  /** URL of this database as a superuser. */
  readonly adminUrl: string
  /**
   * Creates a login role (NOSUPERUSER unless attributes say otherwise) and returns its URL for
   * this database. Role names are cluster-wide: a random suffix keeps shared servers apart.
   */
  createLogin(
    name: string,
    attributes?: string,
  ): Promise<{ role: string; url: string; password: string }>
  /** A pool that the test owns; closed with the database. */
  pool(url: string, max?: number): Pool
}

let counter = 0

/**
 * Gives a test file its own PostgreSQL database on a server the harness started, removed after
 * the file (also when it fails). Uses the file's own throwaway cluster, so roles created by one
 * file never meet another's.
 *
 * @example const db = useTestDatabase(); it('…', async () => { await db().admin.query('select 1') })
 */
export function useTestDatabase(options: { flavor?: Flavor } = {}): () => TestDatabase {
  let current: TestDatabase | undefined
  let cleanup: (() => Promise<void>) | undefined
  beforeAll(async () => {
    const created = await createTestDatabase(options.flavor)
    current = created.db
    cleanup = created.cleanup
  }, 120_000)
  afterAll(async () => {
    await cleanup?.()
  }, 60_000)
  return () => {
    if (!current) throw new Error('useTestDatabase: the database is not ready (beforeAll failed?)')
    return current
  }
}

/** Starts a server (or uses the configured one) and creates a fresh database on it. */
export async function createTestDatabase(
  flavor?: Flavor,
): Promise<{ db: TestDatabase; cleanup: () => Promise<void> }> {
  const server = await startTestServer(flavor)
  const suffix = `${process.pid}_${++counter}_${randomBytes(3).toString('hex')}`
  const name = `planetary_test_${suffix}`
  const root = createPool(server.adminUrl('postgres'), { max: 1 })
  await root.query(`CREATE DATABASE ${quoteIdent(name)}`)
  const adminUrl = server.adminUrl(name)
  const pools: Pool[] = []
  const roles: string[] = []
  const pool = (url: string, max = 4) => {
    const p = createPool(url, { max })
    pools.push(p)
    return p
  }
  const admin = pool(adminUrl)
  const shared = server.backend === 'url' || server.backend === 'docker'
  const db: TestDatabase = {
    server,
    name,
    admin,
    versionNum: server.versionNum,
    adminUrl,
    async createLogin(base, attributes = 'NOSUPERUSER') {
      const role = shared ? `${base}_${suffix}`.slice(0, 63) : base
      const password = randomBytes(12).toString('hex')
      await admin.query(
        `CREATE ROLE ${quoteIdent(role)} LOGIN ${attributes} PASSWORD ${quoteLiteral(password)}`,
      )
      roles.push(role)
      return { role, password, url: server.url(name, role, password) }
    },
    pool,
  }
  const cleanup = async () => {
    await Promise.all(pools.map((p) => p.end().catch(() => undefined)))
    if (shared) {
      await root
        .query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`)
        .catch(() => undefined)
      for (const role of roles) {
        await root.query(`DROP ROLE IF EXISTS ${quoteIdent(role)}`).catch(() => undefined)
      }
    }
    await root.end().catch(() => undefined)
    await server.stop()
  }
  return { db, cleanup }
}

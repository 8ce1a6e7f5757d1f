import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { debian15Available } from '../../../core/cluster/cluster.js'
import { startTestServer, testMajor } from '../../harness/backend.js'
import { useTestDatabase } from '../../harness/database.js'

const db = useTestDatabase()

async function one<T>(url: string, text: string): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    // A multi-statement text answers with one result per statement: the last one counts.
    const results = [await client.query(text)].flat() as pg.QueryResult[]
    return results.at(-1)?.rows[0] as T
  } finally {
    await client.end()
  }
}

describe('the test harness', () => {
  it('starts the asked major (17 by default) with logical WAL and pg_stat_statements preloaded', async () => {
    const row = await one<{ wal: string; libs: string; v: string }>(
      db().adminUrl,
      `SELECT current_setting('wal_level') AS wal, current_setting('shared_preload_libraries') AS libs,
        current_setting('server_version_num') AS v`,
    )
    expect(row.wal).toBe('logical')
    expect(row.libs).toContain('pg_stat_statements')
    if (db().server.backend === 'embedded')
      expect(Math.floor(Number(row.v) / 10000)).toBe(testMajor())
  })

  it('starts a second cluster on demand, reachable from the first through postgres_fdw', async () => {
    const audit = await startTestServer()
    try {
      const port = new URL(audit.adminUrl()).port
      const password = decodeURIComponent(new URL(audit.adminUrl()).password)
      await one(
        audit.adminUrl(),
        `CREATE TABLE audit_log (id int, note text); INSERT INTO audit_log VALUES (1, 'far away')`,
      )
      await db().admin.query(`
        CREATE EXTENSION postgres_fdw;
        CREATE SERVER audit_db_server FOREIGN DATA WRAPPER postgres_fdw
          OPTIONS (host '127.0.0.1', port '${port}', dbname 'postgres');
        CREATE USER MAPPING FOR CURRENT_USER SERVER audit_db_server
          OPTIONS (user 'postgres', password '${password}');
        CREATE FOREIGN TABLE remote_audit (id int, note text) SERVER audit_db_server
          OPTIONS (table_name 'audit_log');
      `)
      const { rows } = await db().admin.query('SELECT note FROM remote_audit')
      expect(rows).toEqual([{ note: 'far away' }])
    } finally {
      await audit.stop()
    }
  })

  // Debian's postgresql-15 and postgresql-15-cron are installed by .ci/run; without them this fails.
  it('starts Debian PostgreSQL 15 with pg_cron', async () => {
    expect(debian15Available()).toEqual({ server: true, cron: true })
    const server = await startTestServer('debian-15')
    try {
      const row = await one<{ v: string; libs: string }>(
        server.adminUrl(),
        `SELECT current_setting('server_version_num') AS v, current_setting('shared_preload_libraries') AS libs`,
      )
      expect(row.libs).toContain('pg_cron')
      if (server.backend === 'debian-15') expect(Number(row.v)).toBeLessThan(160000)
      const job = await one<{ id: string }>(
        server.adminUrl(),
        `CREATE EXTENSION pg_cron; SELECT cron.schedule('nightly', '0 3 * * *', 'select 1') AS id`,
      )
      expect(Number(job.id)).toBeGreaterThan(0)
    } finally {
      await server.stop()
    }
  })
})

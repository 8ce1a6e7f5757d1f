/**
 * Karen's views kept current: what a page load pays to ask whether the catalog changed, and
 * what reading the views again costs after an apply — beside what a restart of the console
 * rebuilds (the same views read into a new AdminJS), for 100, 500 and 2,000 views a role may
 * use, in one run against the same cluster.
 *
 *   npm run bench:views
 *   PLANETARY_BENCH_DATABASE_URL=postgres://postgres:…@host/db npm run bench:views
 *
 * With no URL it starts a throwaway embedded PostgreSQL. The URL must be a superuser's; the
 * bench works in its own schema `bench_views`.
 */
import AdminJS from 'adminjs'
import pg from 'pg'
import { LiveViews } from '../../core/host/live-views.js'
import { catalogChangeToken } from '../../core/introspect/change-probe.js'
import { loadViewResources } from '../../resources/view-adapter/index.js'
import { timed } from '../timing.js'
import { benchServer } from '../server.js'

const RUNS = 5
const SIZES = [100, 500, 2000]
/** A refresh at the middle size should not be felt on the page load that pays for it. */
const TARGET_MS = 300
const TARGET_SIZE = 500
const ROLE = 'bench_views_reader'

async function main(): Promise<void> {
  const server = await benchServer()
  const pool = new pg.Pool({ connectionString: server.url, max: 2, idleTimeoutMillis: 0 })
  pool.on('error', () => undefined)
  try {
    await pool.query(`DROP SCHEMA IF EXISTS bench_views CASCADE;
      DROP ROLE IF EXISTS ${ROLE};
      CREATE ROLE ${ROLE};
      CREATE SCHEMA bench_views;
      GRANT USAGE ON SCHEMA bench_views TO ${ROLE};
      CREATE TABLE bench_views.raw (id int PRIMARY KEY, name text, amount numeric, issued_on date,
        paid boolean, note text, tenant_id int, status text);`)
    const version = (
      await pool.query<{ v: string }>("SELECT current_setting('server_version') AS v")
    ).rows[0]?.v
    console.log(`PostgreSQL ${version}: views over one 8-column table, median of ${RUNS}`)
    const load = () =>
      loadViewResources({
        pool,
        servedRoles: [ROLE],
        resolveActor: async () => ({ name: 'bench', role: ROLE, claims: {} }),
        excludeSchemas: ['public'],
      })
    const line = (label: string, ms: number, rest = '') =>
      console.log(`${label.padEnd(58)}${ms.toFixed(1).padStart(9)} ms  ${rest}`)
    let made = 0
    let verdict = ''
    for (const size of SIZES) {
      let ddl = ''
      for (; made < size; made++) {
        ddl += `CREATE VIEW bench_views.v_${made} AS SELECT * FROM bench_views.raw;
GRANT SELECT, INSERT, UPDATE ON bench_views.v_${made} TO ${ROLE};\n`
      }
      await pool.query(ddl)
      const admin = new AdminJS({ resources: await load() })
      const live = new LiveViews({
        admin,
        pool,
        load,
        fixed: [],
        labels: {},
        token: await catalogChangeToken(pool),
        minIntervalMs: 0,
      })
      const probe = await timed(RUNS, async () => {
        await live.refreshIfChanged()
        return admin.resources.length
      })
      const refresh = await timed(RUNS, async () => {
        live.markStale()
        await live.refreshIfChanged()
        return admin.resources.length
      })
      const restart = await timed(
        RUNS,
        async () => new AdminJS({ resources: await load() }).resources.length,
      )
      console.log(`\n${size} views`)
      line('page load, nothing changed (change probe)', probe.median)
      line(
        'page load after an apply (views read again, swapped)',
        refresh.median,
        `${refresh.count} resources`,
      )
      line(
        'baseline: the same views into a new AdminJS (a restart)',
        restart.median,
        `${restart.count} resources`,
      )
      if (size === TARGET_SIZE) {
        verdict = `${refresh.median <= TARGET_MS ? 'PASS' : 'MISS'}  refresh at ${size} views: ${refresh.median.toFixed(1)} ms (target ≤ ${TARGET_MS} ms)`
      }
    }
    console.log(`\n${verdict}`)
  } finally {
    await pool
      .query(`DROP SCHEMA IF EXISTS bench_views CASCADE; DROP ROLE IF EXISTS ${ROLE}`)
      .catch(() => undefined)
    await pool.end()
    await server.stop()
  }
}

await main()

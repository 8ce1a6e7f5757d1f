/**
 * Privilege matrix benchmark: a schema of many relations and a cluster of many roles with
 * memberships, table and column grants; prints the median of five matrix reads (one catalog
 * query set over the ACLs) beside the same cells asked of the server one check at a time
 * (has_table_privilege / has_column_privilege over roles × relations × privileges), both run
 * in this process against the same cluster.
 *
 *   npm run bench:matrix
 *   PLANETARY_BENCH_DATABASE_URL=postgres://postgres:…@host/db npm run bench:matrix
 *
 * With no URL it starts a throwaway embedded PostgreSQL. The URL must be a superuser's.
 */
import pg from 'pg'
import { withCatalog } from '../../core/introspect/catalog-session.js'
import { fetchPrivilegeMatrix } from '../../core/introspect/privilege-matrix.js'
import { fixture, ROLES, SCHEMA, TABLES } from './fixture.js'
import { timed } from '../timing.js'
import { benchServer } from '../server.js'

const RUNS = 5
/** Relations the matrix page shows at once (plugins/grants MAX_GRID_RELATIONS). */
const PAGE = 60
const TARGET_MS = 500

const BASELINE = `
WITH roles AS (SELECT rolname FROM pg_catalog.pg_roles WHERE rolname !~ '^pg_'),
rels AS (SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') ORDER BY c.relname LIMIT $2)
SELECT (SELECT count(*) FROM roles r CROSS JOIN rels
    CROSS JOIN unnest(ARRAY['SELECT','INSERT','UPDATE','DELETE','TRUNCATE','REFERENCES','TRIGGER']) p
    WHERE pg_catalog.has_table_privilege(r.rolname, rels.oid, p))
  + (SELECT count(*) FROM roles r CROSS JOIN rels
    JOIN pg_catalog.pg_attribute a ON a.attrelid = rels.oid AND a.attnum > 0 AND NOT a.attisdropped
    CROSS JOIN unnest(ARRAY['SELECT','INSERT','UPDATE','REFERENCES']) p
    WHERE pg_catalog.has_column_privilege(r.rolname, rels.oid, a.attnum, p)) AS n`

async function main(): Promise<void> {
  const server = await benchServer()
  const pool = new pg.Pool({ connectionString: server.url, max: 2, idleTimeoutMillis: 0 })
  pool.on('error', () => undefined)
  try {
    const present = await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [SCHEMA])
    if (!present.rowCount) await pool.query(fixture())
    const version = (
      await pool.query<{ v: string }>("SELECT current_setting('server_version') AS v")
    ).rows[0]?.v
    const read = (page: boolean) =>
      timed(RUNS, async () => {
        const m = await withCatalog(pool, {}, (ctx) =>
          fetchPrivilegeMatrix(
            ctx,
            SCHEMA,
            page ? { selectRelations: (rels) => rels.slice(0, PAGE) } : {},
          ),
        )
        return m.cells.length
      })
    const pageRead = await read(true)
    const matrix = await read(false)
    const baselineOf = (limit: number) =>
      timed(RUNS, async () =>
        Number((await pool.query<{ n: string }>(BASELINE, [SCHEMA, limit])).rows[0]?.n ?? 0),
      )
    const pageBaseline = await baselineOf(PAGE)
    const baseline = await baselineOf(TABLES)
    const pass = pageRead.median <= TARGET_MS
    console.log(
      `PostgreSQL ${version}: ${TABLES} tables × 5 columns, ${ROLES} roles, median of ${RUNS}`,
    )
    const line = (label: string, t: { median: number }, rest: string) =>
      console.log(`${label.padEnd(52)}${t.median.toFixed(1).padStart(9)} ms  ${rest}`)
    line(
      `grid page: ${PAGE} relations × every role, with reasons`,
      pageRead,
      `${pageRead.count} entries  target ≤ ${TARGET_MS} ms  ${pass ? 'PASS' : 'MISS'}`,
    )
    line(
      `baseline: has_*_privilege per cell, same page`,
      pageBaseline,
      `${pageBaseline.count} cells held (a count only: no reasons)`,
    )
    line(`whole schema: ${TABLES} relations, with reasons`, matrix, `${matrix.count} entries`)
    line(
      `baseline: has_*_privilege per cell, whole schema`,
      baseline,
      `${baseline.count} cells held (a count only: no reasons)`,
    )
  } finally {
    await pool.end()
    await server.stop()
  }
}

await main()

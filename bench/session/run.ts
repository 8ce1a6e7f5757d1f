/**
 * What acting as a user costs per request: withSession (prelude in one message, COMMIT and the
 * session reset in one message) against a plain query, against the naive seven-message sequence,
 * and against the other ways to give a connection back clean (DISCARD ALL as its own message,
 * a new connection per request), on one embedded PostgreSQL 17.
 *
 *   npx tsx bench/session/run.ts          (PLANETARY_BENCH_DATABASE_URL to use another server)
 */
import pg from 'pg'
import { createPool, SESSION_RESET } from '../../core/db/pool.js'
import { withSession, type Actor } from '../../core/db/session.js'
import { sql } from '../../core/sql/sql.js'
import { benchServer } from '../server.js'

const SECONDS = Number(process.env.PLANETARY_BENCH_SECONDS ?? 3)
const CONCURRENCY = 4

const ROUNDS = Number(process.env.PLANETARY_BENCH_ROUNDS ?? 3)

interface Variant {
  readonly name: string
  readonly fn: () => Promise<unknown>
}

/** Requests per second of `fn` on CONCURRENCY clients for `seconds`, after a short warm-up. */
async function rate(fn: () => Promise<unknown>, seconds: number): Promise<number> {
  const warm = Date.now() + 300
  while (Date.now() < warm) await fn()
  let count = 0
  const until = Date.now() + seconds * 1000
  const started = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < until) {
        await fn()
        count++
      }
    }),
  )
  return count / ((performance.now() - started) / 1000)
}

/**
 * Every variant once per round, ROUNDS rounds, the median kept: on a shared machine a burst of
 * load then hits every variant alike instead of the one that happened to run during it.
 */
async function measureAll(
  variants: readonly Variant[],
): Promise<{ name: string; tps: number; ms: number }[]> {
  const rates = variants.map(() => [] as number[])
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, v] of variants.entries()) rates[i]?.push(await rate(v.fn, SECONDS / ROUNDS))
  }
  return variants.map((v, i) => {
    const sorted = [...(rates[i] ?? [])].sort((a, b) => a - b)
    const tps = sorted[Math.floor(sorted.length / 2)] ?? 0
    return { name: v.name, tps, ms: (1000 * CONCURRENCY) / tps }
  })
}

const server = await benchServer()
const pool = createPool(server.url, { max: CONCURRENCY })
// A plain pg pool, which gives connections back as they are: the figures before the reset.
const raw = new pg.Pool({ connectionString: server.url, max: CONCURRENCY })
raw.on('error', () => undefined)
await pool.query(`
  DO $$ BEGIN CREATE ROLE bench_karen NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
  CREATE TABLE IF NOT EXISTS bench_invoice (id int PRIMARY KEY, tenant_id int);
  INSERT INTO bench_invoice SELECT g, g % 2 FROM generate_series(1, 1000) g ON CONFLICT DO NOTHING;
  ALTER TABLE bench_invoice ENABLE ROW LEVEL SECURITY;
  DROP POLICY IF EXISTS tenant ON bench_invoice;
  CREATE POLICY tenant ON bench_invoice TO bench_karen USING (tenant_id = current_setting('app.tenant_id')::int);
  GRANT SELECT ON bench_invoice TO bench_karen;
`)
const actor: Actor = { name: 'karen', role: 'bench_karen', claims: { tenant_id: 1, sub: 'karen' } }
const query = 'SELECT id FROM bench_invoice WHERE id = 7'

const prelude = `BEGIN; SET LOCAL ROLE bench_karen; SELECT set_config('request.jwt.claims', '{"role":"bench_karen","tenant_id":1,"sub":"karen"}', true), set_config('app.tenant_id', '1', true), set_config('app.sub', 'karen', true)`
/** withSession's three messages on a plain pg pool, ending with `end` (and `after`, alone). */
const byHand =
  (end: string, after?: string, destroy = false) =>
  async () => {
    const c = await raw.connect()
    try {
      await c.query(prelude)
      await c.query({ text: 'SELECT id FROM bench_invoice WHERE id = $1', values: [7] })
      await c.query(end)
      if (after) await c.query(after)
    } finally {
      c.release(destroy)
    }
  }

const naive = async () => {
  const c = await raw.connect()
  try {
    await c.query('BEGIN')
    await c.query('SET LOCAL ROLE bench_karen')
    await c.query(`SELECT set_config('request.jwt.claims', '{"tenant_id":1}', true)`)
    await c.query(`SELECT set_config('app.tenant_id', '1', true)`)
    await c.query(`SELECT set_config('app.sub', 'karen', true)`)
    await c.query(query)
    await c.query('COMMIT')
  } finally {
    c.release()
  }
}

const results = await measureAll([
  { name: 'plain query (no role, no claims), plain pool — floor', fn: () => raw.query(query) },
  {
    name: 'plain query on a console pool (DISCARD ALL before it goes back)',
    fn: () => pool.query(query),
  },
  {
    name: 'naive: BEGIN, SET ROLE, set_config ×3, SELECT, COMMIT as 7 messages — baseline',
    fn: naive,
  },
  {
    name: 'before: prelude, query, COMMIT — connection back as the request left it',
    fn: byHand('COMMIT'),
  },
  { name: 'COMMIT, then DISCARD ALL as its own message', fn: byHand('COMMIT', 'DISCARD ALL') },
  {
    name: 'COMMIT, then a new connection for the next request',
    fn: byHand('COMMIT', undefined, true),
  },
  {
    name: 'COMMIT and the reset in one message, by hand',
    fn: byHand(`COMMIT; ${SESSION_RESET}`),
  },
  {
    name: 'withSession now (COMMIT and the reset in one message)',
    fn: () =>
      withSession(pool, actor, (s) =>
        s.query(sql`SELECT id FROM bench_invoice WHERE id = ${sql.val(7)}`),
      ),
  },
])

console.log(
  `\nPer-request cost of acting as a user (${CONCURRENCY} clients, ${SECONDS}s per variant in ${ROUNDS} rounds, median)\n`,
)
console.log(`${'variant'.padEnd(80)} ${'req/s'.padStart(9)} ${'ms/req'.padStart(8)}`)
for (const r of results)
  console.log(`${r.name.padEnd(80)} ${r.tps.toFixed(0).padStart(9)} ${r.ms.toFixed(3).padStart(8)}`)
console.log(
  '\nwithSession sends 3 messages per request: prelude, query(s), COMMIT with the session reset.',
)
await pool.end()
await raw.end()
await server.stop()

/**
 * Introspection benchmark: builds (or reuses) a large synthetic catalog and prints, per entity
 * and for the full snapshot, the median of five runs and the number of objects, beside a
 * baseline measured in the same run (information_schema and correlated-subquery queries).
 *
 *   npx tsx bench/introspect/run.ts
 *   PLANETARY_BENCH_DATABASE_URL=postgres://postgres:…@host/db npx tsx bench/introspect/run.ts
 *
 * With no URL it starts a throwaway embedded PostgreSQL. The URL must be a superuser's: it
 * creates the catalog (once) and a metadata-only login the engine runs as.
 */
import { randomBytes } from 'node:crypto'
import { cpus } from 'node:os'
import pg from 'pg'
import type { Pool } from '../../core/db/pool.js'
import { withCatalog } from '../../core/introspect/catalog-session.js'
import { catalogChangeToken } from '../../core/introspect/change-probe.js'
import { introspectRelation } from '../../core/introspect/relation.js'
import { introspect, type CatalogSnapshot } from '../../core/introspect/snapshot.js'
import { quoteIdent, quoteLiteral } from '../../core/sql/sql.js'
import { BASELINES, correlatedCteBaseline, relationBaseline, type Baseline } from './baselines.js'
import { BENCH_ENTITIES } from './entities.js'
import { benchSchemas, DEFAULT_SIZE, generateCatalog } from './generate.js'
import { timed, type Timing } from '../timing.js'
import { benchServer } from '../server.js'

const RUNS = 5
const INSPECTOR = 'planetary_bench_inspector'
const RELATION = { schema: 'bench_3', name: 't_500' }

const TARGETS = {
  fullSnapshotMs: 1500,
  tablesWithColumnsMs: 400,
  entityMs: 500,
  relationMs: 20,
}

function objectCount(snapshot: CatalogSnapshot): number {
  let total = 0
  for (const value of Object.values(snapshot)) if (Array.isArray(value)) total += value.length
  for (const relation of [...snapshot.tables, ...snapshot.views, ...snapshot.foreignTables]) {
    total += relation.columns.length
  }
  return total
}

function withUser(url: string, user: string, password: string): string {
  const u = new URL(url)
  u.username = encodeURIComponent(user)
  u.password = encodeURIComponent(password)
  return u.toString()
}

const ms = (v: number) => v.toFixed(1).padStart(9)
const num = (v: number) => String(v).padStart(8)

function row(entity: string, t: Timing | undefined, baseline?: Baseline, b?: Timing): string {
  const left = `${entity.padEnd(34)}${t ? ms(t.median) : ''.padStart(9)}${t ? num(t.count) : ''.padStart(8)}`
  if (!baseline || !b) return left
  return `${left}  | ${baseline.label.padEnd(46)}${ms(b.median)}${num(b.count)}`
}

async function runBaseline(admin: Pool, baseline: Baseline): Promise<Timing> {
  return timed(
    baseline.once ? 1 : RUNS,
    async () => (await admin.query(baseline.sql)).rowCount ?? 0,
  )
}

async function main(): Promise<void> {
  const server = await benchServer()
  const adminUrl = server.url
  const admin = new pg.Pool({
    connectionString: adminUrl,
    max: 2,
    idleTimeoutMillis: 0,
    application_name: 'planetary-bench-admin',
  })
  // An idle client losing its server (the cluster stopping) must not crash the report.
  admin.on('error', () => undefined)
  try {
    const [version] = (
      await admin.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)
    ).rows
    const present = await admin.query(
      `SELECT 1 FROM pg_namespace WHERE nspname = ANY($1::text[])`,
      [benchSchemas()],
    )
    let generated = 'catalog already present'
    if (present.rowCount !== DEFAULT_SIZE.schemas) {
      const start = performance.now()
      const clients = [await admin.connect(), await admin.connect()]
      try {
        await generateCatalog(clients)
      } finally {
        for (const c of clients) c.release()
      }
      generated = `catalog generated in ${((performance.now() - start) / 1000).toFixed(1)} s`
    }
    const password = randomBytes(12).toString('hex')
    const exists = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [INSPECTOR])
    await admin.query(
      `${exists.rowCount ? 'ALTER' : 'CREATE'} ROLE ${quoteIdent(INSPECTOR)} LOGIN NOSUPERUSER PASSWORD ${quoteLiteral(password)}`,
    )
    // Idle connections stay open between phases: a new backend starts with cold catalog
    // caches, which would measure connection warm-up instead of the queries.
    const engine = new pg.Pool({
      connectionString: withUser(adminUrl, INSPECTOR, password),
      max: 2,
      idleTimeoutMillis: 0,
      application_name: 'planetary-bench',
    })
    engine.on('error', () => undefined)
    try {
      // Warm both connections' caches the way a running console's would be.
      const warm = await introspect(engine, { connections: 2 })
      const relations = warm.tables.length
      const columns = warm.tables.reduce((n, t) => n + t.columns.length, 0)
      console.log(
        `pg-planetary introspection bench: PostgreSQL ${version?.v ?? '?'}, ${cpus().length} cores, ${generated}`,
      )
      console.log(
        `catalog: ${warm.schemas.length} schemas, ${relations} tables, ${columns} table columns, ${warm.constraints.length} constraints, ${warm.indexes.length} indexes, ${warm.views.length} views, ${warm.functions.length} functions, ${warm.triggers.length} triggers, ${warm.policies.length} policies, ${warm.roles.length} roles, ${warm.types.length} types, ${warm.sequences.length} sequences`,
      )
      console.log(
        `engine runs as ${INSPECTOR} (no superuser, no privilege on the data); baselines run as the superuser. Median of ${RUNS} runs.`,
      )
      console.log('')
      console.log(
        `${'entity'.padEnd(34)}${'ms'.padStart(9)}${'objects'.padStart(8)}  | ${'baseline'.padEnd(46)}${'ms'.padStart(9)}${'rows'.padStart(8)}`,
      )
      const engineTimes = new Map<string, Timing>()
      const client = await engine.connect()
      try {
        for (const entity of BENCH_ENTITIES) {
          const t = await timed(RUNS, () => withCatalog(client, {}, entity.run))
          engineTimes.set(entity.name, t)
          const baseline = BASELINES.find((b) => b.entity === entity.name)
          const b = baseline ? await runBaseline(admin, baseline) : undefined
          console.log(row(entity.name, t, baseline, b))
        }
      } finally {
        client.release()
      }
      const cte = correlatedCteBaseline(RELATION.schema)
      const tablesWithColumns = BENCH_ENTITIES.find((e) => e.name === 'tables + columns')
      const oneSchema = await timed(RUNS, () =>
        withCatalog(engine, { schemas: [RELATION.schema] }, (ctx) =>
          tablesWithColumns ? tablesWithColumns.run(ctx) : Promise.resolve(0),
        ),
      )
      await admin.query(`SET statement_timeout = '120s'`)
      console.log(row(cte.entity, oneSchema, cte, await runBaseline(admin, cte)))
      console.log('')
      const full1 = await timed(RUNS, async () => objectCount(await introspect(engine)))
      const full2 = await timed(RUNS, async () =>
        objectCount(await introspect(engine, { connections: 2 })),
      )
      const eager = await timed(RUNS, async () =>
        objectCount(await introspect(engine, { connections: 2, definitions: true })),
      )
      const baselineSum = await timed(RUNS, async () => {
        let rows = 0
        for (const b of BASELINES) if (!b.once) rows += (await admin.query(b.sql)).rowCount ?? 0
        return rows
      })
      const sumLabel: Baseline = {
        entity: 'full',
        label: 'all information_schema baselines above, in turn',
        sql: '',
      }
      console.log(row('full snapshot, 1 connection', full1, sumLabel, baselineSum))
      console.log(row('full snapshot, 2 connections', full2))
      console.log(row('full snapshot + definitions, 2 conn.', eager))
      const relClient = await engine.connect()
      let relation: Timing
      try {
        await introspectRelation(relClient, RELATION)
        relation = await timed(RUNS, async () => {
          const d = await introspectRelation(relClient, RELATION)
          return (
            d.columns.length +
            d.constraints.length +
            d.referencedBy.length +
            d.indexes.length +
            d.triggers.length +
            d.policies.length +
            d.privileges.length +
            d.dependencies.uses.length +
            d.dependencies.usedBy.length +
            1
          )
        })
      } finally {
        relClient.release()
      }
      const relationBase: Baseline = {
        entity: 'relation',
        label: 'information_schema, 6 queries for one table',
        sql: '',
      }
      const relationBaselineTime = await timed(RUNS, async () => {
        let rows = 0
        for (const q of relationBaseline(RELATION.schema, RELATION.name)) {
          rows += (await admin.query(q)).rowCount ?? 0
        }
        return rows
      })
      console.log(
        row(
          `one relation (${RELATION.schema}.${RELATION.name})`,
          relation,
          relationBase,
          relationBaselineTime,
        ),
      )
      const probe = await timed(RUNS, async () => {
        await catalogChangeToken(engine)
        return 1
      })
      console.log(row('change probe (catalogChangeToken)', probe))
      console.log('')
      const slowest = [...engineTimes.entries()]
        .filter(([name]) => name !== 'tables + columns')
        .sort((a, b) => b[1].median - a[1].median)[0]
      const fullBest = Math.min(full1.median, full2.median)
      const tablesColumns = engineTimes.get('tables + columns')?.median ?? Infinity
      const check = (label: string, value: number, target: number) =>
        console.log(
          `${value <= target ? 'PASS' : 'MISS'}  ${label}: ${value.toFixed(1)} ms (target ≤ ${target} ms)`,
        )
      check('full snapshot (best of 1 and 2 connections)', fullBest, TARGETS.fullSnapshotMs)
      check('tables with their columns', tablesColumns, TARGETS.tablesWithColumnsMs)
      check(
        `slowest single entity (${slowest?.[0] ?? '-'})`,
        slowest?.[1].median ?? 0,
        TARGETS.entityMs,
      )
      check('one relation scoped', relation.median, TARGETS.relationMs)
    } finally {
      await engine.end()
    }
  } finally {
    await admin.end()
    await server.stop()
  }
}

// A benchmark that fails should say why and stop, not hang with a cluster running.
process.on('unhandledRejection', (err) => {
  console.error(err)
  process.exit(1)
})
await main()

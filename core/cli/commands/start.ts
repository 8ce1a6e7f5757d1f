import '../../host/env.js'
import type { Server } from 'node:http'
import type { Cluster } from '../../cluster/cluster.js'
import type { Config } from '../../config/schema.js'
import { createPool, type Pool } from '../../db/pool.js'
import { DEMO_USERS, ensureDemo } from '../../demo/demo.js'
import { startEmbedded } from '../../embedded/embedded.js'
import { InvalidInputError } from '../../errors.js'
import { Executor } from '../../executor/executor.js'
import { enabledPluginIds, resolvePlugins } from '../../plugin/loader.js'
import { UserStore } from '../../users/users.js'
import { builtinPlugins } from '../../../plugins/index.js'

/** The console's pools; each connection comes back reset, each checkout times out. */
export interface ConsolePools {
  /** Plugin pages and catalog reads (the authenticator). */
  readonly console: Pool
  /** Sessions and console users, apart: a busy plugin page cannot keep anyone from signing in. */
  readonly sessions: Pool
  /** Karen's requests on her views, with a statement timeout (the authenticator). */
  readonly requests: Pool
  /** DDL plans, which may run as long as `statementTimeoutMs` (the authenticator or `ddlUrl`). */
  readonly manager: Pool
}

export interface RunningConsole {
  readonly url: string
  readonly server: Server
  /** The console pool: sessions, users, plugin pages and catalog reads. */
  readonly pool: Pool
  /** Every pool, by what it serves: Karen's requests never wait behind manager work. */
  readonly pools: ConsolePools
  readonly embedded?: Cluster
  /**
   * Stops serving (requests in flight get a few seconds to finish), ends the pools, then stops
   * the embedded PostgreSQL this process started with a fast shutdown: the next start needs no
   * crash recovery. `planetary start` calls it on SIGTERM and SIGINT.
   */
  stop(): Promise<void>
}

/** How long a stop lets requests in flight finish, and then the pools' queries. */
const SHUTDOWN_GRACE_MS = 5_000

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref())

/**
 * Stops accepting connections and lets the requests in flight finish: idle keep-alive
 * connections are closed as soon as they are idle, and whatever still runs after `graceMs` is
 * cut off.
 */
function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 100)
    const deadline = setTimeout(() => server.closeAllConnections(), graceMs)
    server.close(() => {
      clearInterval(sweep)
      clearTimeout(deadline)
      resolve()
    })
    server.closeIdleConnections()
  })
}

/**
 * Starts the console: on the configured database, or — with none configured, or with `demo` — on
 * the embedded PostgreSQL with the demo, printing the URL and the demo logins.
 */
export async function startConsole(
  config: Config,
  options: { demo?: boolean; out?: (line: string) => void } = {},
): Promise<RunningConsole> {
  const out = options.out ?? (() => undefined)
  const started = Date.now()
  let embedded: Cluster | undefined
  let databaseUrl = config.databaseUrl
  let sessionSecret = config.sessionSecret
  let ddlRole = config.ddlRole
  let testerUrl = config.testerUrl
  if (options.demo || !databaseUrl) {
    embedded = await startEmbedded(config)
    const demo = await ensureDemo(embedded, config, out)
    databaseUrl = demo.databaseUrl
    sessionSecret ??= demo.sessionSecret
    ddlRole ??= demo.ddlRole
    testerUrl = demo.testerUrl
  }
  if (!sessionSecret) {
    throw InvalidInputError.field(
      'sessionSecret',
      'is required when serving a configured database (PLANETARY_SESSION_SECRET)',
    )
  }
  const acquireTimeoutMs = config.poolAcquireTimeoutMs
  // Kept open between requests: a new connection costs a login and cold caches.
  const idleTimeoutMs = config.poolIdleTimeoutMs
  const pools: ConsolePools = {
    console: createPool(databaseUrl, {
      max: config.consolePoolSize,
      purpose: 'console',
      acquireTimeoutMs,
      idleTimeoutMs,
    }),
    sessions: createPool(databaseUrl, {
      max: config.sessionPoolSize,
      purpose: 'sessions',
      applicationName: 'pg-planetary sessions',
      ownStatementsOnly: true,
      acquireTimeoutMs,
      idleTimeoutMs,
    }),
    requests: createPool(databaseUrl, {
      max: config.requestPoolSize,
      purpose: 'requests',
      applicationName: 'pg-planetary requests',
      acquireTimeoutMs,
      idleTimeoutMs,
      statementTimeoutMs: config.requestStatementTimeoutMs,
    }),
    manager: createPool(config.ddlUrl ?? databaseUrl, {
      max: config.managerPoolSize,
      purpose: 'manager',
      applicationName: 'pg-planetary manager',
      acquireTimeoutMs,
      idleTimeoutMs,
    }),
  }
  const pool = pools.console
  const { rows } = await pool.query<{ v: string }>(
    `SELECT current_setting('server_version_num') AS v`,
  )
  const serverVersionNum = Number(rows[0]?.v)
  const executor = new Executor({
    pool: pools.manager,
    ...(ddlRole && !config.ddlUrl ? { ddlRole } : {}),
    consoleSchema: config.consoleSchema,
    lockTimeoutMs: config.lockTimeoutMs,
    statementTimeoutMs: config.statementTimeoutMs,
  })
  const users = new UserStore(pools.sessions, config.consoleSchema)
  const plugins = await resolvePlugins({
    builtins: builtinPlugins,
    enabled: enabledPluginIds(config.plugins, builtinPlugins, Boolean(embedded)),
    modules: config.pluginModules,
    pool,
  })
  for (const p of plugins) {
    if (p.state === 'unmet')
      out(`Plugin ${p.plugin.id} is not available here: ${p.reasons.join('; ')}`)
  }
  const { loadViewResources } = await import('../../../resources/view-adapter/index.js')
  const { actorResolver, buildConsole, ROOT_PATH, SignedInUsers } =
    await import('../../host/host.js')
  const signedIn = new SignedInUsers(users)
  const resolveActor = actorResolver(signedIn)
  // Read at start and again when views may have changed: users added since bring their roles.
  const loadViews = async () =>
    loadViewResources({
      pool: pools.requests,
      servedRoles: [...new Set((await users.list()).map((u) => u.role))],
      resolveActor,
      resourceOptions: config.resources,
      excludeSchemas: [config.consoleSchema],
    })
  const { app, close } = await buildConsole({
    // The policy tester reaches its own login through the config plugins are given.
    config: testerUrl ? { ...config, testerUrl } : config,
    pool,
    executor,
    users,
    plugins,
    serverVersionNum,
    loadViews,
    sessionSecret,
    sessionPool: pools.sessions,
    signedIn,
  })
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s))
    s.on('error', reject)
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}${ROOT_PATH}`
  out(`Planetary console ready at ${url} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
  if (embedded) {
    out(
      `Embedded PostgreSQL ${Math.floor(serverVersionNum / 10000)} on port ${embedded.port}, data in ${embedded.dataDir}`,
    )
    out('Demo logins:')
    for (const u of DEMO_USERS)
      out(
        `  ${u.name.padEnd(7)} / ${u.password.padEnd(17)} (${u.personas.join(', ')}; role ${u.role})`,
      )
  }
  return {
    url,
    server,
    pool,
    pools,
    ...(embedded ? { embedded } : {}),
    async stop() {
      await closeServer(server, SHUTDOWN_GRACE_MS)
      close()
      // Connections still busy after the grace period are ended by the server's fast shutdown.
      const ended = Promise.all(Object.values(pools).map((p) => p.end())).catch(() => undefined)
      await Promise.race([ended, delay(SHUTDOWN_GRACE_MS)])
      if (embedded) {
        await embedded.stop()
        await ended
        out('Embedded PostgreSQL stopped.')
      }
    },
  }
}

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startConsole, type RunningConsole } from '../../core/cli/commands/start.js'
import { parseConfig } from '../../core/config/load.js'
import { DEMO_AUTHENTICATOR, DEMO_DDL_ROLE, DEMO_TESTER } from '../../core/demo/demo.js'
import { builtinPlugins } from '../../plugins/index.js'
import type { startTestConsole } from './console.js'

/**
 * A second console process on the database of a running test console, as a replica behind the
 * same address would be: the demo's authenticator login, session secret, DDL role and tester
 * login (from the demo's secrets file), the same plugins, its own port. Stop it before the first.
 *
 * @example const b = await startReplica(a)
 */
export async function startReplica(
  first: Awaited<ReturnType<typeof startTestConsole>>,
): Promise<RunningConsole> {
  const cluster = first.embedded
  if (!cluster) throw new Error('the first console has no embedded PostgreSQL')
  const secrets = JSON.parse(readFileSync(join(first.dataDir, 'secrets.json'), 'utf8')) as {
    sessionSecret: string
    authenticatorPassword: string
    testerPassword: string
  }
  const config = parseConfig({
    dataDir: first.dataDir,
    port: 0,
    host: '127.0.0.1',
    databaseUrl: cluster.url('postgres', DEMO_AUTHENTICATOR, secrets.authenticatorPassword),
    sessionSecret: secrets.sessionSecret,
    ddlRole: DEMO_DDL_ROLE,
    testerUrl: cluster.url('postgres', DEMO_TESTER, secrets.testerPassword),
    plugins: builtinPlugins.map((p) => p.id),
  })
  return startConsole(config)
}

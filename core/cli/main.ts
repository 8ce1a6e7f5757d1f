// Must stay first: AdminJS reads its environment when it is first imported.
import '../host/env.js'
import { once } from 'node:events'
import { Command } from 'commander'
import { ConsoleError, ExecutionError } from '../errors.js'
import { readSecret } from './prompt.js'
import type { Config } from '../config/schema.js'
import type { Persona } from '../plugin/types.js'
import type { UserStore } from '../users/users.js'

// Each command imports what it needs when it runs: `--help`, `user …`, `plugins` and `inspect`
// never load the console (AdminJS, Express, the components), which costs a second and 100 MB.

interface InitOptions {
  adminUrl: string
  authenticator: string
  ddlRole: string
  postgrestAuthenticator: string
  consoleOwner: string
  tester: string
  testedRoles?: string
  setPassword?: boolean
  setTesterPassword?: boolean
  dryRun?: boolean
}

const roleList = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)

const out = (line: string) => process.stdout.write(`${line}\n`)
/** `out` for long output: when the pipe is full, the next line waits for it to drain. */
const outPaced = (line: string) => (out(line) ? undefined : once(process.stdout, 'drain'))

/** Turns any error into one readable message on stderr: the CLI's edge. */
function report(err: unknown): never {
  if (err instanceof ExecutionError) process.stderr.write(`${err.format()}\n`)
  else if (err instanceof ConsoleError) process.stderr.write(`${err.message}\n`)
  else process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
  process.exit(1)
}

function claimsOption(text: string): Record<string, unknown> {
  let claims: unknown
  try {
    claims = JSON.parse(text)
  } catch {
    throw new ConsoleError('--claims must be a JSON object')
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    throw new ConsoleError('--claims must be a JSON object')
  }
  return claims as Record<string, unknown>
}

function action<A extends unknown[]>(fn: (...args: A) => Promise<void>) {
  return (...args: A) => fn(...args).catch(report)
}

export function buildProgram(): Command {
  const program = new Command('planetary')
    .description('The control plane for PostgreSQL-as-the-application.')
    .option(
      '-c, --config <file>',
      'config file (default: planetary.config.json, or PLANETARY_CONFIG)',
    )
    .showHelpAfterError()

  const config = async (): Promise<Config> => {
    const { loadConfig } = await import('../config/load.js')
    const file = program.opts<{ config?: string }>().config
    return loadConfig(file ? { file } : {})
  }

  const serve = (demo: boolean) =>
    action(async () => {
      const cfg = await config()
      const { startConsole } = await import('./commands/start.js')
      const running = await startConsole(cfg, { demo, out })
      let stopping = false
      // The first signal stops gracefully; a second one exits at once (130 / 143, as a shell does).
      const stop = (signal: NodeJS.Signals) => {
        if (stopping) process.exit(signal === 'SIGINT' ? 130 : 143)
        stopping = true
        out('Stopping…')
        running.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        )
      }
      process.on('SIGINT', stop)
      process.on('SIGTERM', stop)
    })

  program
    .command('start')
    .description(
      'Serve the console: on the configured database, or on the embedded demo database when none is configured.',
    )
    .action(serve(false))

  program
    .command('demo')
    .description('Serve the console on the embedded PostgreSQL with the demo schema and users.')
    .action(serve(true))

  program
    .command('init')
    .description(
      'Bootstrap a database: console schema and its owner, authenticator login, policy tester login, DDL role and example roles. Shows the SQL first; safe to re-run (it also brings an older console schema up to date).',
    )
    .requiredOption('--admin-url <url>', 'a superuser (or CREATEROLE) connection to run it as')
    .option('--authenticator <role>', 'the console login role', 'planetary_authenticator')
    .option('--ddl-role <role>', 'the role DDL runs as', 'platform_ddl')
    .option('--postgrest-authenticator <role>', "PostgREST's login role", 'postgrest_authenticator')
    .option(
      '--console-owner <role>',
      'NOLOGIN owner of the console schema and users table (the console login is no member of it)',
      'planetary_owner',
    )
    .option('--tester <role>', "the policy tester's own login", 'planetary_tester')
    .option(
      '--tested-roles <list>',
      'comma-separated roles the tester login may act as (default: karen, bob_devops, senior_dev)',
    )
    .option('--set-password', 'set the authenticator password (read without echo, or from stdin)')
    .option(
      '--set-tester-password',
      'set the tester login password (read without echo, or from stdin)',
    )
    .option('--dry-run', 'show the plan and its preview, apply nothing')
    .action(
      action(async (opts: InitOptions) => {
        const cfg = await config()
        const { createPool } = await import('../db/pool.js')
        const { initDatabase } = await import('../console-schema/init.js')
        const adminPool = createPool(opts.adminUrl, { max: 2 })
        try {
          const password = opts.setPassword
            ? await readSecret(`Password for ${opts.authenticator}: `)
            : undefined
          const testerPassword = opts.setTesterPassword
            ? await readSecret(`Password for ${opts.tester}: `)
            : undefined
          const result = await initDatabase({
            adminPool,
            config: cfg,
            bootstrap: {
              authenticator: opts.authenticator,
              ...(password ? { authenticatorPassword: password } : {}),
              ddlRole: opts.ddlRole,
              postgrestAuthenticator: opts.postgrestAuthenticator,
              consoleOwner: opts.consoleOwner,
              tester: opts.tester,
              ...(testerPassword ? { testerPassword } : {}),
              ...(opts.testedRoles !== undefined
                ? { testedRoles: roleList(opts.testedRoles) }
                : {}),
            },
            dryRun: Boolean(opts.dryRun),
            out,
          })
          if (!result.preview.ok) throw new ConsoleError('The preview failed: nothing was applied.')
          out(result.applied ? 'Applied.' : 'Dry run: nothing applied.')
        } finally {
          await adminPool.end()
        }
      }),
    )

  const user = program
    .command('user')
    .description(
      'Manage console users: who signs in, and the Postgres role and claims they act with.',
    )
  const withUsers = async (fn: (users: UserStore) => Promise<void>) => {
    const cfg = await config()
    const { openDatabase } = await import('./database.js')
    const { UserStore } = await import('../users/users.js')
    const db = await openDatabase(cfg)
    try {
      await fn(new UserStore(db.pool, cfg.consoleSchema))
    } finally {
      await db.close()
    }
  }
  user
    .command('add <name>')
    .description('Add a user; the password is read without echo (or from stdin).')
    .requiredOption('--role <role>', 'the Postgres role their requests run as')
    .option('--claims <json>', 'claims as a JSON object, e.g. {"tenant_id": 1}', '{}')
    .option('--personas <list>', 'comma-separated: data, ops, dev, admin', 'data')
    .option(
      '--may-test <roles>',
      'comma-separated roles they may run the policy tester as (default: none)',
      '',
    )
    .action(
      action(
        async (
          name: string,
          opts: { role: string; claims: string; personas: string; mayTest: string },
        ) => {
          const claims = claimsOption(opts.claims)
          const password = await readSecret(`Password for ${name}: `)
          await withUsers(async (users) => {
            await users.add({
              name,
              password,
              role: opts.role,
              claims,
              personas: roleList(opts.personas) as Persona[],
              mayTest: roleList(opts.mayTest),
            })
            out(`Added ${name} (role ${opts.role}).`)
          })
        },
      ),
    )
  user
    .command('set <name>')
    .description(
      "Change a user's role, claims, personas or the roles they may test as; ends their sessions.",
    )
    .option('--role <role>', 'the Postgres role their requests run as')
    .option('--claims <json>', 'claims as a JSON object, e.g. {"tenant_id": 1}')
    .option('--personas <list>', 'comma-separated: data, ops, dev, admin')
    .option('--may-test <roles>', 'comma-separated roles they may test as; "" for none')
    .action(
      action(
        async (
          name: string,
          opts: { role?: string; claims?: string; personas?: string; mayTest?: string },
        ) => {
          const change = {
            ...(opts.role !== undefined ? { role: opts.role } : {}),
            ...(opts.claims !== undefined ? { claims: claimsOption(opts.claims) } : {}),
            ...(opts.personas !== undefined
              ? { personas: roleList(opts.personas) as Persona[] }
              : {}),
            ...(opts.mayTest !== undefined ? { mayTest: roleList(opts.mayTest) } : {}),
          }
          if (!Object.keys(change).length) {
            throw new ConsoleError(
              'Nothing to change: give --role, --claims, --personas or --may-test',
            )
          }
          await withUsers(async (users) => {
            await users.update(name, change)
            out(`Changed ${name}; their sessions have ended.`)
          })
        },
      ),
    )
  user
    .command('passwd <name>')
    .description("Set a user's password (read without echo, or from stdin).")
    .action(
      action(async (name: string) => {
        const password = await readSecret(`New password for ${name}: `)
        await withUsers(async (users) => {
          await users.setPassword(name, password)
          out(`Password of ${name} changed.`)
        })
      }),
    )
  user
    .command('list')
    .description('List users with their role, personas, the roles they may test as, and claims.')
    .action(
      action(() =>
        withUsers(async (users) => {
          out(
            `${'NAME'.padEnd(16)} ${'ROLE'.padEnd(16)} ${'PERSONAS'.padEnd(14)} ${'MAY TEST'.padEnd(30)} CLAIMS`,
          )
          for (const u of await users.list()) {
            out(
              `${u.name.padEnd(16)} ${u.role.padEnd(16)} ${u.personas.join(',').padEnd(14)} ${(u.mayTest.join(',') || '-').padEnd(30)} ${JSON.stringify(u.claims)}`,
            )
          }
        }),
      ),
    )
  user
    .command('remove <name>')
    .description('Remove a user and end their sessions.')
    .action(
      action((name: string) =>
        withUsers(async (users) => {
          await users.remove(name)
          out(`Removed ${name}.`)
        }),
      ),
    )

  program
    .command('plugins')
    .description(
      'List every known plugin with its state: enabled, disabled, or unmet with the reason.',
    )
    .action(
      action(async () => {
        const cfg = await config()
        const { openDatabase } = await import('./database.js')
        const { listPlugins } = await import('./commands/plugins.js')
        const { builtinPlugins } = await import('../../plugins/index.js')
        const db = await openDatabase(cfg)
        try {
          await listPlugins(
            { config: cfg, builtins: builtinPlugins, pool: db.pool, demo: Boolean(db.embedded) },
            out,
          )
        } finally {
          await db.close()
        }
      }),
    )

  program
    .command('inspect')
    .description(
      'Print the catalog snapshot: every table, view, function, policy, role … (metadata only).',
    )
    .option('-s, --schema <schema...>', 'only these schemas')
    .option('--json', 'print the full snapshot as JSON')
    .action(
      action(async (opts: { schema?: string[]; json?: boolean }) => {
        const cfg = await config()
        const { openDatabase } = await import('./database.js')
        const { inspect } = await import('./commands/inspect.js')
        const db = await openDatabase(cfg)
        try {
          await inspect(
            {
              databaseUrl: db.url,
              ...(opts.schema ? { schema: opts.schema } : {}),
              json: Boolean(opts.json),
            },
            outPaced,
          )
        } finally {
          await db.close()
        }
      }),
    )
  return program
}

await buildProgram().parseAsync(process.argv)

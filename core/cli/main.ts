// Must stay first: AdminJS reads its environment when it is first imported.
import '../host/env.js'
import { Command } from 'commander'
import { builtinPlugins } from '../../plugins/index.js'
import { loadConfig } from '../config/load.js'
import { ConsoleError, ExecutionError } from '../errors.js'
import { initDatabase } from '../console-schema/init.js'
import { createPool } from '../db/pool.js'
import { UserStore } from '../users/users.js'
import { listPlugins } from './commands/plugins.js'
import { startConsole } from './commands/start.js'
import { openDatabase } from './database.js'
import { readSecret } from './prompt.js'
import type { Persona } from '../plugin/types.js'

interface InitOptions {
  adminUrl: string
  authenticator: string
  ddlRole: string
  postgrestAuthenticator: string
  setPassword?: boolean
  dryRun?: boolean
}

const out = (line: string) => process.stdout.write(`${line}\n`)

/** Turns any error into one readable message on stderr: the CLI's edge. */
function report(err: unknown): never {
  if (err instanceof ExecutionError) process.stderr.write(`${err.format()}\n`)
  else if (err instanceof ConsoleError) process.stderr.write(`${err.message}\n`)
  else process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
  process.exit(1)
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

  const config = () => {
    const file = program.opts<{ config?: string }>().config
    return loadConfig(file ? { file } : {})
  }

  const serve = (demo: boolean) =>
    action(async () => {
      const running = await startConsole(config(), { demo, out })
      const stop = () => {
        out('Stopping…')
        running.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        )
      }
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
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
      'Bootstrap a database: console schema, authenticator login, DDL role and example roles. Shows the SQL first; safe to re-run.',
    )
    .requiredOption('--admin-url <url>', 'a superuser (or CREATEROLE) connection to run it as')
    .option('--authenticator <role>', 'the console login role', 'planetary_authenticator')
    .option('--ddl-role <role>', 'the role DDL runs as', 'platform_ddl')
    .option('--postgrest-authenticator <role>', "PostgREST's login role", 'postgrest_authenticator')
    .option('--set-password', 'set the authenticator password (read without echo, or from stdin)')
    .option('--dry-run', 'show the plan and its preview, apply nothing')
    .action(
      action(async (opts: InitOptions) => {
        const cfg = config()
        const adminPool = createPool(opts.adminUrl, { max: 2 })
        try {
          const password = opts.setPassword
            ? await readSecret(`Password for ${opts.authenticator}: `)
            : undefined
          const result = await initDatabase({
            adminPool,
            config: cfg,
            bootstrap: {
              authenticator: opts.authenticator,
              ...(password ? { authenticatorPassword: password } : {}),
              ddlRole: opts.ddlRole,
              postgrestAuthenticator: opts.postgrestAuthenticator,
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
    const cfg = config()
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
    .action(
      action(async (name: string, opts: { role: string; claims: string; personas: string }) => {
        let claims: Record<string, unknown>
        try {
          claims = JSON.parse(opts.claims) as Record<string, unknown>
        } catch {
          throw new ConsoleError('--claims must be a JSON object')
        }
        const password = await readSecret(`Password for ${name}: `)
        const personas = opts.personas.split(',').map((p) => p.trim())
        await withUsers(async (users) => {
          await users.add({
            name,
            password,
            role: opts.role,
            claims,
            personas: personas as Persona[],
          })
          out(`Added ${name} (role ${opts.role}).`)
        })
      }),
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
    .description('List users with their role, personas and claims.')
    .action(
      action(() =>
        withUsers(async (users) => {
          for (const u of await users.list()) {
            out(
              `${u.name.padEnd(16)} ${u.role.padEnd(16)} ${u.personas.join(',').padEnd(14)} ${JSON.stringify(u.claims)}`,
            )
          }
        }),
      ),
    )
  user
    .command('remove <name>')
    .description('Remove a user.')
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
        const cfg = config()
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
        const { inspect } = await import('./commands/inspect.js')
        const db = await openDatabase(config())
        try {
          await inspect(
            {
              databaseUrl: db.url,
              ...(opts.schema ? { schema: opts.schema } : {}),
              json: Boolean(opts.json),
            },
            out,
          )
        } finally {
          await db.close()
        }
      }),
    )
  return program
}

await buildProgram().parseAsync(process.argv)

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

  const config = () =>
    loadConfig(
      program.opts<{ config?: string }>().config
        ? { file: program.opts<{ config: string }>().config }
        : {},
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
          await listPlugins({ config: cfg, builtins: builtinPlugins, pool: db.pool }, out)
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

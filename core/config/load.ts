import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { ConsoleError, InvalidInputError } from '../errors.js'
import { configSchema, type Config } from './schema.js'

type Env = Readonly<Record<string, string | undefined>>

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)

/** `true`/`false`, a hop count, or Express's list of trusted addresses. */
function trustProxy(s: string): boolean | number | string {
  if (s === 'true' || s === 'false') return s === 'true'
  return /^\d+$/.test(s) ? Number(s) : s
}

/** PLANETARY_* variables and how each becomes a config field. */
const ENV_FIELDS: Record<string, [keyof Config, (s: string) => unknown]> = {
  PLANETARY_DATABASE_URL: ['databaseUrl', String],
  PLANETARY_DDL_ROLE: ['ddlRole', String],
  PLANETARY_DDL_URL: ['ddlUrl', String],
  PLANETARY_TESTER_URL: ['testerUrl', String],
  PLANETARY_AUDIT_SERVER: ['auditServer', String],
  PLANETARY_POSTGREST_URL: ['postgrestUrl', String],
  PLANETARY_PLUGINS: ['plugins', list],
  PLANETARY_PLUGIN_MODULES: ['pluginModules', list],
  PLANETARY_SESSION_SECRET: ['sessionSecret', String],
  PLANETARY_HOST: ['host', String],
  PLANETARY_PORT: ['port', Number],
  PLANETARY_CONSOLE_SCHEMA: ['consoleSchema', String],
  PLANETARY_DATA_DIR: ['dataDir', String],
  PLANETARY_LOCK_TIMEOUT_MS: ['lockTimeoutMs', Number],
  PLANETARY_STATEMENT_TIMEOUT_MS: ['statementTimeoutMs', Number],
  PLANETARY_REQUEST_POOL_SIZE: ['requestPoolSize', Number],
  PLANETARY_MANAGER_POOL_SIZE: ['managerPoolSize', Number],
  PLANETARY_CONSOLE_POOL_SIZE: ['consolePoolSize', Number],
  PLANETARY_SESSION_POOL_SIZE: ['sessionPoolSize', Number],
  PLANETARY_POOL_ACQUIRE_TIMEOUT_MS: ['poolAcquireTimeoutMs', Number],
  PLANETARY_POOL_IDLE_TIMEOUT_MS: ['poolIdleTimeoutMs', Number],
  PLANETARY_REQUEST_STATEMENT_TIMEOUT_MS: ['requestStatementTimeoutMs', Number],
  PLANETARY_SESSION_MAX_AGE_MINUTES: ['sessionMaxAgeMinutes', Number],
  PLANETARY_TRUST_PROXY: ['trustProxy', trustProxy],
  PLANETARY_BODY_LIMIT_BYTES: ['bodyLimitBytes', Number],
}

export const DEFAULT_CONFIG_FILE = 'planetary.config.json'

/**
 * Reads the config file (PLANETARY_CONFIG, or planetary.config.json when present), lays the
 * PLANETARY_* variables over it and validates the result. Throws InvalidInputError naming every
 * bad field, so start-up stops with a message a person can act on.
 */
export function loadConfig(options: { env?: Env; cwd?: string; file?: string } = {}): Config {
  const env = options.env ?? process.env
  const cwd = options.cwd ?? process.cwd()
  const explicit = options.file ?? env.PLANETARY_CONFIG
  const path = resolve(cwd, explicit ?? DEFAULT_CONFIG_FILE)
  let fromFile: Record<string, unknown> = {}
  if (existsSync(path)) {
    try {
      fromFile = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>
    } catch (err) {
      throw new ConsoleError(`Config file ${path} is not valid JSON: ${(err as Error).message}`)
    }
  } else if (explicit) {
    throw new ConsoleError(`Config file ${path} does not exist`)
  }
  const merged: Record<string, unknown> = { ...fromFile }
  for (const [name, [field, convert]] of Object.entries(ENV_FIELDS)) {
    const raw = env[name]
    if (raw !== undefined && raw !== '') merged[field] = convert(raw)
  }
  return parseConfig(merged, explicit || existsSync(path) ? path : 'environment')
}

/** Validates a config object; `source` names where it came from in the error message. */
export function parseConfig(input: unknown, source = 'config'): Config {
  const result = configSchema.safeParse(input)
  if (result.success) return result.data
  const fields: Record<string, string> = {}
  for (const issue of result.error.issues) {
    const field = issue.path.length ? issue.path.join('.') : '(root)'
    fields[field] ??= issue.message
  }
  const lines = Object.entries(fields).map(([f, m]) => `  ${f}: ${m}`)
  throw new InvalidInputError(`Invalid console config (${source}):\n${lines.join('\n')}`, fields)
}

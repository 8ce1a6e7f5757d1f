import type { Config } from '../config/schema.js'
import type { Pool } from '../db/pool.js'
import { Executor, type PreviewResult } from '../executor/executor.js'
import { plan } from '../executor/statement.js'
import { bootstrapPlan, type BootstrapOptions, type BootstrapState } from './bootstrap.js'

export async function readBootstrapState(pool: Pool): Promise<BootstrapState> {
  const { rows } = await pool.query<{ rolname: string; privileged: boolean }>(
    'SELECT rolname, rolsuper OR rolbypassrls OR rolcreaterole AS privileged FROM pg_catalog.pg_roles',
  )
  return {
    roles: new Set(rows.map((r) => r.rolname)),
    privileged: new Set(rows.filter((r) => r.privileged).map((r) => r.rolname)),
  }
}

export interface InitResult {
  readonly preview: PreviewResult
  readonly applied: boolean
}

/**
 * `planetary init`: previews the bootstrap plan (printing its SQL, secrets masked), then applies
 * it through the executor as the admin connection. Re-running adds only what is missing.
 */
export async function initDatabase(options: {
  adminPool: Pool
  config: Config
  bootstrap: Omit<BootstrapOptions, 'consoleSchema'>
  dryRun?: boolean
  out?: (line: string) => void
}): Promise<InitResult> {
  const out = options.out ?? (() => undefined)
  const state = await readBootstrapState(options.adminPool)
  const statements = plan(
    ...bootstrapPlan({ ...options.bootstrap, consoleSchema: options.config.consoleSchema }, state),
  )
  const executor = new Executor({
    pool: options.adminPool,
    consoleSchema: options.config.consoleSchema,
    lockTimeoutMs: options.config.lockTimeoutMs,
    statementTimeoutMs: options.config.statementTimeoutMs,
  })
  const preview = await executor.preview(statements)
  for (const s of preview.statements) {
    out(`-- ${s.summary}${s.status === 'ok' ? '' : ` [${s.status}]`}`)
    out(`${s.sql};`)
    for (const n of s.notices) out(`--   ${n}`)
    if (s.error) out(s.error.format().replace(/^/gm, '--   '))
  }
  if (!preview.ok || options.dryRun) return { preview, applied: false }
  await executor.apply(statements, { name: 'planetary init' })
  return { preview, applied: true }
}

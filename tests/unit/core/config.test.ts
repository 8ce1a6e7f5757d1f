import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig, parseConfig } from '../../../core/config/load.js'
import { InvalidInputError } from '../../../core/errors.js'

const dir = () => mkdtempSync(join(tmpdir(), 'planetary-config-'))

describe('config', () => {
  it('fills defaults', () => {
    const c = parseConfig({})
    expect(c.port).toBe(8080)
    expect(c.consoleSchema).toBe('planetary')
    expect(c.auditServer).toBe('audit_db_server')
    expect(c.plugins).toEqual([])
  })

  it('reads the file and lets PLANETARY_* variables override it', () => {
    const cwd = dir()
    writeFileSync(
      join(cwd, 'planetary.config.json'),
      JSON.stringify({ databaseUrl: 'postgres://a@h/db', port: 9000, plugins: ['x'] }),
    )
    const c = loadConfig({
      cwd,
      env: {
        PLANETARY_PORT: '9100',
        PLANETARY_PLUGINS: 'policies, roles',
        PLANETARY_DDL_ROLE: 'platform_ddl',
      },
    })
    expect(c.databaseUrl).toBe('postgres://a@h/db')
    expect(c.port).toBe(9100)
    expect(c.plugins).toEqual(['policies', 'roles'])
    expect(c.ddlRole).toBe('platform_ddl')
  })

  it('keeps idle connections five minutes unless told otherwise', () => {
    expect(parseConfig({}).poolIdleTimeoutMs).toBe(300_000)
    const c = loadConfig({ cwd: dir(), env: { PLANETARY_POOL_IDLE_TIMEOUT_MS: '0' } })
    expect(c.poolIdleTimeoutMs).toBe(0)
    expect(() => parseConfig({ poolIdleTimeoutMs: -1 })).toThrow(/poolIdleTimeoutMs/)
  })

  it('names every invalid field', () => {
    let err: unknown
    try {
      loadConfig({
        cwd: dir(),
        env: {
          PLANETARY_PORT: 'eighty',
          PLANETARY_DATABASE_URL: 'mysql://x',
          PLANETARY_SESSION_SECRET: 'short',
        },
      })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(InvalidInputError)
    const fields = (err as InvalidInputError).fields
    expect(Object.keys(fields).sort()).toEqual(['databaseUrl', 'port', 'sessionSecret'])
    expect((err as Error).message).toMatch(/sessionSecret: must be at least 32 characters/)
  })

  it('refuses unknown keys, both ddlRole and ddlUrl, and an over-long role name', () => {
    expect(() => parseConfig({ databseUrl: 'postgres://x' })).toThrow(/databseUrl/)
    expect(() => parseConfig({ ddlRole: 'a', ddlUrl: 'postgres://x/y' })).toThrow(
      /ddlUrl: set either/,
    )
    expect(() => parseConfig({ ddlRole: 'r'.repeat(64) })).toThrow(/ddlRole/)
  })

  it('reports a config file that is not JSON or does not exist', () => {
    const cwd = dir()
    writeFileSync(join(cwd, 'bad.json'), '{ nope')
    expect(() => loadConfig({ cwd, env: { PLANETARY_CONFIG: 'bad.json' } })).toThrow(
      /not valid JSON/,
    )
    expect(() => loadConfig({ cwd, env: { PLANETARY_CONFIG: 'missing.json' } })).toThrow(
      /does not exist/,
    )
  })
})

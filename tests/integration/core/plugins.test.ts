import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { definePlugin } from '../../../core/plugin/define-plugin.js'
import { resolvePlugins } from '../../../core/plugin/loader.js'
import { useTestDatabase } from '../../harness/database.js'

const db = useTestDatabase()
const thirdParty = fileURLToPath(new URL('../../fixtures/plugins/third-party.ts', import.meta.url))

const future = definePlugin({
  id: 'future',
  title: 'Needs PostgreSQL 99',
  personas: ['dev'],
  requires: { serverVersion: 990000 },
})
const cron = definePlugin({
  id: 'cron',
  title: 'Jobs',
  personas: ['ops'],
  requires: {
    extensions: ['pg_cron'],
    privileges: [{ kind: 'schema', schema: 'cron', privilege: 'USAGE' }],
  },
})
const plain = definePlugin({
  id: 'plain',
  title: 'Plain',
  personas: ['dev'],
  requires: { privileges: [{ kind: 'database', privilege: 'CONNECT' }] },
})

describe('resolvePlugins against a real database', () => {
  it('reports each unmet requirement with its reason instead of failing', async () => {
    const login = await db().createLogin('console')
    const pool = db().pool(login.url)
    const statuses = await resolvePlugins({
      builtins: [future, cron, plain],
      enabled: ['future', 'cron', 'plain', 'acme-reports', 'acme-stats'],
      modules: [thirdParty],
      pool,
    })
    const byId = Object.fromEntries(statuses.map((s) => [s.plugin.id, s]))
    expect(byId.future?.state).toBe('unmet')
    expect(byId.future?.reasons).toEqual([
      `needs PostgreSQL 99 or later (this server is ${Math.floor(db().versionNum / 10000)})`,
    ])
    expect(byId.cron?.state).toBe('unmet')
    expect(byId.cron?.reasons[0]).toBe('needs extension pg_cron')
    expect(byId.cron?.reasons[1]).toMatch(
      /^needs USAGE on schema cron \(schema "cron" does not exist\)/,
    )
    expect(byId.plain?.state).toBe('enabled')
    expect(byId['acme-reports']).toMatchObject({
      state: 'unmet',
      reasons: ['needs extension pg_trgm'],
      source: thirdParty,
    })
    expect(byId['acme-stats']).toMatchObject({
      state: 'unmet',
      reasons: ['needs membership in role pg_read_all_stats'],
    })

    await db().admin.query(`CREATE EXTENSION pg_trgm; GRANT pg_read_all_stats TO ${login.role}`)
    const again = await resolvePlugins({
      builtins: [],
      enabled: ['acme-reports', 'acme-stats'],
      modules: [thirdParty],
      pool,
    })
    expect(again.map((s) => s.state)).toEqual(['enabled', 'enabled'])
  })

  it('refuses a module that exports no plugin', async () => {
    const notAPlugin = fileURLToPath(new URL('../../harness/backend.ts', import.meta.url))
    await expect(
      resolvePlugins({ builtins: [], enabled: [], modules: [notAPlugin] }),
    ).rejects.toThrow(/exports no plugin/)
  })
})

import { describe, expect, it } from 'vitest'
import { claimReport } from '../../../plugins/claims/claim-report.js'
import type { UsageSourceRow } from '../../../plugins/claims/usage-sources.js'
import { analyzeSource, claimOfUse, excerptAt } from '../../../plugins/claims/usage.js'

const row = (r: Partial<UsageSourceRow> & Pick<UsageSourceRow, 'kind' | 'source'>) =>
  ({ schema: 'app', object: 't', detail: null, part: 'sql', ...r }) as UsageSourceRow

describe('usage per source', () => {
  it('reads a policy expression as PostgreSQL deparses it, with the parser', async () => {
    const place = await analyzeSource(
      row({
        kind: 'policy',
        detail: 'tenant_isolation',
        part: 'using',
        source: `(tenant_id = (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::integer)`,
      }),
    )
    expect(place.method).toBe('parser')
    expect(place.uses).toHaveLength(1)
    expect(place.uses[0]).toMatchObject({ claim: 'tenant_id', cast: 'integer' })
    expect(place.uses[0]?.excerpt).toContain(`current_setting('app.tenant_id'::text, true)`)
  })

  it('reads views and SQL bodies (plain, RETURN, BEGIN ATOMIC) with the parser', async () => {
    const view = await analyzeSource(
      row({
        kind: 'view',
        source: ` SELECT id\n   FROM app.t\n  WHERE org = current_setting('app.org_id', true)::uuid;`,
      }),
    )
    expect(view).toMatchObject({ method: 'parser', uses: [{ claim: 'org_id', cast: 'uuid' }] })
    expect(view.uses[0]?.excerpt).toBe(`WHERE org = current_setting('app.org_id', true)::uuid;`)
    for (const source of [
      `SELECT current_setting('app.org_id', true)`,
      `RETURN current_setting('app.org_id', true)`,
      `BEGIN ATOMIC\n SELECT current_setting('app.org_id', true);\nEND`,
    ]) {
      const fn = await analyzeSource(row({ kind: 'function', part: 'sql', source }))
      expect(fn.method).toBe('parser')
      expect(fn.uses.map((u) => u.claim)).toEqual(['org_id'])
      expect(fn.uses[0]?.excerpt).toContain(`current_setting('app.org_id', true)`)
    }
  })

  it('falls back to text matching for PL/pgSQL, and says so', async () => {
    const fn = await analyzeSource(
      row({
        kind: 'function',
        part: 'plpgsql',
        source: `BEGIN\n  RETURN nullif(current_setting('app.tenant_id', true), '')::int;\nEND`,
      }),
    )
    expect(fn).toMatchObject({ method: 'text', uses: [{ claim: 'tenant_id', cast: 'integer' }] })
    expect(fn.uses[0]?.excerpt).toBe(
      `RETURN nullif(current_setting('app.tenant_id', true), '')::int;`,
    )
  })

  it('keeps long lines short around the use', () => {
    const line = `${'x'.repeat(300)} current_setting('app.a') ${'y'.repeat(300)}`
    const excerpt = excerptAt(line, 301, 'char')
    expect(excerpt.length).toBeLessThanOrEqual(162)
    expect(excerpt).toContain(`current_setting('app.a')`)
  })
})

describe('the claims report', () => {
  it('lists places per declared claim, cast mismatches and undeclared drift', async () => {
    const places = await Promise.all([
      analyzeSource(
        row({
          kind: 'policy',
          detail: 'p',
          part: 'using',
          source: `tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid AND org = (auth.jwt() -> 'app_metadata' ->> 'org')::bigint`,
        }),
      ),
      analyzeSource(
        row({
          kind: 'default',
          detail: 'owner',
          source: `current_setting('app.user_id', true)::uuid`,
        }),
      ),
      analyzeSource(
        row({ kind: 'check', detail: 'c', source: `(auth.jwt() ->> 'x-hasura-role') IS NOT NULL` }),
      ),
    ])
    const declared = [
      {
        name: 'tenant_id',
        type: 'integer' as const,
        description: '',
        required: true,
        updatedBy: 'bob',
        updatedAt: '',
      },
      {
        name: 'org_ref',
        type: 'bigint' as const,
        description: '',
        required: false,
        updatedBy: 'bob',
        updatedAt: '',
      },
    ]
    const mappings = [
      {
        role: 'karen',
        claim: 'org_ref',
        jwtPath: 'app_metadata.org',
        note: '',
        updatedBy: 'bob',
        updatedAt: '',
      },
    ]
    const report = claimReport(declared, mappings, places)
    const tenant = report.declared.find((d) => d.name === 'tenant_id')
    expect(tenant?.places.map((p) => `${p.kind} ${p.detail}`)).toEqual(['policy p'])
    expect(tenant?.castMismatches).toEqual(['uuid'])
    // A JWT read is the claim whose mapping reads that path.
    const org = report.declared.find((d) => d.name === 'org_ref')
    expect(org?.places).toHaveLength(1)
    expect(org?.roles).toEqual(['karen'])
    expect(org?.castMismatches).toEqual([])
    expect(
      report.undeclared.map((u) => [u.name, u.suggestedType, u.refusal !== undefined]),
    ).toEqual([
      ['user_id', 'uuid', false],
      ['x-hasura-role', 'text', true],
    ])
  })
})

describe('which declared claim a JWT read stands for', () => {
  const mapping = (claim: string, jwtPath: string) => ({
    role: 'karen',
    claim,
    jwtPath,
    note: '',
    updatedBy: 'bob',
    updatedAt: '',
  })

  it('matches a mapping key by key, quoted keys included', () => {
    const read = (path: string[]) =>
      ({ claim: path.at(-1) as string, source: 'jwt', access: 'read', path }) as const
    const mappings = [
      mapping('tenant_ref', '"https://acme.test/claims".tenant_id'),
      mapping('org_ref', 'app_metadata.org'),
    ]
    expect(claimOfUse(read(['https://acme.test/claims', 'tenant_id']), mappings)).toBe('tenant_ref')
    expect(claimOfUse(read(['app_metadata', 'org']), mappings)).toBe('org_ref')
    // Joined by dots the keys would look alike; key by key they differ.
    expect(claimOfUse(read(['https://acme', 'test/claims', 'tenant_id']), mappings)).toBe(
      'tenant_id',
    )
  })
})

import { parse } from 'libpg-query'
import { describe, expect, it } from 'vitest'
import { parseExpression } from '../../../core/parse/parse.js'
import { claimUses } from '../../../plugins/claims/usage-tree.js'

const uses = async (expression: string) => claimUses((await parseExpression(expression)).tree)
const strip = <T extends { location?: number }>(list: T[]) =>
  list.map(({ location: _l, ...rest }) => rest)

describe('claim uses on parse trees', () => {
  it('finds an app setting read through nullif and its cast', async () => {
    expect(
      strip(await uses(`tenant_id = nullif(current_setting('app.tenant_id', true), '')::int`)),
    ).toEqual([{ claim: 'tenant_id', source: 'setting', access: 'read', cast: 'integer' }])
  })

  it('reads the setting name as PostgreSQL does: case folded, deparsed ::text casts ignored', async () => {
    expect(strip(await uses(`owner = (current_setting('APP.User_Id'::text, true))::uuid`))).toEqual(
      [{ claim: 'user_id', source: 'setting', access: 'read', cast: 'uuid' }],
    )
  })

  it('flags a read without missing_ok, which raises when the setting is unset', async () => {
    expect(strip(await uses(`org = current_setting('app.org')`))).toEqual([
      { claim: 'org', source: 'setting', access: 'read', raisesWhenUnset: true },
    ])
  })

  it('finds JWT reads by key, by chained keys, by path and through auth.jwt()', async () => {
    const found = strip(
      await uses(`tenant_id = ((current_setting('request.jwt.claims'::text, true))::json ->> 'tenant_id'::text)::uuid
        AND org = (auth.jwt() -> 'app_metadata' ->> 'org_id')::bigint
        AND region = (nullif(current_setting('request.jwt.claims', true), '')::jsonb #>> '{app_metadata,region}')
        AND owner = current_setting('request.jwt.claim.sub', true)`),
    )
    expect(found).toEqual([
      { claim: 'tenant_id', source: 'jwt', access: 'read', path: ['tenant_id'], cast: 'uuid' },
      {
        claim: 'org_id',
        source: 'jwt',
        access: 'read',
        path: ['app_metadata', 'org_id'],
        cast: 'bigint',
      },
      { claim: 'region', source: 'jwt', access: 'read', path: ['app_metadata', 'region'] },
      { claim: 'sub', source: 'jwt-setting', access: 'read' },
    ])
  })

  it('ignores other settings, the bare claims object and look-alike strings', async () => {
    expect(
      await uses(
        `current_setting('search_path') <> '' AND current_setting('request.jwt.claims', true) IS NOT NULL AND note = 'app.tenant_id'`,
      ),
    ).toEqual([])
  })

  it('finds set_config writes and the claims their values read (a pre-request body)', async () => {
    const tree = await parse(
      `SELECT set_config('app.tenant_id', coalesce((nullif(current_setting('request.jwt.claims', true), '')::jsonb #>> '{tenant_id}')::integer::text, ''), true)`,
    )
    expect(strip(claimUses(tree))).toEqual([
      { claim: 'tenant_id', source: 'setting', access: 'set' },
      { claim: 'tenant_id', source: 'jwt', access: 'read', path: ['tenant_id'], cast: 'integer' },
    ])
  })

  it('looks into subqueries and whole statements, with the parser’s locations', async () => {
    const text = `SELECT id FROM app.t WHERE tenant_id IN (SELECT current_setting('app.tenant_id', true)::int)`
    const found = claimUses(await parse(text))
    expect(found).toHaveLength(1)
    expect(text.slice(found[0]?.location)).toMatch(/^current_setting\('app\.tenant_id'/)
  })
})

import { describe, expect, it } from 'vitest'
import { textClaimUses } from '../../../plugins/claims/usage-text.js'

describe('claim uses by text matching (PL/pgSQL bodies)', () => {
  it('finds the demo trigger function’s tenant read with its cast', () => {
    const body = `BEGIN
  NEW.tenant_id := coalesce(NEW.tenant_id, nullif(current_setting('app.tenant_id', true), '')::int);
  RETURN NEW;
END`
    const [use, ...rest] = textClaimUses(body)
    expect(rest).toEqual([])
    expect(use).toMatchObject({
      claim: 'tenant_id',
      source: 'setting',
      access: 'read',
      cast: 'integer',
    })
    expect(body.slice(use?.location)).toMatch(/^current_setting\('app\.tenant_id'/)
    expect(use).not.toHaveProperty('raisesWhenUnset')
  })

  it('finds writes, JWT paths, legacy claim settings and reads without missing_ok', () => {
    const body = `
  PERFORM set_config('app.org_id', (current_setting('request.jwt.claims', true)::jsonb -> 'app_metadata' ->> 'org_id'), true);
  v := auth.jwt() #>> '{app_metadata,region}';
  w := current_setting('request.jwt.claim.sub');`
    expect(textClaimUses(body).map(({ location: _l, ...u }) => u)).toEqual([
      { claim: 'org_id', source: 'setting', access: 'set' },
      { claim: 'org_id', source: 'jwt', access: 'read', path: ['app_metadata', 'org_id'] },
      { claim: 'region', source: 'jwt', access: 'read', path: ['app_metadata', 'region'] },
      { claim: 'sub', source: 'jwt-setting', access: 'read', raisesWhenUnset: true },
    ])
  })

  it('reads the generated pre-request line: a set, then the JWT read checked as integer', () => {
    const line = `PERFORM set_config('app.tenant_id', coalesce((nullif(current_setting('request.jwt.claims', true), '')::jsonb #>> '{tenant_id}')::integer::text, ''), true);`
    expect(textClaimUses(line).map(({ location: _l, ...u }) => u)).toEqual([
      { claim: 'tenant_id', source: 'setting', access: 'set' },
      { claim: 'tenant_id', source: 'jwt', access: 'read', path: ['tenant_id'], cast: 'integer' },
    ])
  })

  it('finds nothing in a body that reads no claims', () => {
    expect(textClaimUses(`BEGIN PERFORM current_setting('search_path'); END`)).toEqual([])
  })
})

import { beforeAll, describe, expect, it } from 'vitest'
import type { Flavor } from '../../../core/cluster/cluster.js'
import { withSession } from '../../../core/db/session.js'
import type { ExecutionError } from '../../../core/errors.js'
import { sql } from '../../../core/sql/sql.js'
import { UserStore } from '../../../core/users/users.js'
import { claimsPage } from '../../../plugins/claims/pages/claims.js'
import { mappingsPage } from '../../../plugins/claims/pages/mappings.js'
import { policyEditorPage } from '../../../plugins/policies/pages/policy-editor.js'
import { useTestDatabase } from '../../harness/database.js'
import { pluginFixture, type PluginFixture } from '../../harness/plugin-fixture.js'

/**
 * Declarations, usage, mappings and the pre-request function against a real server: the demo
 * on a test database, acted on as the demo's roles.
 */
export function claimsSuite(flavor?: Flavor): void {
  const db = useTestDatabase(flavor ? { flavor } : {})
  let f: PluginFixture

  interface Place {
    kind: string
    schema: string
    object: string
    detail: string | null
    part: string
    method: string
    uses: { claim: string; cast?: string; access: string; excerpt: string }[]
  }
  interface Declared {
    name: string
    type: string
    description: string
    required: boolean
    places: Place[]
    roles: string[]
    castMismatches: string[]
  }
  interface State {
    ok: boolean
    stored: boolean
    declared: Declared[]
    undeclared: { name: string; suggestedType: string; places: Place[] }[]
    fields?: Record<string, string>
  }

  beforeAll(async () => {
    f = await pluginFixture(db())
    // Uses beyond the demo's tenant policy and trigger function: a view, an SQL function, a
    // default, a CHECK, and a PL/pgSQL function reading a JWT claim nobody declared.
    await db().admin.query(`
      SET ROLE platform_ddl;
      CREATE VIEW app.my_invoices AS SELECT id, amount FROM app.invoice_raw
        WHERE tenant_id = nullif(current_setting('app.tenant_id', true), '')::int;
      CREATE FUNCTION app.current_tenant() RETURNS int LANGUAGE sql STABLE
        AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::int $$;
      CREATE FUNCTION app.jwt_region() RETURNS text LANGUAGE plpgsql STABLE AS $$
      BEGIN
        RETURN current_setting('request.jwt.claims', true)::jsonb ->> 'region';
      END $$;
      CREATE TABLE app.notes (id int PRIMARY KEY,
        tenant_id int NOT NULL DEFAULT nullif(current_setting('app.tenant_id', true), '')::int,
        author uuid DEFAULT nullif(current_setting('app.user_id', true), '')::uuid,
        CONSTRAINT notes_own_tenant CHECK (tenant_id = coalesce(nullif(current_setting('app.tenant_id', true), '')::int, tenant_id)));
      RESET ROLE;
    `)
    await new UserStore(f.ctx.pool, 'planetary').add({
      name: 'kim',
      password: 'kim-planetary-1',
      role: 'karen',
      claims: { tenant_id: 2 },
      personas: ['data'],
    })
  }, 120_000)

  const claims = async (body?: Record<string, unknown>): Promise<State> =>
    (await (body
      ? f.call(claimsPage, 'POST', body)
      : f.call(claimsPage, 'GET'))) as unknown as State

  const changeLogSize = async () =>
    Number((await db().admin.query(`SELECT count(*) AS n FROM planetary.change_log`)).rows[0].n)

  const label = (p: Place) =>
    `${p.kind} ${p.schema}.${p.object}${p.detail ? ` ${p.detail}` : ''} ${p.part} (${p.method})`

  describe('claim declarations and where claims are used', () => {
    it('finds claims used but not declared before anything is stored', async () => {
      const state = await claims()
      expect(state.ok).toBe(true)
      expect(state.stored).toBe(false)
      expect(state.declared).toEqual([])
      const names = state.undeclared.map((u) => u.name)
      expect(names).toEqual(expect.arrayContaining(['tenant_id', 'user_id', 'region']))
      const tenant = state.undeclared.find((u) => u.name === 'tenant_id')
      expect(tenant?.suggestedType).toBe('integer')
    })

    it('declares a claim: tables made through the executor with a change log entry', async () => {
      const before = await changeLogSize()
      const state = await claims({
        action: 'save',
        declaration: {
          name: 'tenant_id',
          type: 'integer',
          description: 'The tenant',
          required: true,
        },
      })
      expect(state.ok).toBe(true)
      expect(state.stored).toBe(true)
      expect(await changeLogSize()).toBe(before + 1)
      const { rows } = await db().admin.query(
        `SELECT c.relname, pg_get_userbyid(c.relowner) AS owner FROM pg_class c
         WHERE c.relnamespace = 'planetary'::regnamespace AND c.relkind = 'r'
           AND c.relname IN ('session_claims', 'session_claim_mappings') ORDER BY 1`,
      )
      expect(rows).toEqual([
        { relname: 'session_claim_mappings', owner: f.login },
        { relname: 'session_claims', owner: f.login },
      ])
      expect(state.declared.map((d) => [d.name, d.type, d.required])).toEqual([
        ['tenant_id', 'integer', true],
      ])
      expect(state.undeclared.map((u) => u.name)).not.toContain('tenant_id')
    })

    it('shows where the claim is used: policy, view, functions, default and CHECK', async () => {
      const tenant = (await claims()).declared.find((d) => d.name === 'tenant_id')
      const places = (tenant?.places ?? []).map(label)
      expect(places).toEqual(
        expect.arrayContaining([
          'policy app.invoice_raw tenant_isolation using (parser)',
          'policy app.invoice_raw tenant_isolation with check (parser)',
          'view app.my_invoices sql (parser)',
          'function app.current_tenant() sql (parser)',
          'function app.invoice_v_insert() plpgsql (text)',
          'default app.notes tenant_id sql (parser)',
          'check app.notes notes_own_tenant sql (parser)',
        ]),
      )
      const policy = tenant?.places.find((p) => p.kind === 'policy')
      expect(policy?.uses[0]).toMatchObject({ claim: 'tenant_id', access: 'read', cast: 'integer' })
      expect(policy?.uses[0]?.excerpt).toContain(`current_setting('app.tenant_id'::text, true)`)
      expect(tenant?.castMismatches).toEqual([])
      // Nothing from the console's own schema.
      expect(tenant?.places.some((p) => p.schema === 'planetary')).toBe(false)
    })

    it('still lists the undeclared ones: a default’s user_id and a PL/pgSQL JWT read', async () => {
      const state = await claims()
      const userId = state.undeclared.find((u) => u.name === 'user_id')
      expect(userId?.places.map(label)).toEqual(['default app.notes author sql (parser)'])
      expect(userId?.suggestedType).toBe('uuid')
      const region = state.undeclared.find((u) => u.name === 'region')
      expect(region?.places.map(label)).toEqual(['function app.jwt_region() plpgsql (text)'])
    })

    it('refuses bad declarations beside their fields', async () => {
      const bad = await claims({ action: 'save', declaration: { name: 'Tenant-ID', type: 'int4' } })
      expect(bad.ok).toBe(false)
      expect(Object.keys(bad.fields ?? {}).sort()).toEqual(['name', 'type'])
      const twice = await claims({
        action: 'save',
        declaration: { name: 'tenant_id', type: 'text' },
      })
      expect(twice.fields).toEqual({ name: 'claim tenant_id is already declared: edit it instead' })
    })

    it('edits, renames and deletes declarations', async () => {
      await claims({ action: 'save', declaration: { name: 'scratch', type: 'text' } })
      const renamed = await claims({
        action: 'save',
        declaration: { original: 'scratch', name: 'user_id', type: 'uuid', description: 'Owner' },
      })
      expect(renamed.ok).toBe(true)
      expect(renamed.declared.find((d) => d.name === 'user_id')).toMatchObject({
        type: 'uuid',
        description: 'Owner',
      })
      expect(renamed.declared.some((d) => d.name === 'scratch')).toBe(false)
      expect(renamed.undeclared.map((u) => u.name)).not.toContain('user_id')
      const clash = await claims({
        action: 'save',
        declaration: { original: 'user_id', name: 'tenant_id', type: 'uuid' },
      })
      expect(clash.fields).toEqual({ name: 'claim tenant_id is already declared' })
      const deleted = await claims({ action: 'delete', name: 'user_id' })
      expect(deleted.declared.map((d) => d.name)).toEqual(['tenant_id'])
      expect(deleted.undeclared.map((u) => u.name)).toContain('user_id')
      const again = await claims({ action: 'delete', name: 'user_id' })
      expect(again.fields).toEqual({ name: 'no declared claim user_id' })
    })

    it('offers declared claims to the policy editor’s claim helper, cast by type', async () => {
      const editor = await f.call(policyEditorPage, 'GET')
      expect(editor.declaredClaims).toEqual([
        { name: 'tenant_id', type: 'integer', cast: 'int', description: 'The tenant' },
      ])
    })
  })

  interface Mappings {
    ok: boolean
    fields?: Record<string, string>
    roles: string[]
    schemas: string[]
    mappings: { role: string; claim: string; jwtPath: string }[]
    users: Record<string, unknown>[]
    docs: {
      role: string
      claims: { claim: string; setConfig: string; typeCheck: string; policyRead: string }[]
      users: { name: string; values: { claim: string; value: unknown; fits: boolean }[] }[]
    }[]
    sql?: string
    warnings?: string[]
    preview?: { ok: boolean }
    applied?: { outcome: string }
  }

  const mappings = async (body?: Record<string, unknown>): Promise<Mappings> =>
    (await (body
      ? f.call(mappingsPage, 'POST', body)
      : f.call(mappingsPage, 'GET'))) as unknown as Mappings

  const asKaren = (claimsJson: Record<string, unknown>, ...queries: string[]) =>
    withSession(f.ctx.pool, { name: 'test', role: 'karen', claims: claimsJson }, async (s) => {
      const out: Record<string, unknown>[][] = []
      for (const q of queries) out.push(await s.query(sql.raw(q)))
      return out
    })

  describe('JWT mappings per role and the pre-request function', () => {
    it('maps a nested JWT claim for karen, refusing unknown roles and undeclared claims', async () => {
      const saved = await mappings({
        action: 'save',
        mapping: {
          role: 'karen',
          claim: 'tenant_id',
          jwtPath: 'app_metadata.tenant_id',
          note: 'Auth0',
        },
      })
      expect(saved.ok).toBe(true)
      expect(saved.mappings).toMatchObject([
        { role: 'karen', claim: 'tenant_id', jwtPath: 'app_metadata.tenant_id' },
      ])
      const noRole = await mappings({
        action: 'save',
        mapping: { role: 'nobody_here', claim: 'tenant_id', jwtPath: 'tenant_id' },
      })
      expect(noRole.fields).toEqual({ role: 'role nobody_here does not exist' })
      const noClaim = await mappings({
        action: 'save',
        mapping: { role: 'karen', claim: 'org_id', jwtPath: 'org' },
      })
      expect(noClaim.fields).toEqual({ claim: 'claim org_id is not declared: declare it first' })
      const badPath = await mappings({
        action: 'save',
        mapping: { role: 'karen', claim: 'tenant_id', jwtPath: "a,b'}" },
      })
      expect(Object.keys(badPath.fields ?? {})).toEqual(['jwtPath'])
      const mapped = await claims({ action: 'delete', name: 'tenant_id' })
      expect(mapped.fields).toEqual({
        name: 'claim tenant_id is mapped for karen: remove those mappings first',
      })
    })

    it('documents the set_config calls per role and shows console users’ values, no hashes', async () => {
      const state = await mappings()
      expect(state.roles).toEqual(expect.arrayContaining(['karen', 'bob_devops']))
      expect(state.schemas).toContain('app')
      expect(state.schemas).not.toContain('planetary')
      const karen = state.docs.find((d) => d.role === 'karen')
      expect(karen?.claims[0]?.setConfig).toBe(
        `set_config('app.tenant_id', coalesce((nullif(current_setting('request.jwt.claims', true), '')::jsonb #>> '{app_metadata,tenant_id}')::integer::text, ''), true)`,
      )
      expect(karen?.users).toEqual([
        { name: 'kim', values: [{ claim: 'tenant_id', value: 2, fits: true }] },
      ])
      expect(JSON.stringify(state)).not.toMatch(/password|argon2/)
    })

    it('previews the pre-request function without creating it, then applies it', async () => {
      const target = { schema: 'app', name: 'pre_request' }
      const shown = await mappings({ action: 'pre-request', mode: 'render', target })
      expect(shown.sql).toContain('CREATE OR REPLACE FUNCTION "app"."pre_request"()')
      expect(shown.warnings?.[0]).toBe(
        'Point PostgREST at it: db-pre-request = "app.pre_request" (PGRST_DB_PRE_REQUEST).',
      )
      const exists = async () =>
        (await db().admin.query(`SELECT to_regprocedure('app.pre_request()') IS NOT NULL AS e`))
          .rows[0].e as boolean
      const dry = await mappings({ action: 'pre-request', mode: 'preview', target })
      expect(dry.preview?.ok).toBe(true)
      expect(await exists()).toBe(false)
      const badSchema = await mappings({
        action: 'pre-request',
        mode: 'render',
        target: { schema: 'nowhere', name: 'pre_request' },
      })
      expect(badSchema.fields).toEqual({ schema: 'no schema nowhere' })
      const before = await changeLogSize()
      const applied = await mappings({ action: 'pre-request', mode: 'apply', target })
      expect(applied.applied?.outcome).toBe('committed')
      expect(await exists()).toBe(true)
      expect(await changeLogSize()).toBe(before + 1)
      const again = await mappings({ action: 'pre-request', mode: 'render', target })
      expect(again.warnings).toContain('app.pre_request() exists already: apply replaces its body.')
    })

    it('acting as karen, the function sets app.tenant_id from the JWT and the tenant policy follows', async () => {
      const jwt = { app_metadata: { tenant_id: 2 } }
      const [unset, , setting, rows] = await asKaren(
        jwt,
        // A pooled connection that saw the setting before reads '' rather than NULL: both are unset.
        `SELECT nullif(current_setting('app.tenant_id', true), '') AS v, count(*)::int AS n FROM app.invoice_v`,
        `SELECT app.pre_request()`,
        `SELECT current_setting('app.tenant_id') AS v`,
        `SELECT count(*)::int AS n, min(tenant_id) AS lo, max(tenant_id) AS hi FROM app.invoice_v`,
      )
      // The session itself only set app.app_metadata: the tenant comes from the mapping.
      expect(unset).toEqual([{ v: null, n: 0 }])
      expect(setting).toEqual([{ v: '2' }])
      expect(rows).toEqual([{ n: 120, lo: 2, hi: 2 }])
      const [, tenantOne] = await asKaren(
        { app_metadata: { tenant_id: 1 } },
        `SELECT app.pre_request()`,
        `SELECT count(*)::int AS n FROM app.invoice_v WHERE tenant_id <> 1`,
      )
      expect(tenantOne).toEqual([{ n: 0 }])
    })

    it('refuses a claim of the wrong type and a missing required claim', async () => {
      const wrong = await asKaren(
        { app_metadata: { tenant_id: 'two' } },
        `SELECT app.pre_request()`,
      )
        .then(() => undefined)
        .catch((e: ExecutionError) => e)
      expect(wrong?.sqlstate).toBe('22P02')
      const missing = await asKaren({}, `SELECT app.pre_request()`)
        .then(() => undefined)
        .catch((e: ExecutionError) => e)
      expect(missing?.sqlstate).toBe('42501')
      expect(missing?.message).toMatch(
        /JWT claim app_metadata\.tenant_id is required for role karen/,
      )
    })

    it('leaves roles without mappings alone, and removes a mapping', async () => {
      const [, bob] = await withSession(
        f.ctx.pool,
        { name: 'test', role: 'bob_devops', claims: { app_metadata: { tenant_id: 2 } } },
        async (s) => [
          await s.query(sql`SELECT app.pre_request()`),
          await s.query(sql`SELECT nullif(current_setting('app.tenant_id', true), '') AS v`),
        ],
      )
      expect(bob).toEqual([{ v: null }])
      const removed = await mappings({ action: 'delete', role: 'karen', claim: 'tenant_id' })
      expect(removed.mappings).toEqual([])
      const none = await mappings({
        action: 'pre-request',
        mode: 'render',
        target: { schema: 'app', name: 'pre_request' },
      })
      expect(none.fields).toEqual({ mappings: 'map at least one claim to a role first' })
    })

    it('maps a namespaced claim (Auth0 style) written in double quotes', async () => {
      const jwtPath = '"https://acme.test/claims".tenant_id'
      const saved = await mappings({
        action: 'save',
        mapping: { role: 'bob_devops', claim: 'tenant_id', jwtPath },
      })
      expect(saved.mappings).toEqual([expect.objectContaining({ role: 'bob_devops', jwtPath })])
      const target = { schema: 'app', name: 'pre_request' }
      const shown = await mappings({ action: 'pre-request', mode: 'render', target })
      expect(shown.sql).toContain(`#>> '{"https://acme.test/claims",tenant_id}'`)
      expect((await mappings({ action: 'pre-request', mode: 'apply', target })).ok).toBe(true)
      // PostgREST puts the whole JWT in request.jwt.claims, namespaced keys and all.
      const jwt = JSON.stringify({ 'https://acme.test/claims': { tenant_id: 2 } })
      const [, , setting] = await withSession(
        f.ctx.pool,
        { name: 'test', role: 'bob_devops', claims: {} },
        async (s) => [
          await s.query(sql`SELECT set_config('request.jwt.claims', ${sql.val(jwt)}, true)`),
          await s.query(sql`SELECT app.pre_request()`),
          await s.query(sql`SELECT current_setting('app.tenant_id') AS v`),
        ],
      )
      expect(setting).toEqual([{ v: '2' }])
      const unclosed = await mappings({
        action: 'save',
        mapping: { role: 'bob_devops', claim: 'tenant_id', jwtPath: '"https://acme.test' },
      })
      expect(unclosed.fields).toEqual({ jwtPath: 'a quoted key is not closed' })
    })
  })
}

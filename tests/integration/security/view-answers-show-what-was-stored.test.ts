import { ValidationError, type ActionContext, type CurrentAdmin } from 'adminjs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../../core/db/session.js'
import { ConsoleError, InvalidInputError, NotFoundError } from '../../../core/errors.js'
import { loadViewResources, type ViewResource } from '../../../resources/view-adapter/index.js'
import { useTestDatabase } from '../../harness/database.js'

/*
 * The view adapter's answers show what the database stored: after create and edit, the row as
 * read back through Karen's own session (her RLS, her view), only view columns; keys that are not
 * view columns are refused by field; unknown ids are a typed 4xx error, never a 500; list values
 * are cut in SQL so one huge value cannot make a list slow, while show gives the whole value.
 */

const db = useTestDatabase()
const karen: CurrentAdmin = { email: 'karen@example.com', role: 'karen' }
const ctx = { currentAdmin: karen } as unknown as ActionContext
const actorOf = (): Actor => ({ name: 'karen', role: 'karen', claims: { tenant_id: 1 } })

let notes: ViewResource

beforeAll(async () => {
  const { admin } = db()
  await admin.query(`
    CREATE ROLE karen NOLOGIN;
    CREATE ROLE app_owner NOLOGIN;
    CREATE SCHEMA app AUTHORIZATION app_owner;
    GRANT USAGE ON SCHEMA app TO karen;
    SET ROLE app_owner;
    CREATE TABLE app.note_raw (
      id serial PRIMARY KEY,
      tenant_id int NOT NULL,
      body text NOT NULL,
      meta jsonb
    );
    INSERT INTO app.note_raw (tenant_id, body, meta)
      VALUES (1, repeat('x', 1048576), jsonb_build_object('big', repeat('y', 100000))),
             (1, 'short', '{"a": 1}');
    CREATE VIEW app.note_v AS SELECT id, tenant_id, body, meta FROM app.note_raw;
    -- The triggers store the tenant from the claims and a trimmed body, whatever the form said,
    -- and return NEW as it came: RETURNING would echo what was posted, not what was stored.
    CREATE FUNCTION app.note_v_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
    BEGIN
      INSERT INTO app.note_raw (tenant_id, body, meta)
        VALUES (current_setting('app.tenant_id')::int, btrim(NEW.body), NEW.meta)
        RETURNING id INTO NEW.id;
      RETURN NEW;
    END $$;
    CREATE FUNCTION app.note_v_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
    BEGIN
      UPDATE app.note_raw SET body = btrim(NEW.body), meta = NEW.meta WHERE id = OLD.id;
      RETURN NEW;
    END $$;
    CREATE TRIGGER note_v_insert INSTEAD OF INSERT ON app.note_v
      FOR EACH ROW EXECUTE FUNCTION app.note_v_insert();
    CREATE TRIGGER note_v_update INSTEAD OF UPDATE ON app.note_v
      FOR EACH ROW EXECUTE FUNCTION app.note_v_update();
    RESET ROLE;
    GRANT SELECT, INSERT, UPDATE, DELETE ON app.note_v TO karen;
  `)
  const login = await db().createLogin('authenticator', 'NOINHERIT')
  await admin.query(`GRANT karen TO ${login.role}`)
  const resources = await loadViewResources({
    pool: db().pool(login.url, 4),
    servedRoles: ['karen'],
    resolveActor: async () => actorOf(),
    resourceOptions: { 'app.note_v': { key: ['id'] } },
  })
  const found = resources.find((r) => r.options.id === 'app.note_v')
  if (!found) throw new Error('no resource app.note_v')
  notes = found.resource as ViewResource
})

function fieldErrors(err: unknown): Record<string, unknown> {
  expect(err).toBeInstanceOf(ValidationError)
  return (err as ValidationError).propertyErrors
}

describe('edit and create answers', () => {
  it('edit answers with the stored row, not the posted body; a tenant_id the trigger ignores is refused by field', async () => {
    const id = String((await notes.findOne('2', ctx))?.params[notes.idProperty])
    const refused = await notes
      .update(id, { tenant_id: '99', body: 'ignored' }, ctx)
      .catch((e: unknown) => e)
    expect(Object.keys(fieldErrors(refused))).toContain('tenant_id')
    expect((await notes.findOne(id, ctx))?.params.body).toBe('short')
    const answer = await notes.update(id, { body: '  edited  ' }, ctx)
    expect(answer.body).toBe('edited')
    expect(answer.tenant_id).toBe(1)
  })

  it('create answers with the stored row; a tenant_id the trigger sets is refused by field', async () => {
    const refused = await notes
      .create({ tenant_id: '99', body: 'ignored' }, ctx)
      .catch((e: unknown) => e)
    expect(Object.keys(fieldErrors(refused))).toContain('tenant_id')
    const answer = await notes.create({ body: '  new  ' }, ctx)
    expect(answer.body).toBe('new')
    expect(answer.tenant_id).toBe(1)
    expect(typeof answer.id).toBe('number')
  })

  it('create refuses, by field, a key that is not a column of the view', async () => {
    const err = await notes.create({ body: 'x', is_admin: 'true' }, ctx).catch((e: unknown) => e)
    expect(Object.keys(fieldErrors(err))).toContain('is_admin')
  })

  it('edit refuses, by field, a key that is not a column of the view', async () => {
    const err = await notes
      .update('2', { body: 'x', 'owner.name': 'mallory' }, ctx)
      .catch((e: unknown) => e)
    expect(Object.keys(fieldErrors(err))).toContain('owner.name')
  })
})

describe('unknown ids', () => {
  it('show of an unknown id is a typed not-found error', async () => {
    const err = await notes.findOne('424242', ctx).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(NotFoundError)
    expect(err).toBeInstanceOf(ConsoleError)
    expect((err as Error).message).not.toMatch(/\bSELECT\b|\bWHERE\b/)
  })

  it('a bulk action with no ids is refused as input', async () => {
    await expect(notes.findMany([], ctx)).rejects.toBeInstanceOf(InvalidInputError)
  })

  it('a bulk action with only unknown ids is a typed not-found error', async () => {
    await expect(notes.findMany(['424242', '424243'], ctx)).rejects.toBeInstanceOf(NotFoundError)
  })
})

describe('list values', () => {
  it('are cut in the list query, while show gives the whole value', async () => {
    const page = await notes.find(
      { filters: {} } as never,
      { limit: 10, sort: { sortBy: 'id', direction: 'asc' } },
      ctx,
    )
    const big = page.find((r) => r.params.id === 1)
    const body = String(big?.params.body)
    expect(body.length).toBeLessThan(1_000)
    expect(body.startsWith('xxxx')).toBe(true)
    expect(body).toMatch(/…/)
    expect(String(big?.params.meta).length).toBeLessThan(1_000)
    // Short values are untouched.
    const small = page.find((r) => r.params.id === 2)
    expect(small?.params.meta).toBe('{"a": 1}')

    const shown = await notes.findOne('1', ctx)
    expect(String(shown?.params.body)).toHaveLength(1_048_576)
    expect(JSON.parse(String(shown?.params.meta)).big).toHaveLength(100_000)
  })
})

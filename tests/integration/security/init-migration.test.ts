import { hash } from '@node-rs/argon2'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../../../core/config/load.js'
import { initDatabase } from '../../../core/console-schema/init.js'
import type { Pool } from '../../../core/db/pool.js'
import { UserStore } from '../../../core/users/users.js'
import { useTestDatabase } from '../../harness/database.js'

const db = useTestDatabase()
let login: { role: string; url: string }
let tester: { role: string; url: string }
let pool: Pool

const config = parseConfig({ consoleSchema: 'planetary' })
const init = () =>
  initDatabase({
    adminPool: db().admin,
    config,
    bootstrap: {
      authenticator: login.role,
      ddlRole: 'platform_ddl',
      postgrestAuthenticator: 'postgrest_authenticator',
      tester: tester.role,
    },
  })

beforeAll(async () => {
  login = await db().createLogin('console_login', 'NOINHERIT')
  tester = await db().createLogin('tester_login', 'NOINHERIT')
  // The console schema as `planetary init` left it before: everything the console login's own,
  // the users table without may_test, the change log without kinds.
  const q = (s: string) => `"${s.replaceAll('"', '""')}"`
  await db().admin.query(`
    CREATE SCHEMA planetary;
    CREATE TABLE planetary.change_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, actor text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(), summary text NOT NULL, statements jsonb NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('committed', 'rolled back', 'partial')), error text);
    CREATE TABLE planetary.users (
      name text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9_.@-]{1,63}$'), password_hash text NOT NULL,
      role name NOT NULL, claims jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(claims) = 'object'),
      personas text[] NOT NULL DEFAULT '{data}'
        CHECK (personas <@ ARRAY['data', 'ops', 'dev', 'admin'] AND cardinality(personas) > 0),
      created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
    CREATE TABLE planetary.session (sid varchar PRIMARY KEY, sess json NOT NULL, expire timestamp(6) NOT NULL);
    INSERT INTO planetary.change_log (actor, summary, statements, outcome)
      VALUES ('planetary init', 'an older plan', '[]', 'committed');
    ALTER TABLE planetary.users OWNER TO ${q(login.role)};
    ALTER TABLE planetary.session OWNER TO ${q(login.role)};
    ALTER TABLE planetary.change_log OWNER TO ${q(login.role)};
    ALTER SCHEMA planetary OWNER TO ${q(login.role)};
    REVOKE ALL ON SCHEMA planetary FROM PUBLIC;
  `)
  await db().admin.query(
    `INSERT INTO planetary.users (name, password_hash, role, personas) VALUES ('olga', $1, 'postgres', '{ops}')`,
    [await hash('olga-old-password')],
  )
  pool = db().pool(login.url)
}, 120_000)

describe('planetary init on a console schema made by an older version', () => {
  it('takes the hashes out of the console login’s reach and keeps every user signing in', async () => {
    // Before: the console login reads every hash.
    const before = await pool.query(`SELECT password_hash FROM planetary.users`)
    expect(before.rows).toHaveLength(1)
    const result = await init()
    expect(result.applied, JSON.stringify(result.preview.statements.filter((s) => s.error))).toBe(
      true,
    )
    const err = await pool
      .query(`SELECT password_hash FROM planetary.users`)
      .catch((e: unknown) => e as { code?: string })
    expect((err as { code?: string }).code).toBe('42501')
    const users = new UserStore(pool, 'planetary')
    expect(await users.verify('olga', 'olga-old-password')).toMatchObject({
      name: 'olga',
      mayTest: [],
    })
    expect(await users.verify('olga', 'olga-wrong-password')).toBeUndefined()
    const { rows } = await db().admin.query<{ kind: string; owner: string; schema_owner: string }>(
      `SELECT (SELECT kind FROM planetary.change_log WHERE summary = 'an older plan') AS kind,
         (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'planetary.users'::regclass) AS owner,
         (SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'planetary') AS schema_owner`,
    )
    expect(rows[0]).toEqual({
      kind: 'plan',
      owner: 'planetary_owner',
      schema_owner: 'planetary_owner',
    })
    // The console login is no member of the owner, and still makes its own tables there.
    const member = await db().admin.query<{ m: boolean }>(
      `SELECT pg_has_role($1, 'planetary_owner', 'MEMBER') AS m`,
      [login.role],
    )
    expect(member.rows[0]?.m).toBe(false)
    await pool.query(
      `CREATE TABLE planetary.plugin_table (id int); DROP TABLE planetary.plugin_table`,
    )
    const drop = await pool
      .query(`DROP TABLE planetary.users`)
      .catch((e: unknown) => e as { code?: string })
    expect((drop as { code?: string }).code).toBe('42501')
  })

  it('changes nothing more when run again', async () => {
    const again = await init()
    expect(again.applied).toBe(true)
    const users = new UserStore(pool, 'planetary')
    expect(await users.verify('olga', 'olga-old-password')).toMatchObject({ name: 'olga' })
  })
})

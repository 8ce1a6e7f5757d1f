import { statement, type Statement } from '../executor/statement.js'
import { renderStatic, sql, type SqlFragment } from '../sql/sql.js'

/**
 * What stands in for the stored hash of a user who does not exist: the settings of
 * @node-rs/argon2's defaults with a fixed salt, so "no such user" costs one hash like a wrong password.
 */
export const DUMMY_PASSWORD_SETTINGS = '$argon2id$v=19$m=19456,t=2,p=1$cGxhbmV0YXJ5LWR1bW15IQ$'

/** The columns the console's login may read: everything but the hash. */
export const READABLE_USER_COLUMNS = [
  'name',
  'role',
  'claims',
  'personas',
  'may_test',
  'theme',
  'created_at',
  'updated_at',
] as const

const definer = (
  name: SqlFragment,
  signature: SqlFragment,
  returns: SqlFragment,
  body: SqlFragment,
): SqlFragment =>
  sql`CREATE OR REPLACE FUNCTION ${name}(${signature}) RETURNS ${returns}
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS ${sql.lit(renderStatic(body))}`

/**
 * The console users table, owned by `owner` (a NOLOGIN role the console's login is no member
 * of), and the two SECURITY DEFINER functions through which the login checks a password without
 * ever reading a hash: `password_settings(name)` gives the argon2 settings and salt of the
 * stored hash (a fixed dummy for an unknown name), Node hashes the candidate with them, and
 * `password_matches(name, candidate)` compares inside PostgreSQL. The login holds column
 * privileges only: it writes hashes, it never reads them. Idempotent, and migrates a table
 * the login owned.
 */
export function usersTable(schema: string, owner: string, authenticator: string): Statement[] {
  const table = sql.id(schema, 'users')
  const settings = sql.id(schema, 'password_settings')
  const matches = sql.id(schema, 'password_matches')
  const login = sql.id(authenticator)
  const cols = (names: readonly string[]) => sql.join(names.map((n) => sql.id(n)))
  return [
    statement({
      kind: 'create_table',
      sql: sql`CREATE TABLE IF NOT EXISTS ${table} (
  name text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9_.@-]{1,63}$'),
  password_hash text NOT NULL,
  role name NOT NULL,
  claims jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(claims) = 'object'),
  personas text[] NOT NULL DEFAULT '{data}'
    CHECK (personas <@ ARRAY['data', 'ops', 'dev', 'admin'] AND cardinality(personas) > 0),
  may_test text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
)`,
      summary: `Create the console users table ${schema}.users`,
    }),
    statement({
      kind: 'alter_table',
      sql: sql`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS may_test text[] NOT NULL DEFAULT '{}'`,
      summary: `Record which roles each console user may test as (${schema}.users.may_test)`,
    }),
    statement({
      kind: 'alter_table',
      sql: sql`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS theme text NOT NULL DEFAULT 'light'
  CONSTRAINT users_theme_check CHECK (theme IN ('light', 'dark'))`,
      summary: `Record each console user's light or dark theme (${schema}.users.theme)`,
    }),
    statement({
      kind: 'alter_owner',
      sql: sql`ALTER TABLE ${table} OWNER TO ${sql.id(owner)}`,
      summary: `Give ${schema}.users to ${owner}`,
    }),
    statement({
      kind: 'revoke',
      sql: sql`REVOKE ALL ON TABLE ${table} FROM PUBLIC, ${login}`,
      summary: `Take every right on ${schema}.users from ${authenticator}, then give back only what it needs`,
    }),
    statement({
      kind: 'grant',
      sql: sql`GRANT SELECT (${cols(READABLE_USER_COLUMNS)}),
  INSERT (${cols(['name', 'password_hash', 'role', 'claims', 'personas', 'may_test'])}),
  UPDATE (${cols(['password_hash', 'role', 'claims', 'personas', 'may_test', 'theme', 'updated_at'])}),
  DELETE ON TABLE ${table} TO ${login}`,
      summary: `Let ${authenticator} manage console users without reading their password hashes`,
    }),
    statement({
      kind: 'create_function',
      sql: definer(
        settings,
        sql`user_name text`,
        sql`text`,
        sql`SELECT coalesce(
  (SELECT substring(u.password_hash FROM '^(.*[$])[^$]+$') FROM ${table} u WHERE u.name = user_name),
  ${sql.lit(DUMMY_PASSWORD_SETTINGS)})`,
      ),
      summary: `Create ${schema}.password_settings: the argon2 settings and salt of a user's hash, not the hash`,
    }),
    statement({
      kind: 'create_function',
      sql: definer(
        matches,
        sql`user_name text, candidate text`,
        sql`boolean`,
        sql`SELECT coalesce(
  (SELECT pg_catalog.sha256(pg_catalog.convert_to(u.password_hash, 'UTF8'))
      = pg_catalog.sha256(pg_catalog.convert_to(candidate, 'UTF8'))
   FROM ${table} u WHERE u.name = user_name),
  false)`,
      ),
      summary: `Create ${schema}.password_matches: compares a hash inside PostgreSQL`,
    }),
    ...[
      { fn: settings, signature: sql`text`, name: 'password_settings' },
      { fn: matches, signature: sql`text, text`, name: 'password_matches' },
    ].flatMap(({ fn, signature, name }) => [
      statement({
        kind: 'alter_owner',
        sql: sql`ALTER FUNCTION ${fn}(${signature}) OWNER TO ${sql.id(owner)}`,
        summary: `Give ${schema}.${name} to ${owner}`,
      }),
      statement({
        kind: 'revoke',
        sql: sql`REVOKE ALL ON FUNCTION ${fn}(${signature}) FROM PUBLIC`,
        summary: `Keep everyone else from calling ${schema}.${name}`,
      }),
      statement({
        kind: 'grant',
        sql: sql`GRANT EXECUTE ON FUNCTION ${fn}(${signature}) TO ${login}`,
        summary: `Let ${authenticator} call ${schema}.${name}`,
      }),
    ]),
  ]
}

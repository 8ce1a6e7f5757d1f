import { consoleTableExists } from '../console-schema/plugin-tables.js'
import type { Pool } from '../db/pool.js'
import { statement, type Statement } from '../executor/statement.js'
import { sql } from '../sql/sql.js'
import { DECLARED_TYPES } from './declared-types.js'

export const CLAIMS_TABLE = 'session_claims'
export const MAPPINGS_TABLE = 'session_claim_mappings'

/**
 * CREATE TABLE IF NOT EXISTS for claim declarations and per-role JWT mappings, owned by
 * whoever runs them (the console's login), like the policy templates table.
 *
 * @example createClaimsTables('planetary').map((s) => s.summary)
 */
export function createClaimsTables(consoleSchema: string): Statement[] {
  const claims = sql.id(consoleSchema, CLAIMS_TABLE)
  const types = sql.join(DECLARED_TYPES.map((t) => sql.lit(t)))
  return [
    statement({
      kind: 'create_table',
      sql: sql`CREATE TABLE IF NOT EXISTS ${claims} (
  name text PRIMARY KEY CHECK (name ~ '^[a-z_][a-z0-9_]{0,58}$'),
  type text NOT NULL CHECK (type IN (${types})),
  description text NOT NULL DEFAULT '',
  required boolean NOT NULL DEFAULT false,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
)`,
      summary: `Create the session claims table ${consoleSchema}.${CLAIMS_TABLE}`,
    }),
    statement({
      kind: 'create_table',
      sql: sql`CREATE TABLE IF NOT EXISTS ${sql.id(consoleSchema, MAPPINGS_TABLE)} (
  role text NOT NULL,
  claim text NOT NULL REFERENCES ${claims} (name) ON UPDATE CASCADE ON DELETE RESTRICT,
  -- The grammar (plain keys and "quoted" ones, dot-separated) is checked by the console.
  jwt_path text NOT NULL CHECK (jwt_path <> '' AND length(jwt_path) <= 2000 AND jwt_path !~ '[[:cntrl:]]'),
  note text NOT NULL DEFAULT '',
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (role, claim)
)`,
      summary: `Create the per-role claim mappings table ${consoleSchema}.${MAPPINGS_TABLE}`,
    }),
  ]
}

/** Whether the claims tables exist yet: they are made on the first declaration. */
export function claimsTablesExist(pool: Pool, consoleSchema: string): Promise<boolean> {
  return consoleTableExists(pool, consoleSchema, MAPPINGS_TABLE)
}

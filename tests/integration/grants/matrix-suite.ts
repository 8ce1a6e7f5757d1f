import pg from 'pg'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Flavor } from '../../../core/cluster/cluster.js'
import type { Pool } from '../../../core/db/pool.js'
import {
  fetchPrivilegeMatrix,
  withCatalog,
  type PrivilegeMatrix,
} from '../../../core/introspect/index.js'
import { quoteIdent } from '../../../core/sql/sql.js'
import { indexMatrix } from '../../../plugins/grants/matrix-index.js'
import { useTestDatabase } from '../../harness/database.js'
import { kitchenSinkSql } from '../../harness/kitchen-sink.js'

const SCHEMAS = ['ks', 'Mixed Case', 'données ☃']

/**
 * Roles and grants on top of the kitchen sink that every kind of reason shows up in: a chain of
 * two memberships, a NOINHERIT member, PUBLIC grants (table and column), column grants through
 * membership, pg_read_all_data / pg_write_all_data members (one NOINHERIT), a table owned by a
 * non-superuser who revoked part of its own rights, a role that holds the owner's rights by
 * membership, and the database owner reaching pg_database_owner.
 */
const EXTRAS = `
DO $$
DECLARE r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['gx_top', 'gx_mid', 'gx_leaf', 'gx_noinherit', 'gx_reader', 'gx_writers',
    'gx_writer', 'gx_noinherit_reader', 'gx_owner', 'gx_owner_member', 'gx_dbo', 'gx_grant_user'] LOOP
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = r) THEN
      EXECUTE format('CREATE ROLE %I', r);
    END IF;
  END LOOP;
END $$;
ALTER ROLE gx_noinherit NOINHERIT;
ALTER ROLE gx_noinherit_reader NOINHERIT;
GRANT gx_top TO gx_mid;
GRANT gx_mid TO gx_leaf;
GRANT gx_top TO gx_noinherit;
GRANT pg_read_all_data TO gx_reader;
GRANT pg_write_all_data TO gx_writers;
GRANT gx_writers TO gx_writer;
GRANT pg_read_all_data TO gx_noinherit_reader;
GRANT gx_owner TO gx_owner_member;
CREATE TABLE ks.gx_owned (a int, "B col" text, c text);
ALTER TABLE ks.gx_owned OWNER TO gx_owner;
REVOKE UPDATE, TRUNCATE ON ks.gx_owned FROM gx_owner;
GRANT SELECT ON ks.gx_owned TO PUBLIC;
GRANT SELECT (a), UPDATE ("B col", c) ON ks.gx_owned TO gx_top;
GRANT INSERT ON ks."Order Lines" TO gx_top WITH GRANT OPTION;
GRANT DELETE ON ks."Order Lines" TO gx_grant_user;
GRANT REFERENCES (email) ON ks.customer TO PUBLIC;
GRANT SELECT ON "Mixed Case"."MixedCase Table" TO gx_mid;
GRANT TRUNCATE ON ks.events TO pg_database_owner;
`

/** Per-grant INHERIT (PG 16+) and pg_maintain (PG 17+). */
const EXTRAS_16 = `
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'gx_pergrant') THEN CREATE ROLE gx_pergrant; END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'gx_noinherit_but') THEN CREATE ROLE gx_noinherit_but NOINHERIT; END IF;
END $$;
GRANT gx_top TO gx_pergrant WITH INHERIT FALSE;
GRANT gx_top TO gx_noinherit_but WITH INHERIT TRUE;
`
const EXTRAS_17 = `
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'gx_maintainer') THEN CREATE ROLE gx_maintainer; END IF;
END $$;
GRANT pg_maintain TO gx_maintainer;
`

interface Truth {
  rolname: string
  oid: number
  attnum: number
  p: string
}

/** has_table_privilege / has_column_privilege for every role (and PUBLIC) on every relation in scope. */
async function serverTruth(admin: Pool, privileges: readonly string[]) {
  const roles = `(SELECT rolname::text FROM pg_catalog.pg_roles UNION ALL SELECT 'public') r`
  const rels = `pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace`
  const inScope = `n.nspname = ANY($1) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')`
  const table = await admin.query<Truth>(
    `SELECT r.rolname, c.oid::int8 AS oid, 0 AS attnum, p
     FROM ${roles} CROSS JOIN unnest($2::text[]) p CROSS JOIN ${rels}
     WHERE ${inScope} AND pg_catalog.has_table_privilege(r.rolname, c.oid, p)`,
    [SCHEMAS, privileges],
  )
  const column = await admin.query<Truth>(
    `SELECT r.rolname, c.oid::int8 AS oid, a.attnum, p
     FROM ${roles} CROSS JOIN unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'REFERENCES']) p
     CROSS JOIN ${rels}
     JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE ${inScope} AND pg_catalog.has_column_privilege(r.rolname, c.oid, a.attnum, p)`,
    [SCHEMAS],
  )
  const name = (r: string) => (r === 'public' ? 'PUBLIC' : r)
  return {
    table: new Set(table.rows.map((r) => `${name(r.rolname)}|${r.oid}|${r.p}`)),
    column: new Set(column.rows.map((r) => `${name(r.rolname)}|${r.oid}|${r.attnum}|${r.p}`)),
  }
}

/** The same sets from the matrix: every role × relation × privilege, every column × privilege. */
function matrixSets(matrices: readonly PrivilegeMatrix[]) {
  const table = new Set<string>()
  const column = new Set<string>()
  let checked = 0
  for (const m of matrices) {
    const index = indexMatrix(m)
    for (const role of m.roles) {
      for (const rel of m.relations) {
        for (const p of m.privileges) {
          checked++
          if (index.table(role.name, rel.oid, p).length) table.add(`${role.name}|${rel.oid}|${p}`)
        }
        for (const col of rel.columns) {
          for (const p of m.columnPrivileges) {
            checked++
            const r = index.column(role.name, rel.oid, col.name, p)
            if (r.table.length || r.column.length) {
              column.add(`${role.name}|${rel.oid}|${col.attnum}|${p}`)
            }
          }
        }
      }
    }
  }
  return { table, column, checked }
}

const diff = (a: Set<string>, b: Set<string>) => [...a].filter((x) => !b.has(x)).sort()

/**
 * The privilege matrix against the server's own privilege checks, cell by cell, on the
 * kitchen sink plus extra roles, read as a login role that holds no privilege on the data.
 */
export function matrixSuite(flavor: Flavor): void {
  describe(`privilege matrix on ${flavor}`, () => {
    const db = useTestDatabase({ flavor })
    let pool: Pool
    let major = 0
    let matrices: PrivilegeMatrix[] = []

    beforeAll(async () => {
      major = Math.floor(db().versionNum / 10000)
      const loader = new pg.Client({ connectionString: db().adminUrl })
      await loader.connect()
      try {
        await loader.query(kitchenSinkSql(major))
        await loader.query(EXTRAS)
        if (major >= 16) await loader.query(EXTRAS_16)
        if (major >= 17) await loader.query(EXTRAS_17)
        await loader.query(`ALTER DATABASE ${quoteIdent(db().name)} OWNER TO gx_dbo`)
      } finally {
        await loader.end()
      }
      const login = await db().createLogin('matrix_reader')
      pool = db().pool(login.url, 2)
      matrices = await withCatalog(pool, {}, async (ctx) => {
        const out: PrivilegeMatrix[] = []
        for (const s of SCHEMAS) {
          out.push(await fetchPrivilegeMatrix(ctx, s, { includePredefined: true }))
        }
        return out
      })
    }, 120_000)

    it('agrees with has_table_privilege and has_column_privilege on every cell', async () => {
      const privileges = matrices[0]?.privileges ?? []
      expect(privileges.includes('MAINTAIN')).toBe(major >= 17)
      const truth = await serverTruth(db().admin, privileges)
      const mine = matrixSets(matrices)
      // Every role of the cluster (and PUBLIC) is a row: the comparison covers all of them.
      const roleCount = Number(
        (await db().admin.query(`SELECT count(*) AS n FROM pg_catalog.pg_roles`)).rows[0].n,
      )
      expect(matrices[0]?.roles).toHaveLength(roleCount + 1)
      expect(mine.checked).toBeGreaterThan(5000)
      expect(truth.table.size).toBeGreaterThan(200)
      expect({
        missing: diff(truth.table, mine.table),
        extra: diff(mine.table, truth.table),
      }).toEqual({ missing: [], extra: [] })
      expect({
        missing: diff(truth.column, mine.column),
        extra: diff(mine.column, truth.column),
      }).toEqual({ missing: [], extra: [] })
    })

    it('reads only the picked relations’ cells, the same as the whole read has for them', async () => {
      const whole = matrices[0] as PrivilegeMatrix
      const picked = whole.relations.slice(0, 2).map((r) => r.oid)
      expect(picked).toHaveLength(2)
      const part = await withCatalog(pool, {}, (ctx) =>
        fetchPrivilegeMatrix(ctx, whole.schema, {
          includePredefined: true,
          selectRelations: (rels) => rels.filter((r) => picked.includes(r.oid)),
        }),
      )
      expect(part.relations).toHaveLength(whole.relations.length)
      const key = (c: PrivilegeMatrix['cells'][number]) =>
        `${c.role}|${c.relationOid}|${c.column ?? ''}|${c.privilege}|${JSON.stringify(c.reasons)}`
      expect(new Set(part.cells.map((c) => c.relationOid))).toEqual(new Set(picked))
      expect(part.cells.map(key).sort()).toEqual(
        whole.cells
          .filter((c) => picked.includes(c.relationOid))
          .map(key)
          .sort(),
      )
    })

    it('explains each privilege: chains, PUBLIC, predefined roles, superusers, owners', () => {
      const ks = matrices[0] as PrivilegeMatrix
      const index = indexMatrix(ks)
      const oid = (name: string) => {
        const rel = ks.relations.find((r) => r.name === name)
        if (!rel) throw new Error(`no ${name}`)
        return rel.oid
      }
      expect(index.table('gx_leaf', oid('Order Lines'), 'INSERT')).toEqual([
        {
          kind: 'member',
          grantee: 'gx_top',
          chain: ['gx_leaf', 'gx_mid', 'gx_top'],
          grantor: 'postgres',
          grantable: true,
        },
      ])
      // NOINHERIT: the membership does not carry gx_top's privileges.
      expect(index.table('gx_noinherit', oid('Order Lines'), 'INSERT')).toEqual([])
      expect(index.table('gx_noinherit_reader', oid('customer'), 'SELECT')).toEqual([])
      expect(index.table('gx_reader', oid('customer'), 'SELECT')).toContainEqual(
        expect.objectContaining({ kind: 'predefined', grantee: 'pg_read_all_data' }),
      )
      expect(index.table('gx_writer', oid('events'), 'DELETE')).toEqual([
        expect.objectContaining({
          kind: 'predefined',
          grantee: 'pg_write_all_data',
          chain: ['gx_writer', 'gx_writers', 'pg_write_all_data'],
        }),
      ])
      expect(index.table('gx_leaf', oid('gx_owned'), 'SELECT')).toEqual([
        expect.objectContaining({ kind: 'public', grantee: 'PUBLIC', grantor: 'gx_owner' }),
      ])
      expect(index.column('gx_leaf', oid('gx_owned'), 'B col', 'UPDATE').column).toEqual([
        expect.objectContaining({ kind: 'member', grantee: 'gx_top' }),
      ])
      expect(index.column('gx_leaf', oid('gx_owned'), 'a', 'UPDATE')).toEqual({
        table: [],
        column: [],
      })
      expect(index.table('PUBLIC', oid('gx_owned'), 'SELECT')).toEqual([
        expect.objectContaining({ kind: 'direct', grantee: 'PUBLIC' }),
      ])
      // The owner revoked its own UPDATE: gone for it and for who inherits its rights.
      expect(index.table('gx_owner', oid('gx_owned'), 'UPDATE')).toEqual([])
      expect(index.table('gx_owner_member', oid('gx_owned'), 'DELETE')).toEqual([
        expect.objectContaining({ kind: 'member', chain: ['gx_owner_member', 'gx_owner'] }),
      ])
      expect(index.table('gx_dbo', oid('events'), 'TRUNCATE')).toEqual([
        expect.objectContaining({ kind: 'member', chain: ['gx_dbo', 'pg_database_owner'] }),
      ])
      expect(index.table('postgres', oid('gx_owned'), 'TRUNCATE')).toEqual([
        expect.objectContaining({ kind: 'superuser' }),
      ])
      expect(ks.roles.find((r) => r.name === 'postgres')?.superuser).toBe(true)
      expect(ks.roles[0]?.name).toBe('PUBLIC')
      if (major >= 16) {
        expect(index.table('gx_pergrant', oid('Order Lines'), 'INSERT')).toEqual([])
        expect(index.table('gx_noinherit_but', oid('Order Lines'), 'INSERT')).toHaveLength(1)
      }
      if (major >= 17) {
        expect(index.table('gx_maintainer', oid('customer'), 'MAINTAIN')).toEqual([
          expect.objectContaining({ kind: 'predefined', grantee: 'pg_maintain' }),
        ])
      }
    })

    it('hides predefined roles unless asked, and still counts them as reasons', async () => {
      const m = await withCatalog(pool, {}, (ctx) => fetchPrivilegeMatrix(ctx, 'ks'))
      expect(m.roles.some((r) => r.name.startsWith('pg_'))).toBe(false)
      expect(m.roles.some((r) => r.name === 'gx_reader')).toBe(true)
      const customer = m.relations.find((r) => r.name === 'customer')?.oid ?? 0
      expect(indexMatrix(m).table('gx_reader', customer, 'SELECT')).toHaveLength(1)
    })
  })
}

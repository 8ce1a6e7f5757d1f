import { describe, expect, it } from 'vitest'
import type { ColumnRow } from '../../../core/introspect/columns.js'
import type { ConstraintRow } from '../../../core/introspect/constraints.js'
import { dependenciesOf, readSnapshot } from '../../../core/introspect/snapshot.js'
import { summarizeSnapshot } from '../../../core/introspect/summary.js'
import type { TableRow } from '../../../core/introspect/tables.js'
import { fakeContext, type Recorded } from './fake-context.js'

const TABLE: TableRow = {
  oid: 100,
  nspname: 'ks',
  relname: 'Order Lines',
  relkind: 'r',
  owner: 'postgres',
  relpersistence: 'p',
  relrowsecurity: true,
  relforcerowsecurity: false,
  relreplident: 'd',
  replident_index: null,
  relispartition: false,
  parents: null,
  partition_bound: null,
  partition_key: null,
  reloptions: null,
  reltuples: 10,
  tablespace: null,
  access_method: 'heap',
  description: null,
}

const COLUMN: ColumnRow = {
  attrelid: 100,
  attnum: 1,
  attname: 'Line ID',
  atttypid: 20,
  atttypmod: -1,
  attnotnull: true,
  atthasdef: false,
  attidentity: 'a',
  attgenerated: '',
  attcollation: null,
  default_expr: null,
}

const PK: ConstraintRow = {
  oid: 300,
  conname: 'Order Lines_pkey',
  contype: 'p',
  conrelid: 100,
  conkey: [1],
  confrelid: 0,
  confkey: null,
  confupdtype: ' ',
  confdeltype: ' ',
  confmatchtype: ' ',
  condeferrable: false,
  condeferred: false,
  convalidated: true,
  conindid: 301,
  connoinherit: true,
  conislocal: true,
  exclusion_ops: null,
  check_expr: null,
  description: null,
  definition: null,
}

/** Answers each entity query by a phrase only that query contains. */
function answer(text: string): unknown[] {
  if (text.includes('FROM pg_catalog.pg_attribute a\nJOIN')) return [COLUMN]
  if (text.includes('pg_catalog.format_type(p.typid, p.typmod)')) {
    return [{ typid: 20, typmod: -1, name: 'bigint' }]
  }
  if (text.includes("WHERE c.relkind IN ('r', 'p')\n")) return [TABLE]
  if (text.includes('FROM pg_catalog.pg_constraint co')) return [PK]
  if (text.includes('WITH edge AS')) {
    return [
      {
        via: 'view',
        from_oid: 400,
        from_kind: 'v',
        from_schema: 'ks',
        from_name: 'lines_v',
        to_oid: 100,
        to_kind: 'r',
        to_schema: 'ks',
        to_name: 'Order Lines',
        to_columns: [1],
      },
    ]
  }
  return []
}

describe('readSnapshot', () => {
  it('reads every entity once and attaches columns and key names', async () => {
    const { ctx, queries } = fakeContext({ answer })
    const snap = await readSnapshot([ctx])
    expect(snap.tables).toHaveLength(1)
    expect(snap.tables[0]?.columns.map((c) => [c.name, c.type])).toEqual([['Line ID', 'bigint']])
    expect(snap.constraints[0]?.columns).toEqual(['Line ID'])
    expect(snap.dependencies[0]?.columns).toEqual(['Line ID'])
    expect(dependenciesOf(snap, 100).usedBy.map((d) => d.from.name)).toEqual(['lines_v'])
    expect(dependenciesOf(snap, 400).uses.map((d) => d.to.name)).toEqual(['Order Lines'])
    expect(snap).toMatchObject({ currentUser: 'inspector', isSuperuser: false, schemaScope: null })
    // Columns are read once and reused: no extra attribute-name lookups.
    // Every relation is known from the snapshot: no extra name lookups.
    expect(queries.filter((q) => q.text.includes('attrelid = any('))).toHaveLength(0)
    expect(snap.constraints[0]).toMatchObject({ schema: 'ks', table: 'Order Lines' })
    // One query per entity, plus the subscription access check, column types and comments.
    expect(queries).toHaveLength(31)
  })

  it('shares the queue between connections so both work', async () => {
    const a = fakeContext({ answer })
    const b = fakeContext({ answer, scope: { schemas: ['ks'] } })
    const snap = await readSnapshot([a.ctx, b.ctx])
    expect(a.queries.length).toBeGreaterThan(3)
    expect(b.queries.length).toBeGreaterThan(3)
    expect(a.queries.length + b.queries.length).toBe(31)
    expect(snap.tables[0]?.columns).toHaveLength(1)
  })

  it('stops taking work on every connection after a failure', async () => {
    const seen: Recorded[] = []
    const failing = (text: string) => {
      if (text.includes('FROM pg_catalog.pg_policy pol')) throw new Error('boom')
      return answer(text)
    }
    const a = fakeContext({ answer: failing })
    const b = fakeContext({ answer: failing })
    await expect(readSnapshot([a.ctx, b.ctx])).rejects.toThrow('boom')
    seen.push(...a.queries, ...b.queries)
    expect(seen.length).toBeLessThan(31)
  })

  it('refuses to run without a context', async () => {
    await expect(readSnapshot([])).rejects.toThrow(/at least one/)
  })
})

describe('summarizeSnapshot', () => {
  it('prints one section per entity and one line per object', async () => {
    const { ctx } = fakeContext({ answer })
    const lines = summarizeSnapshot(await readSnapshot([ctx]))
    expect(lines[0]).toBe('PostgreSQL 17 (170004) as inspector')
    expect(lines).toContain('Schemas in scope: all non-system')
    expect(lines).toContain('Tables (1)')
    expect(lines).toContain(
      '  ks."Order Lines"  1 columns  owner=postgres  replica identity default  [RLS enabled]',
    )
    expect(lines).toContain('  ks."Order Lines"."Order Lines_pkey"  primaryKey ("Line ID")')
    expect(lines).toContain('Policies (0)')
    expect(lines).toContain('  ks.lines_v -> ks."Order Lines"  (view)')
  })
})

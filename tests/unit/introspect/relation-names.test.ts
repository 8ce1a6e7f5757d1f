import { describe, expect, it } from 'vitest'
import { deparsed } from '../../../core/introspect/deparse.js'
import { completeRelationNames } from '../../../core/introspect/relation-names.js'
import { compile, sql } from '../../../core/sql/sql.js'
import { fakeContext } from './fake-context.js'

describe('completeRelationNames', () => {
  it('looks up only relations it does not know, and only the attnums asked for', async () => {
    const { ctx, queries } = fakeContext({
      answer: (text) =>
        text.includes('FROM pg_catalog.pg_class c')
          ? [{ oid: 7, nspname: 'other', relname: 'target', relkind: 'p' }]
          : [{ attrelid: 7, attnum: 2, attname: 'code' }],
    })
    const known = new Map([
      [5, { schema: 'ks', name: 'known', kind: 'table' as const, columns: [] }],
    ])
    const names = await completeRelationNames(ctx, [5, 7, 7, 0], known, [2, 0, 2])
    expect(names.get(7)).toMatchObject({
      schema: 'other',
      name: 'target',
      kind: 'partitionedTable',
    })
    expect(names.get(7)?.columns[2]).toBe('code')
    expect(names.get(5)?.name).toBe('known')
    expect(queries).toHaveLength(2)
    expect(queries[0]?.values).toEqual([[7]])
    expect(queries[1]?.values).toEqual([[7], [2]])
  })

  it('asks nothing when every relation is known, and skips columns when none are wanted', async () => {
    const { ctx, queries } = fakeContext({ answer: () => [] })
    const known = new Map([[5, { schema: 'ks', name: 'k', kind: 'table' as const, columns: [] }]])
    expect(await completeRelationNames(ctx, [5], known)).toBe(known)
    await completeRelationNames(ctx, [9], known)
    expect(queries).toHaveLength(1)
  })
})

describe('deparsed', () => {
  it('adds aliased columns only with definitions', () => {
    const columns = { definition: sql`pg_catalog.pg_get_viewdef(c.oid, true)` }
    expect(compile(deparsed(fakeContext().ctx, columns)).text).toBe('')
    expect(compile(deparsed(fakeContext({ scope: { definitions: true } }).ctx, columns)).text).toBe(
      ', pg_catalog.pg_get_viewdef(c.oid, true) AS "definition"',
    )
  })
})

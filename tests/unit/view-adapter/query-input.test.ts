import { Filter } from 'adminjs'
import { describe, expect, it, vi } from 'vitest'
import type { Pool } from '../../../core/db/pool.js'
import { InvalidInputError } from '../../../core/errors.js'
import { ViewAccess } from '../../../resources/view-adapter/access.js'
import {
  checkFilters,
  checkPaging,
  checkSort,
  type ListSettings,
} from '../../../resources/view-adapter/query-input.js'
import { listSettings, formOrder } from '../../../resources/view-adapter/resource-options.js'
import { ViewResource } from '../../../resources/view-adapter/view-resource.js'
import { invoiceModel } from './models.js'

const model = invoiceModel({ search_fields: ['customer', 'email'], ordering: ['-created_at'] })
const settings: ListSettings = listSettings(model, {
  search_fields: ['customer', 'email'],
  ordering: ['-created_at'],
})

const HOSTILE_SORT = [
  'amount; drop table app.invoice_raw',
  '"amount"',
  "amount' --",
  'amount desc',
  'unknown',
  'AMOUNT',
  'amount)',
  '',
  'meta->>1',
  '__key',
]

describe('checkSort', () => {
  it('accepts columns and the configured default', () => {
    expect(checkSort(model, { sortBy: 'amount', direction: 'desc' }, settings)).toMatchObject({
      column: { name: 'amount' },
      direction: 'desc',
    })
    expect(checkSort(model, undefined, settings)).toMatchObject({
      column: { name: 'created_at' },
      direction: 'desc',
    })
  })

  it.each(HOSTILE_SORT)('refuses sortBy %j', (sortBy) => {
    expect(() => checkSort(model, { sortBy, direction: 'asc' }, settings)).toThrow(
      InvalidInputError,
    )
  })

  it('refuses unsortable columns, odd directions and non-strings', () => {
    expect(() => checkSort(model, { sortBy: 'doc' }, settings)).toThrow(/cannot be sorted/)
    for (const direction of ['ASC; --', 'up', 1]) {
      expect(() => checkSort(model, { sortBy: 'amount', direction }, settings)).toThrow(
        InvalidInputError,
      )
    }
    expect(() => checkSort(model, { sortBy: ['amount'] }, settings)).toThrow(InvalidInputError)
  })
})

describe('checkFilters', () => {
  const f = (path: string, value: unknown) => checkFilters(model, [{ path, value }], settings)

  it('maps values by type', () => {
    expect(f('status', 'paid')).toMatchObject([{ kind: 'equals', value: 'paid' }])
    expect(f('amount', { from: '10', to: '20.50' })).toMatchObject([
      { kind: 'range', from: '10', to: '20.50' },
    ])
    expect(f('issued_on', { from: '2024-01-01T00:00:00.000Z' })).toMatchObject([{ kind: 'range' }])
    expect(f('tags', 'all')).toMatchObject([{ kind: 'contains', text: 'all' }])
    expect(f('email', '')).toEqual([])
  })

  it('turns the title property into a search across search_fields', () => {
    const [c] = f('customer', 'c7@')
    expect(c?.kind).toBe('search')
    expect(c?.kind === 'search' && c.columns.map((x) => x.name)).toEqual(['customer', 'email'])
  })

  it.each([
    ['x" OR 1=1 --', 'a'],
    ['unknown', 'a'],
    ['meta.nested', 'a'],
    ['doc', 'de'],
    ['status', 'void'],
    ['status', "paid' OR 'a'='a"],
    ['amount', '1; drop table x'],
    ['amount', { from: '1', evil: '2' }],
    ['id', 'abc'],
    ['issued_on', 'yesterday'],
    ['customer', { from: 'a' }],
    ['email', ['a', 'b']],
    ['email', 'x'.repeat(1001)],
    ['email', 'nul\0byte'],
  ])('refuses filter %j = %j', (path, value) => {
    expect(() => f(path, value)).toThrow(InvalidInputError)
  })

  it('refuses the unknown keys AdminJS passes with property: null', () => {
    const resource = { property: () => null, decorate: () => undefined } as never
    const filter = new Filter({ 'amount"; --': '1' }, resource)
    expect(Object.values(filter.filters)[0]?.property).toBeNull()
    expect(() => checkFilters(model, Object.values(filter.filters), settings)).toThrow(
      /is not a column/,
    )
  })
})

describe('checkPaging', () => {
  it('accepts numbers and numeric strings, refuses the rest', () => {
    expect(checkPaging('10', 20)).toEqual({ limit: 10, offset: 20 })
    for (const [l, o] of [
      [0, 0],
      [501, 0],
      ['ten', 0],
      [10, -1],
      [10, 1.5],
      [Number.NaN, 0],
    ] as const) {
      expect(() => checkPaging(l, o)).toThrow(InvalidInputError)
    }
  })
})

describe('ViewResource refuses hostile input before any SQL', () => {
  function resource() {
    const connect = vi.fn(() => {
      throw new Error('SQL must not be sent')
    })
    const pool = { connect, query: connect } as unknown as Pool
    const resolveActor = vi.fn(async () => ({ name: 'k', role: 'karen', claims: {} }))
    const access = new ViewAccess(
      { pool, servedRoles: ['karen'], resolveActor },
      [model.oid],
      new Map(),
    )
    const r = new ViewResource(model, {
      pool,
      access,
      list: settings,
      exactCountBelow: 10_000,
      countBudgetMs: 250,
      formOrder: formOrder(model, undefined),
    })
    return { r, connect, resolveActor }
  }
  const ctx = { currentAdmin: { email: 'k@x' } } as never

  it('find, count, findOne, findMany, update and delete all refuse', async () => {
    const { r, connect, resolveActor } = resource()
    const filter = (filters: Record<string, unknown>) => new Filter(filters, r)
    const attempts: Promise<unknown>[] = [
      r.find(filter({}), { limit: 10, offset: 0, sort: { sortBy: 'amount; drop table x' } }, ctx),
      r.find(
        filter({}),
        { limit: 10, offset: 0, sort: { sortBy: 'amount', direction: 'sideways' as 'asc' } },
        ctx,
      ),
      r.find(filter({ 'x" or 1=1': 'a' }), { limit: 10, offset: 0 }, ctx),
      r.find(filter({}), { limit: 100000, offset: 0 }, ctx),
      r.count(filter({ amount: 'NaN; --x' }), ctx),
      r.findOne('1 OR 1=1', ctx),
      r.findOne('../etc/passwd', ctx),
      r.findMany(['1', '2,3'], ctx),
      r.update('1;', { amount: '1' }, ctx),
      r.delete("1'", ctx),
    ]
    for (const a of attempts) await expect(a).rejects.toBeInstanceOf(InvalidInputError)
    expect(connect).not.toHaveBeenCalled()
    expect(resolveActor).not.toHaveBeenCalled()
  })
})

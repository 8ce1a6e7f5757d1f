import { Filter, ForbiddenError } from 'adminjs'
import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../../../core/errors.js'
import { CatalogResource } from '../../../resources/catalog-adapter/catalog-resource.js'

const rows = [
  { oid: 3, schema: 'app', name: 'invoice_raw', rls: true, size: 8192 },
  { oid: 1, schema: 'app', name: 'Order Lines', rls: false, size: 100 },
  { oid: 2, schema: 'billing', name: 'ledger', rls: true, size: 20 },
]
let loads = 0
const resource = new CatalogResource({
  id: 'schema-browser.tables',
  name: 'Tables',
  properties: [
    { name: 'schema', availableValues: ['app', 'billing'] },
    { name: 'name', isTitle: true },
    { name: 'rls', type: 'boolean' },
    { name: 'size', type: 'number' },
  ],
  idOf: (r) => String(r.oid),
  load: async () => {
    loads++
    return rows
  },
})
const filter = (filters: Record<string, unknown>) => new Filter(filters, resource)

describe('CatalogResource', () => {
  it('filters by substring, enum value and boolean', async () => {
    expect(await resource.count(filter({ name: 'LINE' }))).toBe(1)
    expect(await resource.count(filter({ schema: 'app' }))).toBe(2)
    const rls = await resource.find(filter({ rls: 'true' }), { limit: 10, offset: 0 })
    expect(rls.map((r) => r.params.name)).toEqual(['invoice_raw', 'ledger'])
  })

  it('sorts and pages', async () => {
    const page = await resource.find(filter({}), {
      limit: 2,
      offset: 1,
      sort: { sortBy: 'size', direction: 'desc' },
    })
    expect(page.map((r) => r.params.size)).toEqual([100, 20])
    const one = await resource.findOne('2')
    expect(one?.params).toMatchObject({ id: '2', name: 'ledger' })
  })

  it('refuses unknown sort and filter keys before loading anything', async () => {
    const before = loads
    await expect(
      resource.find(filter({}), {
        limit: 1,
        offset: 0,
        sort: { sortBy: 'name; drop table x', direction: 'asc' },
      }),
    ).rejects.toThrow(InvalidInputError)
    expect(loads).toBe(before)
    await expect(resource.count(filter({ 'nope"': 'x' }))).rejects.toThrow(/cannot filter by/)
    expect(loads).toBe(before)
  })

  it('is read-only', async () => {
    await expect(resource.create()).rejects.toThrow(ForbiddenError)
    expect(
      (resource.adminOptions().actions as Record<string, { isAccessible: boolean }>).edit
        ?.isAccessible,
    ).toBe(false)
  })
})

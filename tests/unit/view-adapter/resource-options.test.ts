import { describe, expect, it } from 'vitest'
import type { Pool } from '../../../core/db/pool.js'
import { InvalidInputError } from '../../../core/errors.js'
import { ViewAccess } from '../../../resources/view-adapter/access.js'
import type { PrivilegeSet } from '../../../resources/view-adapter/model.js'
import {
  buildResourceOptions,
  formOrder,
  listSettings,
} from '../../../resources/view-adapter/resource-options.js'
import { ViewResource } from '../../../resources/view-adapter/view-resource.js'
import { invoiceModel } from './models.js'

const pool = {} as Pool

function build(privileges: Map<string, Map<number, PrivilegeSet>>) {
  const options = {
    search_fields: ['customer', 'email'],
    list_per_page: 25,
    fieldsets: [{ title: 'Who', fields: ['customer', 'email', 'doc'] }],
  }
  const model = invoiceModel(options)
  const access = new ViewAccess(
    {
      pool,
      servedRoles: ['karen', 'viewer'],
      resolveActor: () => Promise.reject(new Error('unused')),
    },
    [model.oid],
    privileges,
  )
  const list = listSettings(model, options)
  const resource = new ViewResource(model, {
    pool,
    access,
    list,
    exactCountBelow: 10_000,
    countBudgetMs: 250,
    formOrder: formOrder(model, options),
  })
  return { model, resource, o: buildResourceOptions({ resource, access, list, options }) }
}

describe('listSettings', () => {
  it('uses the first search field as title, else a title-like column, and ordering as sort', () => {
    const m = invoiceModel()
    expect(listSettings(m, undefined)).toEqual({
      titleProperty: 'email',
      searchFields: [],
      defaultSort: { sortBy: 'id', direction: 'asc' },
      labels: {
        verboseName: m.name.replace(/_v$/, '').replaceAll('_', ' '),
        verboseNamePlural: expect.any(String),
      },
    })
    expect(listSettings(m, { search_fields: ['customer'], ordering: ['-amount'] })).toMatchObject({
      titleProperty: 'customer',
      defaultSort: { sortBy: 'amount', direction: 'desc' },
    })
    expect(() => listSettings(m, { ordering: ['doc'] })).toThrow(InvalidInputError)
    expect(() => listSettings(m, { search_fields: ['doc'] })).toThrow(InvalidInputError)
  })
})

describe('buildResourceOptions', () => {
  const all: PrivilegeSet = { SELECT: true, INSERT: true, UPDATE: true, DELETE: true }
  const read: PrivilegeSet = { SELECT: true, INSERT: false, UPDATE: false, DELETE: false }
  const { model, o } = build(
    new Map([
      ['karen', new Map([[200, all]])],
      ['viewer', new Map([[200, read]])],
    ]),
  )
  const can = (action: string, currentAdmin: Record<string, unknown> | undefined) => {
    const a = (o.actions as Record<string, { isAccessible: (c: unknown) => boolean }>)[action]
    if (!a) throw new Error(`no action ${action}`)
    return a.isAccessible({ currentAdmin })
  }

  it('gates actions on the role the user maps to, hiding writes when unknown', () => {
    expect(model.oid).toBe(200)
    expect(can('new', { email: 'k', role: 'karen' })).toBe(true)
    expect(can('delete', { email: 'v', role: 'viewer' })).toBe(false)
    expect(can('bulkDelete', { email: 'v', role: 'viewer' })).toBe(false)
    expect(can('edit', { email: 'x', role: 'stranger' })).toBe(false)
    expect(can('list', { email: 'x', role: 'stranger' })).toBe(true)
    expect(can('new', undefined)).toBe(false)
  })

  it('renders fieldsets as headed layouts and keeps bytea out of forms', () => {
    expect(o.editProperties).toEqual(['customer', 'email'])
    expect(o.showProperties).toEqual(['customer', 'email', 'doc'])
    const layout = (o.actions as Record<string, { layout?: unknown }>).edit?.layout
    expect(layout).toEqual([
      [{ mb: 'xl' }, [['@H4', { children: 'Who', mb: 'lg' }], 'customer', 'email']],
    ])
    expect(o.properties?.customer?.description).toMatch(/customer, email/)
    expect(o.properties?.__key).toMatchObject({ isId: true, isVisible: false })
  })
})

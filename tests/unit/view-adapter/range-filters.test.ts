import { Filter } from 'adminjs'
import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../../../core/errors.js'
import { checkFilters, type FilterInput } from '../../../resources/view-adapter/query-input.js'
import { listSettings } from '../../../resources/view-adapter/resource-options.js'
import { invoiceModel } from './models.js'

/*
 * Range filters as Karen's list sends them: `filters.<name>~~from` / `~~to` (AdminJS's
 * convention, written by the filter drawer's "at least" / "at most" fields and by the date
 * picker), normalized by AdminJS's Filter into `{ from, to }` and checked here.
 */

const model = invoiceModel()
const settings = listSettings(model, undefined)

/** The filters of a list URL's query, as AdminJS hands them to the resource. */
function fromQuery(query: Record<string, string>): FilterInput[] {
  // AdminJS types the answer as a Map; at run time it is a plain object of flat keys.
  const normalized = Filter.normalizeKeys(query) as unknown as Record<string, unknown>
  return Object.entries(normalized).map(([path, value]) => ({ path, value }))
}

const refusal = (query: Record<string, string>): string => {
  try {
    checkFilters(model, fromQuery(query), settings)
  } catch (err) {
    if (err instanceof InvalidInputError) return err.message
    throw err
  }
  throw new Error(`accepted ${JSON.stringify(query)}`)
}

describe('range filters from the URL', () => {
  it('reads a number range, either bound alone, trimmed', () => {
    expect(
      checkFilters(
        model,
        fromQuery({ 'amount~~from': '100', 'amount~~to': ' 1000.50 ' }),
        settings,
      ),
    ).toEqual([
      {
        kind: 'range',
        column: expect.objectContaining({ name: 'amount' }),
        from: '100',
        to: '1000.50',
      },
    ])
    expect(checkFilters(model, fromQuery({ 'amount~~to': '5' }), settings)).toEqual([
      {
        kind: 'range',
        column: expect.objectContaining({ name: 'amount' }),
        from: undefined,
        to: '5',
      },
    ])
    expect(checkFilters(model, fromQuery({ 'id~~from': '-3' }), settings)).toMatchObject([
      { kind: 'range', from: '-3' },
    ])
  })

  it('reads date and timestamp ranges in ISO form', () => {
    expect(
      checkFilters(
        model,
        fromQuery({ 'issued_on~~from': '2026-03-01', 'issued_on~~to': '2026-03-31' }),
        settings,
      ),
    ).toMatchObject([{ kind: 'range', from: '2026-03-01', to: '2026-03-31' }])
    expect(
      checkFilters(model, fromQuery({ 'created_at~~from': '2026-03-01T08:00:00.000Z' }), settings),
    ).toMatchObject([{ kind: 'range', from: '2026-03-01T08:00:00.000Z' }])
  })

  it('drops empty bounds, and a range with none', () => {
    expect(
      checkFilters(model, fromQuery({ 'amount~~from': '', 'amount~~to': '' }), settings),
    ).toEqual([])
  })

  it('refuses values that are not of the column’s type, naming the filter and the value', () => {
    expect(refusal({ 'amount~~from': 'lots' })).toBe('filters.amount: "lots" is not a number')
    expect(refusal({ 'id~~to': '1.5' })).toBe('filters.id: "1.5" is not a whole number')
    expect(refusal({ 'amount~~to': '1,000' })).toBe('filters.amount: "1,000" is not a number')
    expect(refusal({ 'issued_on~~from': 'yesterday' })).toBe(
      'filters.issued_on: "yesterday" is not a date',
    )
    expect(refusal({ 'amount~~from': '1; DROP TABLE app.invoice_raw' })).toMatch(
      /^filters\.amount: .* is not a number$/,
    )
  })

  it('refuses ranges on columns that have no order to range over, and unknown bounds', () => {
    expect(refusal({ 'customer~~from': 'a' })).toMatch(/^filters\.customer: takes no range/)
    expect(refusal({ 'status~~from': 'draft' })).toMatch(/^filters\.status: takes no range/)
    expect(refusal({ 'amount~~between': '1' })).toMatch(/^filters\.amount: takes no range/)
    expect(refusal({ 'nope~~from': '1' })).toBe(
      'filters.nope: "nope" is not a column of app.invoice_v',
    )
  })

  it('refuses over-long and NUL-carrying bounds before any type check', () => {
    expect(refusal({ 'amount~~from': '9'.repeat(1001) })).toBe(
      'filters.amount: is longer than 1000 characters',
    )
    expect(refusal({ 'amount~~from': '1\u0000' })).toBe('filters.amount: contains a NUL character')
  })
})

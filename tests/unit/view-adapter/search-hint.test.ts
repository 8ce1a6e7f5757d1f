import { describe, expect, it } from 'vitest'
import { compile } from '../../../core/sql/sql.js'
import { columnOf, type ViewColumn } from '../../../resources/view-adapter/model.js'
import {
  columnFacts,
  columnFactsSql,
  filteredColumns,
  indexAdvice,
  type ColumnFacts,
} from '../../../resources/view-adapter/search-hint.js'
import { invoiceModel } from './models.js'

const inv = invoiceModel()
const col = (n: string) => columnOf(inv, n) as ViewColumn

function facts(column: string, use: 'search' | 'compare', more: Partial<ColumnFacts>): ColumnFacts {
  const origin = col(column).origin
  if (!origin) throw new Error(`${column} has no base column`)
  return { origin, use, rls: false, leaky: [], trigram: false, ...more }
}

describe('index advice for a list filter', () => {
  it('names each base column once per use: ILIKE for searches, comparison for the rest', () => {
    const columns = filteredColumns([
      { kind: 'search', columns: [col('customer'), col('email')], text: 'acme' },
      { kind: 'contains', column: col('customer'), text: 'x' },
      { kind: 'equals', column: col('status'), value: 'paid' },
      { kind: 'range', column: col('amount'), from: '1' },
      { kind: 'range', column: col('amount'), to: '9' },
    ])
    expect(columns.map((c) => `${c.origin.table}.${c.origin.column}:${c.use}`)).toEqual([
      'invoice_raw.customer:search',
      'invoice_raw.email:search',
      'invoice_raw.status:compare',
      'invoice_raw.amount:compare',
    ])
    const q = compile(columnFactsSql(columns))
    expect(q.text).toContain('NOT p.proleakproof')
    expect(q.text).toContain(`oc.opcname IN ('gin_trgm_ops', 'gist_trgm_ops')`)
    expect(q.values).toEqual([
      columns.map((c) => c.origin.tableOid),
      columns.map((c) => c.origin.attnum),
      ['search', 'search', 'compare', 'compare'],
    ])
  })

  it('reads the catalog rows back by table, column and use', () => {
    const columns = filteredColumns([
      { kind: 'contains', column: col('customer'), text: 'x' },
      { kind: 'equals', column: col('customer'), value: 'x' },
    ])
    const [search] = columns
    if (!search) throw new Error('no column')
    const rows = [
      {
        tbl: String(search.origin.tableOid),
        att: search.origin.attnum,
        use: 'compare',
        rls: true,
        leaky: [],
        trigram: true,
      },
      {
        tbl: String(search.origin.tableOid),
        att: search.origin.attnum,
        use: 'search',
        rls: true,
        leaky: ['pg_catalog.texticlike(text, text)'],
        trigram: true,
      },
    ]
    const read = columnFacts(columns, rows)
    expect(read.map((f) => [f.use, f.leaky])).toEqual([
      ['search', ['pg_catalog.texticlike(text, text)']],
      ['compare', []],
    ])
    expect(columnFacts(columns, [])).toEqual([])
  })

  it('advises a trigram index, with quoted names, where no policy holds the search back', () => {
    const origin = col('customer').origin
    if (!origin) throw new Error('no origin')
    expect(
      indexAdvice([
        { ...facts('customer', 'search', {}), origin: { ...origin, table: 'Invoice "raw"' } },
      ]),
    ).toBe(
      'Searching Invoice "raw".customer reads every row. It needs a trigram index: CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE INDEX ON "app"."Invoice ""raw""" USING gin ("customer" gin_trgm_ops);',
    )
    expect(indexAdvice([facts('customer', 'search', { trigram: true })])).toBeNull()
    expect(indexAdvice([])).toBeNull()
  })

  it('says when row-level security keeps every index out, and what a superuser can do', () => {
    const amount = facts('amount', 'compare', {
      rls: true,
      leaky: ['pg_catalog.numeric_eq(numeric, numeric)', 'pg_catalog.numeric_ge(numeric, numeric)'],
    })
    const search = facts('customer', 'search', {
      rls: true,
      leaky: ['pg_catalog.texticlike(text, text)'],
    })
    const advice = indexAdvice([amount, search]) ?? ''
    expect(advice).toContain(
      'Filtering by invoice_raw.amount, invoice_raw.customer reads every row row-level security lets the user see',
    )
    expect(advice).toContain('ALTER FUNCTION pg_catalog.numeric_eq(numeric, numeric) LEAKPROOF;')
    expect(advice).toContain('ALTER FUNCTION pg_catalog.numeric_ge(numeric, numeric) LEAKPROOF;')
    expect(advice).toContain('ALTER FUNCTION pg_catalog.texticlike(text, text) LEAKPROOF;')
    // the trigram index is still needed once the policy no longer holds the search back
    expect(advice).toContain('Searching invoice_raw.customer also needs a trigram index')
    // a page past the first sorted by a held-back column reads what comes before it
    const sorted = indexAdvice([{ ...amount, use: 'sort' }]) ?? ''
    expect(sorted).toMatch(/^Pages sorted by invoice_raw.amount read every row before them: /)
    expect(indexAdvice([search, { ...amount, use: 'sort' }])).toMatch(
      /^Filtering by invoice_raw.customer reads every row row-level security lets the user see, and pages sorted by invoice_raw.amount read every row before them: /,
    )
    expect(filteredColumns([], col('amount')).map((c) => c.use)).toEqual(['sort'])
    // comparisons that are LEAKPROOF, or tables without row-level security, need nothing
    expect(indexAdvice([facts('amount', 'compare', { rls: true })])).toBeNull()
    expect(
      indexAdvice([
        facts('amount', 'compare', { leaky: ['pg_catalog.numeric_eq(numeric, numeric)'] }),
      ]),
    ).toBeNull()
  })
})

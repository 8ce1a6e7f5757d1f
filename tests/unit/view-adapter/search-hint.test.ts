import { describe, expect, it } from 'vitest'
import { compile } from '../../../core/sql/sql.js'
import { columnOf, type ViewColumn } from '../../../resources/view-adapter/model.js'
import {
  searchedOrigins,
  trigramAdvice,
  withoutTrigramSql,
} from '../../../resources/view-adapter/search-hint.js'
import { invoiceModel } from './models.js'

const inv = invoiceModel()
const col = (n: string) => columnOf(inv, n) as ViewColumn

describe('trigram advice for searches', () => {
  it('names the base columns a search or text filter matches, once each', () => {
    const origins = searchedOrigins([
      { kind: 'search', columns: [col('customer'), col('email')], text: 'acme' },
      { kind: 'contains', column: col('customer'), text: 'x' },
      { kind: 'equals', column: col('status'), value: 'paid' },
    ])
    expect(origins.map((o) => `${o.table}.${o.column}`)).toEqual([
      'invoice_raw.customer',
      'invoice_raw.email',
    ])
    const q = compile(withoutTrigramSql(origins))
    expect(q.text).toContain(`oc.opcname IN ('gin_trgm_ops', 'gist_trgm_ops')`)
    expect(q.values).toEqual([origins.map((o) => o.tableOid), origins.map((o) => o.attnum)])
  })

  it('advises the CREATE INDEX statements with quoted names, or nothing', () => {
    const [customer] = searchedOrigins([{ kind: 'contains', column: col('customer'), text: 'x' }])
    if (!customer) throw new Error('no origin')
    expect(trigramAdvice([{ ...customer, table: 'Invoice "raw"' }])).toBe(
      'Searching Invoice "raw".customer reads every row. A trigram index makes it fast: CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE INDEX ON "app"."Invoice ""raw""" USING gin ("customer" gin_trgm_ops);',
    )
    expect(trigramAdvice([])).toBeNull()
  })
})

import { describe, expect, it } from 'vitest'
import { compile } from '../../../core/sql/sql.js'
import { columnOf, type ViewModel } from '../../../resources/view-adapter/model.js'
import {
  afterCursorSql,
  conditionSql,
  keyPredicateSql,
  keysInSql,
  orderBySql,
  readExpr,
  selectList,
} from '../../../resources/view-adapter/query-build.js'
import type { SortSpec } from '../../../resources/view-adapter/query-input.js'
import { invoiceModel, lineModel } from './models.js'

const inv = invoiceModel()
const col = (m: ViewModel, n: string) => {
  const c = columnOf(m, n)
  if (!c) throw new Error(n)
  return c
}
const sort = (m: ViewModel, n: string, direction: 'asc' | 'desc'): SortSpec => ({
  column: col(m, n),
  direction,
})

describe('ordering and keyset', () => {
  it('breaks ties by the key and flips every direction when reversed', () => {
    expect(compile(orderBySql(inv, sort(inv, 'status', 'desc'))).text).toBe(
      ' ORDER BY "status" DESC, "id" DESC',
    )
    expect(compile(orderBySql(inv, sort(inv, 'status', 'desc'), true)).text).toBe(
      ' ORDER BY "status" ASC, "id" ASC',
    )
    const line = lineModel()
    expect(compile(orderBySql(line, sort(line, 'line_no', 'asc'))).text).toBe(
      ' ORDER BY "line_no" ASC, "invoice_id" ASC',
    )
  })

  it('uses a row comparison with typed binds when nothing can be NULL', () => {
    const q = compile(afterCursorSql(inv, sort(inv, 'amount', 'asc'), ['10.25', '1']))
    expect(q.text).toBe('("amount", "id") > ($1::"pg_catalog"."numeric", $2::"pg_catalog"."int8")')
    expect(q.values).toEqual(['10.25', '1'])
    const d = compile(afterCursorSql(inv, sort(inv, 'amount', 'desc'), ['10.25', '1']))
    expect(d.text).toContain(') < (')
  })

  it('places NULLs as ORDER BY does when the sort column is nullable', () => {
    const s = sort(inv, 'email', 'asc')
    expect(compile(afterCursorSql(inv, s, ['a@x', '7'])).text).toBe(
      '((("email" > $1::"pg_catalog"."text" OR "email" IS NULL)) OR ("email" = $2::"pg_catalog"."text" AND "id" > $3::"pg_catalog"."int8"))',
    )
    // after a NULL in ascending order only NULLs with a larger key follow
    expect(compile(afterCursorSql(inv, s, [null, '7'])).text).toBe(
      '(("email" IS NULL AND "id" > $1::"pg_catalog"."int8"))',
    )
    // descending puts NULLs first: after a NULL come all non-NULLs
    expect(compile(afterCursorSql(inv, sort(inv, 'email', 'desc'), [null, '7'])).text).toBe(
      '(("email" IS NOT NULL) OR ("email" IS NULL AND "id" < $1::"pg_catalog"."int8"))',
    )
  })
})

describe('reading and filtering', () => {
  it('reads dates as ISO text, json as text, arrays as text[], bytea as a bounded preview', () => {
    expect(compile(readExpr(col(inv, 'issued_on'))).text).toBe(
      `pg_catalog.to_json("issued_on") #>> '{}'`,
    )
    expect(compile(readExpr(col(inv, 'meta'))).text).toBe('"meta"::text')
    expect(compile(readExpr(col(inv, 'tags'))).text).toBe('"tags"::text[]')
    expect(compile(readExpr(col(inv, 'doc'))).text).toContain(`pg_catalog.encode("doc", 'hex')`)
    expect(compile(readExpr(col(inv, 'amount'))).text).toBe('"amount"')
  })

  it('adds key and sort values as text under aliases no column uses', () => {
    const q = compile(selectList(inv, sort(inv, 'amount', 'asc'))).text
    expect(q).toContain('"id"::text AS "__pv_k0"')
    expect(q).toContain('"amount"::text AS "__pv_s"')
  })

  it('binds filter values and escapes LIKE wildcards', () => {
    const search = compile(
      conditionSql({
        kind: 'search',
        columns: [col(inv, 'customer'), col(inv, 'email')],
        text: '50%_off\\',
      }),
    )
    expect(search.text).toBe('("customer"::text ILIKE $1 OR "email"::text ILIKE $2)')
    expect(search.values).toEqual(['%50\\%\\_off\\\\%', '%50\\%\\_off\\\\%'])
    const eq = compile(conditionSql({ kind: 'equals', column: col(inv, 'status'), value: 'paid' }))
    expect(eq).toEqual({ text: '"status" = $1::"app"."invoice_status"', values: ['paid'] })
  })

  it('matches keys with typed binds', () => {
    const line = lineModel()
    expect(compile(keyPredicateSql(line, ['4', '2']))).toEqual({
      text: '"invoice_id" = $1::"pg_catalog"."int8" AND "line_no" = $2::"pg_catalog"."int4"',
      values: ['4', '2'],
    })
    expect(
      compile(
        keysInSql(line, [
          ['1', '2'],
          ['3', '4'],
        ]),
      ).text,
    ).toBe(
      '("invoice_id", "line_no") IN (($1::"pg_catalog"."int8", $2::"pg_catalog"."int4"), ($3::"pg_catalog"."int8", $4::"pg_catalog"."int4"))',
    )
  })
})

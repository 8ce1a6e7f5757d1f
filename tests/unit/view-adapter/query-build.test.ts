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

// Lists read the view as "pv_row": ORDER BY and predicates name the real column through it,
// never the select list's display text of the same name (dates are read as ISO text).
const R = (name: string) => `"pv_row"."${name}"`

describe('ordering and keyset', () => {
  it('orders by the real columns, breaks ties by the key and flips every direction reversed', () => {
    expect(compile(orderBySql(inv, sort(inv, 'status', 'desc'))).text).toBe(
      ` ORDER BY ${R('status')} DESC, ${R('id')} DESC`,
    )
    expect(compile(orderBySql(inv, sort(inv, 'status', 'desc'), true)).text).toBe(
      ` ORDER BY ${R('status')} ASC, ${R('id')} ASC`,
    )
    const line = lineModel()
    expect(compile(orderBySql(line, sort(line, 'line_no', 'asc'))).text).toBe(
      ` ORDER BY ${R('line_no')} ASC, ${R('invoice_id')} ASC`,
    )
    // a date sorts by its value, not by the ISO text the list shows under the same name
    expect(compile(orderBySql(inv, sort(inv, 'issued_on', 'asc'))).text).toBe(
      ` ORDER BY ${R('issued_on')} ASC, ${R('id')} ASC`,
    )
    expect(compile(selectList(inv)).text).toContain(
      `pg_catalog.to_json("issued_on") #>> '{}' AS "issued_on"`,
    )
  })

  it('uses a row comparison with typed binds when nothing can be NULL', () => {
    const q = compile(afterCursorSql(inv, sort(inv, 'amount', 'asc'), ['10.25', '1']))
    expect(q.text).toBe(
      `(${R('amount')}, ${R('id')}) > ($1::"pg_catalog"."numeric", $2::"pg_catalog"."int8")`,
    )
    expect(q.values).toEqual(['10.25', '1'])
    const d = compile(afterCursorSql(inv, sort(inv, 'amount', 'desc'), ['10.25', '1']))
    expect(d.text).toContain(') < (')
    const at = compile(
      afterCursorSql(inv, sort(inv, 'amount', 'asc'), ['10.25', '1'], { inclusive: true }),
    )
    expect(at.text).toContain(') >= (')
    const before = compile(
      afterCursorSql(inv, sort(inv, 'amount', 'asc'), ['10.25', '1'], { before: true }),
    )
    expect(before.text).toContain(') < (')
    const beforeDesc = compile(
      afterCursorSql(inv, sort(inv, 'amount', 'desc'), ['10.25', '1'], { before: true }),
    )
    expect(beforeDesc.text).toContain(') > (')
  })

  it('places NULLs as ORDER BY does when the sort column is nullable', () => {
    const s = sort(inv, 'email', 'asc')
    expect(compile(afterCursorSql(inv, s, ['a@x', '7'])).text).toBe(
      `(((${R('email')} > $1::"pg_catalog"."text" OR ${R('email')} IS NULL)) OR (${R('email')} = $2::"pg_catalog"."text" AND ${R('id')} > $3::"pg_catalog"."int8"))`,
    )
    // after a NULL in ascending order only NULLs with a larger key follow
    expect(compile(afterCursorSql(inv, s, [null, '7'])).text).toBe(
      `((${R('email')} IS NULL AND ${R('id')} > $1::"pg_catalog"."int8"))`,
    )
    // descending puts NULLs first: after a NULL come all non-NULLs
    expect(compile(afterCursorSql(inv, sort(inv, 'email', 'desc'), [null, '7'])).text).toBe(
      `((${R('email')} IS NOT NULL) OR (${R('email')} IS NULL AND ${R('id')} < $1::"pg_catalog"."int8"))`,
    )
    // before a value in ascending order: smaller values only, never the NULLs (they come last)
    expect(compile(afterCursorSql(inv, s, ['a@x', '7'], { before: true })).text).toBe(
      `((${R('email')} < $1::"pg_catalog"."text") OR (${R('email')} = $2::"pg_catalog"."text" AND ${R('id')} < $3::"pg_catalog"."int8"))`,
    )
    // before a NULL in ascending order: every value, and the NULLs with a smaller key
    expect(compile(afterCursorSql(inv, s, [null, '7'], { before: true })).text).toBe(
      `((${R('email')} IS NOT NULL) OR (${R('email')} IS NULL AND ${R('id')} < $1::"pg_catalog"."int8"))`,
    )
    // at or after: the row itself too
    expect(compile(afterCursorSql(inv, s, [null, '7'], { inclusive: true })).text).toBe(
      `((${R('email')} IS NULL AND ${R('id')} > $1::"pg_catalog"."int8") OR (${R('email')} IS NULL AND ${R('id')} = $2::"pg_catalog"."int8"))`,
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
    // dates travel in cursors as ISO 8601, whatever the session's DateStyle
    expect(compile(selectList(inv, sort(inv, 'created_at', 'asc'))).text).toContain(
      `pg_catalog.to_json("created_at") #>> '{}' AS "__pv_s"`,
    )
  })

  it('binds filter values and escapes LIKE wildcards', () => {
    const search = compile(
      conditionSql({
        kind: 'search',
        columns: [col(inv, 'customer'), col(inv, 'email')],
        text: '50%_off\\',
      }),
    )
    // text columns are matched as they are, so a trigram index on them applies
    expect(search.text).toBe(`(${R('customer')} ILIKE $1 OR ${R('email')} ILIKE $2)`)
    expect(search.values).toEqual(['%50\\%\\_off\\\\%', '%50\\%\\_off\\\\%'])
    const eq = compile(conditionSql({ kind: 'equals', column: col(inv, 'status'), value: 'paid' }))
    expect(eq).toEqual({ text: `${R('status')} = $1::"app"."invoice_status"`, values: ['paid'] })
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

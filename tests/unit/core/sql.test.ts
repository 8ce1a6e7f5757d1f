import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../../../core/errors.js'
import { compile, quoteIdent, quoteLiteral, renderStatic, sql } from '../../../core/sql/sql.js'

describe('sql.id', () => {
  it.each([
    ['invoice_v', '"invoice_v"'],
    ['Order "Lines"', '"Order ""Lines"""'],
    ['select', '"select"'],
    ['back\\slash', '"back\\slash"'],
    ['Ünïcødé 表', '"Ünïcødé 表"'],
    ['"', '""""'],
    ['a;drop table x;--', '"a;drop table x;--"'],
  ])('quotes %j as %s', (name, quoted) => {
    expect(quoteIdent(name)).toBe(quoted)
  })

  it('joins qualified names with dots, each quoted', () => {
    expect(compile(sql`select * from ${sql.id('My Schema', 'x"y')}`).text).toBe(
      'select * from "My Schema"."x""y"',
    )
  })

  it('accepts 63 bytes and refuses 64, counting bytes not characters', () => {
    expect(quoteIdent('a'.repeat(63))).toHaveLength(65)
    expect(() => quoteIdent('a'.repeat(64))).toThrow(/64 bytes long; PostgreSQL allows at most 63/)
    // 32 two-byte characters are 64 bytes.
    expect(() => quoteIdent('é'.repeat(32))).toThrow(InvalidInputError)
    expect(quoteIdent('é'.repeat(31))).toBe(`"${'é'.repeat(31)}"`)
  })

  it('refuses NUL and empty names', () => {
    expect(() => quoteIdent('a\0b')).toThrow(/NUL/)
    expect(() => quoteIdent('')).toThrow(/empty/)
    expect(() => sql.id()).toThrow(InvalidInputError)
  })
})

describe('sql.lit', () => {
  it.each([
    ["O'Brien", "'O''Brien'"],
    ['plain', "'plain'"],
    ['back\\slash', "E'back\\\\slash'"],
    ["\\'; drop table x; --", "E'\\\\''; drop table x; --'"],
    ['日本', "'日本'"],
  ])('escapes %j as %s', (value, literal) => {
    expect(quoteLiteral(value)).toBe(literal)
  })

  it('renders null, booleans and numbers, and refuses NaN and NUL', () => {
    expect(quoteLiteral(null)).toBe('NULL')
    expect(quoteLiteral(true)).toBe('true')
    expect(quoteLiteral(12.5)).toBe('12.5')
    expect(quoteLiteral(10n ** 20n)).toBe('100000000000000000000')
    expect(() => quoteLiteral(Number.NaN)).toThrow(/finite/)
    expect(() => quoteLiteral('a\0')).toThrow(/NUL/)
  })
})

describe('sql tag', () => {
  it('turns values into numbered bind parameters', () => {
    const q = sql`select ${sql.val(1)}, ${sql.val('x')} where a = ${sql.val(null)}`
    expect(compile(q)).toEqual({ text: 'select $1, $2 where a = $3', values: [1, 'x', null] })
  })

  it('numbers parameters across nested fragments and joins', () => {
    const cond = sql.join([sql`a = ${sql.val(1)}`, sql`b = ${sql.val(2)}`], sql` AND `)
    expect(compile(sql`select ${sql.val(0)} where ${cond}`)).toEqual({
      text: 'select $1 where a = $2 AND b = $3',
      values: [0, 1, 2],
    })
  })

  it('sends a bare interpolated value as a bind parameter, never as text', () => {
    const bare = 'x; drop table y'
    expect(compile(sql`select ${bare}, ${42}`)).toEqual({
      text: 'select $1, $2',
      values: [bare, 42],
    })
    expect(compile(sql`in (${sql.join(['a', 'b'])})`)).toEqual({
      text: 'in ($1, $2)',
      values: ['a', 'b'],
    })
    expect(() => compile('select 1' as unknown as ReturnType<typeof sql>)).toThrow(TypeError)
  })

  it('inlines kysely expressions built with the query builder', () => {
    expect(compile(sql`select ${sql.id('t', 'a"b')} from ${sql.id('t')}`).text).toBe(
      'select "t"."a""b" from "t"',
    )
  })

  it('renderStatic refuses fragments with bind parameters', () => {
    expect(renderStatic(sql`drop table ${sql.id('t')}`)).toBe('drop table "t"')
    expect(() => renderStatic(sql`select ${sql.val(1)}`)).toThrow(/bind parameters/)
  })

  it('sql.raw refuses NUL and non-strings', () => {
    expect(() => sql.raw('a\0')).toThrow(/NUL/)
    expect(() => sql.raw(1 as unknown as string)).toThrow(TypeError)
  })
})

import { describe, expect, it } from 'vitest'
import { ParseError, parseExpression, parseStatement } from '../../../core/parse/parse.js'
import { compile } from '../../../core/sql/sql.js'

describe('parseExpression', () => {
  it.each([
    "tenant_id = current_setting('app.tenant_id', true)::int",
    "(auth.jwt() ->> 'tenant_id')::uuid = tenant_id",
    'deleted_at IS NULL',
    'valid_from <= now() AND valid_to >= now()',
    'amount > 0 -- positive amounts only',
    'EXISTS (SELECT 1 FROM app.members m WHERE m.user_id = owner_id)',
  ])('accepts %s', async (text) => {
    const parsed = await parseExpression(text)
    expect(parsed.text).toBe(text)
    expect(compile(parsed.sql).text).toBe(`(${text})`)
    expect(parsed.tree).toBeTruthy()
  })

  it.each([
    ['true) ; drop table x; --', /syntax error at or near "\)"/],
    ['true) ; drop table x; select (1', /exactly one expression, found 3 statements/],
    ['1) from pg_authid where (true', /found a fromClause clause/],
    ['true) union select (false', /exactly one expression/],
    ['1 as x', /syntax error at or near "as"/],
    ['', /an expression is required/],
    ['a\0', /NUL/],
  ])('refuses %j', async (text, message) => {
    await expect(parseExpression(text)).rejects.toThrow(message)
  })

  it('reports the parser message and the position in the user text', async () => {
    const err = (await parseExpression('amount >> ', 'using').catch(
      (e: unknown) => e,
    )) as ParseError
    expect(err).toBeInstanceOf(ParseError)
    expect(err.message).toMatch(/^using: syntax error/)
    expect(err.fields).toHaveProperty('using')
    const err2 = (await parseExpression('a = = b').catch((e: unknown) => e)) as ParseError
    expect(err2.position).toBe(5)
  })

  it('a trailing comment cannot swallow the closing parenthesis', async () => {
    const parsed = await parseExpression('true --')
    expect(compile(parsed.sql).text).toBe('(true --)')
    await expect(parseExpression('true /*')).rejects.toThrow(ParseError)
  })
})

describe('parseStatement', () => {
  it('accepts one statement of an allowed kind and drops a trailing semicolon', async () => {
    const s = await parseStatement('select 1 as one;', { kinds: ['SelectStmt'] })
    expect(s.kind).toBe('SelectStmt')
    expect(s.text).toBe('select 1 as one')
  })

  it('refuses two statements and other kinds', async () => {
    await expect(parseStatement('select 1; drop table x')).rejects.toThrow(/found 2/)
    await expect(parseStatement('drop table x', { kinds: ['SelectStmt'] })).rejects.toThrow(
      /found DropStmt/,
    )
  })
})

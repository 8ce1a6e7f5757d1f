import { describe, expect, it } from 'vitest'
import { functionCalls } from '../../../core/parse/function-calls.js'
import { parseExpression } from '../../../core/parse/parse.js'

const names = async (text: string) =>
  functionCalls((await parseExpression(text)).tree).map((c) => c.name)

describe('functionCalls', () => {
  it('names every call by its unqualified name in lower case', async () => {
    expect(await names(`lower(name) = PG_CATALOG.Upper('x') AND now() > t`)).toEqual([
      'lower',
      'upper',
      'now',
    ])
  })

  it('finds calls inside subqueries, casts and arguments', async () => {
    expect(
      await names(
        `id IN (SELECT pg_catalog.set_config('role', 'x', true)::int) AND coalesce(abs(n), 0) > 0`,
      ),
    ).toEqual(['set_config', 'abs']) // COALESCE is an expression of its own, not a call
  })

  it('finds none in a plain comparison, and gives each call its position', async () => {
    expect(await names('a = 1 AND b IS NULL')).toEqual([])
    const [call] = functionCalls((await parseExpression('x = now()')).tree)
    expect(call?.location).toBeTypeOf('number')
  })
})

import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../../../core/errors.js'
import type { PluginContext, PluginRequest } from '../../../core/plugin/types.js'
import { pageHandler } from '../../../plugins/policies/page.js'

const user = { name: 'bob', role: 'bob_devops', personas: ['ops' as const] }
const ctx = {} as PluginContext

function spy() {
  const calls: string[] = []
  const handler = pageHandler({
    load: async (query) => {
      calls.push(`load ${JSON.stringify(query)}`)
      return { shown: true }
    },
    actions: {
      apply: async () => {
        calls.push('apply')
        return { applied: true }
      },
      refuse: async () => {
        throw InvalidInputError.field('name', 'is taken')
      },
    },
  })
  return { calls, call: (r: Omit<PluginRequest, 'user'>) => handler({ ...r, user }, ctx) }
}

describe('policy pages', () => {
  it('only loads on GET, whatever action the query names', async () => {
    const { calls, call } = spy()
    expect(await call({ method: 'GET', query: { action: 'apply' } })).toMatchObject({
      ok: false,
      fields: { action: expect.stringMatching(/only done on POST/) },
    })
    expect(await call({ method: 'GET', query: { schema: 'app' } })).toEqual({
      ok: true,
      shown: true,
    })
    expect(calls).toEqual(['load {"schema":"app"}'])
  })

  it('runs actions on POST and turns refusals into field errors', async () => {
    const { calls, call } = spy()
    expect(await call({ method: 'POST', payload: { action: 'apply' } })).toEqual({
      ok: true,
      applied: true,
    })
    expect(await call({ method: 'POST', payload: { action: 'refuse' } })).toEqual({
      ok: false,
      message: 'name: is taken',
      fields: { name: 'is taken' },
    })
    expect(await call({ method: 'POST', payload: { action: 'toString' } })).toMatchObject({
      ok: false,
      fields: { action: expect.stringMatching(/unknown action/) },
    })
    expect(calls).toEqual(['apply'])
  })
})

import { describe, expect, it } from 'vitest'
import { resourceIdOf } from '../../../resources/view-adapter/resource-id.js'

describe('resourceIdOf', () => {
  it('keeps schema.view for plain names', () => {
    expect(resourceIdOf({ schema: 'app', name: 'invoice_v' })).toBe('app.invoice_v')
  })

  it('gives names AdminJS cannot put in a URL or RegExp a plain id, distinct per exact name', () => {
    const names = ['v [', 'v /x', 'v ?', 'v %2F', '</script>', 'v.w', 'v [ ', 'V [']
    const ids = names.map((name) => resourceIdOf({ schema: 'app', name }))
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_.-]+$/)
      expect(() => new RegExp(`/admin/resources/${id}($|/)`)).not.toThrow()
    }
    expect(new Set(ids).size).toBe(names.length)
    expect(resourceIdOf({ schema: 'a.b', name: 'c' })).not.toBe(
      resourceIdOf({ schema: 'a', name: 'b.c' }),
    )
  })
})

import { describe, expect, it } from 'vitest'
import { cancellable, cancelledBy, cancelSignal, detached } from '../../../core/db/cancel.js'
import { CancelledError } from '../../../core/errors.js'

describe('cancellable scopes', () => {
  it('gives work the signal of its scope, across awaits, and none outside', async () => {
    expect(cancelSignal()).toBeUndefined()
    const c = new AbortController()
    const seen = await cancellable(c.signal, async () => {
      await new Promise((r) => setTimeout(r, 5))
      return cancelSignal()
    })
    expect(seen).toBe(c.signal)
    expect(cancelSignal()).toBeUndefined()
  })

  it('abandons inner work with the enclosing work, not the other way round', () => {
    const outer = new AbortController()
    const inner = new AbortController()
    const [a, b] = cancellable(outer.signal, () =>
      cancellable(inner.signal, () => [cancelSignal(), cancellable(undefined, cancelSignal)]),
    )
    expect(a?.aborted).toBe(false)
    expect(b).toBe(a) // no signal of its own: the enclosing scope holds
    outer.abort(new Error('gone'))
    expect(a?.aborted).toBe(true)

    const outer2 = new AbortController()
    const inner2 = new AbortController()
    const seenOuter = cancellable(outer2.signal, () => {
      cancellable(inner2.signal, () => inner2.abort())
      return cancelSignal()
    })
    expect(seenOuter?.aborted).toBe(false)
  })

  it('runs detached work outside every scope', () => {
    const c = new AbortController()
    expect(cancellable(c.signal, () => detached(cancelSignal))).toBeUndefined()
  })

  it('says why the work was abandoned', () => {
    const c = new AbortController()
    c.abort(new Error('no answer within 4000 ms'))
    const err = cancelledBy(c.signal)
    expect(err).toBeInstanceOf(CancelledError)
    expect(err.message).toBe('no answer within 4000 ms; its queries were cancelled')
  })
})

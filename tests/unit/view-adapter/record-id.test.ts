import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../../../core/errors.js'
import { keyCodec } from '../../../resources/view-adapter/record-id.js'
import { invoiceModel, lineModel } from './models.js'

describe('keyCodec', () => {
  it('keeps a single integer key as its own text and checks it', () => {
    const codec = keyCodec(invoiceModel())
    expect(codec.plain).toBe(true)
    expect(codec.encode(['42'])).toBe('42')
    expect(codec.decode('42')).toEqual(['42'])
    expect(codec.decode('-9223372036854775808')).toEqual(['-9223372036854775808'])
    for (const bad of [
      '4 2',
      '1 OR 1=1',
      "1'; drop table x; --",
      '',
      '1.5',
      'abc',
      '1e3',
      null,
      {},
    ]) {
      expect(() => codec.decode(bad), String(bad)).toThrow(InvalidInputError)
    }
  })

  it('encodes composite keys as URL-safe base64 JSON without commas and round-trips', () => {
    const codec = keyCodec(lineModel())
    expect(codec.plain).toBe(false)
    const id = codec.encode(['12', '3']) as string
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(codec.decode(id)).toEqual(['12', '3'])
    expect(Buffer.from(id, 'base64url').toString()).toBe('["12","3"]')
  })

  it('refuses composite ids of the wrong shape or type before any SQL', () => {
    const codec = keyCodec(lineModel())
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
    const bad = [
      '12,3',
      'not base64!',
      enc(['12']),
      enc(['12', '3', '4']),
      enc({ a: 1 }),
      enc([12, 3]),
      enc(['12', 'x']),
      enc(['1; drop table t', '1']),
      Buffer.from('{"broken').toString('base64url'),
      'A'.repeat(5000),
    ]
    for (const id of bad) expect(() => codec.decode(id), id).toThrow(InvalidInputError)
  })

  it('gives keyless rows no id', () => {
    const m = { ...invoiceModel(), key: [] }
    const codec = keyCodec(m)
    expect(codec.encode([])).toBeUndefined()
    expect(() => codec.decode('1')).toThrow(/no key/)
  })
})

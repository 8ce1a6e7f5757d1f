import { describe, expect, it } from 'vitest'
import { jsonLines } from '../../../core/cli/json-lines.js'

const joined = (value: object) => [...jsonLines(value)].join('\n')

describe('jsonLines', () => {
  it('joins into exactly JSON.stringify(value, null, 2)', () => {
    const cases: object[] = [
      {},
      { gone: undefined },
      { one: [1] },
      { n: 1, s: 'a "quoted"\nline', nothing: null, empty: [], object: {} },
      {
        tables: [
          { name: 'Order Lines', columns: [{ name: 'id' }, { name: 'qty' }], options: {} },
          { name: 'ümlaut', columns: [], when: new Date(0) },
        ],
        holes: [1, undefined, () => 1, [[], [2, [3]]]],
        skipped: () => 1,
        last: 'x',
      },
    ]
    for (const value of cases) expect(joined(value)).toBe(JSON.stringify(value, null, 2))
  })

  it('gives each element of a top-level array its own chunk', () => {
    expect([...jsonLines({ a: [{ x: 1 }, 2], b: true })]).toEqual([
      '{',
      '  "a": [',
      '    {\n      "x": 1\n    },',
      '    2',
      '  ],',
      '  "b": true',
      '}',
    ])
  })
})

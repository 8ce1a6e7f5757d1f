import { describe, expect, it } from 'vitest'
import { likePattern, parseFilter, recordedStatements } from '../../../core/changelog/query.js'
import { InvalidInputError } from '../../../core/errors.js'

describe('change log filters', () => {
  it('keeps the filters it knows and drops empty ones and unknown keys', () => {
    expect(
      parseFilter({
        actor: 'bob',
        outcome: 'rolled back',
        kind: '',
        from: '2026-12-01',
        text: 'ALTER',
        perPage: '10',
      }),
    ).toEqual({ actor: 'bob', outcome: 'rolled back', from: '2026-12-01', text: 'ALTER' })
  })

  it('refuses a malformed filter by the field it names', () => {
    const refusal = (query: Record<string, unknown>) => {
      try {
        parseFilter(query)
      } catch (err) {
        expect(err).toBeInstanceOf(InvalidInputError)
        return (err as InvalidInputError).fields
      }
      throw new Error('accepted')
    }
    expect(Object.keys(refusal({ outcome: 'deleted' }))).toEqual(['outcome'])
    expect(Object.keys(refusal({ from: '2026-13-45' }))).toEqual(['from'])
    expect(refusal({ to: '2026-02-31' })).toEqual({ to: 'must be a real date' })
    expect(Object.keys(refusal({ to: "1'; DROP" }))).toEqual(['to'])
    expect(Object.keys(refusal({ before: '-1' }))).toEqual(['before'])
    expect(Object.keys(refusal({ id: '1e3' }))).toEqual(['id'])
  })

  it('takes LIKE wildcards in the search text literally', () => {
    expect(likePattern('50%_off\\')).toBe('%50\\%\\_off\\\\%')
  })

  it('reads recorded statements whatever the jsonb holds, masking their SQL', () => {
    expect(
      recordedStatements([
        { kind: 'alter_role', summary: 'Set a password', sql: `ALTER ROLE a PASSWORD 'x'` },
        'not an object',
        null,
        { kind: 1, summary: ['no'], sql: null },
      ]),
    ).toEqual([
      { kind: 'alter_role', summary: 'Set a password', sql: `ALTER ROLE a PASSWORD '********'` },
      { kind: '', summary: '', sql: '' },
    ])
    expect(recordedStatements({ not: 'an array' })).toEqual([])
  })
})

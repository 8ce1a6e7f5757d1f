import { describe, expect, it } from 'vitest'
import { flatten, propertiesOf } from '../../../plugins/schema-browser/flatten.js'

describe('schema browser rows', () => {
  it('flattens nested objects, scalar arrays and object arrays', () => {
    const row = flatten({
      oid: 5,
      schema: 'app',
      name: 'invoice',
      rowSecurity: { enabled: true, forced: false },
      roles: ['karen', 'bob'],
      columns: [{ name: 'id' }, { name: 'amount' }],
      lastVacuum: new Date('2026-01-02T03:04:05Z'),
      comment: null,
    })
    expect(row).toEqual({
      oid: 5,
      schema: 'app',
      name: 'invoice',
      rowSecurityEnabled: true,
      rowSecurityForced: false,
      roles: 'karen, bob',
      columnsCount: 2,
      columns: '{"name":"id"}\n{"name":"amount"}',
      lastVacuum: '2026-01-02T03:04:05.000Z',
      comment: null,
    })
  })

  it('declares properties with types, leading fields first, long text off the list', () => {
    const props = propertiesOf(
      [
        {
          oid: 1,
          owner: 'x',
          name: 'n',
          schema: 's',
          enabled: true,
          size: 3,
          definition: 'select 1',
        },
      ],
      ['comment'],
    )
    expect(props.map((p) => p.name).slice(0, 3)).toEqual(['schema', 'name', 'owner'])
    expect(props.find((p) => p.name === 'definition')).toMatchObject({
      type: 'textarea',
      list: false,
    })
    expect(props.find((p) => p.name === 'size')).toMatchObject({ type: 'number', list: true })
    expect(props.find((p) => p.name === 'comment')).toMatchObject({ type: 'string' })
    expect(props.find((p) => p.name === 'oid')).toBeUndefined()
  })
})

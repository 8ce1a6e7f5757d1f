import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../../../core/errors.js'
import { expressionText } from '../../../plugins/policies/expression.js'

const refusal = (fn: () => unknown): InvalidInputError => {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidInputError)
    return err as InvalidInputError
  }
  throw new Error('expected a refusal')
}

describe('expression builder', () => {
  it('builds a claim comparison with a quoted column and an escaped claim', () => {
    expect(
      expressionText(
        {
          mode: 'builder',
          conditions: [
            { column: 'Tenant Id', operator: '=', kind: 'claim', claim: 'tenant_id', type: 'int' },
          ],
        },
        'using',
      ),
    ).toBe(`"Tenant Id" = nullif(current_setting('app.tenant_id', true), '')::int`)
  })

  it('joins conditions with OR and renders jwt claims, IN lists, IS NULL and now()', () => {
    expect(
      expressionText(
        {
          mode: 'builder',
          join: 'OR',
          conditions: [
            { column: 'owner', operator: '=', kind: 'jwt', claim: 'sub', type: 'uuid' },
            { column: 'status', operator: 'IN', kind: 'value', value: "draft, it's" },
            { column: 'deleted_at', operator: 'IS NULL' },
            { column: 'valid_to', operator: '>=', kind: 'now' },
          ],
        },
        'using',
      ),
    ).toBe(
      `"owner" = (current_setting('request.jwt.claims', true)::jsonb ->> 'sub')::uuid OR "status" IN ('draft', 'it''s') OR "deleted_at" IS NULL OR "valid_to" >= now()`,
    )
  })

  it('keeps a literal value a literal, whatever it holds', () => {
    expect(
      expressionText(
        {
          mode: 'builder',
          conditions: [
            { column: 'a', operator: '=', kind: 'value', value: "1'; drop table x; --" },
          ],
        },
        'withCheck',
      ),
    ).toBe(`"a" = '1''; drop table x; --'`)
  })

  it('names the condition field it refuses', () => {
    const err = refusal(() =>
      expressionText(
        {
          mode: 'builder',
          conditions: [{ column: 'nope', operator: '=', kind: 'claim', claim: 'x' }],
        },
        'using',
        ['id', 'tenant_id'],
      ),
    )
    expect(err.fields).toEqual({ 'using.conditions.0.column': 'no column "nope" in this table' })
    const bad = refusal(() =>
      expressionText(
        {
          mode: 'builder',
          conditions: [{ column: 'id', operator: '=', kind: 'claim', claim: "x') or true --" }],
        },
        'withCheck',
      ),
    )
    expect(Object.keys(bad.fields)).toEqual(['withCheck.conditions.0.claim'])
    expect(
      Object.keys(refusal(() => expressionText({ mode: 'raw', raw: ' ' }, 'using')).fields),
    ).toEqual(['using'])
    expect(Object.keys(refusal(() => expressionText({ mode: 'weird' }, 'using')).fields)).toEqual([
      'using.mode',
    ])
  })

  it('returns raw text as typed and nothing for none', () => {
    expect(expressionText({ mode: 'raw', raw: 'a = 1' }, 'using')).toBe('a = 1')
    expect(expressionText({ mode: 'none' }, 'using')).toBeUndefined()
    expect(expressionText(undefined, 'using')).toBeUndefined()
  })
})

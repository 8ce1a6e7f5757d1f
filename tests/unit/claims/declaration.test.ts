import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../../../core/errors.js'
import { editorCast } from '../../../core/claims/declared-types.js'
import { suggestedType, valueFits } from '../../../plugins/claims/claim-types.js'
import {
  checkDeclaration,
  checkMapping,
  parseJwtPath,
  pathKeys,
} from '../../../plugins/claims/declaration.js'

const refusal = (fn: () => unknown) => {
  try {
    fn()
  } catch (e) {
    if (e instanceof InvalidInputError) return e.fields
    throw e
  }
  throw new Error('not refused')
}

describe('claim declarations', () => {
  it('accepts a setting suffix and fills the defaults', () => {
    expect(checkDeclaration({ name: 'tenant_id', type: 'integer' })).toEqual({
      name: 'tenant_id',
      type: 'integer',
      description: '',
      required: false,
    })
    expect(checkDeclaration({ name: '_org', type: 'uuid', required: true }).required).toBe(true)
  })

  it('refuses names that are no lower-case setting suffix, naming the field', () => {
    for (const name of ['Tenant', '1tenant', 'tenant-id', 'app.tenant', 'tenant id', '']) {
      expect(refusal(() => checkDeclaration({ name, type: 'text' }))).toHaveProperty('name')
    }
    expect(refusal(() => checkDeclaration({ name: 'a'.repeat(60), type: 'text' })).name).toMatch(
      /59 characters/,
    )
  })

  it('refuses a type outside the list, naming the field', () => {
    expect(refusal(() => checkDeclaration({ name: 'x', type: 'int; drop' })).type).toMatch(
      /one of text, uuid, integer/,
    )
  })
})

describe('claim mappings', () => {
  it('accepts dotted JWT paths of plain keys', () => {
    expect(
      checkMapping({ role: 'karen', claim: 'tenant_id', jwtPath: 'app_metadata.tenant_id' }),
    ).toEqual({ role: 'karen', claim: 'tenant_id', jwtPath: 'app_metadata.tenant_id', note: '' })
    expect(pathKeys('app_metadata.tenant_id')).toEqual(['app_metadata', 'tenant_id'])
  })

  it('reads keys in double quotes, a doubled quote standing for one', () => {
    expect(pathKeys('"https://acme.test/claims".tenant_id')).toEqual([
      'https://acme.test/claims',
      'tenant_id',
    ])
    expect(pathKeys('app_metadata."org.id"')).toEqual(['app_metadata', 'org.id'])
    expect(pathKeys('"say ""hi"""')).toEqual(['say "hi"'])
    expect(parseJwtPath('"a"b')).toEqual({ refused: 'keys are separated by dots' })
    expect(parseJwtPath('"a')).toEqual({ refused: 'a quoted key is not closed' })
    expect(parseJwtPath('a.""')).toEqual({ refused: 'a quoted key is empty' })
    expect(parseJwtPath('"a\nb"')).toEqual({ refused: 'a key holds a control character' })
    expect(parseJwtPath('a.')).toHaveProperty('refused')
  })

  it('refuses paths that would not fit a text-array literal, naming the field', () => {
    for (const jwtPath of ['a..b', 'a,b', '{a}', "a'b", 'a b', '', '.a', 'a.b.c.d.e.f.g.h.i']) {
      expect(
        refusal(() => checkMapping({ role: 'karen', claim: 'tenant_id', jwtPath })),
      ).toHaveProperty('jwtPath')
    }
  })
})

describe('claim types', () => {
  it('maps to the policy editor’s casts and suggests from seen casts', () => {
    expect(editorCast('integer')).toBe('int')
    expect(editorCast('timestamptz')).toBe('timestamptz')
    expect(suggestedType('uuid')).toBe('uuid')
    expect(suggestedType('json')).toBe('text')
  })

  it('tells whether a console user’s value looks like the declared type', () => {
    expect(valueFits('integer', 2)).toBe(true)
    expect(valueFits('integer', '2147483648')).toBe(false)
    expect(valueFits('bigint', '2147483648')).toBe(true)
    expect(valueFits('uuid', '0b6c8f7e-1d2a-4c3b-9e8f-0a1b2c3d4e5f')).toBe(true)
    expect(valueFits('uuid', 'tenant-2')).toBe(false)
    expect(valueFits('boolean', 'yes')).toBe(true)
    expect(valueFits('date', '2026-02-30x')).toBe(false)
    expect(valueFits('text', undefined)).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import {
  isoOrNull,
  parseOptions,
  toNumber,
  triggerArgs,
  triggerWhen,
  unquoteIdent,
} from '../../../core/introspect/parse.js'

describe('parseOptions', () => {
  it('splits at the first = only, so values may hold =', () => {
    expect(parseOptions(['fillfactor=70', 'check_option=local', 'x=a=b', 'flag'])).toEqual({
      fillfactor: '70',
      check_option: 'local',
      x: 'a=b',
      flag: '',
    })
  })

  it('treats null as no options', () => {
    expect(parseOptions(null)).toEqual({})
  })
})

describe('unquoteIdent', () => {
  it('undoes quote_ident and leaves plain names alone', () => {
    expect(unquoteIdent('"Ks Auditor"')).toBe('Ks Auditor')
    expect(unquoteIdent('"say ""hi"""')).toBe('say "hi"')
    expect(unquoteIdent('ks_reader')).toBe('ks_reader')
    expect(unquoteIdent('"')).toBe('"')
  })
})

describe('triggerWhen', () => {
  const def = (when: string) =>
    `CREATE TRIGGER t AFTER UPDATE ON ks.customer FOR EACH ROW WHEN (${when}) EXECUTE FUNCTION ks.audit()`

  it('returns the condition inside the outer parentheses', () => {
    expect(triggerWhen(def('(old.status IS DISTINCT FROM new.status)'))).toBe(
      '(old.status IS DISTINCT FROM new.status)',
    )
  })

  it('balances parentheses inside strings and quoted identifiers', () => {
    const when = `(new."odd ) name" <> ')'::text) AND (f(new.a, '(') > 0)`
    expect(triggerWhen(def(when))).toBe(when)
  })

  it('handles doubled quotes inside literals', () => {
    expect(triggerWhen(def(`(new.a = 'it''s )')`))).toBe(`(new.a = 'it''s )')`)
  })

  it('is null without a WHEN clause or definition', () => {
    expect(
      triggerWhen('CREATE TRIGGER t BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()'),
    ).toBeNull()
    expect(triggerWhen(null)).toBeNull()
  })
})

describe('triggerArgs', () => {
  it('splits the NUL-terminated bytea', () => {
    expect(triggerArgs(Buffer.from("status\0it's changed\0"), 2)).toEqual([
      'status',
      "it's changed",
    ])
    expect(triggerArgs(Buffer.from(''), 0)).toEqual([])
    expect(triggerArgs(null, 0)).toEqual([])
  })
})

describe('scalar conversions', () => {
  it('turns driver values into plain ones', () => {
    expect(isoOrNull(new Date('2024-05-01T10:00:00Z'))).toBe('2024-05-01T10:00:00.000Z')
    expect(isoOrNull(null)).toBeNull()
    expect(toNumber('9007199254740991')).toBe(9007199254740991)
    expect(toNumber(3)).toBe(3)
    expect(toNumber(null)).toBeNull()
  })
})

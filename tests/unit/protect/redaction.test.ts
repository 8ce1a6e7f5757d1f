import { describe, expect, it } from 'vitest'
import { dollarQuote } from '../../../core/builders/protect/dollar-quote.js'
import { InvalidInputError } from '../../../core/errors.js'
import { parseStatement } from '../../../core/parse/parse.js'
import { isTextType, REDACTIONS } from '../../../core/redaction/functions.js'
import { installRedactionPlan } from '../../../core/redaction/install.js'
import { texts } from './fixture.js'

describe('installRedactionPlan', () => {
  it('creates or replaces each function, describes it and grants EXECUTE to PUBLIC', () => {
    const plan = installRedactionPlan('planetary')
    expect(plan.map((s) => s.kind)).toEqual(
      REDACTIONS.flatMap(() => ['create_function', 'comment', 'grant']),
    )
    expect(texts(plan)[0]?.split('\n')).toEqual([
      'CREATE OR REPLACE FUNCTION "planetary"."mask_pan"(value text)',
      'RETURNS text',
      'LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE',
      'RETURN CASE',
      "  WHEN pg_catalog.length(pg_catalog.regexp_replace(value, '[^0-9]', '', 'g')) <= 4",
      "    THEN pg_catalog.regexp_replace(value, '[0-9]', '*', 'g')",
      "  ELSE pg_catalog.regexp_replace(value, '[0-9](?=(?:[^0-9]*[0-9]){4})', '*', 'g')",
      'END',
    ])
    expect(texts(plan).filter((t) => t.startsWith('GRANT'))).toEqual([
      'GRANT EXECUTE ON FUNCTION "planetary"."mask_pan"(text) TO PUBLIC',
      'GRANT EXECUTE ON FUNCTION "planetary"."mask_email"(text) TO PUBLIC',
      'GRANT EXECUTE ON FUNCTION "planetary"."hash"(text) TO PUBLIC',
      'GRANT EXECUTE ON FUNCTION "planetary"."nullify"(anyelement) TO PUBLIC',
      'GRANT EXECUTE ON FUNCTION "planetary"."partial"(text, integer, integer) TO PUBLIC',
    ])
    const nullify = texts(plan).find((t) => t.includes('"nullify"(value anyelement)'))
    expect(nullify?.split('\n')).toEqual([
      'CREATE OR REPLACE FUNCTION "planetary"."nullify"(value anyelement)',
      'RETURNS anyelement',
      'LANGUAGE sql IMMUTABLE PARALLEL SAFE',
      'AS $body$SELECT CASE WHEN false THEN value END$body$',
    ])
  })

  it('limits EXECUTE to chosen roles by revoking it from PUBLIC first, in a chosen schema', () => {
    const plan = installRedactionPlan('red "act"', {
      grantees: ['bob', 'karen'],
      createSchema: true,
    })
    expect(texts(plan)[0]).toBe('CREATE SCHEMA IF NOT EXISTS "red ""act"""')
    expect(texts(plan)[1]?.split('\n')[0]).toBe(
      'CREATE OR REPLACE FUNCTION "red ""act"""."mask_pan"(value text)',
    )
    expect(texts(plan).slice(2, 5)).toEqual([
      `COMMENT ON FUNCTION "red ""act"""."mask_pan"(text) IS 'Mask card number: Replaces every digit but the last four with *, keeping spaces and dashes; four digits or fewer are masked whole.'`,
      'REVOKE EXECUTE ON FUNCTION "red ""act"""."mask_pan"(text) FROM PUBLIC',
      'GRANT EXECUTE ON FUNCTION "red ""act"""."mask_pan"(text) TO "bob", "karen"',
    ])
  })

  it('parses as one statement each', async () => {
    for (const text of texts(installRedactionPlan('planetary'))) {
      await expect(parseStatement(text)).resolves.toBeDefined()
    }
  })

  it('refuses a bad schema or an empty role list, naming the field', () => {
    expect(() => installRedactionPlan('s'.repeat(64))).toThrow(/schema: is longer than 63 bytes/)
    try {
      installRedactionPlan('planetary', { grantees: [] })
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidInputError)
      expect((err as InvalidInputError).fields).toEqual({ grantees: 'choose at least one role' })
    }
  })
})

describe('isTextType', () => {
  it('knows the text-like types by name, or by category when given', () => {
    for (const t of [
      'text',
      'character varying(200)',
      'character varying',
      'character(3)',
      'name',
      'citext',
      'public.citext',
    ]) {
      expect(isTextType(t), t).toBe(true)
    }
    for (const t of ['integer', 'numeric(12,2)', 'text[]', 'jsonb', 'app.email']) {
      expect(isTextType(t), t).toBe(false)
    }
    expect(isTextType('app.email', 'S')).toBe(true)
    expect(isTextType('text', 'A')).toBe(false)
  })
})

describe('dollarQuote', () => {
  it('picks a tag the body cannot close', () => {
    expect(dollarQuote('BEGIN END')).toBe('$body$BEGIN END$body$')
    expect(dollarQuote('x $body$ y')).toBe('$body_1$x $body$ y$body_1$')
    // A body ending in "$body" would complete the closing tag early.
    expect(dollarQuote('x$body')).toBe('$body_1$x$body$body_1$')
    expect(dollarQuote('$body$ $body_1$')).toBe('$body_2$$body$ $body_1$$body_2$')
  })
})

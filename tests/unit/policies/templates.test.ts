import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../../../core/errors.js'
import {
  applyCustomTemplate,
  builtinTemplate,
  checkCustomTemplate,
  fitToCommand,
  placeholders,
  substitute,
} from '../../../plugins/policies/templates.js'

describe('policy templates', () => {
  it('builds the tenant template for an int column read from app settings', () => {
    expect(builtinTemplate('tenant', { column: 'tenant_id', type: 'int', source: 'app' })).toEqual({
      using: `"tenant_id" = nullif(current_setting('app.tenant_id', true), '')::int`,
      withCheck: `"tenant_id" = nullif(current_setting('app.tenant_id', true), '')::int`,
    })
  })

  it('refuses a template column the table does not have, naming the parameter', () => {
    const err = (() => {
      try {
        builtinTemplate('soft-delete', { column: 'removed' }, ['id', 'deleted_at'])
      } catch (e) {
        return e as InvalidInputError
      }
    })()
    expect(err?.fields).toEqual({ 'params.column': 'no column "removed" in this table' })
    expect(() => builtinTemplate('nope', {})).toThrow(/unknown template/)
  })

  it('fits a template to the command', () => {
    const t = { using: 'a', withCheck: 'b' }
    expect(fitToCommand(t, 'SELECT')).toEqual({ using: 'a' })
    expect(fitToCommand(t, 'INSERT')).toEqual({ withCheck: 'b' })
    expect(fitToCommand({ using: 'a' }, 'INSERT')).toEqual({ withCheck: 'a' })
    expect(fitToCommand(t, 'ALL')).toEqual(t)
  })

  it('substitutes placeholders with quoted identifiers only', async () => {
    expect(
      placeholders('{{owner}} = current_user AND {{ owner }} IS NOT NULL', '{{team}} = 1'),
    ).toEqual(['owner', 'team'])
    expect(substitute('{{owner}} = current_user', { owner: 'Created "By"' }, 'using')).toBe(
      '"Created ""By""" = current_user',
    )
    expect(() => substitute('{{owner}} = 1', {}, 'using')).toThrow(/params.owner/)
    const t = { using: '{{owner}} = current_user', withCheck: null }
    expect(await applyCustomTemplate(t, { owner: 'created_by' }, ['id', 'created_by'])).toEqual({
      using: '"created_by" = current_user',
    })
    await expect(applyCustomTemplate(t, { owner: 'x' }, ['id'])).rejects.toThrow(/no column "x"/)
  })

  it('checks a custom template with the PostgreSQL parser before saving', async () => {
    await expect(
      checkCustomTemplate({ name: 'own rows', using: '{{owner}} = current_user' }),
    ).resolves.toMatchObject({ name: 'own rows' })
    const err = await checkCustomTemplate({
      name: 'bad',
      using: '{{owner}} = current_user; drop table x',
    }).catch((e: unknown) => e as InvalidInputError)
    expect(err).toBeInstanceOf(InvalidInputError)
    expect(Object.keys((err as InvalidInputError).fields)).toEqual(['using'])
    await expect(checkCustomTemplate({ name: '', using: 'true' })).rejects.toThrow(/name/)
    await expect(checkCustomTemplate({ name: 'empty' })).rejects.toThrow(/give USING/)
  })
})

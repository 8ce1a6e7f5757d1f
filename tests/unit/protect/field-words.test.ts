import { describe, expect, it } from 'vitest'
import {
  fieldLabel,
  fieldSentence,
  relativeLabel,
} from '../../../plugins/protected-tables/components/field-words.js'

const form = {
  views: [
    { name: 'customer_v', columns: [{ name: 'id' }], grants: [{ role: 'karen' }] },
    {
      name: 'customer_v_masked',
      columns: [
        { name: 'id' },
        { name: 'tenant_id' },
        { name: 'name' },
        { name: 'email' },
        { name: 'card' },
      ],
      grants: [{ role: '' }],
    },
  ],
  policies: [{ name: 'tenant_isolation' }],
}

describe('fieldLabel: paths as words', () => {
  it.each([
    ['table', 'Table'],
    ['table.schema', 'Table'],
    ['views', 'Views'],
    ['views.0.name', 'View customer_v, name'],
    ['views.1.columns.4.redaction', 'View customer_v_masked, column card, redaction'],
    [
      'views.1.columns.4.redaction.args',
      'View customer_v_masked, column card, redaction, argument type',
    ],
    ['views.1.columns.2.name', 'View customer_v_masked, column name'],
    ['views.0.grants.0.privileges', 'View customer_v, role karen, privileges'],
    ['views.1.grants.0.role', 'View customer_v_masked, role 1'],
    ['views.0.triggers.insert.body', 'View customer_v, INSERT trigger, body'],
    ['views.0.securityInvoker', 'View customer_v, security_invoker'],
    ['views.5.name', 'View 6, name'],
    ['policies.0.template.params.claim', 'Policy tenant_isolation, template, setting, claim'],
    ['policies.0.conditions.1.claim', 'Policy tenant_isolation, conditions, 2, claim'],
    ['policies.0.withCheck', 'Policy tenant_isolation, WITH CHECK'],
    ['appRoles.2', 'Roles to revoke from'],
    ['redaction.schema', 'Redaction library, schema'],
    ['form', 'The form'],
    ['', 'The form'],
  ])('%s → %s', (path, label) => {
    expect(fieldLabel(path, form)).toBe(label)
  })

  it('numbers views and roles it has no name for', () => {
    expect(fieldLabel('views.1.columns.4.as')).toBe('View 2, column 5, new name')
  })
})

describe('fieldSentence: a refusal in words', () => {
  it('asks for an empty required field instead of naming its path', () => {
    expect(fieldSentence('table.schema', 'is required')).toBe('Choose a table')
    expect(fieldSentence('table', 'Invalid input: expected object, received undefined')).toBe(
      'Choose a table',
    )
    expect(fieldSentence('table.name', 'choose a table')).toBe('Choose a table')
    expect(fieldSentence('views.0.name', 'is required', form)).toBe('Give the view a name')
    expect(fieldSentence('views.1.grants.0.role', 'is required', form)).toBe('Choose a role')
    expect(fieldSentence('policies.0.name', 'is required', form)).toBe('Give the policy a name')
    expect(fieldSentence('views.0.comment', 'is required', form)).toBe(
      'View customer_v, comment is required',
    )
  })

  it('puts the field in words before what is wrong with it', () => {
    expect(fieldSentence('views.0.name', 'is longer than 63 bytes', form)).toBe(
      'View customer_v, name is longer than 63 bytes',
    )
    expect(
      fieldSentence(
        'views.1.columns.4.redaction',
        'mask_pan takes text (text); "card" is integer',
        form,
      ),
    ).toBe(
      'View customer_v_masked, column card, redaction: mask_pan takes text (text); "card" is integer',
    )
    expect(
      fieldSentence('views', 'declare at least one view: it will be the only way to the rows'),
    ).toBe('Views: declare at least one view: it will be the only way to the rows')
  })
})

describe('relativeLabel: a field below the one a message sits beside', () => {
  it('names what lies below in words, and nothing for the field itself', () => {
    expect(relativeLabel('views.0.columns.2.redaction.args', 'views.0.columns.2')).toBe(
      'Redaction, argument type',
    )
    expect(relativeLabel('views.0.triggers.insert.body', 'views.0.triggers.insert')).toBe('Body')
    expect(relativeLabel('views.0.name', 'views.0.name')).toBe('')
  })
})

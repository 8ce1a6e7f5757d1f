import { describe, expect, it } from 'vitest'
import { resourceOptionsSchema } from '../../../core/config/schema.js'
import {
  capfirst,
  commentTags,
  humanize,
  viewLabels,
} from '../../../resources/view-adapter/labels.js'

const view = (name: string, comment: string | null = null) => ({ name, comment })

describe('view labels', () => {
  it('names a snake_case view in words, without its view suffix, plural with an s', () => {
    expect(viewLabels(view('invoice_v'), undefined)).toEqual({
      verboseName: 'invoice',
      verboseNamePlural: 'invoices',
    })
    expect(humanize('open_orders_view')).toEqual({
      verboseName: 'open orders',
      verboseNamePlural: 'open orders',
    })
    expect(humanize('invoice_v_finance')).toEqual({
      verboseName: 'invoice (finance)',
      verboseNamePlural: 'invoices (finance)',
    })
    expect(humanize('v')?.verboseName).toBe('v')
  })

  it('takes verbose_name and verbose_name_plural from the resource options first', () => {
    expect(
      viewLabels(view('person_v', '@verbose_name human'), {
        verbose_name: 'person',
        verbose_name_plural: 'people',
      }),
    ).toEqual({ verboseName: 'person', verboseNamePlural: 'people' })
    // A configured singular without a plural does not borrow the comment's plural.
    expect(
      viewLabels(view('x_v', '@verbose_name_plural geese'), { verbose_name: 'goose' }),
    ).toEqual({ verboseName: 'goose', verboseNamePlural: 'gooses' })
  })

  it('reads @verbose_name tags from the COMMENT, the rest staying a description', () => {
    const comment =
      'Operations: status and amounts.\n@verbose_name bill\n@verbose_name_plural bills due'
    expect(commentTags(comment)).toEqual({ verbose_name: 'bill', verbose_name_plural: 'bills due' })
    expect(viewLabels(view('invoice_v', comment), undefined)).toEqual({
      verboseName: 'bill',
      verboseNamePlural: 'bills due',
    })
    // A description alone names nothing.
    expect(viewLabels(view('invoice_v', 'Operations: status and amounts.'), undefined)).toEqual({
      verboseName: 'invoice',
      verboseNamePlural: 'invoices',
    })
  })

  it('keeps an unusual name exactly, and strips control characters from labels', () => {
    const hostile = `v "'><svg onload=window.__pwned=1>`
    expect(viewLabels(view(hostile), undefined)).toEqual({
      verboseName: hostile,
      verboseNamePlural: hostile,
    })
    expect(commentTags('@verbose_name a\u202eb\u0007c')).toEqual({ verbose_name: 'a b c' })
    expect(viewLabels(view('Invoice'), undefined).verboseNamePlural).toBe('Invoice')
  })

  it('capitalizes headings like Django’s capfirst', () => {
    expect(capfirst('invoices')).toBe('Invoices')
    expect(capfirst('')).toBe('')
  })

  it('accepts verbose names in the resource options and refuses empty ones', () => {
    expect(resourceOptionsSchema.parse({ verbose_name: 'invoice' }).verbose_name).toBe('invoice')
    expect(resourceOptionsSchema.safeParse({ verbose_name: '  ' }).success).toBe(false)
    expect(resourceOptionsSchema.safeParse({ verbose_name_plural: 'x'.repeat(81) }).success).toBe(
      false,
    )
  })
})

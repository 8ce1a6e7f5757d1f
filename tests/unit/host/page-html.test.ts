import { describe, expect, it } from 'vitest'
import { checkBodyShape, HttpError } from '../../../core/host/edge.js'
import { inlineJson } from '../../../core/host/inline-json.js'
import {
  compactState,
  rewritePage,
  STATE_REHYDRATE,
  visibleState,
} from '../../../core/host/page-html.js'
import type { PlanetaryAdmin } from '../../../core/host/personas.js'

const HOSTILE = '</script><script>alert(1)</script>\u2028<!--&'

const karen: PlanetaryAdmin = { email: 'karen', id: 'karen', role: 'karen', personas: ['data'] }
const bob: PlanetaryAdmin = { email: 'bob', id: 'bob', role: 'bob_devops', personas: ['ops'] }
const pagePersonas = new Map([['policies-list', ['ops', 'dev'] as const]])

/** A page as AdminJS's layout template writes it (abridged to the lines the rewrite reads). */
function layout(state: unknown): string {
  return `
    <!DOCTYPE html>
    <html lang=en>
    <head>
      <script>
        window.REDUX_STATE = ${JSON.stringify(state)};
        window.THEME = ${JSON.stringify({ font: HOSTILE })};
        window.THEME_COMPONENTS = {};
      </script>
      <link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto" type="text/css">
      <script src="/admin/frontend/assets/app.bundle.js"></script>
    </head>
    <body><div id="app" /><script>root.render(AdminJS.Application);</script></body></html>`
}

const state = {
  resources: [
    { id: `app.${HOSTILE}`, resourceActions: [{ name: 'list' }], properties: { [HOSTILE]: {} } },
    { id: 'app.secret_v', resourceActions: [], properties: { salary: {} } },
  ],
  pages: [{ name: 'policies-list' }],
  locale: {
    translations: {
      en: {
        labels: { [`app.${HOSTILE}`]: 'Invoices', 'app.secret_v': 'Secret ledger' },
        pages: { 'policies-list': 'Policies' },
      },
    },
  },
}

describe('inlineJson', () => {
  it('writes <, >, &, U+2028 and U+2029 as escapes that parse back to the same value', () => {
    const text = inlineJson({ name: HOSTILE, other: '\u2029' })
    expect(text).not.toMatch(/[<>&\u2028\u2029]/)
    expect(JSON.parse(text)).toEqual({ name: HOSTILE, other: '\u2029' })
  })
})

describe('rewritePage', () => {
  it('leaves no </script> of a name in the page and puts the nonce on every script', () => {
    const html = rewritePage(layout(state), { admin: karen, nonce: 'N0NCE', pagePersonas })
    expect(html).not.toContain('</script><script>alert(1)')
    expect(html).not.toContain('fonts.googleapis.com')
    const tags = html.match(/<script[^>]*>/g) ?? []
    expect(tags).toHaveLength(3)
    for (const tag of tags) expect(tag).toContain('nonce="N0NCE"')
    expect(html.match(/<\/script>/g)).toHaveLength(3)
  })

  it('refuses a page whose state it cannot parse instead of sending it', () => {
    const broken = layout(state).replace('window.REDUX_STATE = {', 'window.REDUX_STATE = {{')
    expect(() => rewritePage(broken, { admin: karen, nonce: 'n', pagePersonas })).toThrow(
      /does not parse/,
    )
  })
})

describe('compactState', () => {
  const prop = (path: string, more: Record<string, unknown> = {}) => ({
    propertyPath: path,
    label: `${path} ${HOSTILE}`,
    type: 'string',
    subProperties: [],
    ...more,
  })
  const full = {
    resources: [
      {
        id: 'app.invoice_v',
        resourceActions: [{ name: 'list' }],
        properties: { id: prop('id'), customer: prop('customer'), tags: prop('tags') },
        listProperties: [prop('id'), prop('customer')],
        showProperties: [prop('id'), prop('customer'), prop('tags')],
        // a list whose entry differs from the property (sub-properties cut for the filter)
        filterProperties: [prop('tags', { subProperties: [{ propertyPath: 'tags.0' }] })],
        editProperties: [],
      },
    ],
  }

  it('writes repeated properties as their path, keeps those that differ, and the page puts them back', () => {
    const compact = compactState(full)
    const [r] = compact.resources ?? []
    expect(r?.listProperties).toEqual(['id', 'customer'])
    expect(r?.showProperties).toEqual(['id', 'customer', 'tags'])
    expect(r?.filterProperties).toEqual(full.resources[0]?.filterProperties)
    expect(JSON.stringify(compact).length).toBeLessThan(JSON.stringify(full).length * 0.7)
    // the page's own script turns it back into what AdminJS wrote
    const window = { REDUX_STATE: JSON.parse(JSON.stringify(compact)) as unknown }
    new Function('window', STATE_REHYDRATE)(window)
    expect(window.REDUX_STATE).toEqual(full)
  })

  it('is in the page right after the state, under the nonce', () => {
    const page = rewritePage(layout(full), { admin: karen, nonce: 'n0nce', pagePersonas })
    expect(page).toContain(`;\n${STATE_REHYDRATE}\n`)
    expect(page).toContain('"listProperties":["id","customer"]')
  })
})

describe('visibleState', () => {
  it('keeps for karen only the resources she may use, and no page of another persona', () => {
    const cut = visibleState(state, karen, pagePersonas)
    expect(cut.resources?.map((r) => r.id)).toEqual([`app.${HOSTILE}`])
    expect(cut.pages).toEqual([])
    expect(cut.locale?.translations?.en?.labels).toEqual({ [`app.${HOSTILE}`]: 'Invoices' })
    expect(cut.locale?.translations?.en?.pages).toEqual({})
  })

  it('finds a dotted name in the unflattened labels AdminJS sends', () => {
    const nested = {
      ...state,
      locale: {
        translations: { en: { labels: { app: { [HOSTILE]: 'Invoices', secret_v: 'Secret' } } } },
      },
    }
    expect(visibleState(nested, karen, pagePersonas).locale?.translations?.en?.labels).toEqual({
      app: { [HOSTILE]: 'Invoices' },
    })
  })

  it('keeps the pages of a persona that holds them', () => {
    expect(visibleState(state, bob, pagePersonas).pages).toEqual([{ name: 'policies-list' }])
  })

  it('keeps nothing of resources and pages for a page without a user (the login)', () => {
    const cut = visibleState(state, undefined, pagePersonas)
    expect(cut.resources).toEqual([])
    expect(cut.pages).toEqual([])
    expect(JSON.stringify(cut)).not.toMatch(/Invoices|Secret|Policies/)
  })
})

describe('checkBodyShape', () => {
  it('accepts an ordinary record', () => {
    expect(() =>
      checkBodyShape({ customer: 'Ada', 'tags.0': 'x', nested: { a: [1, 2] } }),
    ).not.toThrow()
  })

  it('refuses 10,000 levels of nesting without exhausting the stack', () => {
    let deep: unknown = 1
    for (let i = 0; i < 10_000; i += 1) deep = [deep]
    expect(() => checkBodyShape(deep)).toThrow(HttpError)
  })

  it('refuses a flattened field name that is too deep', () => {
    expect(() => checkBodyShape({ [Array(100).fill('a').join('.')]: 1 })).toThrow(/too deep/)
  })
})

import type { NextFunction, Request, Response } from 'express'
import type { Persona } from '../plugin/types.js'
import { inlineJson } from './inline-json.js'
import { hasPersona, type PlanetaryAdmin } from './personas.js'

/** One `window.X = <json>;` line of AdminJS's layout and login templates (JSON has no raw newline). */
const STATE_LINE = /window\.(REDUX_STATE|THEME) = ([^\n]*);\n/g
/** The login template's attributes, inlined as a single-quoted JSON.parse argument. */
const APP_STATE_LINE = /window\.__APP_STATE__ = JSON\.parse\('([^\n]*)'\);/g
const FONT_LINK = /<link[^>]+fonts\.googleapis\.com[^>]*>/g
const SCRIPT_TAG = /<script(?=[\s>])/g

interface PageState {
  resources?: ({ id: string; resourceActions?: unknown[] } & Record<string, unknown>)[]
  pages?: { name: string }[]
  locale?: {
    translations?: Record<
      string,
      {
        labels?: Record<string, unknown>
        pages?: Record<string, unknown>
        resources?: Record<string, unknown>
      }
    >
  }
}

type Tree = Record<string, unknown>

/**
 * Keeps only the entries of `tree` named by `keep`. AdminJS unflattens the locale, so the label
 * of `app.invoice_v` sits at `app` → `invoice_v`: a dotted name is looked up flat and as a path.
 */
function pick(tree: Tree | undefined, keep: ReadonlySet<string>): Tree | undefined {
  if (!tree) return tree
  const out: Tree = {}
  for (const name of keep) {
    if (Object.hasOwn(tree, name)) {
      out[name] = tree[name]
      continue
    }
    const path = name.split('.')
    let value: unknown = tree
    for (const part of path) {
      value =
        value && typeof value === 'object' && Object.hasOwn(value, part)
          ? (value as Tree)[part]
          : undefined
    }
    if (value === undefined) continue
    let at = out
    for (const part of path.slice(0, -1)) {
      const next = Object.hasOwn(at, part) ? at[part] : undefined
      at = (next && typeof next === 'object' ? next : (at[part] = {})) as Tree
    }
    at[path[path.length - 1] as string] = value
  }
  return out
}

/**
 * The page state cut to what the signed-in user may use: resources with at least one action
 * their role and personas reach, pages their personas reach, and only those names in the
 * translations. Anonymous pages (the login) keep none of them.
 */
export function visibleState(
  state: PageState,
  admin: PlanetaryAdmin | undefined,
  pagePersonas: ReadonlyMap<string, readonly Persona[]>,
): PageState {
  const resources = admin
    ? (state.resources ?? []).filter((r) => (r.resourceActions ?? []).length > 0)
    : []
  const pages = admin
    ? (state.pages ?? []).filter((p) => {
        const personas = pagePersonas.get(p.name)
        return !personas || hasPersona(admin, personas)
      })
    : []
  const resourceIds = new Set(resources.map((r) => r.id))
  const pageNames = new Set(pages.map((p) => p.name))
  const translations = state.locale?.translations
  const cut = translations
    ? Object.fromEntries(
        Object.entries(translations).map(([language, t]) => [
          language,
          {
            ...t,
            labels: pick(t.labels, resourceIds),
            pages: pick(t.pages, pageNames),
            resources: pick(t.resources, resourceIds),
          },
        ]),
      )
    : undefined
  return {
    ...state,
    ...(state.resources ? { resources } : {}),
    ...(state.pages ? { pages } : {}),
    ...(state.locale && cut ? { locale: { ...state.locale, translations: cut } } : {}),
  }
}

/** The lists of a resource's state that repeat its properties (AdminJS writes each in full). */
const PROPERTY_LISTS = ['listProperties', 'editProperties', 'showProperties', 'filterProperties']

/**
 * The state with every entry of a resource's property lists that equals its entry in
 * `properties` written as that property's path: AdminJS repeats each property in full in up to
 * four lists, most of a page's weight. STATE_REHYDRATE puts them back before AdminJS starts.
 */
export function compactState(state: PageState): PageState {
  if (!state.resources) return state
  return {
    ...state,
    resources: state.resources.map((r) => {
      const properties = (r.properties ?? {}) as Record<string, unknown>
      const out: Record<string, unknown> = { ...r }
      for (const list of PROPERTY_LISTS) {
        const entries = r[list]
        if (!Array.isArray(entries)) continue
        out[list] = entries.map((p: unknown) => {
          const path = (p as { propertyPath?: unknown } | null)?.propertyPath
          return typeof path === 'string' &&
            Object.hasOwn(properties, path) &&
            JSON.stringify(properties[path]) === JSON.stringify(p)
            ? path
            : p
        })
      }
      return out as (typeof state.resources)[number]
    }),
  }
}

/** Browser code, run right after the state is set: the inverse of compactState. */
export const STATE_REHYDRATE = `(function (s) {
  var lists = ${JSON.stringify(PROPERTY_LISTS)};
  (s.resources || []).forEach(function (r) {
    lists.forEach(function (k) {
      if (Array.isArray(r[k])) r[k] = r[k].map(function (p) {
        return typeof p === 'string' ? r.properties[p] : p;
      });
    });
  });
})(window.REDUX_STATE);`

/** Thrown when a page does not have the shape this rewrite knows: the page is refused, not sent. */
class UnexpectedPage extends Error {}

/**
 * Rewrites one HTML page of AdminJS: every inlined JSON is parsed and written again escaped for
 * a `<script>` element, the state is cut to what the user may use and its repeated property
 * lists written as names (compactState, undone in the page by STATE_REHYDRATE), the outside font link goes,
 * and every script of the template gets the response's CSP nonce. Only the templates' own
 * scripts remain once the JSON is escaped, so nothing a name or value holds can carry the nonce.
 */
export function rewritePage(
  html: string,
  o: {
    admin: PlanetaryAdmin | undefined
    nonce: string
    pagePersonas: ReadonlyMap<string, readonly Persona[]>
  },
): string {
  const parse = (json: string): unknown => {
    try {
      return JSON.parse(json) as unknown
    } catch {
      throw new UnexpectedPage('inline JSON that does not parse')
    }
  }
  let lines = 0
  let out = html.replace(STATE_LINE, (_whole, name: string, json: string) => {
    lines += 1
    const value = parse(json)
    if (name !== 'REDUX_STATE') return `window.${name} = ${inlineJson(value)};\n`
    const state = compactState(visibleState(value as PageState, o.admin, o.pagePersonas))
    return `window.${name} = ${inlineJson(state)};\n${STATE_REHYDRATE}\n`
  })
  out = out.replace(APP_STATE_LINE, (_whole, json: string) => {
    lines += 1
    return `window.__APP_STATE__ = ${inlineJson(parse(json))};`
  })
  if (html.includes('window.REDUX_STATE') && lines === 0) {
    throw new UnexpectedPage('a page state this console cannot escape')
  }
  return out.replace(FONT_LINK, '').replace(SCRIPT_TAG, `<script nonce="${o.nonce}"`)
}

/**
 * Middleware: every HTML page sent below it goes through rewritePage; a page that cannot be made
 * safe is answered with a plain 500 instead.
 */
export function safePages(pagePersonas: ReadonlyMap<string, readonly Persona[]>) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const send = res.send.bind(res)
    res.send = (body?: unknown) => {
      if (typeof body !== 'string' || !/^\s*<!DOCTYPE html>/i.test(body)) return send(body)
      try {
        return send(
          rewritePage(body, {
            admin: req.session?.adminUser as PlanetaryAdmin | undefined,
            nonce: String(res.locals.cspNonce ?? ''),
            pagePersonas,
          }),
        )
      } catch (err) {
        if (!(err instanceof UnexpectedPage)) throw err
        console.error(`Refused to send ${req.originalUrl}: ${err.message}`)
        return res.status(500).type('text/plain').send('This page could not be rendered safely')
      }
    }
    next()
  }
}

import type { ResourceOptions } from '../../core/config/schema.js'
import type { ViewModel } from './model.js'

/*
 * What Karen calls a view's rows, Django-style: `verbose_name` ("invoice") and
 * `verbose_name_plural` ("invoices"). Headings, the sidebar and the browser tab use them instead
 * of the view's SQL name.
 */

export interface ViewLabels {
  /** One row: "invoice". */
  readonly verboseName: string
  /** The list: "invoices". */
  readonly verboseNamePlural: string
}

const MAX_LABEL = 80
/** Words that mark a relation as a view in its name, between what its rows are and which. */
const VIEW_WORD = /^(?:v|vw|view)$/

function clean(text: string | undefined): string | undefined {
  // Control characters never reach a heading; a label is one short line.
  const t = text
    ?.replace(/[\p{Cc}\p{Cf}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  return t && t.length > 0 ? t.slice(0, MAX_LABEL) : undefined
}

/**
 * `@verbose_name …` and `@verbose_name_plural …` lines of a view's COMMENT (PostGraphile-style
 * tags: the rest of the comment stays a description).
 *
 * @example commentTags("Invoices of a tenant.\n@verbose_name bill") // { verbose_name: 'bill' }
 */
export function commentTags(comment: string | null): {
  verbose_name?: string
  verbose_name_plural?: string
} {
  const out: { verbose_name?: string; verbose_name_plural?: string } = {}
  for (const line of (comment ?? '').split(/\r?\n/)) {
    const m = /^\s*@(verbose_name|verbose_name_plural)\s+(.+)$/.exec(line)
    const value = clean(m?.[2])
    if (m && value) out[m[1] as 'verbose_name' | 'verbose_name_plural'] = value
  }
  return out
}

/**
 * A view's SQL name in words when it is a plain snake_case name: the words before a "v" / "view"
 * word name the rows, the words after it say which ones — `invoice_v` → "invoice" / "invoices",
 * `invoice_v_finance` → "invoice (finance)" / "invoices (finance)". Undefined for any other name,
 * which is shown exactly as PostgreSQL has it.
 */
export function humanize(name: string): ViewLabels | undefined {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) return undefined
  const words = name.split('_').filter((w) => w !== '')
  const at = words.findIndex((w, i) => i > 0 && VIEW_WORD.test(w))
  const noun = (at > 0 ? words.slice(0, at) : words).join(' ')
  const which = at > 0 ? words.slice(at + 1).join(' ') : ''
  const label = (n: string) => (which ? `${n} (${which})` : n)
  // A name that already reads as a plural ("open_orders_v") keeps it.
  return {
    verboseName: label(noun),
    verboseNamePlural: label(noun.endsWith('s') ? noun : `${noun}s`),
  }
}

/** The first letter upper case, as Django's capfirst: "invoices" → "Invoices". */
export function capfirst(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1)
}

/**
 * The labels of a view: the resource's `verbose_name` / `verbose_name_plural` options first, then
 * the tags of its COMMENT, then its name in words (a plain snake_case name) or as it is. As Django,
 * a missing plural is the singular with an "s".
 *
 * @example viewLabels({ name: 'invoice_v', comment: null }, undefined) // { verboseName: 'invoice', verboseNamePlural: 'invoices' }
 */
export function viewLabels(
  model: Pick<ViewModel, 'name' | 'comment'>,
  options: Pick<ResourceOptions, 'verbose_name' | 'verbose_name_plural'> | undefined,
): ViewLabels {
  const tags = commentTags(model.comment)
  const configured = clean(options?.verbose_name)
  const plural =
    clean(options?.verbose_name_plural) ??
    (configured === undefined ? tags.verbose_name_plural : undefined)
  const named = configured ?? tags.verbose_name
  if (named !== undefined) return { verboseName: named, verboseNamePlural: plural ?? `${named}s` }
  // An unusual name stays what it is, plural too: an "s" would make it another name.
  const words = humanize(model.name) ?? { verboseName: model.name, verboseNamePlural: model.name }
  return plural === undefined ? words : { ...words, verboseNamePlural: plural }
}

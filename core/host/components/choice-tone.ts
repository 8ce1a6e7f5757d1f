import type { Tone } from '../../plugin/components/controls.jsx'

/*
 * The badge tone of an enum value on Karen's pages: every status its own colour, so "paid" and
 * "void" are told apart at a glance. Common status words take the tone people expect; any other
 * value takes a tone by its place among the type's values, the same on every page.
 */

const WORDS: readonly (readonly [Tone, RegExp])[] = [
  ['ok', /^(paid|active|done|complete(d)?|approved|accepted|success(ful)?|ok|settled|shipped)$/],
  ['error', /^(void(ed)?|fail(ed|ure)?|error|rejected|cancel(l)?ed|overdue|blocked|refused)$/],
  ['warning', /^(pending|due|waiting|on[ _-]?hold|review|in[ _-]?review|partial|late)$/],
  ['info', /^(sent|new|submitted|issued|open|scheduled|in[ _-]?progress)$/],
  ['muted', /^(draft|archived|inactive|closed|unknown|none)$/],
]

const BY_PLACE: readonly Tone[] = ['info', 'accent', 'ok', 'warning', 'muted', 'error']

/** @example choiceTone('paid', ['draft', 'sent', 'paid', 'void']) // 'ok' */
export function choiceTone(value: string, values: readonly string[]): Tone {
  const word = value.trim().toLowerCase()
  for (const [tone, pattern] of WORDS) if (pattern.test(word)) return tone
  const place = values.indexOf(value)
  return BY_PLACE[(place < 0 ? 0 : place) % BY_PLACE.length] as Tone
}

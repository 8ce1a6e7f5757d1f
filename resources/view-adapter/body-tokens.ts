/*
 * A PL/pgSQL body as tokens: identifiers (unquoted ones folded to lower case, as PostgreSQL
 * does), operators and punctuation. Comments, string literals and dollar-quoted strings are
 * skipped, so a `NEW.x` inside a message or a comment is never mistaken for a use of the row.
 */

export type BodyToken =
  | { readonly kind: 'ident'; readonly text: string; readonly quoted: boolean }
  | { readonly kind: 'punct'; readonly text: string }
  | { readonly kind: 'literal' }

const IDENT_START = /[A-Za-z_\u0080-\uffff]/
const IDENT_PART = /[A-Za-z0-9_$\u0080-\uffff]/
const TWO_CHAR = new Set([':=', '::', '<>', '!=', '>=', '<=', '=>', '||'])

/**
 * Splits a function body into tokens.
 *
 * @example bodyTokens("NEW.a := 'x'; -- NEW.b") // ident new, punct ., ident a, punct :=, literal, punct ;
 */
export function bodyTokens(src: string): BodyToken[] {
  const out: BodyToken[] = []
  let i = 0
  const n = src.length
  while (i < n) {
    const ch = src[i] as string
    const next = src[i + 1]
    if (/\s/.test(ch)) {
      i++
    } else if (ch === '-' && next === '-') {
      const end = src.indexOf('\n', i)
      i = end < 0 ? n : end + 1
    } else if (ch === '/' && next === '*') {
      let depth = 1
      i += 2
      while (i < n && depth > 0) {
        if (src.startsWith('/*', i)) {
          depth++
          i += 2
        } else if (src.startsWith('*/', i)) {
          depth--
          i += 2
        } else i++
      }
    } else if (ch === "'" || ((ch === 'E' || ch === 'e') && next === "'")) {
      const backslash = ch !== "'"
      i += backslash ? 2 : 1
      while (i < n) {
        if (backslash && src[i] === '\\') i += 2
        else if (src[i] === "'" && src[i + 1] === "'") i += 2
        else if (src[i] === "'") {
          i++
          break
        } else i++
      }
      out.push({ kind: 'literal' })
    } else if (ch === '$' && /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.test(src.slice(i, i + 64))) {
      const tag = (
        /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(src.slice(i, i + 64)) as RegExpExecArray
      )[0]
      const end = src.indexOf(tag, i + tag.length)
      i = end < 0 ? n : end + tag.length
      out.push({ kind: 'literal' })
    } else if (ch === '"') {
      let text = ''
      i++
      while (i < n) {
        if (src[i] === '"' && src[i + 1] === '"') {
          text += '"'
          i += 2
        } else if (src[i] === '"') {
          i++
          break
        } else text += src[i++]
      }
      out.push({ kind: 'ident', text, quoted: true })
    } else if (IDENT_START.test(ch)) {
      let j = i + 1
      while (j < n && IDENT_PART.test(src[j] as string)) j++
      out.push({ kind: 'ident', text: src.slice(i, j).toLowerCase(), quoted: false })
      i = j
    } else if (/[0-9]/.test(ch)) {
      let j = i + 1
      while (j < n && /[0-9.eE]/.test(src[j] as string)) j++
      out.push({ kind: 'literal' })
      i = j
    } else if (next !== undefined && TWO_CHAR.has(ch + next)) {
      out.push({ kind: 'punct', text: ch + next })
      i += 2
    } else {
      out.push({ kind: 'punct', text: ch })
      i++
    }
  }
  return out
}

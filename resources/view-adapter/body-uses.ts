import { bodyTokens, type BodyToken } from './body-tokens.js'

/*
 * What an INSTEAD OF trigger function does with the row it is given, read from its PL/pgSQL
 * body without running it. Conservative: whenever the whole row goes somewhere this cannot
 * follow (a dynamic EXECUTE, a built-in taking a record, an unknown call), every column counts
 * as read, so a column is only ever called ignored or filled when the body proves it.
 */

/** A function the whole row is handed to as its only argument: `app.validate_invoice(NEW)`. */
export interface RowCall {
  readonly schema: string | null
  readonly name: string
}

export interface BodyUses {
  /** Columns whose NEW value the body reads (`NEW.x` anywhere but as an assignment target). */
  readonly reads: ReadonlySet<string>
  /** Columns the body assigns (`NEW.x := …`, `… INTO NEW.x`). */
  readonly writes: ReadonlySet<string>
  /** Columns assigned unconditionally before anything read them: the posted value is dropped. */
  readonly overwrites: ReadonlySet<string>
  /** The whole row escapes where it cannot be followed: every column may be read. */
  readonly opaque: boolean
  /** Functions the whole row is passed to, to be followed one level. */
  readonly calls: readonly RowCall[]
}

const STATEMENT_START = new Set(['then', 'else', 'loop', 'begin', 'declare'])
const OPENERS = new Set(['if', 'loop', 'case'])

const isIdent = (t: BodyToken | undefined, text?: string): boolean =>
  t?.kind === 'ident' && (text === undefined || (!t.quoted && t.text === text))
const isPunct = (t: BodyToken | undefined, text: string): boolean =>
  t?.kind === 'punct' && t.text === text
const identText = (t: BodyToken | undefined): string | undefined =>
  t?.kind === 'ident' ? t.text : undefined

/**
 * Reads a trigger body's uses of the row variable (`new` for INSERT / UPDATE triggers).
 *
 * @example triggerBodyUses("BEGIN NEW.t := 1; INSERT INTO x VALUES (NEW.a); RETURN NEW; END")
 * // reads {a}, writes {t}, overwrites {t}
 */
export function triggerBodyUses(src: string, row = 'new'): BodyUses {
  const tokens = bodyTokens(src)
  const reads = new Set<string>()
  const writes = new Set<string>()
  const overwrites = new Set<string>()
  const calls: RowCall[] = []
  let opaque = false
  let wholeSeen = false
  let depth = 0
  let afterException = false
  let inInto = false

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as BodyToken
    const prev = tokens[i - 1]
    if (t.kind === 'ident' && !t.quoted) {
      const prevWord = identText(prev)
      if (t.text === 'begin') depth++
      else if (OPENERS.has(t.text) && !(prevWord === 'end' && prev?.kind === 'ident')) depth++
      else if (t.text === 'end') depth--
      else if (t.text === 'exception' && depth === 1) afterException = true
      if (t.text === 'into' && prevWord !== 'insert' && prevWord !== 'merge') {
        inInto = true
        continue
      }
    }
    const isRow = t.kind === 'ident' && !t.quoted && t.text === row && !isPunct(prev, '.')
    if (!isRow) {
      // An INTO list is names, dots, commas (and STRICT); anything else ends it.
      if (inInto && !(t.kind === 'ident' || isPunct(t, '.') || isPunct(t, ','))) inInto = false
      continue
    }
    const conditional = depth !== 1 || afterException
    const next = tokens[i + 1]
    const col = tokens[i + 2]
    if (isPunct(next, '.') && col?.kind === 'ident') {
      const name = col.text
      const after = tokens[i + 3]
      const atStart =
        prev === undefined ||
        isPunct(prev, ';') ||
        (prev.kind === 'ident' && !prev.quoted && STATEMENT_START.has(prev.text))
      if (inInto) {
        writes.add(name)
        if (!conditional && !reads.has(name) && !wholeSeen) overwrites.add(name)
      } else if (atStart && (isPunct(after, ':=') || isPunct(after, '='))) {
        writes.add(name)
        let selfRead = false
        for (let j = i + 4; j < tokens.length && !isPunct(tokens[j], ';'); j++) {
          if (
            isIdent(tokens[j], row) &&
            isPunct(tokens[j + 1], '.') &&
            identText(tokens[j + 2]) === name
          ) {
            selfRead = true
          }
        }
        if (!selfRead && !conditional && !reads.has(name) && !wholeSeen) overwrites.add(name)
      } else {
        reads.add(name)
      }
      i += 2
      continue
    }
    // The whole row.
    if (isIdent(prev, 'return') && isPunct(next, ';')) continue
    wholeSeen = true
    const fn = tokens[i - 2]
    if (isPunct(prev, '(') && isPunct(next, ')') && fn?.kind === 'ident') {
      const schema = isPunct(tokens[i - 3], '.') ? identText(tokens[i - 4]) : undefined
      calls.push({ schema: schema ?? null, name: fn.text })
      continue
    }
    opaque = true
  }
  return { reads, writes, overwrites, opaque, calls }
}

/**
 * The columns a function reads from its row parameter (`inv.amount`), or null when the row is
 * used whole or positionally (`$1`) and any column may be read.
 */
export function parameterReads(src: string, param: string): Set<string> | null {
  const tokens = bodyTokens(src)
  const reads = new Set<string>()
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as BodyToken
    if (isPunct(t, '$')) return null
    if (!(t.kind === 'ident' && t.text === param && !isPunct(tokens[i - 1], '.'))) continue
    const col = tokens[i + 2]
    if (!isPunct(tokens[i + 1], '.') || col?.kind !== 'ident') return null
    reads.add(col.text)
    i += 2
  }
  return reads
}

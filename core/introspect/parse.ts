/**
 * Small, pure helpers the mappers share: turning catalog text forms into plain values.
 */

/**
 * `reloptions`-style arrays (`{security_barrier=true,fillfactor=70}`) into a record. The value
 * is everything after the first `=`, so values holding `=` survive.
 *
 * @example parseOptions(['fillfactor=70']) // { fillfactor: '70' }
 */
export function parseOptions(
  options: readonly string[] | null | undefined,
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const option of options ?? []) {
    const eq = option.indexOf('=')
    if (eq < 0) out[option] = ''
    else out[option.slice(0, eq)] = option.slice(eq + 1)
  }
  return out
}

/**
 * Undoes `quote_ident` as printed by `regrole` / `regclass` output: `"Order ""X"""` becomes
 * `Order "X"`; unquoted names come back as they are.
 *
 * @example unquoteIdent('"Mixed Case"') // 'Mixed Case'
 */
export function unquoteIdent(text: string): string {
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    return text.slice(1, -1).replaceAll('""', '"')
  }
  return text
}

/** A timestamp from the driver (a Date) as an ISO string, so snapshots serialize plainly. */
export function isoOrNull(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString()
}

/** int8 / numeric arrive as strings (see core/db/pool.ts); counts and sizes fit a double. */
export function toNumber(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null
  return typeof value === 'number' ? value : Number(value)
}

/**
 * Splits `pg_trigger.tgargs` (NUL-terminated strings in a bytea) into its arguments.
 *
 * @example triggerArgs(Buffer.from('a\0b\0'), 2) // ['a', 'b']
 */
export function triggerArgs(tgargs: Buffer | null, count: number): string[] {
  if (!tgargs || count === 0) return []
  return tgargs.toString('utf8').split('\0').slice(0, count)
}

/**
 * Takes the WHEN condition out of `pg_get_triggerdef` text: the parenthesized expression after
 * ` WHEN `, matched by balanced parentheses that skip quoted strings and identifiers. PostgreSQL
 * has no function that deparses tgqual alone (it refers to OLD and NEW at once).
 *
 * @example triggerWhen('CREATE TRIGGER t BEFORE UPDATE ON s.t FOR EACH ROW WHEN ((new.a > 0)) EXECUTE FUNCTION f()') // '(new.a > 0)'
 */
export function triggerWhen(definition: string | null): string | null {
  if (!definition) return null
  const marker = ' WHEN ('
  const start = definition.indexOf(marker)
  if (start < 0) return null
  let depth = 0
  let quote: string | null = null
  const open = start + marker.length - 1
  for (let i = open; i < definition.length; i++) {
    const ch = definition[i]
    if (quote) {
      if (ch === quote) {
        if (definition[i + 1] === quote) i++
        else quote = null
      }
      continue
    }
    if (ch === "'" || ch === '"') quote = ch
    else if (ch === '(') depth++
    else if (ch === ')') {
      depth--
      if (depth === 0) return definition.slice(open + 1, i)
    }
  }
  return null
}

/**
 * `JSON.stringify(value, null, 2)` of a plain object (no `toJSON` of its own), cut into chunks of whole lines: one per
 * top-level scalar, one per element of a top-level array. Joined with newlines the chunks are
 * exactly the one string, but a caller that writes them as they come never holds it whole.
 *
 * A string in JSON has its newlines escaped, so every newline of a nested value's text is
 * indentation, and indenting it one level deeper is a plain replace.
 *
 * @example for (const chunk of jsonLines(snapshot)) process.stdout.write(`${chunk}\n`)
 */
export function* jsonLines(value: object): Generator<string> {
  const nested = (v: unknown, indent: string) =>
    // Inside an array, what JSON has no text for (undefined, functions) is null.
    (JSON.stringify(v, null, 2) ?? 'null').replaceAll('\n', `\n${indent}`)
  // JSON.stringify leaves out the keys whose value has no JSON text.
  const entries = Object.entries(value).filter(
    ([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol',
  )
  if (entries.length === 0) {
    yield '{}'
    return
  }
  yield '{'
  for (const [i, [key, v]] of entries.entries()) {
    const comma = i < entries.length - 1 ? ',' : ''
    if (Array.isArray(v) && v.length > 0) {
      yield `  ${JSON.stringify(key)}: [`
      for (const [j, item] of v.entries()) {
        yield `    ${nested(item, '    ')}${j < v.length - 1 ? ',' : ''}`
      }
      yield `  ]${comma}`
    } else {
      yield `  ${JSON.stringify(key)}: ${nested(v, '  ')}${comma}`
    }
  }
  yield '}'
}

/** Characters that end or confuse an inline `<script>`, as JSON escapes that parse back unchanged. */
const UNSAFE: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
}

/**
 * JSON that is safe inside an HTML `<script>` element: a `</script>` or `<!--` in any name or value
 * stays a string, because `<`, `>`, `&`, U+2028 and U+2029 are written as `\uXXXX` escapes.
 *
 * @example
 * inlineJson({ name: '</script>' }) // '{"name":"\u003c/script\u003e"}'
 */
export function inlineJson(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(/[<>&\u2028\u2029]/g, (c) => UNSAFE[c] ?? c)
}

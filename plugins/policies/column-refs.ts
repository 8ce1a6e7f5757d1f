import { ParseError, parseExpression, type ParsedExpression } from '../../core/parse/parse.js'
import { columnRefs, type ColumnRefNode } from '../../core/parse/column-refs.js'

// parseExpression parses `SELECT (\n<text>\n)`: tree locations count from the start of that.
const EXPRESSION_OFFSET = Buffer.byteLength('SELECT (\n')

/** The 1-based character position in `text` of a parse-tree location of parseExpression. */
export function positionIn(text: string, location: number | undefined): number | undefined {
  if (location === undefined) return undefined
  return (
    Buffer.from(text)
      .subarray(0, location - EXPRESSION_OFFSET)
      .toString().length + 1
  )
}

/**
 * Parses one USING / WITH CHECK text and checks that every column it names belongs to the table,
 * so a typo is refused on its field, with its position, before anything reaches the database
 * (PostgreSQL reports no position for errors inside CREATE POLICY). Returns the parsed text.
 *
 * @example await checkExpression('tenant = 1', 'using', { schema: 'app', name: 't' }, ['tenant_id'])
 * // throws ParseError: using: no column "tenant" in app.t at position 1
 */
export async function checkExpression(
  text: string,
  field: string,
  table: { readonly schema: string; readonly name: string },
  columns: readonly string[],
): Promise<ParsedExpression> {
  const parsed = await parseExpression(text, field)
  const refs: ColumnRefNode[] = []
  columnRefs(parsed.tree, refs)
  for (const ref of refs) {
    const parts = (ref.fields ?? []).map((f) => f.String?.sval)
    const column =
      parts.length === 1
        ? parts[0]
        : parts.length === 2 && parts[0] === table.name
          ? parts[1]
          : undefined
    if (column === undefined || columns.includes(column)) continue
    const position = positionIn(text, ref.location)
    throw new ParseError(
      `no column "${column}" in ${table.schema}.${table.name}${position === undefined ? '' : ` at position ${position}`}`,
      position,
      field,
    )
  }
  return parsed
}

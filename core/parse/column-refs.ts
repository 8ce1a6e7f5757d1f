/** A ColumnRef node of the PostgreSQL parse tree: the dotted name parts and the position. */
export interface ColumnRefNode {
  readonly fields?: readonly { readonly String?: { readonly sval?: string } }[]
  readonly location?: number
}

/**
 * Column references of a parsed expression outside subqueries — in a policy, a CHECK or an index
 * predicate they can only mean the table's own columns.
 */
export function columnRefs(node: unknown, out: ColumnRefNode[] = []): ColumnRefNode[] {
  if (Array.isArray(node)) {
    for (const n of node) columnRefs(n, out)
    return out
  }
  if (typeof node !== 'object' || node === null) return out
  for (const [key, value] of Object.entries(node)) {
    if (key === 'SubLink') continue
    if (key === 'ColumnRef') out.push(value as ColumnRefNode)
    else columnRefs(value, out)
  }
  return out
}

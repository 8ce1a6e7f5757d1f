/** A FuncCall node of the PostgreSQL parse tree: the dotted function name and the position. */
interface FuncCallNode {
  readonly funcname?: readonly { readonly String?: { readonly sval?: string } }[]
  readonly location?: number
}

/**
 * Every function a parsed expression calls, subqueries included, by its unqualified name in
 * lower case (`pg_catalog.set_config(…)` → `set_config`), with the call's position in the tree.
 */
export function functionCalls(
  node: unknown,
  out: { name: string; location: number | undefined }[] = [],
): { name: string; location: number | undefined }[] {
  if (Array.isArray(node)) {
    for (const n of node) functionCalls(n, out)
    return out
  }
  if (typeof node !== 'object' || node === null) return out
  for (const [key, value] of Object.entries(node)) {
    if (key === 'FuncCall') {
      const call = value as FuncCallNode
      const name = call.funcname?.at(-1)?.String?.sval
      if (name) out.push({ name: name.toLowerCase(), location: call.location })
    }
    functionCalls(value, out)
  }
  return out
}

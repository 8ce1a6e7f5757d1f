/**
 * A reader for `pg_node_tree` text (pg_rewrite.ev_action), enough to find where each column of a
 * view comes from. PostgreSQL's parser records, for every output column of a query, the base
 * table and column it is a plain reference to (`:resorigtbl` / `:resorigcol`) — the same trail
 * PostgREST follows to give views the primary key of their base table.
 *
 * The tokenizer mirrors PostgreSQL's `pg_strtok` (readfuncs.c): `(`, `)`, `{`, `}` are tokens of
 * their own, everything else runs to the next blank or bracket, a backslash escapes the next
 * character, and `<>` is the empty token (NULL).
 */

export type NodeValue = PgNode | NodeValue[] | string | null

export interface PgNode {
  readonly type: string
  readonly fields: Readonly<Record<string, NodeValue>>
}

interface Token {
  readonly text: string
  /** True for an unescaped `(`, `)`, `{` or `}`. */
  readonly structural: boolean
}

function isBlank(ch: string): boolean {
  return ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r'
}

function isBracket(ch: string): boolean {
  return ch === '(' || ch === ')' || ch === '{' || ch === '}'
}

class Tokenizer {
  private pos = 0
  private peeked: Token | null | undefined = undefined

  constructor(private readonly text: string) {}

  peek(): Token | null {
    if (this.peeked === undefined) this.peeked = this.read()
    return this.peeked
  }

  next(): Token | null {
    const t = this.peek()
    this.peeked = undefined
    return t
  }

  private read(): Token | null {
    const s = this.text
    while (this.pos < s.length && isBlank(s[this.pos] as string)) this.pos++
    if (this.pos >= s.length) return null
    const first = s[this.pos] as string
    if (isBracket(first)) {
      this.pos++
      return { text: first, structural: true }
    }
    let out = ''
    while (this.pos < s.length) {
      const ch = s[this.pos] as string
      if (isBlank(ch) || isBracket(ch)) break
      if (ch === '\\' && this.pos + 1 < s.length) {
        out += s[this.pos + 1]
        this.pos += 2
        continue
      }
      out += ch
      this.pos++
    }
    return { text: out, structural: false }
  }
}

class NodeTreeSyntaxError extends Error {
  override readonly name = 'NodeTreeSyntaxError'
}

function isOpen(t: Token | null, ch: '(' | '{'): boolean {
  return t !== null && t.structural && t.text === ch
}

function parseValue(tz: Tokenizer): NodeValue {
  const t = tz.next()
  if (t === null) throw new NodeTreeSyntaxError('unexpected end of node tree')
  if (t.structural && t.text === '{') return parseNode(tz)
  if (t.structural && t.text === '(') {
    const items: NodeValue[] = []
    for (;;) {
      const p = tz.peek()
      if (p === null) throw new NodeTreeSyntaxError('unterminated list')
      if (p.structural && p.text === ')') {
        tz.next()
        return items
      }
      items.push(parseValue(tz))
    }
  }
  if (t.structural) throw new NodeTreeSyntaxError(`unexpected ${t.text}`)
  return t.text === '<>' ? null : t.text
}

function parseNode(tz: Tokenizer): PgNode {
  const name = tz.next()
  if (name === null || name.structural) throw new NodeTreeSyntaxError('node without a name')
  const fields: Record<string, NodeValue> = {}
  for (;;) {
    const t = tz.next()
    if (t === null) throw new NodeTreeSyntaxError(`unterminated {${name.text}`)
    if (t.structural && t.text === '}') return { type: name.text, fields }
    if (t.structural || !t.text.startsWith(':')) {
      throw new NodeTreeSyntaxError(`expected a field of ${name.text}, got ${t.text}`)
    }
    const p = tz.peek()
    if (p === null) throw new NodeTreeSyntaxError('unexpected end of node tree')
    if (p.structural && p.text === '}') {
      fields[t.text.slice(1)] = null
      continue
    }
    if (isOpen(p, '{') || isOpen(p, '(')) {
      fields[t.text.slice(1)] = parseValue(tz)
      continue
    }
    // Exactly one atom per field, so a value that itself starts with ':' is not a field name…
    let atom = (tz.next() as Token).text
    // …except a Datum, written as `len [ b0 b1 … ]`.
    const after = tz.peek()
    if (after && !after.structural && after.text === '[') {
      const bytes: string[] = []
      tz.next()
      for (;;) {
        const b = tz.next()
        if (b === null) throw new NodeTreeSyntaxError('unterminated datum')
        if (!b.structural && b.text === ']') break
        bytes.push(b.text)
      }
      atom = `${atom} [ ${bytes.join(' ')} ]`
    }
    fields[t.text.slice(1)] = atom === '<>' ? null : atom
  }
}

/** Parses a whole `pg_node_tree` text into nodes, lists and atoms. */
export function parseNodeTree(text: string): NodeValue {
  const tz = new Tokenizer(text)
  const value = parseValue(tz)
  if (tz.peek() !== null) throw new NodeTreeSyntaxError('trailing text after the node tree')
  return value
}

export interface TargetOrigin {
  /** Position in the view's output, equal to the view column's attnum. */
  readonly resno: number
  readonly resname: string | null
  /** OID of the base table the column is a plain reference to, 0 when it is computed. */
  readonly origTable: number
  readonly origColumn: number
}

export interface ViewQueryShape {
  readonly targets: readonly TargetOrigin[]
  /**
   * Reasons a row of the view is not one row of a base table (aggregates, grouping, DISTINCT,
   * set operations, set-returning functions in the select list); empty when there are none.
   */
  readonly rowMerging: readonly string[]
}

function isNode(v: NodeValue | undefined): v is PgNode {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function intField(node: PgNode, field: string): number {
  const v = node.fields[field]
  return typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : 0
}

function present(node: PgNode, field: string): boolean {
  const v = node.fields[field]
  if (v === null || v === undefined) return false
  if (Array.isArray(v)) return v.length > 0
  if (typeof v === 'string') return v === 'true'
  return true
}

/**
 * The output columns of a view's query with their origins, read from `pg_rewrite.ev_action`.
 * Only the top-level query's target list counts; subqueries and CTEs are skipped.
 *
 * @example parseViewQuery(evAction).targets // [{ resno: 1, resname: 'id', origTable: 16386, origColumn: 1 }, …]
 */
export function parseViewQuery(evAction: string): ViewQueryShape {
  const tree = parseNodeTree(evAction)
  const query = Array.isArray(tree) ? tree[0] : tree
  if (!isNode(query) || query.type !== 'QUERY') {
    throw new NodeTreeSyntaxError('ev_action does not hold a QUERY node')
  }
  const list = query.fields['targetList']
  const targets: TargetOrigin[] = []
  for (const entry of Array.isArray(list) ? list : []) {
    if (!isNode(entry) || entry.type !== 'TARGETENTRY') continue
    if (entry.fields['resjunk'] === 'true') continue
    const resname = entry.fields['resname']
    targets.push({
      resno: intField(entry, 'resno'),
      resname: typeof resname === 'string' ? resname : null,
      origTable: intField(entry, 'resorigtbl'),
      origColumn: intField(entry, 'resorigcol'),
    })
  }
  const rowMerging: string[] = []
  if (present(query, 'hasAggs')) rowMerging.push('aggregates rows')
  if (present(query, 'groupClause') || present(query, 'groupingSets')) {
    rowMerging.push('groups rows (GROUP BY)')
  }
  if (present(query, 'hasWindowFuncs')) rowMerging.push('uses window functions')
  if (present(query, 'distinctClause')) rowMerging.push('uses DISTINCT')
  if (present(query, 'setOperations')) rowMerging.push('combines queries (UNION/INTERSECT/EXCEPT)')
  if (present(query, 'hasTargetSRFs'))
    rowMerging.push('has set-returning functions in its select list')
  return { targets, rowMerging }
}

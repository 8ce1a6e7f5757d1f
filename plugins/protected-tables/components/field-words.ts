/**
 * Refusals and warnings name form fields by path (`views.1.columns.4.redaction`), the way the
 * builders and zod report them; people read them as words ("View customer_v_masked, column card,
 * redaction"). Pure, no React: the pages and the unit tests share it.
 */

/** What the paths point into: names make "View customer_v" out of `views.0`. */
export interface FieldNames {
  views?: readonly {
    name?: string
    columns?: readonly { name?: string }[]
    grants?: readonly { role?: string }[]
  }[]
  policies?: readonly { name?: string }[]
}

const WORDS: Readonly<Record<string, string>> = {
  name: 'name',
  schema: 'schema',
  comment: 'comment',
  columns: 'columns',
  grants: 'roles',
  privileges: 'privileges',
  triggers: 'INSTEAD OF triggers',
  body: 'body',
  language: 'language',
  mode: 'mode',
  as: 'new name',
  redaction: 'redaction',
  args: 'argument type',
  returns: 'result type',
  keepStart: 'characters kept at the start',
  keepEnd: 'characters kept at the end',
  securityBarrier: 'security_barrier',
  securityInvoker: 'security_invoker',
  using: 'USING',
  withCheck: 'WITH CHECK',
  command: 'command',
  roles: 'roles',
  template: 'template',
  params: 'setting',
  conditions: 'conditions',
  claim: 'claim',
  value: 'value',
  column: 'column',
}

const TOP: Readonly<Record<string, string>> = {
  table: 'Table',
  views: 'Views',
  policies: 'Policies',
  appRoles: 'Roles to revoke from',
  redaction: 'Redaction library',
  form: 'The form',
  input: 'The form',
  mode: 'Run mode',
  action: 'Action',
}

/** camelCase and snake_case as words: `primaryKey` → `primary key`. */
function words(segment: string): string {
  return WORDS[segment] ?? segment.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
}

const named = (kind: string, name: string | undefined, index: number) =>
  name ? `${kind} ${name}` : `${kind} ${index + 1}`

/** The parts under a view: `columns.4.redaction` → ['column card', 'redaction']. */
function viewParts(rest: string[], view: NonNullable<FieldNames['views']>[number] | undefined) {
  const out: string[] = []
  for (let k = 0; k < rest.length; k++) {
    const s = rest[k] as string
    const next = rest[k + 1]
    const n = next !== undefined && /^\d+$/.test(next) ? Number(next) : undefined
    if (s === 'columns' && n !== undefined) {
      out.push(named('column', view?.columns?.[n]?.name, n))
      k++
      // `columns.2.name` is the column itself.
      if (rest[k + 1] === 'name') k++
    } else if (s === 'grants' && n !== undefined) {
      out.push(named('role', view?.grants?.[n]?.role, n))
      k++
      if (rest[k + 1] === 'role') k++
    } else if (s === 'triggers' && next !== undefined) {
      out.push(`${next.toUpperCase()} trigger`)
      k++
    } else {
      out.push(words(s))
    }
  }
  return out
}

/**
 * A field's path as words, with the names the form holds.
 *
 * @example fieldLabel('views.1.columns.4.redaction', form) // 'View customer_v_masked, column card, redaction'
 * @example fieldLabel('table.schema') // 'Table'
 */
export function fieldLabel(path: string, names: FieldNames = {}): string {
  const [head = '', ...rest] = path.split('.').filter((s) => s !== '')
  if (head === '') return 'The form'
  if (head === 'table') return 'Table'
  if (head === 'views' && rest[0] !== undefined && /^\d+$/.test(rest[0])) {
    const i = Number(rest[0])
    const view = names.views?.[i]
    return [named('View', view?.name, i), ...viewParts(rest.slice(1), view)].join(', ')
  }
  if (head === 'policies' && rest[0] !== undefined && /^\d+$/.test(rest[0])) {
    const i = Number(rest[0])
    const parts = rest.slice(1).flatMap((s, k, all) => {
      if (/^\d+$/.test(s)) return all[k - 1] === 'conditions' ? [`${Number(s) + 1}`] : []
      return all[k - 1] === 'params' ? [s.replace(/_/g, ' ')] : [words(s)]
    })
    return [named('Policy', names.policies?.[i]?.name, i), ...parts].join(', ')
  }
  if (head === 'appRoles') return TOP.appRoles as string
  const top = TOP[head] ?? words(head).replace(/^./, (c) => c.toUpperCase())
  return [top, ...rest.filter((s) => !/^\d+$/.test(s)).map(words)].join(', ')
}

/**
 * A field below the one a message sits beside, as words: `redaction.args` under a column row
 * → 'Redaction, argument type'; empty for the field itself.
 */
export function relativeLabel(key: string, under: string): string {
  if (key === under || !key.startsWith(`${under}.`)) return ''
  const label = key
    .slice(under.length + 1)
    .split('.')
    .filter((s) => !/^\d+$/.test(s))
    .map(words)
    .join(', ')
  return label.replace(/^./, (c) => c.toUpperCase())
}

/** What an empty required field asks for, by the field's last name. */
function required(path: string): string | undefined {
  const parts = path.split('.')
  const last = parts.at(-1) ?? ''
  const parent = parts.at(-2) ?? ''
  if (parts[0] === 'table') return 'Choose a table'
  if (parts[0] === 'views' && parts.length === 3 && last === 'name') return 'Give the view a name'
  if (last === 'role') return 'Choose a role'
  if (parts[0] === 'policies' && parts.length === 3 && last === 'name')
    return 'Give the policy a name'
  if (last === 'redaction' || parent === 'redaction') return 'Choose a redaction function'
  return undefined
}

/** zod's own wording for a value that is missing or empty. */
const MISSING =
  /^(is required|required|invalid input: expected \w+, received (undefined|null)|too small: expected string to have >=1 characters?)$/i

/**
 * A refusal or warning as one sentence: the field in words, then what is wrong. An empty
 * required field asks for what it wants ("Choose a table"); a message that already names the
 * field is not prefixed twice.
 *
 * @example fieldSentence('table.schema', 'is required') // 'Choose a table'
 * @example fieldSentence('views.0.name', 'is longer than 63 bytes', form) // 'View customer_v, name is longer than 63 bytes'
 */
export function fieldSentence(path: string, message: string, names: FieldNames = {}): string {
  const m = message.trim()
  if (MISSING.test(m)) {
    const ask = required(path)
    return ask ?? `${fieldLabel(path, names)} is required`
  }
  const label = fieldLabel(path, names)
  if (m.toLowerCase().includes(label.toLowerCase()) || /^choose a table$/i.test(m)) {
    return m.replace(/^./, (c) => c.toUpperCase())
  }
  if (/^(is|are|has|must|needs?|contains)\b/i.test(m)) return `${label} ${m}`
  return `${label}: ${m}`
}

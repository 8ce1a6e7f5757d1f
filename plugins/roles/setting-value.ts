import type { SettingValue } from '../../core/builders/role-settings.js'
import { parseStatement } from '../../core/parse/parse.js'

interface ConstNode {
  A_Const?: {
    sval?: { sval: string }
    ival?: { ival?: number }
    fval?: { fval: string }
    boolval?: { boolval?: boolean }
  }
}

function constant(node: ConstNode): string | number | undefined {
  const c = node.A_Const
  if (!c) return undefined
  if (c.sval) return c.sval.sval
  if (c.ival) return c.ival.ival ?? 0
  if (c.fval) return Number(c.fval.fval)
  if (c.boolval) return c.boolval.boolval ? 'on' : 'off'
  return undefined
}

/**
 * What a user typed as a setting value, read the way SET reads it — by the PostgreSQL parser:
 * `'$user', public` is a list of two, `on` and `0.5` are one each. Text SET cannot read as
 * constants (`64MB`, `2 h`) is taken as one string, which is what the server expects for
 * units. Only the constants are kept; the value is rendered as literals, never as SQL text.
 *
 * @example await settingValue(`'$user', public`) // ['$user', 'public']
 */
export async function settingValue(text: string): Promise<SettingValue> {
  const trimmed = text.trim()
  try {
    const parsed = await parseStatement(`SET x TO ${trimmed}`, { kinds: ['VariableSetStmt'] })
    const args = (parsed.tree.args ?? []) as ConstNode[]
    const values = args.map(constant)
    if (
      parsed.tree.kind === 'VAR_SET_VALUE' &&
      values.length &&
      values.every((v) => v !== undefined)
    )
      return values as SettingValue
  } catch {
    // Not a list of constants: the whole text is one value.
  }
  return [trimmed]
}

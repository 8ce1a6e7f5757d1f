import { ParseError, type ParsedExpression } from '../../parse/parse.js'
import { columnRefs, type ColumnRefNode } from '../../parse/column-refs.js'
import { applyTemplate } from '../policy-templates.js'
import { parsePolicy, type Policy } from '../policy.js'
import type { PolicySpec } from './input.js'
import { Refusals, underField } from './refusals.js'
import { display } from '../names.js'
import type { ResolvedTarget } from './resolve.js'

// parseExpression wraps the text as `SELECT (\n<text>\n)`: tree locations count from there.
const EXPRESSION_OFFSET = 'SELECT (\n'.length

/**
 * Turns policy forms into parsed policies on the raw table: a template's text (its column
 * parameters are the column picker), or USING / WITH CHECK as written, each parsed as exactly
 * one expression. Columns the expression names outside a subquery must be the table's own.
 */
export async function resolvePolicies(
  target: ResolvedTarget,
  specs: readonly PolicySpec[],
  prefix = 'policies',
): Promise<Policy[]> {
  const refusals = new Refusals()
  const names = new Set<string>()
  specs.forEach((s, i) => {
    if (names.has(s.name))
      refusals.add(`${prefix}.${i}.name`, `a policy "${s.name}" is already in this plan`)
    names.add(s.name)
    if (s.template && (s.using?.trim() || s.withCheck?.trim())) {
      refusals.add(`${prefix}.${i}.template`, 'give a template or USING / WITH CHECK, not both')
    }
  })
  refusals.throwIfAny()
  const out: Policy[] = []
  for (const [i, s] of specs.entries()) {
    const field = `${prefix}.${i}`
    let using = s.using
    let withCheck = s.withCheck
    if (s.template) {
      const id = s.template.id
      const params = s.template.params
      const texts = await underField(`${field}.template.params`, () => applyTemplate(id, params))
      // A template gives USING and (for row-owning templates) WITH CHECK; the command decides
      // which of them the policy may carry.
      using = s.command === 'INSERT' ? undefined : texts.using
      withCheck =
        s.command === 'SELECT' || s.command === 'DELETE'
          ? undefined
          : s.command === 'INSERT'
            ? (texts.withCheck ?? texts.using)
            : texts.withCheck
    }
    const policy = await underField(field, () =>
      parsePolicy({
        table: target.table,
        name: s.name,
        command: s.command,
        permissive: s.permissive,
        roles: s.roles,
        using,
        withCheck,
      }),
    )
    const exprField = (which: 'using' | 'withCheck') =>
      s.template ? `${field}.template` : `${field}.${which}`
    if (policy.using) checkColumns(target, policy.using, exprField('using'))
    if (policy.withCheck) checkColumns(target, policy.withCheck, exprField('withCheck'))
    out.push(policy)
  }
  return out
}

function checkColumns(target: ResolvedTarget, expr: ParsedExpression, field: string): void {
  const refs: ColumnRefNode[] = []
  columnRefs(expr.tree, refs)
  for (const ref of refs) {
    const parts = (ref.fields ?? []).map((f) => f.String?.sval)
    const column =
      parts.length === 1
        ? parts[0]
        : parts.length === 2 && parts[0] === target.table.name
          ? parts[1]
          : undefined
    if (column === undefined || target.byName.has(column)) continue
    const position = ref.location === undefined ? undefined : ref.location - EXPRESSION_OFFSET + 1
    throw new ParseError(
      `no column "${column}" in ${display(target.table)}${position === undefined ? '' : ` at position ${position}`}`,
      position,
      field,
    )
  }
}

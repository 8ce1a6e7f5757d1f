import { z } from 'zod'
import { plan, type Plan, type Statement } from '../../executor/statement.js'
import { display } from '../names.js'
import { validate } from '../validate.js'
import { diffViewGrants, viewGrants } from './grants.js'
import {
  targetFields,
  TRIGGER_OPERATIONS,
  viewSchema,
  type TargetInput,
  type ViewInput,
} from './input.js'
import { Refusals } from './refusals.js'
import {
  operationName,
  resolveTarget,
  resolveView,
  sameType,
  viewName,
  type ResolvedView,
} from './resolve.js'
import {
  createTrigger,
  dropOperationFunction,
  dropTrigger,
  dropTriggerFunction,
  operationFunctions,
} from './trigger-functions.js'
import type { ViewDependent } from './view-dependents.js'
import { commentOnView, createView, dropView, dropViewDefault, viewDefaults } from './view.js'

export interface ViewChange {
  /**
   * `replace`: CREATE OR REPLACE VIEW (the old columns keep their names and types, new ones are
   * appended); nothing that depends on the view is touched. `recreate`: DROP VIEW and CREATE
   * VIEW, with grants and triggers made again.
   */
  readonly mode: 'replace' | 'recreate'
  readonly plan: Plan
  /**
   * What depends on the view and would stop DROP VIEW (or be dropped with CASCADE): empty when
   * the view is replaced in place. The view's own trigger and SQL functions are not listed.
   */
  readonly breaks: readonly ViewDependent[]
}

const sideFields = z.object({ ...targetFields, current: viewSchema, next: viewSchema })

/**
 * Changes a view's columns (and options, triggers, grants) from `current` to `next`. When the
 * old columns stay first with the same names and types, CREATE OR REPLACE VIEW keeps the view
 * and everything built on it; otherwise the view is dropped and created again, and `breaks`
 * names the dependents (from `viewDependents`) that stop the drop — with `cascade` they are
 * dropped with it and not recreated.
 *
 * @example
 * const deps = await viewDependents(pool, 'app', 'invoice_v')
 * const change = await changeViewColumnsPlan(table, current, next, deps)
 * if (change.breaks.length) showWhatBreaks(change.breaks)
 */
export async function changeViewColumnsPlan(
  target: TargetInput,
  current: ViewInput,
  next: ViewInput,
  dependents: readonly ViewDependent[] = [],
  options: { readonly protected?: boolean; readonly cascade?: boolean } = {},
): Promise<ViewChange> {
  const p = validate(sideFields, { ...target, current, next })
  const refusals = new Refusals()
  const t = resolveTarget(p, refusals)
  const rules = { protected: options.protected ?? true }
  const before = await resolveView(t, p.current, 'current', rules, refusals)
  const after = await resolveView(t, p.next, 'next', rules, refusals)
  if (before.schema !== after.schema || before.name !== after.name) {
    refusals.add(
      'next.name',
      `must stay ${display(viewName(before))}: renaming is not a column change`,
    )
  }
  refusals.throwIfAny()

  const keeps =
    before.columns.length <= after.columns.length &&
    before.columns.every((c, i) => {
      const n = after.columns[i]
      return n !== undefined && n.name === c.name && sameType(n.type, c.type)
    })
  if (keeps)
    return { mode: 'replace', plan: plan(...(await replaceInPlace(t, before, after))), breaks: [] }

  const own = new Set(TRIGGER_OPERATIONS.map((op) => operationName(after, op)))
  const breaks = dependents.filter(
    (d) => !(d.kind === 'function' && d.schema === after.schema && own.has(d.name)),
  )
  const label = (d: ViewDependent) =>
    d.kind === 'policy'
      ? `policy ${d.name} on ${d.schema}.${d.on ?? ''}`
      : `${d.kind} ${d.schema}.${d.name}`
  const out: Statement[] = []
  for (const tr of before.triggers)
    if (tr.language === 'sql') out.push(dropOperationFunction(before, tr.operation))
  out.push(dropView(before, { cascade: options.cascade ?? false, breaks: breaks.map(label) }))
  out.push(createView(t, after, { replace: false }))
  if (after.comment !== undefined) out.push(commentOnView(after, after.comment))
  out.push(...viewDefaults(after))
  for (const tr of after.triggers)
    out.push(...(await operationFunctions(t, after, tr, { replace: true })))
  for (const tr of after.triggers) out.push(createTrigger(after, tr.operation))
  for (const tr of before.triggers) {
    if (!after.triggers.some((x) => x.operation === tr.operation))
      out.push(dropTriggerFunction(before, tr.operation))
  }
  out.push(...viewGrants(viewName(after), after.grants))
  return { mode: 'recreate', plan: plan(...out), breaks }
}

async function replaceInPlace(
  t: Parameters<typeof operationFunctions>[0],
  before: ResolvedView,
  after: ResolvedView,
): Promise<Statement[]> {
  const out: Statement[] = [createView(t, after, { replace: true })]
  if (after.comment !== before.comment) out.push(commentOnView(after, after.comment ?? null))
  out.push(...viewDefaults(after))
  for (const c of before.columns) {
    if (c.default && !after.columns.some((n) => n.name === c.name && n.default)) {
      out.push(dropViewDefault(after, c.name))
    }
  }
  const had = (op: string) => before.triggers.find((x) => x.operation === op)
  for (const tr of before.triggers) {
    if (!after.triggers.some((x) => x.operation === tr.operation)) {
      out.push(dropTrigger(before, tr.operation))
      if (tr.language === 'sql') out.push(dropOperationFunction(before, tr.operation))
      out.push(dropTriggerFunction(before, tr.operation))
    }
  }
  // Every remaining trigger's functions are written again: skeletons follow the new columns,
  // and an SQL operation function returns the view's (new) row type.
  for (const tr of after.triggers) {
    out.push(...(await operationFunctions(t, after, tr, { replace: true })))
    if (had(tr.operation)?.language === 'sql' && tr.language === 'plpgsql') {
      out.push(dropOperationFunction(after, tr.operation))
    }
  }
  for (const tr of after.triggers)
    if (!had(tr.operation)) out.push(createTrigger(after, tr.operation))
  out.push(...diffViewGrants(viewName(after), before.grants, after.grants))
  return out
}

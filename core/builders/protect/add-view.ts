import { z } from 'zod'
import { plan, type Plan } from '../../executor/statement.js'
import { validate } from '../validate.js'
import { targetFields, viewSchema } from './input.js'
import { Refusals } from './refusals.js'
import { resolveTarget, resolveView } from './resolve.js'
import { viewStatements } from './view-plan.js'

export const addViewFields = z.object({ ...targetFields, view: viewSchema })
export type AddViewInput = z.input<typeof addViewFields>

/**
 * One more view on an already protected table (PRD §4.2: one raw table, many DTOs), under the
 * same rules as the views of `protectTablePlan`: writes only through INSTEAD OF triggers.
 *
 * @example await addViewPlan({ table, columns, primaryKey: ['id'], view: { name: 'invoice_v_audit', columns, grants } })
 */
export async function addViewPlan(input: AddViewInput): Promise<Plan> {
  const p = validate(addViewFields, input)
  const refusals = new Refusals()
  const target = resolveTarget(p, refusals)
  const view = await resolveView(target, p.view, 'view', { protected: true }, refusals)
  refusals.throwIfAny()
  return plan(
    ...(await viewStatements(target, view, { replaceView: false, replaceFunctions: false })),
  )
}

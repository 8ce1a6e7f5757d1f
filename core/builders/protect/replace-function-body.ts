import { z } from 'zod'
import { InvalidInputError } from '../../errors.js'
import { plan, type Plan, type Statement } from '../../executor/statement.js'
import { validate } from '../validate.js'
import { targetFields, TRIGGER_OPERATIONS, viewSchema } from './input.js'
import { Refusals } from './refusals.js'
import { resolveTarget, resolveView } from './resolve.js'
import { dropOperationFunction, operationFunctions } from './trigger-functions.js'
import { writePathComment } from './write-path-record.js'

export const replaceFunctionBodyFields = z.object({
  ...targetFields,
  /** The view as it is, with the new body (and language) in `view.triggers[operation]`. */
  view: viewSchema,
  operation: z.enum(TRIGGER_OPERATIONS),
  /** The language the operation was written in until now. */
  previousLanguage: z.enum(['plpgsql', 'sql']).default('plpgsql'),
})

export type ReplaceFunctionBodyInput = z.input<typeof replaceFunctionBodyFields>

/**
 * Senior's inline editor: CREATE OR REPLACE the function(s) behind one INSTEAD OF trigger with
 * a new body (or the regenerated skeleton when the body is empty). Switching language swaps
 * the SQL operation function in or out; the trigger itself stays.
 *
 * @example await replaceFunctionBodyPlan({ table, columns, primaryKey, view, operation: 'update' })
 */
export async function replaceFunctionBodyPlan(input: ReplaceFunctionBodyInput): Promise<Plan> {
  const p = validate(replaceFunctionBodyFields, input)
  const refusals = new Refusals()
  const target = resolveTarget(p, refusals)
  const view = await resolveView(target, p.view, 'view', { protected: false }, refusals)
  refusals.throwIfAny()
  const trigger = view.triggers.find((t) => t.operation === p.operation)
  if (!trigger) {
    throw InvalidInputError.field(
      `view.triggers.${p.operation}`,
      `${view.schema}.${view.name} has no ${p.operation.toUpperCase()} trigger to change`,
    )
  }
  const out: Statement[] = [...(await operationFunctions(target, view, trigger, { replace: true }))]
  // The trigger function no longer calls the SQL operation function: drop it after the swap.
  if (p.previousLanguage === 'sql' && trigger.language === 'plpgsql') {
    out.push(dropOperationFunction(view, p.operation))
  }
  // A generated body is recorded again; a body of one's own is read by whoever needs to know.
  if (p.operation !== 'delete') out.push(writePathComment(target, view, trigger))
  return plan(...out)
}

import { z } from 'zod'
import { validate } from '../validate.js'
import { targetFields, TRIGGER_OPERATIONS, viewSchema } from './input.js'
import { Refusals } from './refusals.js'
import { resolveTarget, resolveView } from './resolve.js'
import { plpgsqlSkeleton, sqlSkeleton } from './trigger-functions.js'

export const skeletonFields = z.object({
  ...targetFields,
  view: viewSchema,
  operation: z.enum(TRIGGER_OPERATIONS),
  language: z.enum(['plpgsql', 'sql']).default('plpgsql'),
})

export type SkeletonInput = z.input<typeof skeletonFields>

/**
 * The generated body for one operation of a view, to open Senior's inline editor with: what
 * the plan uses when the body is left empty. `sql`: the body of `<view>_<op>(new …)`, which
 * names its arguments `new` and `old` and returns the view's row.
 *
 * @example await triggerSkeleton({ table, columns, primaryKey, view, operation: 'update' })
 */
export async function triggerSkeleton(input: SkeletonInput): Promise<string> {
  const p = validate(skeletonFields, input)
  const refusals = new Refusals()
  const target = resolveTarget(p, refusals)
  // The operation's own trigger, whatever the form says so far: a skeleton is asked for.
  const view = await resolveView(
    target,
    { ...p.view, triggers: { [p.operation]: { language: p.language } } },
    'view',
    { protected: false },
    refusals,
  )
  refusals.throwIfAny()
  return p.language === 'sql'
    ? sqlSkeleton(target, view, p.operation)
    : plpgsqlSkeleton(target, view, p.operation)
}

import type { Statement } from '../../executor/statement.js'
import { viewGrants } from './grants.js'
import type { ResolvedTarget, ResolvedView } from './resolve.js'
import { viewName } from './resolve.js'
import { createTrigger, operationFunctions } from './trigger-functions.js'
import { commentOnView, createView, viewDefaults } from './view.js'
import { writePathRecord, writePathComment } from './write-path-record.js'

/**
 * Everything one view needs, in the order PostgreSQL needs it: the view, its comment and
 * defaults, the trigger functions (an SQL operation function takes the view's row type), the
 * INSTEAD OF triggers and the record of what generated ones store, then the grants.
 */
export async function viewStatements(
  target: ResolvedTarget,
  view: ResolvedView,
  mode: { replaceView: boolean; replaceFunctions: boolean },
): Promise<Statement[]> {
  const out: Statement[] = [createView(target, view, { replace: mode.replaceView })]
  if (view.comment !== undefined) out.push(commentOnView(view, view.comment))
  out.push(...viewDefaults(view))
  for (const t of view.triggers) {
    out.push(...(await operationFunctions(target, view, t, { replace: mode.replaceFunctions })))
  }
  for (const t of view.triggers) out.push(createTrigger(view, t.operation))
  // Readers of the view learn from it which columns a generated write stores.
  for (const t of view.triggers) {
    if (writePathRecord(target, view, t)) out.push(writePathComment(target, view, t))
  }
  out.push(...viewGrants(viewName(view), view.grants))
  return out
}

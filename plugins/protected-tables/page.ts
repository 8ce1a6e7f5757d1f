import { pageHandler as commonPageHandler, type PageSpec } from '../../core/plugin/page.js'
import type { PluginPage } from '../../core/plugin/types.js'
import type { Reply } from './replies.js'
import { PlanFailedOnField, planFailedReply } from './run-plan.js'

export {
  planMode,
  textField,
  type PageAction,
  type PageSpec,
  type PlanMode,
} from '../../core/plugin/page.js'

/** The common page handler, with failed plans mapped back onto the wizard's fields. */
export function pageHandler(spec: PageSpec): NonNullable<PluginPage['handler']> {
  return commonPageHandler({
    ...spec,
    reply: (err) =>
      err instanceof PlanFailedOnField
        ? ({ ...planFailedReply(err), ok: false } as Reply)
        : undefined,
  })
}

import { NotFoundError, type ActionHandler, type BulkActionResponse } from 'adminjs'
import { bulkMessage, type BulkMode } from './bulk.js'
import type { ViewResource } from './view-resource.js'

/**
 * The bulkDelete action of a view: on POST one transaction for all the selected rows (bulk.ts),
 * answered with what was deleted and what was not, and always with the list's URL so the list
 * and its count are read again — after a refusal too. Any other method only lists the rows.
 * `mode=skip` (query or payload) deletes what can be deleted and reports the rest.
 */
export function bulkDeleteHandler(resource: ViewResource): ActionHandler<BulkActionResponse> {
  return async (request, _response, context) => {
    const { records, h } = context
    if (!records?.length) throw new NotFoundError('no records were selected.', 'Action#handler')
    const recordsJson = records.map((r) => r.toJSON(context.currentAdmin))
    if (request.method !== 'post') return { records: recordsJson }
    const asked = (request.query?.mode ??
      (request.payload as { mode?: unknown } | undefined)?.mode) as unknown
    const mode: BulkMode = asked === 'skip' ? 'skip' : 'all'
    // The ids asked for, not only those found: a row hidden meanwhile is refused by name.
    const askedIds = String(request.query?.recordIds ?? '')
      .split(',')
      .filter((id) => id !== '')
    const ids = askedIds.length > 0 ? askedIds : records.map((r) => String(r.id()))
    const outcome = await resource.bulkDelete(ids, context, mode)
    const refused = outcome.refused.length > 0
    return {
      records: recordsJson,
      deleted: outcome.deleted.map((d) => ({ id: d.id, label: d.label })),
      refused: outcome.refused,
      notice: {
        message: outcome.message ?? bulkMessage(outcome),
        type: refused ? 'error' : 'success',
      },
      redirectUrl: h.resourceUrl({ resourceId: resource.id() }),
    }
  }
}

import type AdminJS from 'adminjs'
import type { CurrentAdmin } from 'adminjs'
import type { NextFunction, Request, Response } from 'express'
import type { Persona } from '../plugin/types.js'
import { HttpError } from './edge.js'
import { hasPersona } from './personas.js'

/** One answer for "absent" and "not yours": a user learns nothing about what they may not use. */
export const NOT_FOUND = 'No such page, resource or action'
/** How many records one bulk request may name. */
export const MAX_BULK_IDS = 1_000

const RESOURCE_ROUTE =
  /^\/(?:api\/)?resources\/([^/]+)(?:\/(?:actions\/([^/]+)|records\/[^/]+\/([^/]+)|bulk\/([^/]+)|(search)(?:\/.*)?))?(?:\/.*)?$/
const PAGE_ROUTE = /^\/(?:api\/)?pages\/([^/]+)\/?$/

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw new HttpError(400, 'A path segment is not valid percent-encoding')
  }
}

/** Whether the user reaches at least one of the resource's own actions (list, new, search …). */
export function usableResource(admin: AdminJS, id: string, currentAdmin: CurrentAdmin | undefined) {
  const resource = admin.resources.find((r) => r.id() === id)
  if (!resource || !currentAdmin) return undefined
  const decorated = resource.decorate()
  return decorated.resourceActions(currentAdmin).length > 0 ? decorated : undefined
}

/**
 * Checks the resource, action and page a request names before AdminJS sees it: each must exist
 * as an own entry (no `__proto__`) and be usable by the signed-in user, else 404 — the same
 * answer for both, so ids of what a user may not use are not revealed. Bulk requests must name
 * between 1 and MAX_BULK_IDS records.
 */
export function routeGuard(admin: AdminJS, pagePersonas: ReadonlyMap<string, readonly Persona[]>) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const currentAdmin = req.session.adminUser as CurrentAdmin | undefined
    try {
      const resourceMatch = RESOURCE_ROUTE.exec(req.path)
      if (resourceMatch) {
        const [, id, action, recordAction, bulkAction, search] = resourceMatch
        const decorated = usableResource(admin, decode(id as string), currentAdmin)
        if (!decorated) throw new HttpError(404, NOT_FOUND)
        const name = action ?? recordAction ?? bulkAction ?? search
        if (name !== undefined) {
          const actionName = decode(name)
          if (!Object.hasOwn(decorated.actions, actionName)) throw new HttpError(404, NOT_FOUND)
        }
        if (bulkAction !== undefined) {
          const raw = req.query.recordIds
          const ids = typeof raw === 'string' ? raw.split(',').filter(Boolean) : []
          if (ids.length === 0) throw new HttpError(400, 'Choose at least one record (recordIds)')
          if (ids.length > MAX_BULK_IDS) {
            throw new HttpError(400, `At most ${MAX_BULK_IDS} records at once (recordIds)`)
          }
        }
        return next()
      }
      const pageMatch = PAGE_ROUTE.exec(req.path)
      if (pageMatch) {
        const page = decode(pageMatch[1] as string)
        const pages = admin.options.pages ?? {}
        const personas = pagePersonas.get(page)
        if (!Object.hasOwn(pages, page) || (personas && !hasPersona(currentAdmin, personas))) {
          throw new HttpError(404, NOT_FOUND)
        }
      }
      next()
    } catch (err) {
      next(err)
    }
  }
}

import { createHash } from 'node:crypto'
import type { ViewModel } from './model.js'

/** Characters AdminJS can put in a URL path and a regular expression as they are. */
const PLAIN = /^[A-Za-z0-9_-]+$/

/**
 * The AdminJS resource id of a view: `schema.view` when both names are plain, otherwise a slug
 * of each with a hash of the exact names. AdminJS builds URLs, API paths and a RegExp (the
 * sidebar's active link) from resource ids unescaped, so a `/`, `?`, `%` or `[` in a view's
 * name must not reach them; the view's real name is its label.
 *
 * @example resourceIdOf({ schema: 'app', name: 'invoice_v' }) // 'app.invoice_v'
 * @example resourceIdOf({ schema: 'app', name: 'v [' }) // 'app.v__-1f0c…'
 */
export function resourceIdOf(model: Pick<ViewModel, 'schema' | 'name'>): string {
  if (PLAIN.test(model.schema) && PLAIN.test(model.name)) return `${model.schema}.${model.name}`
  const slug = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 24)
  const hash = createHash('sha256')
    .update(`${model.schema}\0${model.name}`)
    .digest('hex')
    .slice(0, 12)
  return `${slug(model.schema)}.${slug(model.name)}-${hash}`
}

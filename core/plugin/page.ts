import { InvalidInputError } from '../errors.js'
import { failureReply, type Reply } from './replies.js'
import type { PluginContext, PluginPage, PluginRequest } from './types.js'

/** One thing a page does on POST: render a plan, dry-run it, apply it, read a table. */
export type PageAction = (
  payload: Readonly<Record<string, unknown>>,
  request: PluginRequest,
  ctx: PluginContext,
) => Promise<Record<string, unknown>>

export interface PageSpec {
  /** What the page shows: read-only, answers GET (and POST `action: 'load'`). */
  readonly load: (
    query: Readonly<Record<string, unknown>>,
    request: PluginRequest,
    ctx: PluginContext,
  ) => Promise<Record<string, unknown>>
  /** Actions by name; they run only on POST. */
  readonly actions: Readonly<Record<string, PageAction>>
  /** A plugin's own refusal shapes, tried before the common ones. */
  readonly reply?: (err: unknown) => Reply | undefined
}

/**
 * A page handler: GET only loads what the page shows, whatever its query asks for; every action
 * needs a POST (which the host's CSRF check guards). Refusals come back as
 * `{ ok: false, message, fields }` so the form can show them beside the fields they name.
 */
export function pageHandler(spec: PageSpec): NonNullable<PluginPage['handler']> {
  return async (request, ctx): Promise<Reply> => {
    try {
      if (request.method !== 'POST') {
        const query = request.query ?? {}
        if (query.action !== undefined && query.action !== 'load') {
          throw InvalidInputError.field(
            'action',
            `${JSON.stringify(query.action)} is only done on POST; a ${request.method} request changes nothing`,
          )
        }
        return { ok: true, ...(await spec.load(query, request, ctx)) }
      }
      const payload = request.payload ?? {}
      const name = typeof payload.action === 'string' ? payload.action : 'load'
      if (name === 'load') return { ok: true, ...(await spec.load(payload, request, ctx)) }
      const action = Object.hasOwn(spec.actions, name) ? spec.actions[name] : undefined
      if (!action) throw InvalidInputError.field('action', `unknown action ${JSON.stringify(name)}`)
      return { ok: true, ...(await action(payload, request, ctx)) }
    } catch (err) {
      return spec.reply?.(err) ?? failureReply(err)
    }
  }
}

/** A plain string field of a payload, or a refusal naming it. */
export function textField(
  payload: Readonly<Record<string, unknown>>,
  field: string,
  options: { optional?: boolean } = {},
): string {
  const value = payload[field]
  if (typeof value === 'string' && value !== '') return value
  if (options.optional && (value === undefined || value === '')) return ''
  throw InvalidInputError.field(field, 'is required')
}

/** How a plan action is asked to run: shown (live SQL), dry-run, or applied. */
export type PlanMode = 'render' | 'preview' | 'apply'

export function planMode(payload: Readonly<Record<string, unknown>>): PlanMode {
  const mode = payload.mode ?? 'render'
  if (mode === 'render' || mode === 'preview' || mode === 'apply') return mode
  throw InvalidInputError.field(
    'mode',
    `must be render, preview or apply, not ${JSON.stringify(mode)}`,
  )
}

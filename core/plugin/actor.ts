import { fileURLToPath } from 'node:url'
import type { Actor } from '../db/session.js'
import type { PluginRequest } from './types.js'

/**
 * The actor a page request acts as: the signed-in console user's name and Postgres role, with
 * the claims given (a page that needs the user's RLS claims reads and passes them).
 *
 * @example
 * const rows = await withSession(ctx.pool, requestActor(request), (s) =>
 *   s.query(sql`SELECT current_user AS role`),
 * )
 */
export function requestActor(
  request: Pick<PluginRequest, 'user'>,
  claims: Readonly<Record<string, unknown>> = {},
): Actor {
  return { name: request.user.name, role: request.user.role, claims }
}

/**
 * The absolute path of a component source beside a plugin module, for `components`: AdminJS
 * bundles components from their `.tsx` sources, so the file must ship with the plugin.
 *
 * @example components: { AcmeReportsOverview: componentFile(import.meta.url, './components/overview.tsx') }
 */
export function componentFile(moduleUrl: string, relativePath: string): string {
  return fileURLToPath(new URL(relativePath, moduleUrl))
}

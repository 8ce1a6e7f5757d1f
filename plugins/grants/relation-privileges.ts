import type { RelationKind } from '../../core/introspect/index.js'

/**
 * The privileges that mean something on a relation kind. GRANT takes every table privilege on
 * every kind, but TRUNCATE on a view or INSERT on a materialized view can never be used; the
 * grid shows these columns unless asked for all.
 */
const MEANINGFUL: Readonly<Partial<Record<RelationKind, readonly string[]>>> = {
  view: ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRIGGER'],
  materializedView: ['SELECT', 'MAINTAIN'],
  foreignTable: ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER', 'MAINTAIN'],
}

/**
 * The privileges the matrix shows for a relation, in the server's order.
 *
 * @example relationPrivileges('materializedView', ['SELECT', 'INSERT', 'MAINTAIN']) // ['SELECT', 'MAINTAIN']
 */
export function relationPrivileges(
  kind: RelationKind,
  serverPrivileges: readonly string[],
): string[] {
  const meaningful = MEANINGFUL[kind]
  return serverPrivileges.filter((p) => !meaningful || meaningful.includes(p))
}

import type { CatalogSnapshot } from '../../core/introspect/index.js'
import type { CatalogRow } from '../../resources/catalog-adapter/catalog-resource.js'
import { flatten } from './flatten.js'

/** One list of the schema browser: which part of the snapshot, and how its rows are named. */
export interface Entity {
  readonly key: string
  readonly title: string
  readonly rows: (s: CatalogSnapshot) => CatalogRow[]
  /** Fields to declare even when the database has no such object yet. */
  readonly fallback: readonly string[]
}

type Part = keyof CatalogSnapshot

function plain(
  key: Part,
  title: string,
  fallback: string[],
  name?: (o: Record<string, unknown>) => unknown,
): Entity {
  return {
    key: String(key),
    title,
    fallback,
    rows: (s) =>
      (s[key] as readonly object[]).map((o) => {
        const row = flatten(o)
        const id = (o as { oid?: unknown }).oid ?? name?.(o as Record<string, unknown>) ?? row.name
        return { ...row, id: String(id) }
      }),
  }
}

const REL = ['schema', 'name', 'owner', 'comment']

export const ENTITIES: readonly Entity[] = [
  plain('schemas', 'Schemas', ['name', 'owner', 'comment']),
  plain('tables', 'Tables', [
    ...REL,
    'kind',
    'rowSecurityEnabled',
    'rowSecurityForced',
    'replicaIdentity',
    'estimatedRows',
  ]),
  {
    key: 'columns',
    title: 'Columns',
    fallback: ['schema', 'table', 'name', 'type', 'notNull', 'default'],
    rows: (s) =>
      [...s.tables, ...s.views].flatMap((t) =>
        t.columns.map((c) => ({
          schema: t.schema,
          table: t.name,
          ...flatten(c),
          id: `${t.oid}.${(c as { number?: number }).number ?? c.name}`,
        })),
      ),
  },
  plain('views', 'Views', [
    ...REL,
    'kind',
    'securityBarrier',
    'securityInvoker',
    'checkOption',
    'populated',
  ]),
  plain('constraints', 'Constraints', ['schema', 'table', 'name', 'kind', 'columns']),
  plain('indexes', 'Indexes', [
    'schema',
    'table',
    'name',
    'method',
    'unique',
    'primary',
    'valid',
    'sizeBytes',
    'scans',
  ]),
  plain('functions', 'Functions', [
    'schema',
    'name',
    'kind',
    'signature',
    'returns',
    'language',
    'volatility',
    'securityDefiner',
  ]),
  plain('triggers', 'Triggers', [
    'schema',
    'table',
    'name',
    'timing',
    'events',
    'level',
    'enabled',
  ]),
  plain('eventTriggers', 'Event triggers', ['name', 'event', 'enabled']),
  plain('policies', 'Policies', [
    'schema',
    'table',
    'name',
    'command',
    'permissive',
    'roles',
    'using',
    'withCheck',
  ]),
  plain('roles', 'Roles', [
    'name',
    'login',
    'inherit',
    'bypassRls',
    'createRole',
    'createDb',
    'connectionLimit',
  ]),
  plain(
    'extensions',
    'Extensions',
    ['name', 'schema', 'installedVersion', 'defaultVersion', 'comment'],
    (o) => o.name,
  ),
  plain('types', 'Types', ['schema', 'name', 'kind', 'owner']),
  plain('sequences', 'Sequences', ['schema', 'name', 'dataType', 'lastValue', 'increment']),
  plain('foreignServers', 'Foreign servers', ['name', 'wrapper', 'owner']),
  plain('foreignTables', 'Foreign tables', ['schema', 'name', 'server']),
  plain('publications', 'Publications', ['name', 'owner', 'allTables']),
  plain('subscriptions', 'Subscriptions', ['name', 'enabled']),
  plain(
    'replicationSlots',
    'Replication slots',
    ['name', 'plugin', 'slotType', 'active'],
    (o) => o.name,
  ),
  plain('tableHealth', 'Table health', [
    'schema',
    'name',
    'liveTuples',
    'deadTuples',
    'lastAutovacuum',
  ]),
  plain('textSearchConfigs', 'Text search configurations', ['schema', 'name', 'parser']),
]

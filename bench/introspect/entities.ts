import { fetchColumns, groupColumns } from '../../core/introspect/columns.js'
import { fetchConstraints } from '../../core/introspect/constraints.js'
import type { QueryContext } from '../../core/introspect/context.js'
import { fetchDataTypes } from '../../core/introspect/data-types.js'
import { fetchDefaultPrivileges } from '../../core/introspect/default-privileges.js'
import { fetchDependencies } from '../../core/introspect/dependencies.js'
import { fetchEventTriggers } from '../../core/introspect/event-triggers.js'
import { fetchExtensions } from '../../core/introspect/extensions.js'
import { fetchForeignDataWrappers } from '../../core/introspect/foreign-data-wrappers.js'
import { fetchForeignServers } from '../../core/introspect/foreign-servers.js'
import { fetchForeignTables } from '../../core/introspect/foreign-tables.js'
import { fetchFunctions } from '../../core/introspect/functions.js'
import { fetchIndexes } from '../../core/introspect/indexes.js'
import { fetchPolicies } from '../../core/introspect/policies.js'
import { fetchPrivileges } from '../../core/introspect/privileges.js'
import { fetchPublications } from '../../core/introspect/publications.js'
import { fetchReplicationSlots } from '../../core/introspect/replication-slots.js'
import { fetchRoles } from '../../core/introspect/roles.js'
import { fetchSchemas } from '../../core/introspect/schemas.js'
import { fetchSequences } from '../../core/introspect/sequences.js'
import { fetchSubscriptions } from '../../core/introspect/subscriptions.js'
import { fetchTableHealth } from '../../core/introspect/table-health.js'
import { fetchTables } from '../../core/introspect/tables.js'
import { fetchTextSearchConfigs } from '../../core/introspect/text-search-configs.js'
import { fetchTextSearchDictionaries } from '../../core/introspect/text-search-dictionaries.js'
import { fetchTextSearchParsers } from '../../core/introspect/text-search-parsers.js'
import { fetchTriggers } from '../../core/introspect/triggers.js'
import { fetchUserMappings } from '../../core/introspect/user-mappings.js'
import { fetchViews } from '../../core/introspect/views.js'

/** One thing the benchmark times: a fetch inside a catalog session, and how many objects it returns. */
export interface BenchEntity {
  readonly name: string
  readonly run: (ctx: QueryContext) => Promise<number>
}

const count =
  <T>(fetch: (ctx: QueryContext) => Promise<readonly T[]>) =>
  async (ctx: QueryContext) =>
    (await fetch(ctx)).length

/**
 * Each entity on its own, as a caller that wants only that list would run it. Key-array
 * entities name their columns with one extra query here (the snapshot reuses its columns).
 */
export const BENCH_ENTITIES: readonly BenchEntity[] = [
  { name: 'schemas', run: count(fetchSchemas) },
  {
    name: 'tables + columns',
    run: async (ctx) => {
      const columns = groupColumns(await fetchColumns(ctx))
      const tables = (await fetchTables(ctx)).map((t) => ({
        ...t,
        columns: columns.get(t.oid) ?? [],
      }))
      return tables.length
    },
  },
  { name: 'columns', run: count(fetchColumns) },
  { name: 'tables', run: count(fetchTables) },
  { name: 'views', run: count(fetchViews) },
  { name: 'constraints', run: count((ctx) => fetchConstraints(ctx)) },
  { name: 'indexes', run: count((ctx) => fetchIndexes(ctx)) },
  { name: 'dependencies', run: count((ctx) => fetchDependencies(ctx)) },
  { name: 'functions', run: count(fetchFunctions) },
  { name: 'triggers', run: count((ctx) => fetchTriggers(ctx)) },
  { name: 'event triggers', run: count(fetchEventTriggers) },
  { name: 'policies', run: count(fetchPolicies) },
  { name: 'roles', run: count(fetchRoles) },
  { name: 'privileges', run: count(fetchPrivileges) },
  { name: 'default privileges', run: count(fetchDefaultPrivileges) },
  { name: 'extensions', run: count(fetchExtensions) },
  { name: 'types', run: count(fetchDataTypes) },
  { name: 'sequences', run: count(fetchSequences) },
  { name: 'fdw wrappers', run: count(fetchForeignDataWrappers) },
  { name: 'fdw servers', run: count(fetchForeignServers) },
  { name: 'user mappings', run: count(fetchUserMappings) },
  { name: 'foreign tables', run: count(fetchForeignTables) },
  { name: 'publications', run: count((ctx) => fetchPublications(ctx)) },
  { name: 'subscriptions', run: count(fetchSubscriptions) },
  { name: 'replication slots', run: count(fetchReplicationSlots) },
  { name: 'table health', run: count(fetchTableHealth) },
  { name: 'text search configs', run: count(fetchTextSearchConfigs) },
  { name: 'text search dictionaries', run: count(fetchTextSearchDictionaries) },
  { name: 'text search parsers', run: count(fetchTextSearchParsers) },
]

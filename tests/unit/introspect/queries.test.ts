import { describe, expect, it } from 'vitest'
import { columnsQuery } from '../../../core/introspect/columns.js'
import { constraintsQuery } from '../../../core/introspect/constraints.js'
import type { CatalogScope } from '../../../core/introspect/context.js'
import { dataTypesQuery } from '../../../core/introspect/data-types.js'
import { defaultPrivilegesQuery } from '../../../core/introspect/default-privileges.js'
import { dependenciesQuery } from '../../../core/introspect/dependencies.js'
import { effectivePrivilegesQuery } from '../../../core/introspect/effective-privileges.js'
import { eventTriggersQuery } from '../../../core/introspect/event-triggers.js'
import { extensionsQuery } from '../../../core/introspect/extensions.js'
import { foreignDataWrappersQuery } from '../../../core/introspect/foreign-data-wrappers.js'
import { foreignServersQuery } from '../../../core/introspect/foreign-servers.js'
import { foreignTablesQuery } from '../../../core/introspect/foreign-tables.js'
import { functionsQuery } from '../../../core/introspect/functions.js'
import { indexesQuery } from '../../../core/introspect/indexes.js'
import { policiesQuery } from '../../../core/introspect/policies.js'
import { privilegesQuery } from '../../../core/introspect/privileges.js'
import { publicationsQuery } from '../../../core/introspect/publications.js'
import { replicationSlotsQuery } from '../../../core/introspect/replication-slots.js'
import { rolesQuery } from '../../../core/introspect/roles.js'
import { schemasQuery } from '../../../core/introspect/schemas.js'
import { sequencesQuery } from '../../../core/introspect/sequences.js'
import { subscriptionsQuery } from '../../../core/introspect/subscriptions.js'
import { tableHealthQuery } from '../../../core/introspect/table-health.js'
import { tablesQuery } from '../../../core/introspect/tables.js'
import { textSearchConfigsQuery } from '../../../core/introspect/text-search-configs.js'
import { textSearchDictionariesQuery } from '../../../core/introspect/text-search-dictionaries.js'
import { textSearchParsersQuery } from '../../../core/introspect/text-search-parsers.js'
import { triggersQuery } from '../../../core/introspect/triggers.js'
import { userMappingsQuery } from '../../../core/introspect/user-mappings.js'
import { viewsQuery } from '../../../core/introspect/views.js'
import { compile, type SqlFragment } from '../../../core/sql/sql.js'
import { fakeContext } from './fake-context.js'

type Builder = (ctx: ReturnType<typeof fakeContext>['ctx']) => SqlFragment

const BUILDERS: Record<string, Builder> = {
  schemas: schemasQuery,
  tables: tablesQuery,
  columns: columnsQuery,
  constraints: (ctx) => constraintsQuery(ctx),
  indexes: indexesQuery,
  views: viewsQuery,
  dependencies: dependenciesQuery,
  functions: functionsQuery,
  triggers: triggersQuery,
  eventTriggers: eventTriggersQuery,
  policies: policiesQuery,
  roles: rolesQuery,
  privileges: privilegesQuery,
  defaultPrivileges: defaultPrivilegesQuery,
  effectivePrivileges: (ctx) => effectivePrivilegesQuery(ctx, 'karen'),
  extensions: extensionsQuery,
  types: dataTypesQuery,
  sequences: sequencesQuery,
  wrappers: foreignDataWrappersQuery,
  servers: foreignServersQuery,
  userMappings: userMappingsQuery,
  foreignTables: foreignTablesQuery,
  publications: publicationsQuery,
  subscriptions: (ctx) => subscriptionsQuery(ctx, true),
  subscriptionsViaStats: (ctx) => subscriptionsQuery(ctx, false),
  slots: replicationSlotsQuery,
  health: tableHealthQuery,
  tsConfigs: textSearchConfigsQuery,
  tsDictionaries: textSearchDictionariesQuery,
  tsParsers: textSearchParsersQuery,
}

const SCHEMA_SCOPED = [
  'schemas',
  'tables',
  'columns',
  'constraints',
  'indexes',
  'views',
  'dependencies',
  'functions',
  'triggers',
  'policies',
  'privileges',
  'defaultPrivileges',
  'effectivePrivileges',
  'types',
  'sequences',
  'foreignTables',
  'health',
  'tsConfigs',
  'tsDictionaries',
  'tsParsers',
]

const CTE_NAMES = new Set(['edge', 'grouped', 'chain', 'index_pages'])

function text(builder: Builder, scope: CatalogScope = {}, versionNum = 170004) {
  return compile(builder(fakeContext({ scope, versionNum }).ctx))
}

describe('catalog queries', () => {
  it.each(Object.keys(BUILDERS))('%s reads only pg_catalog-qualified relations', (name) => {
    const { text: sqlText } = text(BUILDERS[name] as Builder)
    const sources = [...sqlText.matchAll(/\b(?:FROM|JOIN)\s+([A-Za-z_][\w.]*)/g)].map(
      (m) => m[1] ?? '',
    )
    expect(sources.length).toBeGreaterThan(0)
    for (const source of sources) {
      if (source === 'LATERAL' || CTE_NAMES.has(source)) continue
      expect(source).toMatch(/^pg_catalog\./)
    }
    expect(sqlText).not.toMatch(/information_schema\./)
  })

  it.each(SCHEMA_SCOPED)('%s filters schemas with one bind parameter', (name) => {
    const schemas = ['app', 'Mixed Case']
    const { text: sqlText, values } = text(BUILDERS[name] as Builder, { schemas })
    expect(sqlText).toMatch(/\.nspname = any\(\$\d+::text\[\]\)/)
    expect(values).toContainEqual(schemas)
    expect(sqlText).not.toContain('Mixed Case')
  })

  it('leaves system schemas out by default and lets them in on request', () => {
    const plain = text(tablesQuery).text
    expect(plain).toContain("n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'")
    expect(text(tablesQuery, { includeSystemSchemas: true }).text).not.toContain("!~ '^pg_'")
  })

  it('hides extension members through one array parameter', () => {
    const { ctx } = fakeContext({ extensionMembers: new Map([['pg_proc', [16500, 16501]]]) })
    const q = compile(functionsQuery(ctx))
    expect(q.text).toMatch(/NOT \(p\.oid = any\(\$\d+::oid\[\]\)\)/)
    expect(q.values).toContainEqual([16500, 16501])
    const shown = fakeContext({
      scope: { includeExtensionObjects: true },
      extensionMembers: new Map([['pg_proc', [16500]]]),
    })
    expect(compile(functionsQuery(shown.ctx)).values).not.toContainEqual([16500])
  })

  it('filters one relation in the innermost WHERE', () => {
    for (const builder of [columnsQuery, tablesQuery, indexesQuery, triggersQuery, policiesQuery]) {
      const q = text(builder, { relationOid: 16384 })
      expect(q.text).toMatch(/= \$\d+::oid/)
      expect(q.values).toContain(16384)
    }
  })

  it('keeps children flat or grouped, never a correlated subquery per table', () => {
    const selects = (b: Builder) => (text(b).text.match(/\bSELECT\b/g) ?? []).length
    expect(selects(columnsQuery)).toBe(1)
    expect(selects((ctx) => constraintsQuery(ctx))).toBe(1)
    expect(selects(policiesQuery)).toBe(1)
    expect(selects(triggersQuery)).toBe(1)
    expect(selects(indexesQuery)).toBe(1)
    // With definitions, the one inner SELECT deparses keys of expression indexes only.
    expect(text(indexesQuery, { definitions: true }).text).toMatch(
      /CASE WHEN i\.indexprs IS NOT NULL THEN ARRAY\(/,
    )
  })

  it('deparses whole definitions only when asked', () => {
    const lazy = (b: Builder) => text(b).text
    const eager = (b: Builder) => text(b, { definitions: true }).text
    expect(lazy(indexesQuery)).not.toContain('pg_get_indexdef(i.indexrelid)')
    expect(eager(indexesQuery)).toContain('pg_get_indexdef(i.indexrelid)')
    expect(lazy((ctx) => constraintsQuery(ctx))).not.toContain('pg_get_constraintdef')
    expect(eager((ctx) => constraintsQuery(ctx))).toContain('pg_get_constraintdef')
    expect(lazy(viewsQuery)).not.toContain('pg_get_viewdef')
    expect(eager(viewsQuery)).toContain('pg_get_viewdef')
    expect(lazy(functionsQuery)).not.toContain('prosrc END')
    expect(eager(functionsQuery)).toContain('p.prosrc END')
    expect(lazy(policiesQuery)).not.toContain('pg_get_expr')
    expect(eager(policiesQuery)).toContain('pg_get_expr(pol.polqual, pol.polrelid)')
    expect(lazy(triggersQuery)).not.toContain('pg_get_triggerdef')
    expect(eager(triggersQuery)).toContain('pg_get_triggerdef')
    expect(lazy((ctx) => constraintsQuery(ctx))).not.toContain('pg_get_expr')
    expect(lazy(indexesQuery)).not.toContain('pg_get_expr')
    expect(lazy(tableHealthQuery)).not.toContain('pg_relation_size')
    expect(eager(tableHealthQuery)).toContain('pg_relation_size')
  })

  it('chooses SQL the server version understands', () => {
    expect(text(indexesQuery, {}, 140010).text).toContain('false AS indnullsnotdistinct')
    expect(text(indexesQuery, {}, 150004).text).toContain('i.indnullsnotdistinct AS')
    expect(text(publicationsQuery, {}, 140010).text).not.toMatch(
      /prqual|prattrs|pg_publication_namespace/,
    )
    expect(text(publicationsQuery, {}, 150004).text).toMatch(/prqual/)
    expect(text(publicationsQuery, {}, 170004).text).not.toContain('pubgencols::text')
    expect(text(publicationsQuery, {}, 180000).text).toContain('pubgencols::text')
    expect(text(rolesQuery, {}, 150004).text).not.toContain('inherit_option')
    expect(text(rolesQuery, {}, 160000).text).toContain('m.inherit_option, m.set_option')
    const chain = (v: number) => text((ctx) => effectivePrivilegesQuery(ctx, 'k'), {}, v).text
    expect(chain(150004)).toContain('mr.rolinherit')
    expect(chain(160000)).toContain('m.inherit_option')
    const sub = (v: number) => text((ctx) => subscriptionsQuery(ctx, true), {}, v).text
    expect(sub(140010)).not.toMatch(/s\.subtwophasestate|s\.suborigin|s\.subfailover/)
    expect(sub(150004)).toContain('s.subtwophasestate')
    expect(sub(150004)).toContain('CASE WHEN s.substream')
    expect(sub(160000)).toContain('s.suborigin')
    expect(sub(170000)).toContain('s.subfailover')
    expect(text(tableHealthQuery, {}, 150004).text).not.toContain('pg_stat_get_lastscan')
    expect(text(tableHealthQuery, {}, 160000).text).toContain('pg_stat_get_lastscan(c.oid)')
    expect(text(replicationSlotsQuery, {}, 160000).text).not.toContain('s.failover')
    expect(text(replicationSlotsQuery, {}, 170000).text).toContain('s.failover')
  })

  it('never selects secrets: conninfo, passwords or user-mapping values', () => {
    for (const name of Object.keys(BUILDERS)) {
      const { text: sqlText } = text(BUILDERS[name] as Builder)
      expect(sqlText).not.toMatch(/subconninfo|rolpassword|pg_authid\b(?!'::)/)
    }
    const mappings = text(userMappingsQuery).text
    expect(mappings).toContain('o.option_name')
    expect(mappings).not.toContain('option_value')
    expect(text(foreignServersQuery).text).toMatch(/CASE WHEN o\.option_name ~\* .* THEN NULL/)
  })

  it('drops references to built-ins before grouping dependencies', () => {
    expect(text(dependenciesQuery).text).toContain('d.refobjid >= 16384')
    expect(text(dependenciesQuery, { includeSystemSchemas: true }).text).not.toContain('16384')
    const one = text(dependenciesQuery, { relationOid: 42 })
    expect(one.text).toMatch(/r\.ev_class = \$\d+::oid/)
    expect(one.text).toMatch(/d\.refobjid = \$\d+::oid/)
    expect(one.values.filter((v) => v === 42).length).toBeGreaterThan(5)
  })

  it('finds the foreign keys pointing at a table', () => {
    const q = compile(constraintsQuery(fakeContext().ctx, { referencing: 77 }))
    expect(q.text).toMatch(/co\.contype = 'f' AND co\.confrelid = \$\d+::oid/)
    expect(q.text).toMatch(/dep\.refobjid = \$\d+::oid/)
    expect(q.values).toContain(77)
  })
})

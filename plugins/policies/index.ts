import { fileURLToPath } from 'node:url'
import { fetchPolicies, fetchTables, withCatalog } from '../../core/introspect/index.js'
import { definePlugin } from '../../core/plugin/define-plugin.js'
import { coveragePage } from './pages/coverage.js'
import { policyEditorPage } from './pages/policy-editor.js'
import { policyListPage } from './pages/policy-list.js'
import { rowSecurityPage } from './pages/row-security.js'
import { testerPage } from './pages/tester.js'

const component = (file: string) => fileURLToPath(new URL(`./components/${file}`, import.meta.url))

/**
 * Row level security for Bob and Senior: RLS per table, policies with an expression builder,
 * templates (built-in and saved), a coverage map and a tester that reads as another role.
 */
export const plugin = definePlugin({
  id: 'policies',
  title: 'Policies',
  description:
    'Row level security: per-table switches, policies built from expressions or templates, a coverage map and a tester.',
  personas: ['ops', 'dev'],
  pages: {
    'row-security': {
      title: 'Row level security',
      component: 'PoliciesRowSecurity',
      icon: 'Shield',
      handler: rowSecurityPage,
    },
    list: { title: 'Policies', component: 'PoliciesList', icon: 'List', handler: policyListPage },
    editor: {
      title: 'Policy editor',
      editorOf: 'list',
      component: 'PoliciesEditor',
      icon: 'Edit',
      handler: policyEditorPage,
    },
    coverage: {
      title: 'RLS coverage map',
      component: 'PoliciesCoverage',
      icon: 'Grid',
      handler: coveragePage,
    },
    tester: {
      title: 'Policy tester',
      component: 'PoliciesTester',
      icon: 'PlayCircle',
      handler: testerPage,
    },
  },
  components: {
    PoliciesRowSecurity: component('row-security.tsx'),
    PoliciesList: component('policy-list.tsx'),
    PoliciesEditor: component('policy-editor.tsx'),
    PoliciesCoverage: component('coverage.tsx'),
    PoliciesTester: component('tester.tsx'),
  },
  async card(ctx) {
    const own = (x: { schema: string }) => x.schema !== ctx.config.consoleSchema
    const { tables, policies } = await withCatalog(ctx.pool, {}, async (c) => ({
      tables: (await fetchTables(c)).filter(own),
      policies: (await fetchPolicies(c)).filter(own),
    }))
    const covered = new Set(policies.map((p) => `${p.schema}.${p.table}`))
    const rls = tables.filter((t) => t.rowSecurity.enabled)
    return [
      { label: 'Policies', value: policies.length, page: 'list' },
      { label: 'Tables under RLS', value: rls.length, page: 'row-security' },
      {
        label: 'RLS on, no policy',
        value: rls.filter((t) => !covered.has(`${t.schema}.${t.name}`)).length,
        page: 'coverage',
      },
    ]
  },
})

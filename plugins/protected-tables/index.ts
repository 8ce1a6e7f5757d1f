import { fileURLToPath } from 'node:url'
import { definePlugin } from '../../core/plugin/define-plugin.js'
import { readProtectionStates } from './catalog.js'
import { listPage } from './pages/list.js'
import { managePage } from './pages/manage.js'
import { viewBuilderPage } from './pages/view-builder.js'
import { wizardPage } from './pages/wizard.js'

const component = (file: string) => fileURLToPath(new URL(`./components/${file}`, import.meta.url))

/**
 * The Protected Table Manager (PRD §4.1, §4.2, §5.2) for Senior and Bob: every table against
 * the contract, the protect wizard (views as DTOs, redactions, grants, INSTEAD OF trigger
 * bodies, RLS from the generator, live SQL, dry run, one-transaction apply), later changes and
 * unprotect, and the view builder for any table.
 */
export const plugin = definePlugin({
  id: 'protected-tables',
  title: 'Protected tables',
  description:
    'Turns a raw table into the protected-table contract: revoked, reached only through views with INSTEAD OF triggers, under row level security.',
  personas: ['dev', 'ops'],
  pages: {
    list: {
      title: 'Protected tables',
      component: 'ProtectedTablesList',
      icon: 'Lock',
      handler: listPage,
    },
    wizard: {
      title: 'Protect a table',
      component: 'ProtectedTablesWizard',
      icon: 'Shield',
      handler: wizardPage,
    },
    manage: {
      title: 'Manage protection',
      editorOf: 'list',
      component: 'ProtectedTablesManage',
      icon: 'Settings',
      handler: managePage,
    },
    'view-builder': {
      title: 'View builder',
      component: 'ProtectedTablesViewBuilder',
      icon: 'Columns',
      handler: viewBuilderPage,
    },
  },
  components: {
    ProtectedTablesList: component('list.tsx'),
    ProtectedTablesWizard: component('wizard.tsx'),
    ProtectedTablesManage: component('manage.tsx'),
    ProtectedTablesViewBuilder: component('view-builder.tsx'),
  },
  async card(ctx) {
    const states = await readProtectionStates(ctx.pool, ctx.config.consoleSchema)
    const count = (status: string) => states.filter((s) => s.status === status).length
    return [
      { label: 'Protected', value: count('protected'), page: 'list' },
      { label: 'Partly protected', value: count('partial'), page: 'list' },
      { label: 'Open tables', value: count('open'), page: 'list' },
    ]
  },
})

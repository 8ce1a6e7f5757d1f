import { fileURLToPath } from 'node:url'
import { definePlugin } from '../../core/plugin/define-plugin.js'
import { readRoles } from './catalog.js'
import { roleEditorPage } from './pages/editor.js'
import { roleListPage } from './pages/list.js'

const component = (file: string) => fileURLToPath(new URL(`./components/${file}`, import.meta.url))

/**
 * Roles for Bob: attributes, passwords (sent as SCRAM verifiers), memberships with ADMIN /
 * INHERIT / SET options, a drop that reports what blocks it, and the hierarchy drawn.
 */
export const plugin = definePlugin({
  id: 'roles',
  title: 'Roles',
  description:
    'Database roles: create, change, rename and drop them, manage memberships, see the hierarchy drawn.',
  personas: ['ops', 'dev'],
  pages: {
    list: { title: 'Roles', component: 'RolesList', icon: 'Users', handler: roleListPage },
    editor: {
      title: 'Role editor',
      editorOf: 'list',
      component: 'RolesEditor',
      icon: 'UserPlus',
      handler: roleEditorPage,
    },
  },
  components: {
    RolesList: component('role-list.tsx'),
    RolesEditor: component('role-editor.tsx'),
  },
  async card(ctx) {
    const roles = await readRoles(ctx.pool)
    return [
      { label: 'Roles', value: roles.length, page: 'list' },
      { label: 'Can log in', value: roles.filter((r) => r.login).length },
      { label: 'Superusers', value: roles.filter((r) => r.superuser).length },
    ]
  },
})

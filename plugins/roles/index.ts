import { fileURLToPath } from 'node:url'
import { definePlugin } from '../../core/plugin/define-plugin.js'
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
      component: 'RolesEditor',
      icon: 'UserPlus',
      handler: roleEditorPage,
    },
  },
  components: {
    RolesList: component('role-list.tsx'),
    RolesEditor: component('role-editor.tsx'),
  },
})

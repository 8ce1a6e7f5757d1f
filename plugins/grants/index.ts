import { fileURLToPath } from 'node:url'
import { definePlugin } from '../../core/plugin/define-plugin.js'
import { defaultsPage } from './pages/defaults.js'
import { matrixPage } from './pages/matrix.js'
import { privilegesPage } from './pages/privileges.js'

const component = (file: string) => fileURLToPath(new URL(`./components/${file}`, import.meta.url))

/**
 * Privileges for Bob: one object's ACL with grant and revoke, default privileges for future
 * objects, and a role × relation matrix of effective rights that explains each one and takes
 * bulk GRANT / REVOKE toggles.
 */
export const plugin = definePlugin({
  id: 'grants',
  title: 'Grants',
  description:
    'Object privileges: per-object ACLs with grant and revoke, default privileges, and an effective-rights matrix per schema.',
  personas: ['ops', 'dev'],
  pages: {
    privileges: {
      title: 'Object privileges',
      component: 'GrantsPrivileges',
      icon: 'Key',
      handler: privilegesPage,
    },
    defaults: {
      title: 'Default privileges',
      component: 'GrantsDefaults',
      icon: 'Settings',
      handler: defaultsPage,
    },
    matrix: {
      title: 'Privilege matrix',
      component: 'GrantsMatrix',
      icon: 'Grid',
      handler: matrixPage,
    },
  },
  components: {
    GrantsPrivileges: component('privileges.tsx'),
    GrantsDefaults: component('defaults.tsx'),
    GrantsMatrix: component('matrix.tsx'),
  },
})

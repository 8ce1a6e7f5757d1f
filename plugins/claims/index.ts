import { fileURLToPath } from 'node:url'
import { definePlugin } from '../../core/plugin/define-plugin.js'
import { claimsPage } from './pages/claims.js'
import { mappingsPage } from './pages/mappings.js'

const component = (file: string) => fileURLToPath(new URL(`./components/${file}`, import.meta.url))

/**
 * Session claims (ABAC) for Bob and Senior: the `app.<claim>` variables policies read, declared
 * with a type; where each is used; per role, which JWT path feeds it, documented as the exact
 * set_config calls and generated as PostgREST's db-pre-request function.
 */
export const plugin = definePlugin({
  id: 'claims',
  title: 'Session claims',
  description:
    'Declare the claims policies read, see where each is used (and which are used undeclared), map JWT claims per role and generate the pre-request function.',
  personas: ['ops', 'dev'],
  pages: {
    declared: {
      title: 'Session claims',
      component: 'ClaimsList',
      icon: 'Key',
      handler: claimsPage,
    },
    mappings: {
      title: 'Claim mappings',
      component: 'ClaimsMappings',
      icon: 'Share2',
      handler: mappingsPage,
    },
  },
  components: {
    ClaimsList: component('claims.tsx'),
    ClaimsMappings: component('mappings.tsx'),
  },
})

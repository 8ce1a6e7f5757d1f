import './env.js'
import { ComponentLoader } from 'adminjs'
import { fileURLToPath } from 'node:url'
import type { PluginDefinition } from '../plugin/types.js'

/** The host's own components (dashboard), by name → source path. */
export const HOST_COMPONENTS = {
  PlanetaryDashboard: fileURLToPath(new URL('./components/dashboard.tsx', import.meta.url)),
  PlanetaryViewList: fileURLToPath(new URL('./components/view-list.tsx', import.meta.url)),
  PlanetaryViewForm: fileURLToPath(new URL('./components/view-form.tsx', import.meta.url)),
  PlanetaryChangeLog: fileURLToPath(new URL('./components/change-log.tsx', import.meta.url)),
  PlanetaryBulkDelete: fileURLToPath(new URL('./components/bulk-delete.tsx', import.meta.url)),
} as const

/**
 * AdminJS's own components the host replaces: the sidebar (a section per plugin), page headings
 * and tab titles; for Karen's views, number range filters and values in the console's formats
 * (other resources keep AdminJS's).
 */
export const HOST_OVERRIDES = {
  SidebarResourceSection: fileURLToPath(new URL('./components/sidebar.tsx', import.meta.url)),
  SidebarPages: fileURLToPath(new URL('./components/sidebar-pages.tsx', import.meta.url)),
  // Keyboard and screen reader: the sign-in page, the top bar's user (theme toggle, sign-out
  // link) and a record's actions as named controls instead of menus that open on hover.
  Login: fileURLToPath(new URL('./components/login.tsx', import.meta.url)),
  LoggedIn: fileURLToPath(new URL('./components/logged-in.tsx', import.meta.url)),
  RecordInList: fileURLToPath(new URL('./components/record-in-list.tsx', import.meta.url)),
  ActionHeader: fileURLToPath(new URL('./components/action-header.tsx', import.meta.url)),
  DefaultFilterProperty: fileURLToPath(
    new URL('./components/filter-property.tsx', import.meta.url),
  ),
  DefaultPropertyValue: fileURLToPath(new URL('./components/property-value.tsx', import.meta.url)),
  DefaultDatetimeListProperty: fileURLToPath(
    new URL('./components/datetime-list.tsx', import.meta.url),
  ),
  DefaultDatetimeShowProperty: fileURLToPath(
    new URL('./components/datetime-show.tsx', import.meta.url),
  ),
} as const

/**
 * The one ComponentLoader every plugin's components go through. Plugins hand it paths; names
 * are already prefixed per plugin (checked by definePlugin).
 */
export function buildComponentLoader(plugins: readonly PluginDefinition[]): {
  loader: ComponentLoader
  ids: Record<string, string>
} {
  const loader = new ComponentLoader()
  const ids: Record<string, string> = {}
  const all: Record<string, string> = { ...HOST_COMPONENTS }
  for (const p of plugins) Object.assign(all, p.components ?? {})
  for (const [name, path] of Object.entries(all)) ids[name] = loader.add(name, path)
  for (const [name, path] of Object.entries(HOST_OVERRIDES)) loader.override(name, path)
  return { loader, ids }
}

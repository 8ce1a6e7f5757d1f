import type { CurrentAdmin } from 'adminjs'
import type { Persona, PluginDefinition } from '../plugin/types.js'
import { hasPersona } from './personas.js'

/** One link of a sidebar section: a page (`/admin/pages/<name>`) or a resource's list. */
export interface NavigationLink {
  readonly kind: 'page' | 'resource'
  /** The page name or the resource id. */
  readonly id: string
  readonly title: string
  readonly icon?: string
}

/** One sidebar section: an enabled plugin (or the console's own pages) with its links. */
export interface NavigationSection {
  readonly id: string
  readonly title: string
  readonly icon: string
  readonly links: readonly NavigationLink[]
  /** Editor page → the page of its list, marked in the sidebar while the editor is open. */
  readonly editors: Readonly<Record<string, string>>
}

/** A section as the host knows it, with the personas that may see it. */
export interface SectionSource extends NavigationSection {
  readonly personas: readonly Persona[]
}

/**
 * The sidebar section of an enabled plugin: its pages in declared order (editors left out and
 * mapped to the list they edit), then its resources.
 *
 * @example pluginSection(roles, ['schema-browser.roles']) // { id: 'roles', links: [Roles], editors: { 'roles-editor': 'roles-list' } }
 */
export function pluginSection(
  plugin: PluginDefinition,
  resources: readonly { readonly id: string; readonly title: string }[],
): SectionSource {
  const links: NavigationLink[] = []
  const editors: Record<string, string> = {}
  for (const [name, page] of Object.entries(plugin.pages ?? {})) {
    const id = `${plugin.id}-${name}`
    if (page.editorOf !== undefined) {
      editors[id] = `${plugin.id}-${page.editorOf}`
      continue
    }
    links.push({
      kind: 'page',
      id,
      title: page.title ?? name,
      ...(page.icon ? { icon: page.icon } : {}),
    })
  }
  for (const r of resources) links.push({ kind: 'resource', id: r.id, title: r.title })
  const firstIcon = links.find((l) => l.icon)?.icon
  return {
    id: plugin.id,
    title: plugin.title,
    icon: firstIcon ?? 'Database',
    links,
    editors,
    personas: plugin.personas,
  }
}

/** The sections a signed-in user may use, without the personas (the page state carries this). */
export function sectionsFor(
  sections: readonly SectionSource[],
  admin: CurrentAdmin | undefined,
): NavigationSection[] {
  if (!admin) return []
  return sections
    .filter((s) => hasPersona(admin, s.personas) && s.links.length > 0)
    .map(({ personas: _personas, ...section }) => section)
}

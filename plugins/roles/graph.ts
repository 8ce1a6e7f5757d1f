import type { Role } from '../../core/introspect/index.js'

export interface GraphNode {
  readonly name: string
  readonly login: boolean
  readonly superuser: boolean
  readonly bypassRls: boolean
  readonly predefined: boolean
  /** 0 for roles that belong to no other role shown; members sit below their groups. */
  readonly layer: number
  readonly x: number
  readonly y: number
}

export interface GraphEdge {
  /** The group (granted role). */
  readonly from: string
  /** The member. */
  readonly to: string
  readonly admin: boolean
  /** Whether the member uses the group's privileges without SET ROLE. */
  readonly inherits: boolean
}

export interface RoleGraph {
  readonly nodes: readonly GraphNode[]
  readonly edges: readonly GraphEdge[]
  readonly width: number
  readonly height: number
}

export const NODE_WIDTH = 150
export const NODE_HEIGHT = 40
const GAP_X = 30
const GAP_Y = 80
const MARGIN = 20

/**
 * The role hierarchy laid out in layers: groups above their members (a member sits one layer
 * below its lowest group), each layer ordered by where its groups are (one barycentre pass), so
 * a chain reads top to bottom. Predefined pg_* roles appear only when a shown role belongs to
 * one. Memberships form no cycles in PostgreSQL, so layering always ends.
 */
export function layoutRoleGraph(
  roles: readonly Role[],
  options: { versionNum: number },
): RoleGraph {
  const byName = new Map(roles.map((r) => [r.name, r]))
  const shown = new Set(roles.filter((r) => !r.name.startsWith('pg_')).map((r) => r.name))
  for (const r of roles) {
    if (!shown.has(r.name)) continue
    for (const m of r.memberOf) if (byName.has(m.role)) shown.add(m.role)
  }
  const edges: GraphEdge[] = []
  for (const name of shown) {
    const member = byName.get(name) as Role
    for (const m of member.memberOf) {
      if (!shown.has(m.role)) continue
      const inherits = options.versionNum >= 160000 ? m.inherit !== false : member.inherit
      edges.push({ from: m.role, to: name, admin: m.admin, inherits })
    }
  }
  const layer = new Map<string, number>()
  const depth = (name: string, seen: Set<string>): number => {
    const known = layer.get(name)
    if (known !== undefined) return known
    if (seen.has(name)) return 0
    seen.add(name)
    const parents = edges.filter((e) => e.to === name).map((e) => depth(e.from, seen))
    const d = parents.length ? Math.max(...parents) + 1 : 0
    layer.set(name, d)
    return d
  }
  for (const name of shown) depth(name, new Set())
  const layers: string[][] = []
  for (const name of [...shown].sort()) (layers[layer.get(name) ?? 0] ??= []).push(name)
  const position = new Map<string, number>()
  layers.forEach((names, i) => {
    if (i > 0) {
      const centre = (n: string) => {
        const ps = edges.filter((e) => e.to === n).map((e) => position.get(e.from) ?? 0)
        return ps.length ? ps.reduce((a, b) => a + b, 0) / ps.length : 0
      }
      names.sort((a, b) => centre(a) - centre(b) || a.localeCompare(b))
    }
    names.forEach((n, j) => position.set(n, j))
  })
  const widest = Math.max(1, ...layers.map((l) => l.length))
  const width = MARGIN * 2 + widest * NODE_WIDTH + (widest - 1) * GAP_X
  const nodes: GraphNode[] = []
  layers.forEach((names, i) => {
    const rowWidth = names.length * NODE_WIDTH + (names.length - 1) * GAP_X
    const left = (width - rowWidth) / 2
    names.forEach((n, j) => {
      const r = byName.get(n) as Role
      nodes.push({
        name: n,
        login: r.login,
        superuser: r.superuser,
        bypassRls: r.bypassRls,
        predefined: n.startsWith('pg_'),
        layer: i,
        x: left + j * (NODE_WIDTH + GAP_X),
        y: MARGIN + i * (NODE_HEIGHT + GAP_Y),
      })
    })
  })
  const height = MARGIN * 2 + layers.length * NODE_HEIGHT + Math.max(0, layers.length - 1) * GAP_Y
  return { nodes, edges, width, height }
}

import { ScrollRegion } from '../../../core/plugin/components/kit.jsx'
import React, { useMemo } from 'react'

// The shapes plugins/roles/graph.ts lays out on the server.
export interface GraphNode {
  name: string
  login: boolean
  superuser: boolean
  bypassRls: boolean
  predefined: boolean
  layer: number
  x: number
  y: number
}

export interface GraphEdge {
  from: string
  to: string
  admin: boolean
  inherits: boolean
}

export interface Graph {
  nodes: GraphNode[]
  edges: GraphEdge[]
  width: number
  height: number
}

const W = 150
const H = 40

/** Every role reachable from `start` following edges one way (groups up, or members down). */
function reach(edges: GraphEdge[], start: string, up: boolean): Set<string> {
  const out = new Set<string>([start])
  const queue = [start]
  while (queue.length) {
    const at = queue.shift() as string
    for (const e of edges) {
      const [here, next] = up ? [e.to, e.from] : [e.from, e.to]
      if (here === at && !out.has(next)) {
        out.add(next)
        queue.push(next)
      }
    }
  }
  return out
}

function fill(n: GraphNode): string {
  if (n.predefined) return '#f3f4f6'
  if (n.superuser) return '#ffebee'
  return n.login ? '#e3f2fd' : '#ede7f6'
}

/**
 * The role hierarchy drawn as SVG: groups above members, an arrow per membership (dashed when
 * its rights need SET ROLE, "admin" when it may be granted on). Selecting a role lights up its
 * groups (up) and members (down).
 */
export function RoleGraph(props: {
  graph: Graph
  selected: string | null
  onSelect: (name: string | null) => void
  onOpen: (name: string) => void
}) {
  const { graph, selected } = props
  const byName = useMemo(() => new Map(graph.nodes.map((n) => [n.name, n])), [graph])
  const lit = useMemo(() => {
    if (!selected) return null
    return new Set([...reach(graph.edges, selected, true), ...reach(graph.edges, selected, false)])
  }, [graph, selected])
  const dim = (name: string) => (lit && !lit.has(name) ? 0.25 : 1)

  if (graph.nodes.length === 0) return <p>No roles to draw.</p>
  return (
    <ScrollRegion label="Role hierarchy">
      <svg
        width={graph.width}
        height={graph.height}
        role="img"
        aria-label="Role hierarchy"
        data-testid="role-graph"
        onClick={() => props.onSelect(null)}
        style={{
          background: 'var(--planetary-card-alt, #fbfcfe)',
          border: '1px solid #e0e4ea',
          borderRadius: 6,
        }}
      >
        <defs>
          <marker
            id="role-arrow"
            viewBox="0 0 10 10"
            refX="10"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#6b7280" />
          </marker>
        </defs>
        {graph.edges.map((e) => {
          const a = byName.get(e.from)
          const b = byName.get(e.to)
          if (!a || !b) return null
          const x1 = a.x + W / 2
          const y1 = a.y + H
          const x2 = b.x + W / 2
          const y2 = b.y
          const mid = (y1 + y2) / 2
          const on = !lit || (lit.has(e.from) && lit.has(e.to))
          return (
            <g key={`${e.from}->${e.to}`} data-edge={`${e.from}->${e.to}`} opacity={on ? 1 : 0.15}>
              <path
                d={`M ${x1} ${y1} C ${x1} ${mid}, ${x2} ${mid}, ${x2} ${y2}`}
                fill="none"
                stroke={e.admin ? '#7c3aed' : '#6b7280'}
                strokeWidth={e.admin ? 2 : 1.4}
                strokeDasharray={e.inherits ? undefined : '5 4'}
                markerEnd="url(#role-arrow)"
              >
                <title>
                  {`${e.to} is a member of ${e.from}${e.admin ? ' with ADMIN OPTION' : ''}${e.inherits ? '' : ' (rights only after SET ROLE)'}`}
                </title>
              </path>
              {e.admin ? (
                <text x={(x1 + x2) / 2 + 4} y={mid} fontSize={11} fill="#7c3aed">
                  admin
                </text>
              ) : null}
            </g>
          )
        })}
        {graph.nodes.map((n) => (
          <g
            key={n.name}
            data-node={n.name}
            transform={`translate(${n.x}, ${n.y})`}
            opacity={dim(n.name)}
            style={{ cursor: 'pointer' }}
            onClick={(ev) => {
              ev.stopPropagation()
              props.onSelect(n.name === selected ? null : n.name)
            }}
            onDoubleClick={() => props.onOpen(n.name)}
          >
            <rect
              width={W}
              height={H}
              rx={n.login ? 20 : 6}
              fill={fill(n)}
              stroke={n.name === selected ? '#3040d6' : n.superuser ? '#c62828' : '#9aa5b1'}
              strokeWidth={n.name === selected ? 2.5 : 1}
            />
            <text x={W / 2} y={17} textAnchor="middle" fontSize={13} fontWeight={600}>
              {n.name.length > 20 ? `${n.name.slice(0, 19)}…` : n.name}
            </text>
            <text x={W / 2} y={32} textAnchor="middle" fontSize={10} fill="#555">
              {[
                n.predefined ? 'predefined' : n.login ? 'login' : 'group',
                n.superuser ? 'superuser' : '',
                n.bypassRls ? 'bypassrls' : '',
              ]
                .filter(Boolean)
                .join(' · ')}
            </text>
            <title>{n.name}</title>
          </g>
        ))}
      </svg>
      <div style={{ fontSize: 12, color: 'var(--planetary-muted, #555)', marginTop: 6 }}>
        <span style={{ marginRight: 16 }}>▢ group</span>
        <span style={{ marginRight: 16 }}>◯ login</span>
        <span style={{ marginRight: 16 }}>— inherits rights</span>
        <span style={{ marginRight: 16 }}>- - - rights only after SET ROLE</span>
        <span style={{ color: 'var(--planetary-admin-edge, #7c3aed)' }}>
          admin: may grant the membership on
        </span>
      </div>
    </ScrollRegion>
  )
}

import { Box, Button, H2, Text } from '@adminjs/design-system'
import React, { useMemo, useState } from 'react'
import { useNavigate } from 'react-router'
import { Value } from '../../../core/plugin/components/value.jsx'
import {
  card,
  Check,
  Choice,
  Failure,
  Input,
  usePageData,
} from '../../../core/plugin/components/kit.jsx'
import { editorUrl } from './role-fields.jsx'
import { RoleGraph, type Graph } from './role-graph.jsx'

const PAGE = 'roles-list'

interface RoleRow {
  name: string
  login: boolean
  superuser: boolean
  inherit: boolean
  createRole: boolean
  createDb: boolean
  bypassRls: boolean
  replication: boolean
  connectionLimit: number
  validUntil: string | null
  memberOf: { role: string; admin: boolean }[]
  members: { role: string; admin: boolean }[]
  comment: string | null
}

const cell: React.CSSProperties = { padding: '6px 8px', verticalAlign: 'top' }

const tag = (text: string, color: string, title?: string) => (
  <span
    key={text}
    title={title}
    style={{
      display: 'inline-block',
      padding: '1px 7px',
      margin: '0 4px 2px 0',
      borderRadius: 10,
      fontSize: 12,
      background: color,
      // light chips in either theme: their text stays dark
      color: '#1f2937',
    }}
  >
    {text}
  </span>
)

function attributeTags(r: RoleRow): React.ReactNode[] {
  const out: React.ReactNode[] = []
  if (r.superuser) out.push(tag('SUPERUSER', '#ffcdd2', 'passes every privilege check'))
  if (r.bypassRls) out.push(tag('BYPASSRLS', '#ffe0b2', 'row level security does not apply'))
  if (r.createRole) out.push(tag('CREATEROLE', '#e1f5fe'))
  if (r.createDb) out.push(tag('CREATEDB', '#e1f5fe'))
  if (r.replication) out.push(tag('REPLICATION', '#e1f5fe'))
  if (!r.inherit)
    out.push(tag('NOINHERIT', '#eeeeee', 'uses its groups’ rights only after SET ROLE'))
  return out
}

const RolesList: React.FC = () => {
  const navigate = useNavigate()
  const [predefined, setPredefined] = useState(false)
  const { data, failure } = usePageData<{ roles: RoleRow[]; graph: Graph }>(
    PAGE,
    predefined ? { predefined: '1' } : {},
  )
  const roles = data?.roles ?? []
  const graph = data?.graph ?? null
  const [filter, setFilter] = useState('')
  const [kind, setKind] = useState<'' | 'login' | 'group'>('')
  const [selected, setSelected] = useState<string | null>(null)

  const shown = useMemo(
    () =>
      roles.filter(
        (r) =>
          (!filter || r.name.toLowerCase().includes(filter.toLowerCase())) &&
          (!kind || (kind === 'login') === r.login),
      ),
    [roles, filter, kind],
  )

  return (
    <Box variant="grey">
      <Box variant="white" mb="lg">
        <Box flex justifyContent="space-between" alignItems="center">
          <H2>Roles</H2>
          <Button variant="primary" onClick={() => navigate(editorUrl())}>
            New role
          </Button>
        </Box>
        <Text mb="default" style={{ color: 'var(--planetary-muted, #555)' }}>
          Roles are cluster-wide. Groups sit above their members in the hierarchy; a dashed line is
          a membership whose rights are used only after SET ROLE.
        </Text>
        <Failure reply={failure} />
        <Box flex alignItems="center" style={{ gap: 12 }} mb="default">
          <Input
            aria-label="Filter roles"
            placeholder="Filter by name"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
          <Choice
            aria-label="Kind"
            value={kind}
            onChange={(e) => setKind(e.target.value as '' | 'login' | 'group')}
          >
            <option value="">Logins and groups</option>
            <option value="login">Logins</option>
            <option value="group">Groups (NOLOGIN)</option>
          </Choice>
          <Check
            checked={predefined}
            onChange={(e) => setPredefined(e.target.checked)}
            label={<>show predefined pg_* roles</>}
          />
        </Box>
        <table style={{ borderCollapse: 'collapse', width: '100%' }} data-testid="roles-table">
          <thead>
            <tr style={{ textAlign: 'left', borderBottom: '2px solid #dde3ea' }}>
              <th style={cell}>Role</th>
              <th style={cell}>Kind</th>
              <th style={cell}>Attributes</th>
              <th style={cell}>Member of</th>
              <th style={cell}>Members</th>
              <th style={cell}>Connections</th>
              <th style={cell}>Valid until</th>
              <th style={cell}>Description</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr
                key={r.name}
                data-role={r.name}
                style={{
                  borderBottom: '1px solid #eef1f4',
                  background: selected === r.name ? '#eef2ff' : undefined,
                }}
              >
                <td style={cell}>
                  <a
                    href={editorUrl(r.name)}
                    onClick={(e) => {
                      e.preventDefault()
                      navigate(editorUrl(r.name))
                    }}
                  >
                    {r.name}
                  </a>
                </td>
                <td style={cell}>{r.login ? 'login' : 'group'}</td>
                <td style={cell}>{attributeTags(r)}</td>
                <td style={cell}>
                  {r.memberOf.map((m) =>
                    tag(m.admin ? `${m.role} (admin)` : m.role, '#ede7f6', 'member of'),
                  )}
                </td>
                <td style={cell}>{r.members.length ? <Value value={r.members.length} /> : ''}</td>
                <td style={cell}>
                  {r.connectionLimit < 0 ? 'no limit' : <Value value={r.connectionLimit} />}
                </td>
                <td style={cell}>
                  {r.validUntil ? <Value value={r.validUntil} /> : 'never expires'}
                </td>
                <td style={{ ...cell, color: 'var(--planetary-muted, #555)' }}>
                  {r.comment ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {shown.length === 0 ? <Text mt="default">No role matches.</Text> : null}
      </Box>
      <Box variant="white" style={card} data-testid="role-hierarchy">
        <H2>Hierarchy</H2>
        <Text mb="default" style={{ color: 'var(--planetary-muted, #555)' }}>
          Click a role to follow its groups up and its members down; double-click to open it.
        </Text>
        {graph ? (
          <RoleGraph
            graph={graph}
            selected={selected}
            onSelect={setSelected}
            onOpen={(name) => navigate(editorUrl(name))}
          />
        ) : null}
      </Box>
    </Box>
  )
}

export default RolesList

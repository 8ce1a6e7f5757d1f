import { Box, Button, H2, Text } from '@adminjs/design-system'
import { ViewHelpers } from 'adminjs'
import React, { useState } from 'react'
import { useNavigate } from 'react-router'
import {
  Failure,
  mono,
  nativeInput,
  PlanButtons,
  PlanOutcome,
  postPage,
  smallButton,
  SqlBlock,
  Warnings,
  usePageData,
  type Reply,
} from '../../shared/components/kit.jsx'

const PAGE = 'policies-list'
const h = new ViewHelpers()

interface PolicyRow {
  schema: string
  table: string
  name: string
  command: string
  permissive: boolean
  roles: string[]
  using: string | null
  withCheck: string | null
  rlsEnabled: boolean
}

const editorUrl = (params: Record<string, string> = {}) => {
  const q = new URLSearchParams(params).toString()
  return `${h.pageUrl('policies-editor')}${q ? `?${q}` : ''}`
}

const cell: React.CSSProperties = { padding: '6px 8px', verticalAlign: 'top' }
const exprCell: React.CSSProperties = {
  ...cell,
  ...mono,
  maxWidth: 320,
  whiteSpace: 'pre-wrap',
  wordBreak: 'break-word',
}

const PoliciesList: React.FC = () => {
  const navigate = useNavigate()
  const { data, failure, refresh } = usePageData<{ policies: PolicyRow[]; roles: string[] }>(PAGE)
  const policies = data?.policies ?? []
  const roles = data?.roles ?? []
  const [table, setTable] = useState('')
  const [role, setRole] = useState('')
  const [command, setCommand] = useState('')
  const [dropping, setDropping] = useState<PolicyRow | null>(null)
  const [shown, setShown] = useState<Reply | null>(null)
  const [outcome, setOutcome] = useState<Reply | null>(null)
  const [busy, setBusy] = useState(false)

  const target = (p: PolicyRow) => ({
    action: 'drop',
    table: { schema: p.schema, name: p.table },
    name: p.name,
  })

  const dropped = outcome?.ok === true && outcome.applied !== undefined

  const askDrop = async (p: PolicyRow) => {
    setDropping(p)
    setOutcome(null)
    setShown(await postPage(PAGE, { ...target(p), mode: 'render' }))
  }

  const runDrop = async (mode: 'preview' | 'apply') => {
    if (!dropping) return
    setBusy(true)
    const reply = await postPage(PAGE, { ...target(dropping), mode })
    setBusy(false)
    setOutcome(reply)
    if (mode === 'apply' && reply.ok) await refresh()
  }

  const tables = [...new Set(policies.map((p) => `${p.schema}.${p.table}`))]
  const visible = policies.filter(
    (p) =>
      (!table || `${p.schema}.${p.table}` === table) &&
      (!role || p.roles.includes(role) || (role !== 'public' && p.roles.includes('public'))) &&
      (!command || p.command === command || (command !== 'ALL' && p.command === 'ALL')),
  )

  return (
    <Box variant="grey">
      <Box variant="white" p="xl">
        <Box flex justifyContent="space-between" alignItems="center">
          <H2>Policies</H2>
          <Button type="button" variant="contained" onClick={() => navigate(editorUrl())}>
            New policy
          </Button>
        </Box>
        <Failure reply={failure} />
        <Box flex mb="lg" style={{ gap: 16 }}>
          <label>
            Table{' '}
            <select
              name="filter-table"
              style={nativeInput}
              value={table}
              onChange={(e) => setTable(e.target.value)}
            >
              <option value="">any</option>
              {tables.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          <label>
            Role{' '}
            <select
              name="filter-role"
              style={nativeInput}
              value={role}
              onChange={(e) => setRole(e.target.value)}
            >
              <option value="">any</option>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <label>
            Command{' '}
            <select
              name="filter-command"
              style={nativeInput}
              value={command}
              onChange={(e) => setCommand(e.target.value)}
            >
              <option value="">any</option>
              {['ALL', 'SELECT', 'INSERT', 'UPDATE', 'DELETE'].map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
        </Box>
        <Text mb="default" style={{ color: '#666', fontSize: 13 }}>
          A role filter also shows PUBLIC policies (they apply to everyone); a command filter also
          shows ALL policies.
        </Text>
        <table style={{ width: '100%', borderCollapse: 'collapse' }} data-testid="policy-list">
          <thead>
            <tr style={{ textAlign: 'left', borderBottom: '2px solid #dde' }}>
              <th style={cell}>Table</th>
              <th style={cell}>Policy</th>
              <th style={cell}>Command</th>
              <th style={cell}>Kind</th>
              <th style={cell}>Roles</th>
              <th style={cell}>USING</th>
              <th style={cell}>WITH CHECK</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {visible.map((p) => (
              <tr
                key={`${p.schema}.${p.table}.${p.name}`}
                style={{ borderBottom: '1px solid #eef', verticalAlign: 'top' }}
              >
                <td style={cell}>
                  {p.schema}.{p.table}
                  {p.rlsEnabled ? '' : ' (RLS off)'}
                </td>
                <td style={cell}>
                  <b>{p.name}</b>
                </td>
                <td style={cell}>{p.command}</td>
                <td style={cell}>{p.permissive ? 'permissive' : 'restrictive'}</td>
                <td style={cell}>
                  {p.roles.map((r) => (r === 'public' ? 'PUBLIC' : r)).join(', ')}
                </td>
                <td style={exprCell}>{p.using ?? ''}</td>
                <td style={exprCell}>{p.withCheck ?? ''}</td>
                <td style={{ ...cell, whiteSpace: 'nowrap' }}>
                  <button
                    type="button"
                    style={smallButton}
                    onClick={() =>
                      navigate(editorUrl({ schema: p.schema, table: p.table, policy: p.name }))
                    }
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    style={{ ...smallButton, color: '#c62828', borderColor: '#c62828' }}
                    onClick={() => void askDrop(p)}
                  >
                    Drop
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {visible.length === 0 ? <Text mt="default">No policy matches.</Text> : null}
        {dropping ? (
          <Box mt="xl" p="lg" style={{ border: '1px solid #ffcdd2', borderRadius: 6 }}>
            <Text fontWeight="bold">
              Drop policy {dropping.name} on {dropping.schema}.{dropping.table}
            </Text>
            {shown?.ok ? (
              <>
                <SqlBlock sql={String(shown.sql)} />
                <Warnings warnings={shown.warnings} />
              </>
            ) : (
              <Failure reply={shown} />
            )}
            <PlanButtons
              busy={busy || dropped}
              danger
              applyLabel="Drop it"
              onRun={(mode) => void runDrop(mode)}
            />
            <PlanOutcome reply={outcome} />
          </Box>
        ) : null}
      </Box>
    </Box>
  )
}

export default PoliciesList

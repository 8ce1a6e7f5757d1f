import { Box, H2, Text } from '@adminjs/design-system'
import React, { useEffect, useState } from 'react'
import { useNavigate } from 'react-router'
import { formatTimestamp } from '../../../core/plugin/components/format.js'
import {
  Button,
  Failure,
  Input,
  loadPage,
  mono,
  PAGES,
  pageUrl,
  type Reply,
  StatusBadge,
  type Tone,
} from './kit.js'

interface Grantee {
  grantee: string
  privileges: string[]
  columns: string[]
}

interface AccessPoint {
  schema: string
  name: string
  kind: 'view' | 'materializedView'
  insteadOf: Record<'insert' | 'update' | 'delete', boolean>
  grants: Grantee[]
}

interface Row {
  schema: string
  name: string
  owner: string
  rawGrants: Grantee[]
  revoked: boolean
  accessPoints: AccessPoint[]
  rls: { enabled: boolean; forced: boolean }
  policies: string[]
  status: 'protected' | 'partial' | 'open'
  gaps: string[]
  record: { appliedBy: string; appliedAt: string } | null
}

const STATUS_TONE: Record<Row['status'], Tone> = {
  protected: 'ok',
  partial: 'warning',
  open: 'error',
}

/** Whether a view has an INSTEAD OF trigger for one operation, as a small badge. */
function Badge(props: { on: boolean; label: string; title?: string }) {
  return (
    <span style={{ marginRight: 3 }}>
      <StatusBadge tone={props.on ? 'ok' : 'muted'} title={props.title}>
        {props.label}
      </StatusBadge>
    </span>
  )
}

/**
 * Every table against the protected-table contract: who still holds privileges on the raw
 * table, which views are its access points and which of their writes go through INSTEAD OF
 * triggers, row level security — and the action that protects it.
 */
const ProtectedTablesList: React.FC = () => {
  const navigate = useNavigate()
  const [rows, setRows] = useState<Row[] | null>(null)
  const [failure, setFailure] = useState<Reply | null>(null)
  const [filter, setFilter] = useState('')

  useEffect(() => {
    let live = true
    void loadPage(PAGES.list).then((reply) => {
      if (!live) return
      if (reply.ok) setRows(reply.tables as Row[])
      else setFailure(reply)
    })
    return () => {
      live = false
    }
  }, [])

  const shown = (rows ?? []).filter(
    (r) => !filter || `${r.schema}.${r.name}`.toLowerCase().includes(filter.toLowerCase()),
  )
  const cell: React.CSSProperties = { padding: '8px 10px', verticalAlign: 'top', fontSize: 13 }

  return (
    <Box variant="grey">
      <Box variant="white" p="xl">
        <H2>Protected tables</H2>
        <Text mb="default" style={{ color: 'var(--planetary-muted, #555)' }}>
          The contract (PRD §4.1): nobody but the owner holds privileges on the raw table, views are
          the only access points, every write on them goes through an INSTEAD OF trigger, and row
          level security is on and forced.
        </Text>
        <Failure reply={failure} />
        <Box flex style={{ gap: 12, alignItems: 'center' }} mb="default">
          <Input
            aria-label="Filter tables"
            name="filter"
            placeholder="filter tables…"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
          <Button
            size="sm"
            variant="outlined"
            type="button"
            onClick={() => navigate(pageUrl(PAGES.viewBuilder))}
          >
            View builder
          </Button>
        </Box>
        {rows === null && !failure ? <Text>Loading…</Text> : null}
        {rows ? (
          <table
            style={{ borderCollapse: 'collapse', width: '100%' }}
            data-testid="protection-list"
          >
            <thead>
              <tr style={{ textAlign: 'left', borderBottom: '2px solid #e0e4ea', fontSize: 13 }}>
                <th style={cell}>table</th>
                <th style={cell}>state</th>
                <th style={cell}>raw table access</th>
                <th style={cell}>access points (INSTEAD OF I U D)</th>
                <th style={cell}>row level security</th>
                <th style={cell} />
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => {
                const ref = { schema: r.schema, name: r.name }
                return (
                  <tr
                    key={`${r.schema}.${r.name}`}
                    data-table={`${r.schema}.${r.name}`}
                    data-status={r.status}
                    style={{ borderBottom: '1px solid #eef0f4' }}
                  >
                    <td style={cell}>
                      <span style={mono}>
                        {r.schema}.{r.name}
                      </span>
                      <div style={{ color: 'var(--planetary-muted, #5f6368)' }}>
                        owner {r.owner}
                      </div>
                    </td>
                    <td style={cell}>
                      <StatusBadge tone={STATUS_TONE[r.status]} data-testid="status">
                        {r.status}
                      </StatusBadge>
                      {r.record ? (
                        <div style={{ color: 'var(--planetary-muted, #555)' }}>
                          by {r.record.appliedBy}, {formatTimestamp(r.record.appliedAt)}
                        </div>
                      ) : r.status !== 'open' ? (
                        <div style={{ color: 'var(--planetary-muted, #5f6368)' }}>
                          by hand (no console record)
                        </div>
                      ) : null}
                      {r.gaps.map((g) => (
                        <div key={g} style={{ color: 'var(--planetary-warn, #b26a00)' }}>
                          • {g}
                        </div>
                      ))}
                    </td>
                    <td style={cell} data-testid="raw-access">
                      {r.revoked ? (
                        <span style={{ color: 'var(--planetary-ok, #2e7d32)' }}>
                          revoked (owner only)
                        </span>
                      ) : (
                        r.rawGrants.map((g) => (
                          <div key={g.grantee}>
                            <span style={mono}>{g.grantee}</span>: {g.privileges.join(', ')}
                            {g.columns.length ? ` (columns ${g.columns.join(', ')})` : ''}
                          </div>
                        ))
                      )}
                    </td>
                    <td style={cell} data-testid="access-points">
                      {r.accessPoints.length === 0 ? (
                        <span style={{ color: 'var(--planetary-muted, #5f6368)' }}>none</span>
                      ) : (
                        r.accessPoints.map((v) => (
                          <div key={`${v.schema}.${v.name}`} data-view={`${v.schema}.${v.name}`}>
                            <span style={mono}>
                              {v.schema}.{v.name}
                            </span>{' '}
                            <Badge on={v.insteadOf.insert} label="I" title="INSTEAD OF INSERT" />
                            <Badge on={v.insteadOf.update} label="U" title="INSTEAD OF UPDATE" />
                            <Badge on={v.insteadOf.delete} label="D" title="INSTEAD OF DELETE" />
                            <span style={{ color: 'var(--planetary-muted, #666)' }}>
                              {v.grants
                                .map((g) => `${g.grantee}: ${g.privileges.join('/')}`)
                                .join('; ')}
                            </span>
                          </div>
                        ))
                      )}
                    </td>
                    <td style={cell} data-testid="rls">
                      {r.rls.enabled ? (r.rls.forced ? 'on, forced' : 'on') : 'off'}
                      {r.policies.length ? (
                        <div style={{ color: 'var(--planetary-muted, #555)' }}>
                          {r.policies.join(', ')}
                        </div>
                      ) : null}
                    </td>
                    <td style={{ ...cell, whiteSpace: 'nowrap' }}>
                      {r.record ? (
                        <Button
                          size="sm"
                          variant="outlined"
                          type="button"
                          onClick={() => navigate(pageUrl(PAGES.manage, ref))}
                        >
                          Manage
                        </Button>
                      ) : (
                        <Button
                          size="sm"
                          variant="outlined"
                          type="button"
                          onClick={() => navigate(pageUrl(PAGES.wizard, ref))}
                        >
                          Protect this table
                        </Button>
                      )}
                      <Button
                        size="sm"
                        variant="outlined"
                        type="button"
                        onClick={() => navigate(pageUrl(PAGES.viewBuilder, ref))}
                      >
                        Build a view
                      </Button>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        ) : null}
      </Box>
    </Box>
  )
}

export default ProtectedTablesList

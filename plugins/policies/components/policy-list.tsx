import { Box, Button, H2, Text } from '@adminjs/design-system'
import { ViewHelpers } from 'adminjs'
import React, { useState } from 'react'
import { useNavigate } from 'react-router'
import { formatTimestamp } from '../../../core/plugin/components/format.js'
import {
  FilterChoice,
  Failure,
  mono,
  PlanButtons,
  PlanOutcome,
  postPage,
  type Reply,
  SqlBlock,
  usePageData,
  Warnings,
} from '../../../core/plugin/components/kit.jsx'

const PAGE = 'policies-list'
const h = new ViewHelpers()

/** What a policy is, live or disabled. */
interface PolicyFields {
  schema: string
  table: string
  name: string
  command: string
  permissive: boolean
  roles: string[]
  using: string | null
  withCheck: string | null
}

interface PolicyRow extends PolicyFields {
  rlsEnabled: boolean
}

interface DisabledRow extends PolicyFields {
  disabledBy: string
  disabledAt: string
}

type PlanAction = 'drop' | 'disable' | 'enable' | 'forget'

interface Pending {
  action: PlanAction
  schema: string
  table: string
  name: string
}

/** What each action's panel says: its heading, its apply button, and whether it loses something. */
const ACTIONS: Record<PlanAction, { title: string; apply: string; danger: boolean }> = {
  drop: { title: 'Drop policy', apply: 'Drop it', danger: true },
  disable: { title: 'Disable policy', apply: 'Disable it', danger: false },
  enable: { title: 'Enable policy', apply: 'Enable it', danger: false },
  forget: { title: 'Forget the disabled policy', apply: 'Forget it', danger: true },
}

const roleNames = (roles: readonly string[]) =>
  roles.map((r) => (r === 'public' ? 'PUBLIC' : r)).join(', ')

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

/** The columns every policy row has, plus `extra` before the buttons. */
const PolicyHead: React.FC<{ extra?: string }> = ({ extra }) => (
  <thead>
    <tr style={{ textAlign: 'left', borderBottom: '2px solid #dde' }}>
      {['Table', 'Policy', 'Command', 'Kind', 'Roles', 'USING', 'WITH CHECK'].map((h) => (
        <th key={h} style={cell}>
          {h}
        </th>
      ))}
      {extra ? <th style={cell}>{extra}</th> : null}
      <th />
    </tr>
  </thead>
)

/** A button at the end of a policy's row; `danger` marks one that loses something. */
interface RowButton {
  label: string
  onClick: () => void
  danger?: boolean
  title?: string
}

/** A policy's row under PolicyHead, live or disabled: its cells, `extra`, then its buttons. */
const PolicyLine: React.FC<{
  p: PolicyFields
  table: string
  name: React.ReactNode
  extra?: React.ReactNode
  buttons: readonly RowButton[]
  /** A disabled policy's `schema.table.name`, its row's `data-disabled`. */
  disabledKey?: string
}> = ({ p, table, name, extra, buttons, disabledKey }) => (
  <tr data-disabled={disabledKey} style={{ borderBottom: '1px solid #eef', verticalAlign: 'top' }}>
    <td style={cell}>{table}</td>
    <td style={cell}>{name}</td>
    <td style={cell}>{p.command.toUpperCase()}</td>
    <td style={cell}>{p.permissive ? 'permissive' : 'restrictive'}</td>
    <td style={cell}>{roleNames(p.roles)}</td>
    <td style={exprCell}>{p.using ?? ''}</td>
    <td style={exprCell}>{p.withCheck ?? ''}</td>
    {extra}
    <td style={{ ...cell, whiteSpace: 'nowrap' }}>
      {buttons.map((b) => (
        <Button
          key={b.label}
          size="sm"
          variant={b.danger ? 'danger' : 'outlined'}
          type="button"
          title={b.title}
          onClick={b.onClick}
        >
          {b.label}
        </Button>
      ))}
    </td>
  </tr>
)

const PoliciesList: React.FC = () => {
  const navigate = useNavigate()
  const { data, failure, refresh } = usePageData<{
    policies: PolicyRow[]
    disabled: DisabledRow[]
    roles: string[]
  }>(PAGE)
  const policies = data?.policies ?? []
  const disabled = data?.disabled ?? []
  const roles = data?.roles ?? []
  const [table, setTable] = useState('')
  const [role, setRole] = useState('')
  const [command, setCommand] = useState('')
  const [pending, setPending] = useState<Pending | null>(null)
  const [shown, setShown] = useState<Reply | null>(null)
  const [outcome, setOutcome] = useState<Reply | null>(null)
  const [busy, setBusy] = useState(false)

  const body = (p: Pending) => ({
    action: p.action,
    table: { schema: p.schema, name: p.table },
    name: p.name,
  })

  const done = outcome?.ok === true && outcome.applied !== undefined

  const ask = async (action: PlanAction, p: { schema: string; table: string; name: string }) => {
    const next = { action, schema: p.schema, table: p.table, name: p.name }
    setPending(next)
    setOutcome(null)
    setShown(await postPage(PAGE, { ...body(next), mode: 'render' }))
  }

  const run = async (mode: 'preview' | 'apply') => {
    if (!pending) return
    setBusy(true)
    const reply = await postPage(PAGE, { ...body(pending), mode })
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
          <FilterChoice
            label="Table"
            name="filter-table"
            value={table}
            values={tables}
            onChange={setTable}
          />
          <FilterChoice
            label="Role"
            name="filter-role"
            value={role}
            values={roles}
            onChange={setRole}
          />
          <FilterChoice
            label="Command"
            name="filter-command"
            value={command}
            values={['ALL', 'SELECT', 'INSERT', 'UPDATE', 'DELETE']}
            onChange={setCommand}
          />
        </Box>
        <Text mb="default" style={{ color: 'var(--planetary-muted, #666)', fontSize: 13 }}>
          A role filter also shows PUBLIC policies (they apply to everyone); a command filter also
          shows ALL policies.
        </Text>
        <table style={{ width: '100%', borderCollapse: 'collapse' }} data-testid="policy-list">
          <PolicyHead />
          <tbody>
            {visible.map((p) => (
              <PolicyLine
                key={`${p.schema}.${p.table}.${p.name}`}
                p={p}
                table={`${p.schema}.${p.table}${p.rlsEnabled ? '' : ' (RLS off)'}`}
                name={<b>{p.name}</b>}
                buttons={[
                  {
                    label: 'Edit',
                    onClick: () =>
                      navigate(editorUrl({ schema: p.schema, table: p.table, policy: p.name })),
                  },
                  {
                    label: 'Disable',
                    title:
                      'Keep its definition in the console and drop it, to enable it again later',
                    onClick: () => void ask('disable', p),
                  },
                  { label: 'Drop', danger: true, onClick: () => void ask('drop', p) },
                ]}
              />
            ))}
          </tbody>
        </table>
        {visible.length === 0 ? <Text mt="default">No policy matches.</Text> : null}
        {disabled.length ? (
          <Box mt="xl">
            <H2>Disabled policies</H2>
            <Text mb="default" style={{ color: 'var(--planetary-muted, #666)', fontSize: 13 }}>
              PostgreSQL cannot switch one policy off: disabling keeps its definition in the console
              schema and drops it; enabling creates it again, in one transaction.
            </Text>
            <table
              style={{
                width: '100%',
                borderCollapse: 'collapse',
                color: 'var(--planetary-muted, #555)',
              }}
              data-testid="disabled-policies"
            >
              <PolicyHead extra="Disabled" />
              <tbody>
                {disabled.map((d) => (
                  <PolicyLine
                    key={`${d.schema}.${d.table}.${d.name}`}
                    disabledKey={`${d.schema}.${d.table}.${d.name}`}
                    p={d}
                    table={`${d.schema}.${d.table}`}
                    name={<s>{d.name}</s>}
                    extra={
                      <td style={cell}>
                        by {d.disabledBy}, {formatTimestamp(d.disabledAt)}
                      </td>
                    }
                    buttons={[
                      { label: 'Enable', onClick: () => void ask('enable', d) },
                      { label: 'Forget', danger: true, onClick: () => void ask('forget', d) },
                    ]}
                  />
                ))}
              </tbody>
            </table>
          </Box>
        ) : null}
        {pending ? (
          <Box
            mt="xl"
            p="lg"
            data-testid="policy-plan"
            style={{
              border: `1px solid ${ACTIONS[pending.action].danger ? '#ffcdd2' : '#c5cae9'}`,
              borderRadius: 6,
            }}
          >
            <Text fontWeight="bold">
              {ACTIONS[pending.action].title} {pending.name} on {pending.schema}.{pending.table}
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
              busy={busy || done}
              danger={ACTIONS[pending.action].danger}
              applyLabel={ACTIONS[pending.action].apply}
              onRun={(mode) => void run(mode)}
            />
            <PlanOutcome reply={outcome} />
          </Box>
        ) : null}
      </Box>
    </Box>
  )
}

export default PoliciesList

import { Box, H2, Text } from '@adminjs/design-system'
import React, { useState } from 'react'
import {
  Button,
  FilterChoice,
  Failure,
  PlanButtons,
  PlanOutcome,
  postPage,
  type Reply,
  SqlBlock,
  StatusBadge,
  usePageData,
  Warnings,
} from '../../../core/plugin/components/kit.jsx'

const PAGE = 'policies-row-security'

interface TableRow {
  schema: string
  name: string
  owner: string
  kind: string
  enabled: boolean
  forced: boolean
  policyCount: number
  policies: string[]
}

type Change = 'enable' | 'disable' | 'force' | 'unforce'

const badge = (on: boolean, yes: string, no: string): React.ReactNode => (
  <StatusBadge tone={on ? 'ok' : 'error'}>{on ? yes : no}</StatusBadge>
)

const PoliciesRowSecurity: React.FC = () => {
  const { data, failure, refresh } = usePageData<{ tables: TableRow[] }>(PAGE)
  const tables = data?.tables ?? []
  const [schema, setSchema] = useState('')
  const [pending, setPending] = useState<{ table: TableRow; change: Change } | null>(null)
  const [shown, setShown] = useState<Reply | null>(null)
  const [outcome, setOutcome] = useState<Reply | null>(null)
  const [busy, setBusy] = useState(false)

  const applied = outcome?.ok === true && outcome.applied !== undefined

  const choose = async (table: TableRow, change: Change) => {
    setPending({ table, change })
    setOutcome(null)
    setShown(
      await postPage(PAGE, {
        action: 'change',
        mode: 'render',
        table: { schema: table.schema, name: table.name },
        change,
      }),
    )
  }

  const run = async (mode: 'preview' | 'apply') => {
    if (!pending) return
    setBusy(true)
    const reply = await postPage(PAGE, {
      action: 'change',
      mode,
      table: { schema: pending.table.schema, name: pending.table.name },
      change: pending.change,
    })
    setBusy(false)
    setOutcome(reply)
    if (mode === 'apply' && reply.ok) await refresh()
  }

  const schemas = [...new Set(tables.map((t) => t.schema))]
  const visible = tables.filter((t) => !schema || t.schema === schema)

  return (
    <Box variant="grey">
      <Box variant="white" p="xl">
        <H2>Row level security</H2>
        <Text mb="lg">
          Enable, disable or force RLS per table. Every change shows its SQL, can be dry-run (rolled
          back) and is applied as the DDL role in one transaction.
        </Text>
        <Failure reply={failure} />
        <Box mb="lg">
          <FilterChoice
            label="Schema"
            name="schema"
            value={schema}
            values={schemas}
            empty="all"
            onChange={setSchema}
          />
        </Box>
        <table style={{ width: '100%', borderCollapse: 'collapse' }} data-testid="rls-tables">
          <thead>
            <tr style={{ textAlign: 'left', borderBottom: '2px solid #dde' }}>
              <th style={{ padding: 6 }}>Table</th>
              <th>Owner</th>
              <th>RLS</th>
              <th>Forced</th>
              <th>Policies</th>
              <th>Change</th>
            </tr>
          </thead>
          <tbody>
            {visible.map((t) => (
              <tr
                key={`${t.schema}.${t.name}`}
                data-table={`${t.schema}.${t.name}`}
                style={{ borderBottom: '1px solid #eef' }}
              >
                <td style={{ padding: 6 }}>
                  {t.schema}.<b>{t.name}</b>
                </td>
                <td>{t.owner}</td>
                <td>{badge(t.enabled, 'enabled', 'disabled')}</td>
                <td>{badge(t.forced, 'forced', 'not forced')}</td>
                <td title={t.policies.join(', ')}>{t.policyCount}</td>
                <td>
                  <Button
                    size="sm"
                    variant="outlined"
                    type="button"
                    onClick={() => void choose(t, t.enabled ? 'disable' : 'enable')}
                  >
                    {t.enabled ? 'Disable' : 'Enable'}
                  </Button>
                  <Button
                    size="sm"
                    variant="outlined"
                    type="button"
                    onClick={() => void choose(t, t.forced ? 'unforce' : 'force')}
                  >
                    {t.forced ? 'Unforce' : 'Force'}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {pending ? (
          <Box
            mt="xl"
            p="lg"
            style={{ border: '1px solid #c5cae9', borderRadius: 6 }}
            data-testid="rls-change"
          >
            <Text fontWeight="bold">
              {pending.change} row level security on {pending.table.schema}.{pending.table.name}
            </Text>
            {shown?.ok ? (
              <>
                <SqlBlock sql={String(shown.sql)} testId="sql-preview" />
                <Warnings warnings={shown.warnings} />
              </>
            ) : (
              <Failure reply={shown} />
            )}
            <PlanButtons busy={busy || applied} onRun={(mode) => void run(mode)} />
            <PlanOutcome reply={outcome} />
          </Box>
        ) : null}
      </Box>
    </Box>
  )
}

export default PoliciesRowSecurity

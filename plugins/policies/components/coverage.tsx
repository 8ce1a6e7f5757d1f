import { Box, H2, H3, Text } from '@adminjs/design-system'
import React, { useCallback, useEffect, useState } from 'react'
import {
  FilterChoice,
  Failure,
  Label,
  loadPage,
  pageUrl,
  type Reply,
  RolesPicker,
  ScrollRegion,
} from '../../../core/plugin/components/kit.jsx'

const PAGE = 'policies-coverage'

interface Cell {
  role: string
  command: string
  state: string
  permissive: string[]
  restrictive: string[]
  combined: string
}

interface Row {
  schema: string
  table: string
  owner: string
  rls: { enabled: boolean; forced: boolean }
  policyCount: number
  cells: Cell[]
}

interface CoverageMap {
  roles: string[]
  commands: string[]
  rows: Row[]
  findings: {
    gaps: { schema: string; table: string; role: string; command: string }[]
    alwaysTrue: { schema: string; table: string; policy: string; clause: string }[]
    exposed: { schema: string; table: string; roles: { role: string; privileges: string[] }[] }[]
    rlsWithoutPolicies: { schema: string; table: string }[]
  }
}

/** A policy disabled in the console: kept in the console schema, absent from the catalog. */
interface DisabledFinding {
  schema: string
  table: string
  name: string
  command: string
  disabledBy: string
}

/** Cell colors and marks; the legend explains each. */
const STATES: Record<string, { color: string; mark: string; label: string }> = {
  filtered: { color: '#a5d6a7', mark: '✓', label: 'filtered by policies' },
  'always-true': { color: '#ffab91', mark: 'T', label: 'a permissive policy is always true' },
  denied: { color: '#ffe082', mark: '∅', label: 'gap: RLS on, no policy allows it (default deny)' },
  exposed: { color: '#ef5350', mark: '!', label: 'exposed: privilege held, RLS off' },
  owner: { color: '#90caf9', mark: 'O', label: 'owner: RLS not forced, sees every row' },
  bypass: { color: '#b39ddb', mark: 'B', label: 'BYPASSRLS role' },
  'no-privilege': { color: '#eceff1', mark: '·', label: 'no table privilege' },
}

const short: Record<string, string> = { SELECT: 'S', INSERT: 'I', UPDATE: 'U', DELETE: 'D' }

const PoliciesCoverage: React.FC = () => {
  const [map, setMap] = useState<CoverageMap | null>(null)
  const [disabled, setDisabled] = useState<DisabledFinding[]>([])
  const [schemas, setSchemas] = useState<string[]>([])
  const [allRoles, setAllRoles] = useState<string[]>([])
  const [schema, setSchema] = useState('')
  const [roles, setRoles] = useState<string[]>([])
  const [failure, setFailure] = useState<Reply | null>(null)
  const [picked, setPicked] = useState<{ row: Row; cell: Cell } | null>(null)

  const refresh = useCallback(async (schema: string, roles: string[]) => {
    const params: Record<string, string> = {}
    if (schema) params.schemas = schema
    if (roles.length) params.roles = roles.join(',')
    const reply = await loadPage(PAGE, params)
    if (!reply.ok) return setFailure(reply)
    setFailure(null)
    setMap(reply.map as CoverageMap)
    setDisabled(reply.disabled as DisabledFinding[])
    setSchemas(reply.schemas as string[])
    setAllRoles(reply.allRoles as string[])
  }, [])

  useEffect(() => {
    void refresh(schema, roles)
  }, [refresh, schema, roles])

  return (
    <Box variant="grey">
      <Box variant="white" p="xl">
        <H2>RLS coverage map</H2>
        <Text mb="lg">
          Table × role × command: what PostgreSQL lets each role do, and which policies decide it —
          permissive policies are OR'ed, restrictive ones AND'ed. Privileges are table-level, as
          has_table_privilege answers them (membership and PUBLIC included); superusers are left
          out.
        </Text>
        <Failure reply={failure} />
        <Box flex mb="lg" style={{ gap: 16, flexWrap: 'wrap', alignItems: 'center' }}>
          <FilterChoice
            label="Schema"
            name="schema"
            value={schema}
            values={schemas}
            empty="all"
            onChange={setSchema}
          />
          <Label htmlFor="pick-coverage-roles" mb="0">
            Roles
          </Label>
          <RolesPicker
            id="pick-coverage-roles"
            name="coverage-roles"
            roles={allRoles}
            value={roles.length ? roles : (map?.roles ?? [])}
            onChange={setRoles}
            width={420}
          />
        </Box>
        <Box flex mb="lg" style={{ gap: 14, flexWrap: 'wrap' }} data-testid="legend">
          {Object.entries(STATES).map(([state, s]) => (
            <span key={state} style={{ fontSize: 13 }}>
              <span
                style={{
                  display: 'inline-block',
                  width: 20,
                  textAlign: 'center',
                  background: s.color,
                  borderRadius: 3,
                  marginRight: 4,
                }}
              >
                {s.mark}
              </span>
              {s.label}
            </span>
          ))}
        </Box>
        {map ? (
          <ScrollRegion label="Coverage map">
            <table style={{ borderCollapse: 'collapse', fontSize: 13 }} data-testid="coverage-grid">
              <thead>
                <tr>
                  <th style={{ textAlign: 'left', padding: 4 }}>Table</th>
                  <th style={{ padding: 4 }}>RLS</th>
                  {map.roles.map((r) => (
                    <th
                      key={r}
                      colSpan={map.commands.length}
                      style={{ padding: 4, borderLeft: '2px solid #fff' }}
                    >
                      {r}
                    </th>
                  ))}
                </tr>
                <tr>
                  <th />
                  <th />
                  {map.roles.flatMap((r) =>
                    map.commands.map((c) => (
                      <th
                        key={`${r}-${c}`}
                        title={c}
                        style={{ padding: '2px 4px', color: 'var(--planetary-muted, #555)' }}
                      >
                        {short[c] ?? c}
                      </th>
                    )),
                  )}
                </tr>
              </thead>
              <tbody>
                {map.rows.map((row) => (
                  <tr key={`${row.schema}.${row.table}`} data-table={`${row.schema}.${row.table}`}>
                    <td style={{ padding: '2px 8px 2px 4px', whiteSpace: 'nowrap' }}>
                      {row.schema}.<b>{row.table}</b>{' '}
                      <span style={{ color: 'var(--planetary-muted, #5f6368)' }}>
                        ({row.policyCount} polic{row.policyCount === 1 ? 'y' : 'ies'})
                      </span>
                    </td>
                    <td style={{ padding: '2px 6px', whiteSpace: 'nowrap' }}>
                      {row.rls.enabled ? (row.rls.forced ? 'on, forced' : 'on') : 'off'}
                    </td>
                    {row.cells.map((cell) => {
                      const s = STATES[cell.state] ?? {
                        color: '#fff',
                        mark: '?',
                        label: cell.state,
                      }
                      return (
                        <td
                          key={`${cell.role}-${cell.command}`}
                          data-state={cell.state}
                          data-role={cell.role}
                          data-command={cell.command}
                          title={`${cell.role} ${cell.command}: ${s.label}${
                            cell.state === 'filtered' || cell.state === 'always-true'
                              ? ` — ${cell.combined}`
                              : ''
                          }`}
                          onClick={() => setPicked({ row, cell })}
                          style={{
                            background: s.color,
                            width: 24,
                            height: 24,
                            textAlign: 'center',
                            cursor: 'pointer',
                            border: '1px solid #fff',
                          }}
                        >
                          {s.mark}
                        </td>
                      )
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        ) : (
          <Text>Loading…</Text>
        )}
        {picked ? (
          <Box
            mt="lg"
            p="default"
            style={{ border: '1px solid #c5cae9', borderRadius: 6 }}
            data-testid="cell-detail"
          >
            <Text>
              <b>
                {picked.cell.role} · {picked.cell.command} · {picked.row.schema}.{picked.row.table}
              </b>
              : {STATES[picked.cell.state]?.label ?? picked.cell.state}
            </Text>
            <Text>Permissive (OR): {picked.cell.permissive.join(', ') || '—'}</Text>
            <Text>Restrictive (AND): {picked.cell.restrictive.join(', ') || '—'}</Text>
            <Text>Combined: {picked.cell.combined}</Text>
            <Text>Owner: {picked.row.owner}</Text>
          </Box>
        ) : null}
        {map ? (
          <Box mt="xl" data-testid="findings">
            <H3>Findings</H3>
            <Text fontWeight="bold">Gaps ({map.findings.gaps.length})</Text>
            {map.findings.gaps.map((g) => (
              <Text key={`${g.schema}.${g.table}.${g.role}.${g.command}`} style={{ fontSize: 13 }}>
                {g.schema}.{g.table}: {g.role} holds {g.command} but no policy allows it — every row
                is denied
              </Text>
            ))}
            <Text fontWeight="bold" mt="default">
              Always-true policies ({map.findings.alwaysTrue.length})
            </Text>
            {map.findings.alwaysTrue.map((a) => (
              <Text key={`${a.schema}.${a.table}.${a.policy}.${a.clause}`} style={{ fontSize: 13 }}>
                {a.schema}.{a.table}: {a.policy} has {a.clause} true
              </Text>
            ))}
            <Text fontWeight="bold" mt="default">
              Exposed without RLS ({map.findings.exposed.length})
            </Text>
            {map.findings.exposed.map((e) => (
              <Text key={`${e.schema}.${e.table}`} style={{ fontSize: 13 }}>
                {e.schema}.{e.table}:{' '}
                {e.roles.map((r) => `${r.role} (${r.privileges.join(', ')})`).join('; ')}
              </Text>
            ))}
            <Text fontWeight="bold" mt="default">
              RLS on, no policy ({map.findings.rlsWithoutPolicies.length})
            </Text>
            {map.findings.rlsWithoutPolicies.map((t) => (
              <Text key={`${t.schema}.${t.table}`} style={{ fontSize: 13 }}>
                {t.schema}.{t.table}
              </Text>
            ))}
            <Text fontWeight="bold" mt="default">
              Disabled in the console ({disabled.length})
            </Text>
            {disabled.map((d) => (
              <Text
                key={`${d.schema}.${d.table}.${d.name}`}
                style={{ fontSize: 13 }}
                data-testid="disabled-finding"
              >
                {d.schema}.{d.table}: {d.name} ({d.command}), disabled by {d.disabledBy} — not in
                the map until it is enabled again on the{' '}
                <a href={pageUrl('policies-list')}>policies list</a>
              </Text>
            ))}
          </Box>
        ) : null}
      </Box>
    </Box>
  )
}

export default PoliciesCoverage

import { Box, H2, H3, Text } from '@adminjs/design-system'
import React, { useCallback, useEffect, useState } from 'react'
import {
  Button,
  card,
  Check,
  Choice,
  Failure,
  labelStyle,
  loadPage,
  mono,
  type Reply,
  Segmented,
} from '../../../core/plugin/components/kit.jsx'
import { CheckList, MultiSelect } from './fields.jsx'
import { PlanBox } from './plan-box.jsx'

const PAGE = 'grants-defaults'

interface DefaultEntry {
  role: string
  schema: string | null
  objectType: string
  grantee: string
  privilege: string
  grantable: boolean
}

const cell: React.CSSProperties = { padding: '4px 8px', borderBottom: '1px solid #eef' }

const GrantsDefaults: React.FC = () => {
  const [entries, setEntries] = useState<DefaultEntry[]>([])
  const [roles, setRoles] = useState<string[]>([])
  const [schemas, setSchemas] = useState<string[]>([])
  const [objectTypes, setObjectTypes] = useState<string[]>([])
  const [offered, setOffered] = useState<Record<string, string[]>>({})
  const [failure, setFailure] = useState<Reply | null>(null)
  const [forRole, setForRole] = useState('')
  const [schema, setSchema] = useState('')
  const [objects, setObjects] = useState('TABLES')
  const [privileges, setPrivileges] = useState<string[]>([])
  const [grantees, setGrantees] = useState<string[]>([])
  const [revoke, setRevoke] = useState(false)
  const [withGrantOption, setWithGrantOption] = useState(false)
  const [stopping, setStopping] = useState<DefaultEntry | null>(null)

  const refresh = useCallback(async () => {
    const reply = await loadPage(PAGE)
    if (!reply.ok) return setFailure(reply)
    setFailure(null)
    setEntries(reply.entries as DefaultEntry[])
    setRoles(reply.roles as string[])
    setSchemas(reply.schemas as string[])
    setObjectTypes(reply.objects as string[])
    setOffered(reply.privileges as Record<string, string[]>)
  }, [])

  useEffect(() => {
    void refresh()
  }, [refresh])

  const payload =
    privileges.length && grantees.length
      ? {
          action: 'change',
          forRole,
          schema: objects === 'SCHEMAS' ? '' : schema,
          objects,
          privileges,
          grantees,
          revoke,
          withGrantOption: revoke ? false : withGrantOption,
        }
      : null

  const stopPayload = stopping
    ? {
        action: 'change',
        forRole: stopping.role,
        schema: stopping.schema ?? '',
        objects: stopping.objectType.toUpperCase(),
        privileges: [stopping.privilege],
        grantees: [stopping.grantee],
        revoke: true,
      }
    : null

  return (
    <Box variant="grey">
      <Box variant="white" p="xl">
        <H2>Default privileges</H2>
        <Text mb="lg">
          What objects get when they are created: per creating role, in one schema or everywhere
          (ALTER DEFAULT PRIVILEGES). Existing objects are not touched.
        </Text>
        <Failure reply={failure} />
        <Box style={card}>
          <H3>Current defaults</H3>
          {entries.length === 0 ? (
            <Text>No default privileges are set.</Text>
          ) : (
            <table
              style={{ borderCollapse: 'collapse', fontSize: 13 }}
              data-testid="default-entries"
            >
              <thead>
                <tr style={{ textAlign: 'left' }}>
                  <th style={cell}>Objects created by</th>
                  <th style={cell}>In schema</th>
                  <th style={cell}>Object type</th>
                  <th style={cell}>Grantee</th>
                  <th style={cell}>Privilege</th>
                  <th style={cell}>Grant option</th>
                  <th style={cell} />
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr
                    key={`${e.role}-${e.schema}-${e.objectType}-${e.grantee}-${e.privilege}`}
                    data-role={e.role}
                    data-grantee={e.grantee}
                  >
                    <td style={cell}>{e.role}</td>
                    <td style={cell}>{e.schema ?? <i>every schema</i>}</td>
                    <td style={cell}>{e.objectType}</td>
                    <td style={cell}>{e.grantee === 'PUBLIC' ? <i>PUBLIC</i> : e.grantee}</td>
                    <td style={{ ...cell, ...mono }}>{e.privilege}</td>
                    <td style={cell}>{e.grantable ? 'yes' : ''}</td>
                    <td style={cell}>
                      <Button
                        size="sm"
                        variant="outlined"
                        type="button"
                        onClick={() => setStopping(e)}
                      >
                        Stop granting
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {stopping ? (
            <Box mt="lg" data-testid="stop">
              <Text fontWeight="bold">
                Stop granting {stopping.privilege} on new {stopping.objectType} to{' '}
                {stopping.grantee}
              </Text>
              <PlanBox page={PAGE} payload={stopPayload} onApplied={refresh} />
            </Box>
          ) : null}
        </Box>
        <Box style={card} data-testid="default-form">
          <H3>Change defaults</H3>
          <Box flex style={{ gap: 24, flexWrap: 'wrap', alignItems: 'flex-start' }}>
            <label>
              <span style={labelStyle}>For objects created by</span>
              <Choice
                name="forRole"
                value={forRole}
                onChange={(e) => setForRole(e.target.value)}
                empty="the DDL role"
                values={roles}
              />
            </label>
            <label>
              <span style={labelStyle}>In schema</span>
              <Choice
                name="schema"
                value={schema}
                disabled={objects === 'SCHEMAS'}
                onChange={(e) => setSchema(e.target.value)}
                empty="every schema"
                values={schemas}
              />
            </label>
            <label>
              <span style={labelStyle}>On new</span>
              <Choice
                name="objects"
                value={objects}
                onChange={(e) => {
                  setObjects(e.target.value)
                  setPrivileges([])
                }}
              >
                {objectTypes.map((o) => (
                  <option key={o} value={o}>
                    {o.toLowerCase()}
                  </option>
                ))}
              </Choice>
            </label>
            <CheckList
              title="Privileges"
              name="privilege"
              options={offered[objects] ?? []}
              chosen={privileges}
              onChange={setPrivileges}
            />
            <MultiSelect
              title="Grantees"
              name="grantees"
              options={['PUBLIC', ...roles]}
              chosen={grantees}
              onChange={setGrantees}
            />
            <Box>
              <Segmented
                name="direction"
                label="Grant or revoke"
                value={revoke ? 'revoke' : 'grant'}
                options={[
                  { value: 'grant', label: 'GRANT' },
                  { value: 'revoke', label: 'REVOKE' },
                ]}
                onChange={(v) => setRevoke(v === 'revoke')}
              />
              <Check
                name="withGrantOption"
                disabled={revoke}
                checked={withGrantOption && !revoke}
                onChange={(e) => setWithGrantOption(e.target.checked)}
                label={<>WITH GRANT OPTION</>}
              />
            </Box>
          </Box>
          <PlanBox page={PAGE} payload={payload} testId="default-plan" onApplied={refresh} />
        </Box>
      </Box>
    </Box>
  )
}

export default GrantsDefaults

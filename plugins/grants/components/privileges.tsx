import { Box, H2, H3, MessageBox, Text } from '@adminjs/design-system'
import React, { useCallback, useEffect, useState } from 'react'
import {
  card,
  Check,
  Choice,
  Failure,
  labelStyle,
  loadPage,
  type Reply,
} from '../../../core/plugin/components/kit.jsx'
import { CheckList, MultiSelect } from './fields.jsx'
import { AclTable, type AclEntry, type RevokeRequest } from './acl-table.jsx'
import { PlanBox } from './plan-box.jsx'

const PAGE = 'grants-privileges'

type Kind = 'table' | 'columns' | 'schema' | 'function' | 'sequence'

interface GrantableObject {
  kind: 'schema' | 'relation' | 'sequence' | 'function'
  subkind: string
  schema: string
  name: string
  args: string
  owner: string
}

interface Acl {
  label: string
  owner: string
  isDefault: boolean
  entries: AclEntry[]
  columns: { name: string; entries: AclEntry[] }[]
}

const KINDS: { value: Kind; label: string; objects: GrantableObject['kind'] }[] = [
  { value: 'table', label: 'Table / view', objects: 'relation' },
  { value: 'columns', label: 'Columns of a relation', objects: 'relation' },
  { value: 'schema', label: 'Schema', objects: 'schema' },
  { value: 'function', label: 'Function / procedure', objects: 'function' },
  { value: 'sequence', label: 'Sequence', objects: 'sequence' },
]

const objectKey = (o: GrantableObject) => JSON.stringify([o.schema, o.name, o.args])

function objectLabel(o: GrantableObject): string {
  if (o.kind === 'schema') return o.name
  if (o.kind === 'function')
    return `${o.schema}.${o.name}(${o.args})${o.subkind === 'function' ? '' : ` — ${o.subkind}`}`
  return `${o.schema}.${o.name}${o.kind === 'relation' ? ` — ${o.subkind}` : ''}`
}

/** The target a payload names, from the picked kind and object. */
function targetOf(kind: Kind, o: GrantableObject, columns: string[]): Record<string, unknown> {
  switch (kind) {
    case 'schema':
      return { kind, name: o.name }
    case 'function':
      return { kind, schema: o.schema, name: o.name, args: o.args }
    case 'columns':
      return { kind, schema: o.schema, name: o.name, columns }
    case 'table':
    case 'sequence':
      return { kind, schema: o.schema, name: o.name }
  }
}

const GrantsPrivileges: React.FC = () => {
  const [objects, setObjects] = useState<GrantableObject[]>([])
  const [grantees, setGrantees] = useState<string[]>([])
  const [offered, setOffered] = useState<Record<string, string[]>>({})
  const [failure, setFailure] = useState<Reply | null>(null)
  const [kind, setKind] = useState<Kind>('table')
  const [picked, setPicked] = useState('')
  const [acl, setAcl] = useState<Acl | null>(null)
  const [columns, setColumns] = useState<string[]>([])
  const [privileges, setPrivileges] = useState<string[]>([])
  const [chosen, setChosen] = useState<string[]>([])
  const [withGrantOption, setWithGrantOption] = useState(false)
  const [revoking, setRevoking] = useState<RevokeRequest | null>(null)
  const [cascade, setCascade] = useState(false)
  const [optionOnly, setOptionOnly] = useState(false)

  const object = objects.find(
    (o) => o.kind === KINDS.find((k) => k.value === kind)?.objects && objectKey(o) === picked,
  )

  useEffect(() => {
    void loadPage(PAGE).then((reply) => {
      if (!reply.ok) return setFailure(reply)
      setObjects(reply.objects as GrantableObject[])
      setGrantees(reply.grantees as string[])
      setOffered(reply.privileges as Record<string, string[]>)
    })
  }, [])

  const readAcl = useCallback(async () => {
    if (!object) return setAcl(null)
    const params: Record<string, string> = {
      kind: kind === 'columns' ? 'table' : kind,
      schema: object.schema,
      name: object.name,
    }
    if (kind === 'function') params.args = object.args
    const reply = await loadPage(PAGE, params)
    if (!reply.ok) return setFailure(reply)
    setFailure(null)
    setAcl(reply.acl as Acl)
  }, [object, kind])

  useEffect(() => {
    void readAcl()
  }, [readAcl])

  const choose = (k: Kind, key: string) => {
    setKind(k)
    setPicked(key)
    setColumns([])
    setPrivileges([])
    setRevoking(null)
  }

  const startRevoke = (r: RevokeRequest) => {
    setRevoking(r)
    setOptionOnly(false)
    setCascade(false)
  }

  const grantPayload =
    object && privileges.length && chosen.length && (kind !== 'columns' || columns.length)
      ? {
          action: 'grant',
          target: targetOf(kind, object, columns),
          privileges,
          grantees: chosen,
          withGrantOption,
        }
      : null

  const revokePayload =
    object && revoking
      ? {
          action: 'revoke',
          target: revoking.column
            ? targetOf('columns', object, [revoking.column])
            : targetOf(kind === 'columns' ? 'table' : kind, object, []),
          privileges: optionOnly ? revoking.grantable : revoking.privileges,
          grantees: [revoking.grantee],
          grantOptionOnly: optionOnly,
          cascade,
        }
      : null

  const visible = objects.filter((o) => o.kind === KINDS.find((k) => k.value === kind)?.objects)
  const relationColumns = acl?.columns.map((c) => c.name) ?? []

  return (
    <Box variant="grey">
      <Box variant="white" p="xl">
        <H2>Privileges</H2>
        <Text mb="lg">
          Pick an object to see who may do what on it, grant more, or revoke an entry. Every change
          shows its SQL, can be dry-run (rolled back) and is applied as the DDL role.
        </Text>
        <Failure reply={failure} />
        <Box flex mb="lg" style={{ gap: 16, flexWrap: 'wrap', alignItems: 'flex-end' }}>
          <label>
            <span style={labelStyle}>Kind</span>
            <Choice name="kind" value={kind} onChange={(e) => choose(e.target.value as Kind, '')}>
              {KINDS.map((k) => (
                <option key={k.value} value={k.value}>
                  {k.label}
                </option>
              ))}
            </Choice>
          </label>
          <label>
            <span style={labelStyle}>Object</span>
            <Choice
              name="object"
              style={{ minWidth: 320 }}
              value={picked}
              onChange={(e) => choose(kind, e.target.value)}
            >
              <option value="">— choose —</option>
              {visible.map((o) => (
                <option key={objectKey(o)} value={objectKey(o)}>
                  {objectLabel(o)}
                </option>
              ))}
            </Choice>
          </label>
        </Box>
        {acl && object ? (
          <Box style={card} data-testid="acl">
            <H3>
              Current privileges on {acl.label}{' '}
              <span style={{ fontSize: 13, color: 'var(--planetary-muted, #5f6368)' }}>
                owner {acl.owner}
              </span>
            </H3>
            {acl.isDefault ? (
              <Box mb="default" data-testid="default-acl">
                <MessageBox
                  variant="info"
                  message={`No explicit ACL (NULL): the built-in default applies — the owner ${acl.owner} holds every privilege${kind === 'function' ? ', and PUBLIC may EXECUTE' : ''}. Shown below as the server expands it.`}
                />
              </Box>
            ) : null}
            {kind !== 'columns' ? (
              <AclTable
                entries={acl.entries}
                owner={acl.owner}
                testId="acl-entries"
                onRevoke={startRevoke}
              />
            ) : null}
            {kind === 'table' || kind === 'columns' ? (
              <>
                <Text fontWeight="bold" mt="lg" mb="sm">
                  Column privileges
                </Text>
                <AclTable
                  entries={acl.columns.flatMap((c) =>
                    c.entries.map((e) => ({ ...e, column: c.name })),
                  )}
                  owner={acl.owner}
                  showColumn
                  testId="column-acl"
                  onRevoke={startRevoke}
                />
              </>
            ) : null}
          </Box>
        ) : null}
        {revokePayload && revoking ? (
          <Box style={card} data-testid="revoke">
            <H3>
              Revoke {optionOnly ? 'grant option for ' : ''}
              {(optionOnly ? revoking.grantable : revoking.privileges).join(', ')}
              {revoking.column ? ` (${revoking.column})` : ''} from {revoking.grantee}
            </H3>
            {revoking.grantable.length ? (
              <Check
                name="grantOptionOnly"
                checked={optionOnly}
                onChange={(e) => setOptionOnly(e.target.checked)}
                label={
                  <>
                    only the grant option ({revoking.grantable.join(', ')}): {revoking.grantee}{' '}
                    keeps the privilege but can no longer pass it on
                  </>
                }
              />
            ) : null}
            <Check
              name="cascade"
              checked={cascade}
              onChange={(e) => setCascade(e.target.checked)}
              label={
                <>
                  CASCADE: also revoke what {revoking.grantee} granted on through its grant option
                </>
              }
            />
            <PlanBox page={PAGE} payload={revokePayload} onApplied={readAcl} />
          </Box>
        ) : null}
        {object ? (
          <Box style={card} data-testid="grant">
            <H3>Grant</H3>
            <Box flex style={{ gap: 24, flexWrap: 'wrap' }}>
              {kind === 'columns' ? (
                <CheckList
                  title="Columns"
                  name="column"
                  options={relationColumns}
                  chosen={columns}
                  onChange={setColumns}
                />
              ) : null}
              <CheckList
                title="Privileges"
                name="privilege"
                options={offered[kind] ?? []}
                chosen={privileges}
                onChange={setPrivileges}
              />
              <MultiSelect
                title="To"
                name="grantees"
                options={grantees}
                chosen={chosen}
                onChange={setChosen}
                minWidth={220}
              />
              <Check
                name="withGrantOption"
                checked={withGrantOption}
                onChange={(e) => setWithGrantOption(e.target.checked)}
                label={<>WITH GRANT OPTION</>}
              />
            </Box>
            <PlanBox page={PAGE} payload={grantPayload} testId="grant-plan" onApplied={readAcl} />
          </Box>
        ) : null}
      </Box>
    </Box>
  )
}

export default GrantsPrivileges

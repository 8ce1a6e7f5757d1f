import { Box, Button, H2, H3, Text } from '@adminjs/design-system'
import { ViewHelpers } from 'adminjs'
import React, { useCallback, useEffect, useRef, useState } from 'react'
import { useLocation, useNavigate } from 'react-router'
import {
  card,
  Failure,
  FieldError,
  labelStyle,
  loadPage,
  nativeInput,
  PlanButtons,
  PlanOutcome,
  postPage,
  smallButton,
  SqlBlock,
  Warnings,
  type Reply,
} from '../../shared/components/kit.jsx'

const PAGE = 'roles-editor'
const h = new ViewHelpers()
const editorUrl = (role?: string) =>
  `${h.pageUrl(PAGE)}${role ? `?${new URLSearchParams({ role }).toString()}` : ''}`

interface RoleForm {
  name: string
  login: boolean
  inherit: boolean
  bypassRls: boolean
  createRole: boolean
  createDb: boolean
  connectionLimit: number | string
  validUntil: string | null
  comment: string | null
  password?: string
}

interface Membership {
  role: string
  admin: boolean
  inherit: boolean | null
  set: boolean | null
  grantor: string | null
}

interface Dependent {
  kind: string
  database: string | null
  here: boolean
  description: string | null
  count: number
}

interface Setting {
  database: string | null
  name: string
  value: string
}

interface ObjectRights {
  objectType: string
  schema: string | null
  name: string
  column: string | null
  privileges: { privilege: string; via: string[]; grantable: boolean }[]
}

interface Detail {
  role: RoleForm | null
  settings?: Setting[]
  settingNames?: string[]
  rights?: { superuser: boolean; inheritsFrom: string[]; objects: ObjectRights[] }
  roles: string[]
  memberOf?: Membership[]
  members?: Membership[]
  dependents?: Dependent[]
  superuser?: boolean
  membershipOptions: boolean
  grantable: { createDb: boolean; bypassRls: boolean }
  runsAs: string | null
  database: string
}

/** A plan waiting for Dry run / Apply: which action, with what. */
interface Pending {
  title: string
  payload: Record<string, unknown>
}

const BLANK: RoleForm = {
  name: '',
  login: false,
  inherit: true,
  bypassRls: false,
  createRole: false,
  createDb: false,
  connectionLimit: -1,
  validUntil: null,
  comment: null,
}

/** ISO in UTC → the value of a datetime-local field, read as UTC. */
const localValue = (iso: string | null) => (iso ? iso.slice(0, 16) : '')

const cell: React.CSSProperties = { padding: '5px 8px', verticalAlign: 'top' }

const ATTRIBUTES: { key: keyof RoleForm; label: string; help: string }[] = [
  { key: 'login', label: 'LOGIN', help: 'may connect (a user); without it, a group' },
  { key: 'inherit', label: 'INHERIT', help: 'uses the rights of its groups without SET ROLE' },
  { key: 'createRole', label: 'CREATEROLE', help: 'may create and manage roles' },
  { key: 'createDb', label: 'CREATEDB', help: 'may create databases' },
  { key: 'bypassRls', label: 'BYPASSRLS', help: 'row level security does not apply to it' },
]

const RolesEditor: React.FC = () => {
  const location = useLocation()
  const navigate = useNavigate()
  const original = new URLSearchParams(location.search).get('role') ?? ''
  const [detail, setDetail] = useState<Detail | null>(null)
  const [form, setForm] = useState<RoleForm>(BLANK)
  const [failure, setFailure] = useState<Reply | null>(null)
  const [shown, setShown] = useState<Reply | null>(null)
  const [outcome, setOutcome] = useState<Reply | null>(null)
  const [pending, setPending] = useState<Pending | null>(null)
  const [pendingShown, setPendingShown] = useState<Reply | null>(null)
  const [pendingOutcome, setPendingOutcome] = useState<Reply | null>(null)
  const [busy, setBusy] = useState(false)
  const [newGroup, setNewGroup] = useState({ role: '', admin: false, inherit: true, set: true })
  const [newMember, setNewMember] = useState({ role: '', admin: false, inherit: true, set: true })
  const [drop, setDrop] = useState({ reassignTo: '', dropOwned: false })
  const [dropped, setDropped] = useState<string | null>(null)
  const [newSetting, setNewSetting] = useState({ name: '', value: '', database: '' })
  const [rightsFilter, setRightsFilter] = useState('')
  const typed = useRef(false)
  const pendingBox = useRef<HTMLDivElement>(null)
  // Set when an apply renamed or created the role: its outcome stays on the page.
  const keepOutcome = useRef(false)

  const apply = (d: Detail) => {
    setDetail(d)
    setForm(d.role ? { ...d.role, password: '' } : BLANK)
    typed.current = false
  }

  const refresh = useCallback(async () => {
    const reply = await loadPage(PAGE, original ? { role: original } : {})
    if (!reply.ok) return setFailure(reply)
    setFailure(null)
    apply(reply as unknown as Detail)
  }, [original])

  useEffect(() => {
    if (!keepOutcome.current) setOutcome(null)
    keepOutcome.current = false
    setPending(null)
    setDropped(null)
    setDetail(null)
    void refresh()
  }, [refresh])

  const payload = useCallback(
    (mode: string) => ({ action: 'save', mode, original, role: form }),
    [form, original],
  )

  // Live SQL: the plan for the form as it stands, refreshed as the user types.
  useEffect(() => {
    if (!typed.current) return
    const t = setTimeout(() => {
      void postPage(PAGE, payload('render')).then(setShown)
    }, 250)
    return () => clearTimeout(t)
  }, [payload])

  const edit = (patch: Partial<RoleForm>) => {
    typed.current = true
    setOutcome(null)
    setForm((f) => ({ ...f, ...patch }))
  }

  const run = async (mode: 'preview' | 'apply') => {
    setBusy(true)
    const reply = await postPage(PAGE, payload(mode))
    setBusy(false)
    setOutcome(reply)
    if (mode === 'apply' && reply.ok) {
      apply(reply as unknown as Detail)
      setShown(null)
      if (form.name !== original) {
        keepOutcome.current = true
        navigate(editorUrl(form.name), { replace: true })
      }
    }
  }

  const ask = async (title: string, body: Record<string, unknown>) => {
    const p = { title, payload: { ...body, focus: original } }
    setPending(p)
    setPendingOutcome(null)
    setPendingShown(await postPage(PAGE, { ...p.payload, mode: 'render' }))
  }

  const runPending = async (mode: 'preview' | 'apply') => {
    if (!pending) return
    setBusy(true)
    const reply = await postPage(PAGE, { ...pending.payload, mode })
    setBusy(false)
    setPendingOutcome(reply)
    if (mode === 'apply' && reply.ok) {
      if (pending.payload.action === 'drop') {
        setDropped(original)
        return
      }
      apply(reply as unknown as Detail)
    }
  }

  // A plan asked for at the bottom of the page is shown where the user is looking.
  useEffect(() => {
    if (pending) pendingBox.current?.scrollIntoView({ block: 'nearest' })
  }, [pending, pendingShown])

  if (dropped) {
    return (
      <Box variant="white" data-testid="role-dropped">
        <H2>Role {dropped} dropped</H2>
        <PlanOutcome reply={pendingOutcome} />
        <Button onClick={() => navigate(h.pageUrl('roles-list'))}>Back to roles</Button>
      </Box>
    )
  }

  // The form appears once the role is read, so nothing typed is overwritten by the load.
  if (!detail) {
    return (
      <Box variant="white">
        <H2>{original ? `Role ${original}` : 'New role'}</H2>
        {failure ? <Failure reply={failure} /> : <Text>Loading…</Text>}
      </Box>
    )
  }

  const fields = shown?.ok === false ? shown.fields : outcome?.fields
  const usableSchemas = new Set(
    (detail.rights?.objects ?? [])
      .filter((o) => o.objectType === 'schema' && o.privileges.some((p) => p.privilege === 'USAGE'))
      .map((o) => o.name),
  )
  const others = (detail?.roles ?? []).filter((r) => r !== original)
  const options = detail?.membershipOptions ?? false
  const grantable = detail?.grantable ?? { createDb: true, bypassRls: true }
  const lacks = (key: keyof RoleForm) =>
    (key === 'createDb' && !grantable.createDb) || (key === 'bypassRls' && !grantable.bypassRls)

  const membershipRow = (m: Membership, group: string, member: string, other: string) => (
    <tr key={other} data-membership={`${group}>${member}`}>
      <td style={cell}>
        <a href={editorUrl(other)}>{other}</a>
      </td>
      <td style={cell}>{m.admin ? 'yes' : 'no'}</td>
      {options ? <td style={cell}>{m.inherit ? 'yes' : 'no'}</td> : null}
      {options ? <td style={cell}>{m.set ? 'yes' : 'no'}</td> : null}
      <td style={cell}>{m.grantor ?? ''}</td>
      <td style={cell}>
        {m.admin ? (
          <button
            type="button"
            style={smallButton}
            onClick={() =>
              void ask(`Take ADMIN OPTION on ${group} from ${member}`, {
                action: 'membership',
                group,
                member,
                change: 'revoke-admin',
              })
            }
          >
            Revoke admin
          </button>
        ) : null}
        <button
          type="button"
          style={{ ...smallButton, color: '#c62828', borderColor: '#c62828' }}
          onClick={() =>
            void ask(`Remove ${member} from ${group}`, {
              action: 'membership',
              group,
              member,
              change: 'revoke',
            })
          }
        >
          Remove
        </button>
      </td>
    </tr>
  )

  const membershipHead = (first: string) => (
    <thead>
      <tr style={{ textAlign: 'left', borderBottom: '2px solid #dde3ea' }}>
        <th style={cell}>{first}</th>
        <th style={cell}>Admin option</th>
        {options ? <th style={cell}>Inherit</th> : null}
        {options ? <th style={cell}>Set role</th> : null}
        <th style={cell}>Granted by</th>
        <th style={cell} />
      </tr>
    </thead>
  )

  const addMembership = (
    label: string,
    value: typeof newGroup,
    set: (v: typeof newGroup) => void,
    side: 'group' | 'member',
  ) => (
    <Box flex alignItems="center" style={{ gap: 10, flexWrap: 'wrap' }} mt="default">
      <select
        aria-label={label}
        name={`add-${side}`}
        style={nativeInput}
        value={value.role}
        onChange={(e) => set({ ...value, role: e.target.value })}
      >
        <option value="">{label}…</option>
        {others.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <label>
        <input
          type="checkbox"
          checked={value.admin}
          onChange={(e) => set({ ...value, admin: e.target.checked })}
        />{' '}
        with ADMIN OPTION
      </label>
      {options ? (
        <>
          <label>
            <input
              type="checkbox"
              checked={value.inherit}
              onChange={(e) => set({ ...value, inherit: e.target.checked })}
            />{' '}
            inherit
          </label>
          <label>
            <input
              type="checkbox"
              checked={value.set}
              onChange={(e) => set({ ...value, set: e.target.checked })}
            />{' '}
            may SET ROLE
          </label>
        </>
      ) : null}
      <button
        type="button"
        style={smallButton}
        disabled={!value.role}
        onClick={() => {
          const [group, member] = side === 'group' ? [value.role, original] : [original, value.role]
          void ask(`Make ${member} a member of ${group}`, {
            action: 'membership',
            group,
            member,
            change: 'grant',
            admin: value.admin,
            inherit: value.inherit,
            set: value.set,
          })
        }}
      >
        Add
      </button>
    </Box>
  )

  return (
    <Box variant="grey">
      <Box variant="white" mb="lg">
        <H2>{original ? `Role ${original}` : 'New role'}</H2>
        <Failure reply={failure} />
        {detail?.superuser ? (
          <Text mb="default" style={{ color: '#c62828' }}>
            A superuser: privilege checks and row level security do not apply to it.
          </Text>
        ) : null}
        <Box style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 16 }}>
          <Box>
            <label style={labelStyle} htmlFor="role-name">
              Name
            </label>
            <input
              id="role-name"
              name="name"
              style={{ ...nativeInput, width: '100%' }}
              value={form.name}
              onChange={(e) => edit({ name: e.target.value })}
            />
            <FieldError fields={fields} names={['name', 'role.name']} />
          </Box>
          <Box>
            <label style={labelStyle} htmlFor="role-password">
              Password
            </label>
            <input
              id="role-password"
              name="password"
              type="password"
              autoComplete="new-password"
              placeholder={original ? 'leave empty to keep the current one' : 'none'}
              style={{ ...nativeInput, width: '100%' }}
              value={form.password ?? ''}
              onChange={(e) => edit({ password: e.target.value })}
            />
            <Text style={{ fontSize: 12, color: '#555' }}>
              Hashed here (SCRAM-SHA-256) before it is sent: the server, its logs and the change log
              never see it.
            </Text>
            <FieldError fields={fields} names={['password']} />
          </Box>
          <Box>
            <label style={labelStyle} htmlFor="role-connlimit">
              Connection limit
            </label>
            <input
              id="role-connlimit"
              name="connectionLimit"
              type="number"
              min={-1}
              style={nativeInput}
              value={form.connectionLimit}
              onChange={(e) => edit({ connectionLimit: e.target.value })}
            />{' '}
            <span style={{ fontSize: 12, color: '#555' }}>-1: no limit</span>
            <FieldError fields={fields} names={['connectionLimit']} />
          </Box>
          <Box>
            <label style={labelStyle} htmlFor="role-valid">
              Password valid until (UTC)
            </label>
            <input
              id="role-valid"
              name="validUntil"
              type="datetime-local"
              style={nativeInput}
              value={localValue(form.validUntil)}
              onChange={(e) => edit({ validUntil: e.target.value || null })}
            />{' '}
            <span style={{ fontSize: 12, color: '#555' }}>empty: never expires</span>
            <FieldError fields={fields} names={['validUntil']} />
          </Box>
        </Box>
        <Box mt="default" flex style={{ gap: 18, flexWrap: 'wrap' }}>
          {ATTRIBUTES.map((a) => (
            <label
              key={a.key}
              title={
                lacks(a.key)
                  ? `${detail?.runsAs ?? 'The console'} does not have ${a.label} itself, so it cannot grant it`
                  : a.help
              }
              style={{ opacity: lacks(a.key) && !form[a.key] ? 0.5 : 1 }}
            >
              <input
                type="checkbox"
                name={a.key}
                checked={Boolean(form[a.key])}
                disabled={lacks(a.key) && !form[a.key]}
                onChange={(e) => edit({ [a.key]: e.target.checked })}
              />{' '}
              <b>{a.label}</b> <span style={{ fontSize: 12, color: '#555' }}>{a.help}</span>
            </label>
          ))}
        </Box>
        <Box mt="default">
          <label style={labelStyle} htmlFor="role-comment">
            Description
          </label>
          <textarea
            id="role-comment"
            name="comment"
            rows={2}
            style={{ ...nativeInput, width: '100%' }}
            value={form.comment ?? ''}
            onChange={(e) => edit({ comment: e.target.value })}
          />
        </Box>
        <Box mt="default" data-testid="sql-preview">
          <Text fontWeight="bold">SQL</Text>
          {shown?.ok && typeof shown.sql === 'string' ? (
            <SqlBlock sql={shown.sql || '-- nothing to change'} />
          ) : (
            <Text style={{ color: '#555' }}>Change the form to see the statements.</Text>
          )}
          {shown && !shown.ok && !shown.fields ? <Failure reply={shown} /> : null}
        </Box>
        <PlanButtons busy={busy} onRun={(mode) => void run(mode)} />
        <PlanOutcome reply={outcome} />
      </Box>

      {pending ? (
        <div ref={pendingBox}>
          <Box variant="white" mb="lg" style={card} data-testid="pending-plan">
            <H3>{pending.title}</H3>
            {pendingShown?.ok ? <SqlBlock sql={String(pendingShown.sql)} /> : null}
            <Warnings warnings={pendingShown?.warnings} />
            {pendingShown && !pendingShown.ok ? <Failure reply={pendingShown} /> : null}
            <PlanButtons busy={busy} onRun={(mode) => void runPending(mode)}>
              <Button variant="text" onClick={() => setPending(null)}>
                Cancel
              </Button>
            </PlanButtons>
            <PlanOutcome reply={pendingOutcome} />
          </Box>
        </div>
      ) : null}

      {original && detail?.role ? (
        <>
          <Box variant="white" mb="lg" data-testid="member-of">
            <H3>Member of</H3>
            <Text style={{ color: '#555' }}>Groups whose rights {original} has.</Text>
            <table style={{ borderCollapse: 'collapse', width: '100%' }}>
              {membershipHead('Group')}
              <tbody>
                {(detail.memberOf ?? []).map((m) => membershipRow(m, m.role, original, m.role))}
              </tbody>
            </table>
            {addMembership('Add to group', newGroup, setNewGroup, 'group')}
          </Box>
          <Box variant="white" mb="lg" data-testid="members">
            <H3>Members</H3>
            <Text style={{ color: '#555' }}>Roles that have the rights of {original}.</Text>
            <table style={{ borderCollapse: 'collapse', width: '100%' }}>
              {membershipHead('Member')}
              <tbody>
                {(detail.members ?? []).map((m) => membershipRow(m, original, m.role, m.role))}
              </tbody>
            </table>
            {addMembership('Add member', newMember, setNewMember, 'member')}
          </Box>
          <Box variant="white" mb="lg" data-testid="role-settings">
            <H3>Session settings</H3>
            <Text style={{ color: '#555' }}>
              Applied when a session of {original} starts (ALTER ROLE … SET), in every database or
              in one.
            </Text>
            <table style={{ borderCollapse: 'collapse' }}>
              <tbody>
                {(detail.settings ?? []).map((st) => (
                  <tr key={`${st.database ?? ''}/${st.name}`} data-setting={st.name}>
                    <td style={{ ...cell, fontWeight: 600 }}>{st.name}</td>
                    <td style={cell}>{st.value}</td>
                    <td style={{ ...cell, color: '#555' }}>
                      {st.database ? `in ${st.database}` : 'every database'}
                    </td>
                    <td style={cell}>
                      <button
                        type="button"
                        style={smallButton}
                        onClick={() =>
                          void ask(`Stop setting ${st.name} for ${original}`, {
                            action: 'setting',
                            role: original,
                            name: st.name,
                            database: st.database ?? '',
                            reset: true,
                          })
                        }
                      >
                        Reset
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Box flex alignItems="center" style={{ gap: 10, flexWrap: 'wrap' }} mt="default">
              <input
                aria-label="Setting"
                name="setting-name"
                list="role-setting-names"
                placeholder="setting, e.g. statement_timeout"
                style={nativeInput}
                value={newSetting.name}
                onChange={(e) => setNewSetting({ ...newSetting, name: e.target.value })}
              />
              <datalist id="role-setting-names">
                {(detail.settingNames ?? []).map((n) => (
                  <option key={n} value={n} />
                ))}
              </datalist>
              <input
                aria-label="Value"
                name="setting-value"
                placeholder="value, e.g. 30s"
                style={nativeInput}
                value={newSetting.value}
                onChange={(e) => setNewSetting({ ...newSetting, value: e.target.value })}
              />
              <label>
                <input
                  type="checkbox"
                  checked={newSetting.database !== ''}
                  onChange={(e) =>
                    setNewSetting({
                      ...newSetting,
                      database: e.target.checked ? (detail.database ?? '') : '',
                    })
                  }
                />{' '}
                only in {detail.database}
              </label>
              <button
                type="button"
                style={smallButton}
                disabled={!newSetting.name}
                onClick={() =>
                  void ask(`Set ${newSetting.name} for ${original}`, {
                    action: 'setting',
                    role: original,
                    name: newSetting.name,
                    value: newSetting.value,
                    database: newSetting.database,
                  })
                }
              >
                Set
              </button>
            </Box>
          </Box>
          <Box variant="white" mb="lg" data-testid="role-rights">
            <H3>What {original} can do</H3>
            {detail.rights?.superuser ? (
              <Text>A superuser: every privilege check passes.</Text>
            ) : (
              <>
                <Text style={{ color: '#555' }} mb="sm">
                  Effective privileges on this database’s objects: its own grants, those of{' '}
                  {(detail.rights?.inheritsFrom ?? []).filter((r) => r !== original).join(', ') ||
                    'no group it inherits from'}
                  , and PUBLIC. Hover a privilege to see where it comes from.
                </Text>
                <input
                  aria-label="Filter objects"
                  placeholder="Filter objects"
                  style={nativeInput}
                  value={rightsFilter}
                  onChange={(e) => setRightsFilter(e.target.value)}
                />
                <table style={{ borderCollapse: 'collapse', width: '100%', marginTop: 8 }}>
                  <tbody>
                    {(detail.rights?.objects ?? [])
                      .filter((o) =>
                        `${o.schema ?? ''}.${o.name}`
                          .toLowerCase()
                          .includes(rightsFilter.toLowerCase()),
                      )
                      .slice(0, 300)
                      .map((o) => (
                        <tr
                          key={`${o.objectType}/${o.schema ?? ''}/${o.name}/${o.column ?? ''}`}
                          data-object={`${o.schema ? `${o.schema}.` : ''}${o.name}${o.column ? `.${o.column}` : ''}`}
                          style={{ borderBottom: '1px solid #eef1f4' }}
                        >
                          <td style={{ ...cell, color: '#555' }}>{o.objectType}</td>
                          <td style={cell}>
                            {o.schema ? `${o.schema}.` : ''}
                            {o.name}
                            {o.column ? ` (${o.column})` : ''}
                            {o.schema && !usableSchemas.has(o.schema) ? (
                              <span
                                style={{ color: '#b26a00', fontSize: 12, marginLeft: 8 }}
                                title="Without USAGE on the schema, the privileges cannot be used"
                              >
                                no USAGE on schema {o.schema}
                              </span>
                            ) : null}
                          </td>
                          <td style={cell}>
                            {o.privileges.map((p) => (
                              <span
                                key={p.privilege}
                                title={`via ${p.via.join(', ')}${p.grantable ? ', with grant option' : ''}`}
                                style={{
                                  display: 'inline-block',
                                  padding: '1px 7px',
                                  margin: '0 4px 2px 0',
                                  borderRadius: 10,
                                  fontSize: 12,
                                  background: p.via.includes(original) ? '#c8e6c9' : '#e3f2fd',
                                }}
                              >
                                {p.privilege}
                                {p.via.includes(original) ? '' : ` ← ${p.via.join(', ')}`}
                              </span>
                            ))}
                          </td>
                        </tr>
                      ))}
                  </tbody>
                </table>
              </>
            )}
          </Box>
          <Box variant="white" mb="lg" data-testid="drop-role">
            <H3>Drop role</H3>
            {(detail.dependents ?? []).length === 0 ? (
              <Text>Nothing depends on {original}: it can be dropped as it is.</Text>
            ) : (
              <>
                <Text mb="sm">These keep DROP ROLE from succeeding:</Text>
                <table style={{ borderCollapse: 'collapse' }} data-testid="dependents">
                  <tbody>
                    {(detail.dependents ?? []).map((d, i) => (
                      <tr key={i}>
                        <td style={cell}>{d.kind}</td>
                        <td style={cell}>
                          {d.here
                            ? (d.description ?? '')
                            : `${d.count} in database ${d.database ?? '?'}`}
                        </td>
                        <td style={{ ...cell, color: '#555' }}>
                          {d.here ? (d.database ? 'this database' : 'shared') : 'elsewhere'}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
            <Box flex alignItems="center" style={{ gap: 12, flexWrap: 'wrap' }} mt="default">
              <select
                aria-label="Reassign owned objects to"
                name="reassignTo"
                style={nativeInput}
                value={drop.reassignTo}
                onChange={(e) => setDrop({ ...drop, reassignTo: e.target.value })}
              >
                <option value="">Hand its objects to… (REASSIGN OWNED)</option>
                {others.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
              <label>
                <input
                  type="checkbox"
                  name="dropOwned"
                  checked={drop.dropOwned}
                  onChange={(e) => setDrop({ ...drop, dropOwned: e.target.checked })}
                />{' '}
                DROP OWNED (drops what is left, revokes its privileges)
              </label>
              <button
                type="button"
                style={{ ...smallButton, color: '#c62828', borderColor: '#c62828' }}
                onClick={() =>
                  void ask(`Drop role ${original}`, { action: 'drop', role: original, ...drop })
                }
              >
                Drop…
              </button>
            </Box>
          </Box>
        </>
      ) : null}
    </Box>
  )
}

export default RolesEditor

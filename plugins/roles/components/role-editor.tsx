import { Box, Button, H2, H3, Text } from '@adminjs/design-system'
import { ViewHelpers } from 'adminjs'
import React, { useCallback, useEffect, useRef, useState } from 'react'
import { useLocation, useNavigate } from 'react-router'
import {
  card,
  Check,
  Failure,
  FieldError,
  Input,
  labelStyle,
  loadPage,
  PlanButtons,
  PlanOutcome,
  postPage,
  type Reply,
  SqlBlock,
  TextArea,
  Warnings,
} from '../../../core/plugin/components/kit.jsx'
import { DropSection } from './role-drop.jsx'
import {
  editorUrl,
  type Ask,
  type Dependent,
  type Membership,
  type ObjectRights,
  type Setting,
} from './role-fields.jsx'
import { MembershipSection } from './role-memberships.jsx'
import { RightsSection } from './role-rights.jsx'
import { SettingsSection } from './role-settings.jsx'

const PAGE = 'roles-editor'
const h = new ViewHelpers()

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
  const [dropped, setDropped] = useState<string | null>(null)
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

  const ask: Ask = async (title, body) => {
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
  const others = detail.roles.filter((r) => r !== original)
  const grantable = detail.grantable
  const lacks = (key: keyof RoleForm) =>
    (key === 'createDb' && !grantable.createDb) || (key === 'bypassRls' && !grantable.bypassRls)

  return (
    <Box variant="grey">
      <Box variant="white" mb="lg">
        <H2>{original ? `Role ${original}` : 'New role'}</H2>
        <Failure reply={failure} />
        {detail.superuser ? (
          <Text mb="default" style={{ color: 'var(--planetary-danger, #c62828)' }}>
            A superuser: privilege checks and row level security do not apply to it.
          </Text>
        ) : null}
        <Box style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 16 }}>
          <Box>
            <label style={labelStyle} htmlFor="role-name">
              Name
            </label>
            <Input
              id="role-name"
              name="name"
              style={{ width: '100%' }}
              value={form.name}
              onChange={(e) => edit({ name: e.target.value })}
            />
            <FieldError fields={fields} names={['name', 'role.name']} />
          </Box>
          <Box>
            <label style={labelStyle} htmlFor="role-password">
              Password
            </label>
            <Input
              id="role-password"
              name="password"
              type="password"
              autoComplete="new-password"
              placeholder={original ? 'leave empty to keep the current one' : 'none'}
              style={{ width: '100%' }}
              value={form.password ?? ''}
              onChange={(e) => edit({ password: e.target.value })}
            />
            <Text style={{ fontSize: 12, color: 'var(--planetary-muted, #555)' }}>
              Hashed here (SCRAM-SHA-256) before it is sent: the server, its logs and the change log
              never see it.
            </Text>
            <FieldError fields={fields} names={['password']} />
          </Box>
          <Box>
            <label style={labelStyle} htmlFor="role-connlimit">
              Connection limit
            </label>
            <Input
              id="role-connlimit"
              name="connectionLimit"
              type="number"
              min={-1}
              value={form.connectionLimit}
              onChange={(e) => edit({ connectionLimit: e.target.value })}
            />{' '}
            <span style={{ fontSize: 12, color: 'var(--planetary-muted, #555)' }}>
              -1: no limit
            </span>
            <FieldError fields={fields} names={['connectionLimit']} />
          </Box>
          <Box>
            <label style={labelStyle} htmlFor="role-valid">
              Password valid until (UTC)
            </label>
            <Input
              id="role-valid"
              name="validUntil"
              type="datetime-local"
              value={localValue(form.validUntil)}
              onChange={(e) => edit({ validUntil: e.target.value || null })}
            />{' '}
            <span style={{ fontSize: 12, color: 'var(--planetary-muted, #555)' }}>
              empty: never expires
            </span>
            <FieldError fields={fields} names={['validUntil']} />
          </Box>
        </Box>
        <Box mt="default" flex style={{ gap: 18, flexWrap: 'wrap' }}>
          {ATTRIBUTES.map((a) => (
            <Check
              key={a.key}
              title={
                lacks(a.key)
                  ? `${detail?.runsAs ?? 'The console'} does not have ${a.label} itself, so it cannot grant it`
                  : a.help
              }
              name={a.key}
              checked={Boolean(form[a.key])}
              disabled={lacks(a.key) && !form[a.key]}
              onChange={(e) => edit({ [a.key]: e.target.checked })}
              label={
                <>
                  <b>{a.label}</b>{' '}
                  <span
                    style={{
                      fontSize: 12,
                      color: 'var(--planetary-muted, #454655)',
                      fontWeight: 400,
                    }}
                  >
                    {a.help}
                  </span>
                </>
              }
            />
          ))}
        </Box>
        <Box mt="default">
          <label style={labelStyle} htmlFor="role-comment">
            Description
          </label>
          <TextArea
            id="role-comment"
            name="comment"
            rows={2}
            style={{ width: '100%' }}
            value={form.comment ?? ''}
            onChange={(e) => edit({ comment: e.target.value })}
          />
        </Box>
        <Box mt="default" data-testid="sql-preview">
          <Text fontWeight="bold">SQL</Text>
          {shown?.ok && typeof shown.sql === 'string' ? (
            <SqlBlock sql={shown.sql || '-- nothing to change'} />
          ) : (
            <Text style={{ color: 'var(--planetary-muted, #555)' }}>
              Change the form to see the statements.
            </Text>
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

      {original && detail.role ? (
        <>
          <MembershipSection
            side="group"
            role={original}
            memberships={detail.memberOf ?? []}
            others={others}
            options={detail.membershipOptions}
            ask={ask}
          />
          <MembershipSection
            side="member"
            role={original}
            memberships={detail.members ?? []}
            others={others}
            options={detail.membershipOptions}
            ask={ask}
          />
          <SettingsSection
            role={original}
            settings={detail.settings ?? []}
            names={detail.settingNames ?? []}
            database={detail.database}
            ask={ask}
          />
          {detail.rights ? <RightsSection role={original} rights={detail.rights} /> : null}
          <DropSection
            role={original}
            dependents={detail.dependents ?? []}
            others={others}
            ask={ask}
          />
        </>
      ) : null}
    </Box>
  )
}

export default RolesEditor

import { Box, H2, H3, MessageBox, Text } from '@adminjs/design-system'
import React, { useCallback, useEffect, useState } from 'react'
import { useLocation, useNavigate } from 'react-router'
import { formatTimestamp } from '../../../core/plugin/components/format.js'
import { BodyEditor } from './body-editor.js'
import {
  Button,
  card,
  Check,
  Choice,
  defaultView,
  Failure,
  FieldError,
  loadPage,
  mono,
  type Operation,
  type Options,
  PAGES,
  pageUrl,
  PlanOutcome,
  postPage,
  type Reply,
  replyFields,
  type TableInfo,
  type ViewForm,
  viewWithAllColumns,
} from './kit.js'
import { PlanPanel, useLiveSql } from './plan-panel.js'
import { ViewEditor } from './view-editor.js'

interface RecordedView {
  schema: string
  name: string
  triggers: { operation: Operation; language: 'plpgsql' | 'sql' }[]
  spec: ViewForm | null
  bodies: { operation: Operation; language: 'plpgsql' | 'sql'; body: string }[]
}

interface Dependent {
  kind: string
  schema: string
  name: string
  on: string | null
}

type Task =
  | { kind: 'add'; view: ViewForm }
  | { kind: 'change'; index: number; view: ViewForm; cascade: boolean }
  | {
      kind: 'body'
      index: number
      operation: Operation
      language: 'plpgsql' | 'sql'
      body: string
    }
  | { kind: 'unprotect' }

const ACTIONS: Record<Task['kind'], string> = {
  add: 'add-view',
  change: 'change-view',
  body: 'body',
  unprotect: 'unprotect',
}

/**
 * Later changes to a table this console protected: add a view, change a view's columns (with
 * what would break shown before apply), edit the bodies behind its INSTEAD OF triggers, or
 * unprotect it, seeing exactly what is restored.
 */
const ProtectedTablesManage: React.FC = () => {
  const location = useLocation()
  const navigate = useNavigate()
  const [data, setData] = useState<Reply | null>(null)
  const [task, setTask] = useState<Task | null>(null)
  const [outcome, setOutcome] = useState<Reply | null>(null)
  const [busy, setBusy] = useState(false)

  const load = useCallback(async () => {
    const params = Object.fromEntries(new URLSearchParams(location.search))
    setData(await loadPage(PAGES.manage, params))
  }, [location.search])

  useEffect(() => {
    void load()
    setTask(null)
    setOutcome(null)
  }, [load])

  const table = (data?.ok ? data.table : null) as TableInfo | null
  const options = (data?.ok ? data.options : null) as Options | null
  const views = (data?.ok ? data.views : []) as RecordedView[]

  const payload: Record<string, unknown> | null =
    task && table
      ? task.kind === 'add'
        ? { table: table.table, view: task.view }
        : task.kind === 'change'
          ? { table: table.table, index: task.index, view: task.view, cascade: task.cascade }
          : task.kind === 'body'
            ? {
                table: table.table,
                index: task.index,
                operation: task.operation,
                language: task.language,
                body: task.body,
              }
            : { table: table.table }
      : null
  const action = task ? ACTIONS[task.kind] : 'render'
  const { render, lastGood } = useLiveSql(PAGES.manage, action, payload, { mode: 'render' })

  const run = async (mode: 'preview' | 'apply') => {
    if (!payload || !task) return
    setBusy(true)
    const reply = await postPage(PAGES.manage, { action: ACTIONS[task.kind], mode, form: payload })
    setBusy(false)
    setOutcome(reply)
    if (mode === 'apply' && reply.ok) {
      if (task.kind === 'unprotect') return
      setTask(null)
      await load()
    }
  }

  const start = (t: Task | null) => {
    setTask(t)
    setOutcome(null)
  }

  if (!data || !data.ok || !table || !options) {
    return (
      <Box variant="grey">
        <Box variant="white" p="xl">
          <H2>Manage a protected table</H2>
          {data && !data.ok ? <Failure reply={data} /> : <Text>Loading…</Text>}
          <Button
            size="sm"
            variant="outlined"
            type="button"
            onClick={() => navigate(pageUrl(PAGES.list))}
          >
            Back to the list
          </Button>
        </Box>
      </Box>
    )
  }

  const fields = replyFields(outcome, render)
  const skeletons = ((render?.ok ? render : lastGood)?.skeletons ?? {}) as Record<string, string>
  const redactionSchema = table.recorded?.redactionSchema ?? table.table.schema
  const unprotect = data.unprotect as { restores: string[]; drops: string[] }
  const change = (render?.ok ? render.change : lastGood?.change) as
    { mode: 'replace' | 'recreate'; breaks: Dependent[] } | undefined
  const label = `${table.table.schema}.${table.table.name}`

  return (
    <Box variant="grey">
      <Box variant="white" p="xl">
        <H2>Manage {label}</H2>
        <Text mb="default" style={{ color: 'var(--planetary-muted, #555)' }}>
          Protected by {table.recorded?.appliedBy} on{' '}
          {table.recorded ? formatTimestamp(table.recorded.appliedAt) : ''}. Row level security{' '}
          {table.rls.enabled ? (table.rls.forced ? 'on, forced' : 'on') : 'off'}
          {table.policies.length ? `; policies ${table.policies.join(', ')}` : ''}.
        </Text>
        <Box mb="lg">
          <Button
            size="sm"
            variant="outlined"
            type="button"
            onClick={() => navigate(pageUrl(PAGES.list))}
          >
            Back to the list
          </Button>
          <Button
            size="sm"
            variant="outlined"
            type="button"
            name="add-view"
            onClick={() =>
              start({
                kind: 'add',
                view: defaultView(
                  table,
                  `${table.table.name.replace(/_raw$/, '')}_v_${views.length + 1}`,
                ),
              })
            }
          >
            + Add a view
          </Button>
          <Button
            size="sm"
            variant="outlined"
            type="button"
            style={{ borderColor: '#c62828', color: 'var(--planetary-danger, #c62828)' }}
            name="unprotect"
            onClick={() => start({ kind: 'unprotect' })}
          >
            Unprotect…
          </Button>
        </Box>

        <table style={{ borderCollapse: 'collapse', width: '100%' }} data-testid="recorded-views">
          <thead>
            <tr style={{ textAlign: 'left', fontSize: 13, borderBottom: '2px solid #e0e4ea' }}>
              <th style={{ padding: 8 }}>view</th>
              <th style={{ padding: 8 }}>columns</th>
              <th style={{ padding: 8 }}>triggers</th>
              <th style={{ padding: 8 }}>roles</th>
              <th style={{ padding: 8 }} />
            </tr>
          </thead>
          <tbody>
            {views.map((v, i) => (
              <tr
                key={`${v.schema}.${v.name}`}
                style={{ borderBottom: '1px solid #eef0f4', fontSize: 13 }}
              >
                <td style={{ padding: 8, ...mono }}>
                  {v.schema}.{v.name}
                </td>
                <td style={{ padding: 8 }}>
                  {(v.spec?.columns ?? [])
                    .filter((c) => c.mode !== 'exclude')
                    .map((c) =>
                      c.mode === 'redact'
                        ? `${c.as || c.name} (${c.redaction?.fn === 'function' ? c.redaction.name : c.redaction?.fn})`
                        : c.as || c.name,
                    )
                    .join(', ')}
                </td>
                <td style={{ padding: 8 }}>
                  {v.triggers
                    .map((t) => `${t.operation.toUpperCase()} (${t.language})`)
                    .join(', ') || 'none'}
                </td>
                <td style={{ padding: 8 }}>
                  {(v.spec?.grants ?? [])
                    .map((g) => `${g.role}: ${g.privileges.join('/')}`)
                    .join('; ')}
                </td>
                <td style={{ padding: 8, whiteSpace: 'nowrap' }}>
                  <Button
                    size="sm"
                    variant="outlined"
                    type="button"
                    disabled={!v.spec}
                    onClick={() =>
                      v.spec &&
                      start({
                        kind: 'change',
                        index: i,
                        view: viewWithAllColumns(v.spec, table),
                        cascade: false,
                      })
                    }
                  >
                    Change columns
                  </Button>
                  {v.triggers.length ? (
                    <Button
                      size="sm"
                      variant="outlined"
                      type="button"
                      onClick={() => {
                        const first = v.bodies[0]
                        const t = v.triggers[0]
                        if (!t) return
                        start({
                          kind: 'body',
                          index: i,
                          operation: t.operation,
                          language: first?.language ?? t.language,
                          body: first?.body ?? '',
                        })
                      }}
                    >
                      Edit function bodies
                    </Button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>

        {task ? (
          <Box flex mt="xl" style={{ gap: 24, alignItems: 'flex-start' }}>
            <Box style={{ flex: '3 1 0', minWidth: 0 }}>
              {task.kind === 'add' ? (
                <ViewEditor
                  title="Add a view"
                  path="view"
                  value={task.view}
                  onChange={(view) => start({ ...task, view })}
                  table={table}
                  options={options}
                  redactionSchema={redactionSchema}
                  protect
                  skeletons={skeletons}
                  fields={fields}
                  bodyErrors={outcome?.bodyErrors}
                />
              ) : null}
              {task.kind === 'change' ? (
                <>
                  <ViewEditor
                    title={`Change ${views[task.index]?.name ?? 'view'}`}
                    path="view"
                    value={task.view}
                    onChange={(view) => start({ ...task, view })}
                    table={table}
                    options={options}
                    redactionSchema={redactionSchema}
                    protect
                    lockName
                    skeletons={skeletons}
                    fields={fields}
                    bodyErrors={outcome?.bodyErrors}
                  />
                  <Text style={{ fontSize: 13, color: 'var(--planetary-muted, #555)' }}>
                    Triggers with a generated body are written again to follow the new columns;
                    bodies you wrote are kept as stored.
                  </Text>
                </>
              ) : null}
              {task.kind === 'body' ? (
                <Box style={card} data-testid="body-task">
                  <H3>Function body of {views[task.index]?.name}</H3>
                  <Box flex style={{ gap: 12, alignItems: 'center' }} mb="default">
                    <Choice
                      name="operation"
                      value={task.operation}
                      onChange={(e) => {
                        const op = e.target.value as Operation
                        const v = views[task.index]
                        const b = v?.bodies.find((x) => x.operation === op)
                        const t = v?.triggers.find((x) => x.operation === op)
                        start({
                          ...task,
                          operation: op,
                          language: b?.language ?? t?.language ?? 'plpgsql',
                          body: b?.body ?? '',
                        })
                      }}
                    >
                      {(views[task.index]?.triggers ?? []).map((t) => (
                        <option key={t.operation} value={t.operation}>
                          INSTEAD OF {t.operation.toUpperCase()}
                        </option>
                      ))}
                    </Choice>
                    <Choice
                      name="language"
                      value={task.language}
                      onChange={(e) =>
                        start({ ...task, language: e.target.value === 'sql' ? 'sql' : 'plpgsql' })
                      }
                    >
                      <option value="plpgsql">plpgsql trigger function</option>
                      <option value="sql">sql function (new / old row)</option>
                    </Choice>
                    <Text style={{ fontSize: 13, color: 'var(--planetary-muted, #555)' }}>
                      Empty: the generated skeleton.
                    </Text>
                  </Box>
                  <BodyEditor
                    name="body"
                    value={task.body}
                    onChange={(body) => start({ ...task, body })}
                    error={outcome?.bodyErrors?.body}
                    rows={18}
                  />
                  <FieldError fields={fields} names={['body', 'operation', 'index']} />
                </Box>
              ) : null}
              {task.kind === 'unprotect' ? (
                <Box style={card} data-testid="unprotect">
                  <H3>Unprotect {label}</H3>
                  <MessageBox
                    variant="danger"
                    message="The views, their triggers and functions, and the policies the protect plan created are dropped; what the table had before is given back."
                  />
                  <Text mt="default" fontWeight="bold">
                    Restores
                  </Text>
                  <ul data-testid="restores">
                    {unprotect.restores.map((r) => (
                      <li key={r}>{r}</li>
                    ))}
                  </ul>
                  <Text fontWeight="bold">Drops</Text>
                  <ul data-testid="drops">
                    {unprotect.drops.map((d) => (
                      <li key={d}>{d}</li>
                    ))}
                  </ul>
                </Box>
              ) : null}
              <Button size="sm" variant="outlined" type="button" onClick={() => start(null)}>
                cancel
              </Button>
            </Box>
            <Box style={{ flex: '2 1 0', minWidth: 0, position: 'sticky', top: 8 }}>
              <PlanPanel
                render={render}
                lastGood={lastGood}
                outcome={outcome}
                busy={busy}
                onPreview={() => void run('preview')}
                onApply={() => void run('apply')}
                applyLabel={task.kind === 'unprotect' ? 'Unprotect' : 'Apply'}
              >
                {task.kind === 'change' && change ? (
                  <Box my="default" data-testid="change-mode">
                    <MessageBox
                      variant={change.mode === 'replace' ? 'success' : 'warning'}
                      message={
                        change.mode === 'replace'
                          ? 'CREATE OR REPLACE VIEW: the old columns stay first, nothing that uses the view is touched.'
                          : 'The view must be dropped and created again.'
                      }
                    />
                    {change.breaks.length ? (
                      <Box mt="sm" data-testid="breaks">
                        <Text fontWeight="bold">What depends on the view and would break:</Text>
                        <ul>
                          {change.breaks.map((b) => (
                            <li key={`${b.kind}.${b.schema}.${b.name}`}>
                              {b.kind} {b.schema}.{b.name}
                              {b.on ? ` on ${b.on}` : ''}
                            </li>
                          ))}
                        </ul>
                        <Check
                          name="cascade"
                          checked={task.cascade}
                          onChange={(e) => start({ ...task, cascade: e.target.checked })}
                          label={<>drop them too (CASCADE) — they are not recreated</>}
                        />
                      </Box>
                    ) : null}
                  </Box>
                ) : null}
              </PlanPanel>
            </Box>
          </Box>
        ) : outcome ? (
          <Box mt="xl">
            <PlanOutcome reply={outcome} />
          </Box>
        ) : null}
        {task?.kind === 'unprotect' && outcome?.ok && outcome.applied ? (
          <Box mt="default" data-testid="unprotected">
            <MessageBox variant="success" message={`${label} is no longer protected.`} />
          </Box>
        ) : null}
      </Box>
    </Box>
  )
}

export default ProtectedTablesManage

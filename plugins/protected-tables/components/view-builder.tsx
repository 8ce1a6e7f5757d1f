import { Box, H2, H3, MessageBox, Text } from '@adminjs/design-system'
import React, { useEffect, useState } from 'react'
import { useLocation, useNavigate } from 'react-router'
import {
  card,
  defaultView,
  Failure,
  labelStyle,
  loadPage,
  nativeInput,
  PAGES,
  pageUrl,
  postPage,
  replyFields,
  type Options,
  type PolicyForm,
  type RedactionChoice,
  type Reply,
  type TableInfo,
  type ViewForm,
} from './kit.js'
import { PlanPanel, useLiveSql } from './plan-panel.js'
import { PolicyForms } from './policy-forms.js'
import { RedactionChoiceForm } from './redaction-choice.js'
import { ViewEditor } from './view-editor.js'

type RlsChange = 'keep' | 'enable' | 'force' | 'disable'

interface BuilderForm {
  view: ViewForm
  policies: PolicyForm[]
  rowLevelSecurity: RlsChange
  redaction: RedactionChoice
}

function initialForm(table: TableInfo, options: Options): BuilderForm {
  const lib = options.librarySchemas
  const preferred = table.recorded?.redactionSchema ?? table.table.schema
  const schema = lib.includes(preferred) ? preferred : (lib[0] ?? preferred)
  return {
    view: defaultView(table, `${table.table.name.replace(/_raw$/, '')}_view`),
    policies: [],
    rowLevelSecurity: 'keep',
    redaction: { schema, install: !lib.includes(schema), createSchema: false },
  }
}

/**
 * The view builder for any table, protected or not: visual column selection, redaction, roles,
 * INSTEAD OF triggers, the RLS generator and the live SQL. On a table this console protected,
 * the protect rules apply and the view joins the protection record.
 */
const ProtectedTablesViewBuilder: React.FC = () => {
  const location = useLocation()
  const navigate = useNavigate()
  const [options, setOptions] = useState<Options | null>(null)
  const [table, setTable] = useState<TableInfo | null>(null)
  const [form, setForm] = useState<BuilderForm | null>(null)
  const [failure, setFailure] = useState<Reply | null>(null)
  const [outcome, setOutcome] = useState<Reply | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    const params = Object.fromEntries(new URLSearchParams(location.search))
    let live = true
    void loadPage(PAGES.viewBuilder, params).then((reply) => {
      if (!live) return
      if (!reply.ok) return setFailure(reply)
      const opts = reply.options as Options
      const t = (reply.table as TableInfo | undefined) ?? null
      setOptions(opts)
      setTable(t)
      setForm(t ? initialForm(t, opts) : null)
      setOutcome(null)
      setFailure(null)
    })
    return () => {
      live = false
    }
  }, [location.search])

  const usesLibrary = Boolean(
    form?.view.columns.some((c) => c.mode === 'redact' && c.redaction?.fn !== 'function'),
  )
  const payload =
    table && form
      ? {
          table: table.table,
          view: form.view,
          policies: form.policies,
          rowLevelSecurity: form.rowLevelSecurity,
          redaction: { ...form.redaction, install: form.redaction.install && usesLibrary },
        }
      : null
  const { render, lastGood } = useLiveSql(PAGES.viewBuilder, 'render', payload)
  const update = (patch: Partial<BuilderForm>) => {
    setForm((f) => (f ? { ...f, ...patch } : f))
    setOutcome(null)
  }

  const run = async (mode: 'preview' | 'apply') => {
    if (!payload) return
    setBusy(true)
    const reply = await postPage(PAGES.viewBuilder, { action: 'build', mode, form: payload })
    setBusy(false)
    setOutcome(reply)
  }

  if (!options) {
    return (
      <Box variant="grey">
        <Box variant="white" p="xl">
          <H2>View builder</H2>
          {failure ? <Failure reply={failure} /> : <Text>Loading…</Text>}
        </Box>
      </Box>
    )
  }
  const fields = replyFields(outcome, render)
  const skeletons = ((render?.ok ? render : lastGood)?.skeletons ?? {}) as Record<string, string>
  const protect = Boolean(table?.protected)

  return (
    <Box variant="grey">
      <Box variant="white" p="xl">
        <H2>View builder</H2>
        <Text mb="default" style={{ color: '#555' }}>
          A view as an API contract over any table: choose its columns, redact some, say which roles
          may read or write it, and generate row level security.
        </Text>
        <Failure reply={failure} />
        <Box flex style={{ gap: 24, alignItems: 'flex-start' }}>
          <Box style={{ flex: '3 1 0', minWidth: 0 }}>
            <Box style={card}>
              <label style={labelStyle} htmlFor="table">
                Table
              </label>
              <select
                id="table"
                name="table"
                style={nativeInput}
                value={table ? JSON.stringify([table.table.schema, table.table.name]) : ''}
                onChange={(e) => {
                  const [schema = '', name = ''] = e.target.value
                    ? (JSON.parse(e.target.value) as string[])
                    : []
                  navigate(pageUrl(PAGES.viewBuilder, schema ? { schema, name } : undefined))
                }}
              >
                <option value="">choose a table…</option>
                {options.tables.map((t) => (
                  <option key={`${t.schema}.${t.name}`} value={JSON.stringify([t.schema, t.name])}>
                    {t.schema}.{t.name}
                  </option>
                ))}
              </select>
              {protect && table ? (
                <MessageBox
                  mt="default"
                  variant="info"
                  message={`${table.table.schema}.${table.table.name} is protected${table.recorded ? ' by this console' : ' by hand'}: writes go through INSTEAD OF triggers and security_invoker is refused${table.recorded ? '; the view joins its protection record' : ''}.`}
                />
              ) : null}
            </Box>
            {table && form ? (
              <>
                <ViewEditor
                  path="view"
                  value={form.view}
                  onChange={(view) => update({ view })}
                  table={table}
                  options={options}
                  redactionSchema={form.redaction.schema || table.table.schema}
                  protect={protect}
                  skeletons={skeletons}
                  fields={fields}
                  bodyErrors={outcome?.bodyErrors}
                />
                <Box style={card}>
                  <H3>
                    Row level security on {table.table.schema}.{table.table.name}
                  </H3>
                  <Text style={{ fontSize: 13 }} mb="sm">
                    Now {table.rls.enabled ? (table.rls.forced ? 'on, forced' : 'on') : 'off'}
                    {table.policies.length ? `, policies ${table.policies.join(', ')}` : ''}.
                  </Text>
                  <select
                    name="rowLevelSecurity"
                    style={nativeInput}
                    value={form.rowLevelSecurity}
                    onChange={(e) => update({ rowLevelSecurity: e.target.value as RlsChange })}
                  >
                    <option value="keep">leave as it is</option>
                    <option value="enable">enable</option>
                    <option value="force">enable and force (for the owner too)</option>
                    <option value="disable">disable</option>
                  </select>
                </Box>
                <PolicyForms
                  title="Policies from the generator"
                  note="Policies go on the base table; PostgreSQL's row level security lives on tables and views pass it through."
                  value={form.policies}
                  onChange={(policies) => update({ policies })}
                  table={table}
                  options={options}
                  fields={fields}
                />
                <Box style={card} mt="lg">
                  <RedactionChoiceForm
                    value={form.redaction}
                    onChange={(redaction) => update({ redaction })}
                    options={options}
                    used={usesLibrary}
                    fields={fields}
                  />
                </Box>
              </>
            ) : null}
          </Box>
          <Box style={{ flex: '2 1 0', minWidth: 0, position: 'sticky', top: 8 }}>
            <PlanPanel
              render={render}
              lastGood={lastGood}
              outcome={outcome}
              busy={busy || !payload}
              onPreview={() => void run('preview')}
              onApply={() => void run('apply')}
              empty="Choose a table to see the plan."
            />
          </Box>
        </Box>
      </Box>
    </Box>
  )
}

export default ProtectedTablesViewBuilder

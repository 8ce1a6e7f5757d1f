import { Box, H2, Text } from '@adminjs/design-system'
import React, { useEffect, useState } from 'react'
import { useLocation, useNavigate, type NavigateFunction } from 'react-router'
import {
  Failure,
  labelStyle,
  loadPage,
  type Options,
  postPage,
  type RedactionChoice,
  type Reply,
  replyFields,
  type TableInfo,
  TablePicker,
  type ViewForm,
} from './kit.jsx'
import { useLiveSql, type PlanPanel } from './plan-panel.jsx'

/** The library is needed when a column is redacted by one of its functions, not a chosen one. */
export const usesLibrary = (views: ViewForm[]) =>
  views.some((v) => v.columns.some((c) => c.mode === 'redact' && c.redaction?.fn !== 'function'))

/** Where the redaction library goes: the preferred schema if it can hold it, else the first that can. */
export function initialRedaction(options: Options, preferred: string): RedactionChoice {
  const lib = options.librarySchemas
  const schema = lib.includes(preferred) ? preferred : (lib[0] ?? preferred)
  return { schema, install: !lib.includes(schema), createSchema: false }
}

/** What a table form page holds; `panel` is what its PlanPanel takes besides its texts. */
export interface PlanForm<F> {
  navigate: NavigateFunction
  options: Options | null
  table: TableInfo | null
  setTable: (table: TableInfo | null) => void
  form: F | null
  setForm: (form: F | null) => void
  failure: Reply | null
  outcome: Reply | null
  render: Reply | null
  /** The form changed since the server last rendered it. */
  pending: boolean
  fields: Record<string, string> | undefined
  skeletons: Record<string, string>
  update: (patch: Partial<F>) => void
  panel: Pick<
    React.ComponentProps<typeof PlanPanel>,
    'render' | 'lastGood' | 'outcome' | 'busy' | 'onPreview' | 'onApply'
  >
}

/**
 * A form over one table (the table in the page's query): loads the options and the table, starts
 * the form from them, keeps the live SQL of the payload, and runs `action` as a dry run or apply.
 * With `refresh`, a successful apply reloads the table by that action.
 */
export function usePlanForm<F extends object>(spec: {
  page: string
  action: string
  initialForm: (table: TableInfo, options: Options) => F
  payload: (table: TableInfo, form: F) => Record<string, unknown>
  refresh?: string
}): PlanForm<F> {
  const { page, action } = spec
  const location = useLocation()
  const navigate = useNavigate()
  const [options, setOptions] = useState<Options | null>(null)
  const [table, setTable] = useState<TableInfo | null>(null)
  const [form, setForm] = useState<F | null>(null)
  const [failure, setFailure] = useState<Reply | null>(null)
  const [outcome, setOutcome] = useState<Reply | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    const params = Object.fromEntries(new URLSearchParams(location.search))
    let live = true
    void loadPage(page, params).then((reply) => {
      if (!live) return
      if (!reply.ok) return setFailure(reply)
      const opts = reply.options as Options
      const t = (reply.table as TableInfo | undefined) ?? null
      setOptions(opts)
      setTable(t)
      setForm(t ? spec.initialForm(t, opts) : null)
      setOutcome(null)
      setFailure(null)
    })
    return () => {
      live = false
    }
    // `spec.initialForm` is the page's own function, rebuilt on every render.
  }, [location.search, page])

  const payload = table && form ? spec.payload(table, form) : null
  const { render, lastGood, pending } = useLiveSql(page, 'render', payload)

  const update = (patch: Partial<F>) => {
    setForm((f) => (f ? { ...f, ...patch } : f))
    setOutcome(null)
  }

  const run = async (mode: 'preview' | 'apply', extra: Record<string, unknown> = {}) => {
    if (!payload) return
    setBusy(true)
    const reply = await postPage(page, { action, mode, ...extra, form: payload })
    setBusy(false)
    setOutcome(reply)
    if (spec.refresh && mode === 'apply' && reply.ok && table) {
      const refreshed = await postPage(page, { action: spec.refresh, table: table.table })
      if (refreshed.ok) setTable(refreshed.table as TableInfo)
    }
  }

  return {
    navigate,
    options,
    table,
    setTable,
    form,
    setForm,
    failure,
    outcome,
    render,
    pending,
    fields: replyFields(outcome, render),
    skeletons: ((render?.ok ? render : lastGood)?.skeletons ?? {}) as Record<string, string>,
    update,
    panel: {
      render,
      lastGood,
      outcome,
      busy: busy || !payload,
      onPreview: () => void run('preview'),
      onApply: (extra) => void run('apply', extra),
    },
  }
}

/** A page's frame; without `children`, the page still loading (or its load failure). */
export function PlanPage(props: {
  title: string
  failure: Reply | null
  intro?: React.ReactNode
  nav?: React.ReactNode
  aside?: React.ReactNode
  children?: React.ReactNode
}) {
  if (props.children === undefined) {
    return (
      <Box variant="grey">
        <Box variant="white" p="xl">
          <H2>{props.title}</H2>
          {props.failure ? <Failure reply={props.failure} /> : <Text>Loading…</Text>}
        </Box>
      </Box>
    )
  }
  return (
    <Box variant="grey">
      <Box variant="white" p="xl">
        <H2>{props.title}</H2>
        <Text mb="default" style={{ color: 'var(--planetary-muted, #555)' }}>
          {props.intro}
        </Text>
        {props.nav}
        <Failure reply={props.failure} />
        <Box flex style={{ gap: 24, alignItems: 'flex-start' }}>
          <Box style={{ flex: '3 1 0', minWidth: 0 }}>{props.children}</Box>
          {props.aside}
        </Box>
      </Box>
    </Box>
  )
}

/** The table picker: `onChoose(null)` when "choose a table…" is picked again. */
export function TableSelect(props: {
  label: string
  table: TableInfo | null
  options: Options
  onChoose: (table: { schema: string; name: string } | null) => void
}) {
  const { table } = props
  return (
    <>
      <label style={labelStyle} htmlFor="table">
        {props.label}
      </label>
      <TablePicker
        id="table"
        name="table"
        tables={props.options.tables}
        value={table ? table.table : null}
        onChange={(t) => props.onChoose(t ? { schema: t.schema, name: t.name } : null)}
      />
    </>
  )
}

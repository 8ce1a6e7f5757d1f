import { Box, Button, H2, H3, Text } from '@adminjs/design-system'
import React, { useCallback, useEffect, useRef, useState } from 'react'
import { useLocation } from 'react-router'
import {
  Check,
  Choice,
  Failure,
  FieldError,
  Input,
  Label,
  loadPage,
  mono,
  PlanButtons,
  PlanOutcome,
  postPage,
  type Reply,
  RolesPicker,
  Segmented,
  SqlBlock,
  tableKey,
  TablePicker,
  TextArea,
  Warnings,
} from '../../../core/plugin/components/kit.jsx'

const PAGE = 'policies-editor'

interface Condition {
  column: string
  operator: string
  kind: string
  value: string
  claim: string
  type: string
}

interface Expr {
  mode: 'none' | 'builder' | 'raw'
  raw: string
  join: 'AND' | 'OR'
  conditions: Condition[]
}

interface Form {
  original?: { schema: string; table: string; name: string }
  table: { schema: string; name: string }
  name: string
  command: string
  permissive: boolean
  roles: string[]
  using: Expr
  withCheck: Expr
  enableRls: boolean
}

interface Column {
  name: string
  type: string
}

interface TemplateParam {
  name: string
  kind: 'column' | 'choice' | 'text'
  default: string
  choices?: string[]
}

interface BuiltinTemplate {
  id: string
  title: string
  description: string
  params: TemplateParam[]
}

interface CustomTemplate {
  name: string
  description: string
  using: string | null
  withCheck: string | null
  createdBy: string
  params: string[]
}

interface Options {
  tables: { schema: string; name: string; rlsEnabled: boolean }[]
  roles: string[]
  commands: string[]
  operators: string[]
  valueKinds: string[]
  claimTypes: string[]
  /** Claims declared on the session claims page, with the cast their type calls for. */
  declaredClaims?: { name: string; type: string; cast: string; description: string }[]
  templates: BuiltinTemplate[]
  customTemplates: CustomTemplate[]
}

const noExpr = (): Expr => ({ mode: 'none', raw: '', join: 'AND', conditions: [] })

const emptyForm = (): Form => ({
  table: { schema: '', name: '' },
  name: '',
  command: 'ALL',
  permissive: true,
  roles: [],
  using: noExpr(),
  withCheck: noExpr(),
  enableRls: false,
})

/** The server's form (raw or none expressions) with the editor's defaults filled in. */
function fromServer(f: Partial<Form> & { using?: Partial<Expr>; withCheck?: Partial<Expr> }): Form {
  return {
    ...emptyForm(),
    ...f,
    using: { ...noExpr(), ...(f.using ?? {}) },
    withCheck: { ...noExpr(), ...(f.withCheck ?? {}) },
    enableRls: false,
  } as Form
}

/** A claim cast that fits the column: tenant_id int → int. */
function claimTypeFor(columnType: string | undefined): string {
  const t = (columnType ?? '').toLowerCase()
  if (t === 'integer' || t === 'smallint') return 'int'
  if (t === 'bigint') return 'bigint'
  if (t === 'uuid') return 'uuid'
  if (t.startsWith('numeric')) return 'numeric'
  if (t === 'boolean') return 'boolean'
  return 'text'
}

const kindLabel: Record<string, string> = {
  value: 'value',
  claim: "claim current_setting('app.…')",
  jwt: 'claim request.jwt.claims',
  current_user: 'current_user',
  now: 'now()',
  column: 'another column',
}

function ExpressionEditor(props: {
  name: 'using' | 'withCheck'
  label: string
  value: Expr
  onChange: (e: Expr) => void
  columns: Column[]
  options: Options
  fields?: Record<string, string>
  note?: string
}) {
  const { name, value, onChange, columns, options } = props
  const set = (patch: Partial<Expr>) => onChange({ ...value, ...patch })
  const setCondition = (i: number, patch: Partial<Condition>) =>
    set({ conditions: value.conditions.map((c, j) => (j === i ? { ...c, ...patch } : c)) })
  const addCondition = () => {
    const first = columns[0]
    set({
      conditions: [
        ...value.conditions,
        {
          column: first?.name ?? '',
          operator: '=',
          kind: 'claim',
          value: '',
          claim: first?.name ?? '',
          type: claimTypeFor(first?.type),
        },
      ],
    })
  }
  return (
    <Box
      mb="lg"
      p="default"
      style={{ border: '1px solid #e0e4ea', borderRadius: 6 }}
      data-testid={`expr-${name}`}
    >
      <Text fontWeight="bold" mb="sm">
        {props.label}
      </Text>
      {props.note ? (
        <Text style={{ color: 'var(--planetary-muted, #666)', fontSize: 13 }}>{props.note}</Text>
      ) : null}
      <Box mb="default">
        <Segmented
          name={`${name}-mode`}
          label={`${name === 'withCheck' ? 'WITH CHECK' : 'USING'} expression from`}
          value={value.mode}
          options={[
            { value: 'none', label: 'none' },
            { value: 'builder', label: 'expression builder' },
            { value: 'raw', label: 'raw SQL expression' },
          ]}
          onChange={(m) => set({ mode: m })}
        />
      </Box>
      {value.mode === 'raw' ? (
        <TextArea
          aria-label={`${name === 'withCheck' ? 'WITH CHECK' : 'USING'} expression (SQL)`}
          name={`${name}-raw`}
          value={value.raw}
          onChange={(e) => set({ raw: e.target.value })}
          rows={4}
          spellCheck={false}
          placeholder="tenant_id = nullif(current_setting('app.tenant_id', true), '')::int"
          style={{
            ...mono,
            width: '100%',
            boxSizing: 'border-box',
            padding: 8,
            border: '1px solid #c0c8d2',
            borderRadius: 4,
          }}
        />
      ) : null}
      {value.mode === 'builder' ? (
        <Box>
          {value.conditions.map((c, i) => (
            <Box key={i} flex mb="sm" style={{ gap: 8, flexWrap: 'wrap', alignItems: 'center' }}>
              {i > 0 ? (
                <Choice
                  value={value.join}
                  onChange={(e) => set({ join: e.target.value === 'OR' ? 'OR' : 'AND' })}
                >
                  <option>AND</option>
                  <option>OR</option>
                </Choice>
              ) : null}
              <Choice
                name={`${name}-column-${i}`}
                value={c.column}
                onChange={(e) => {
                  const col = columns.find((x) => x.name === e.target.value)
                  setCondition(i, { column: e.target.value, type: claimTypeFor(col?.type) })
                }}
              >
                {c.column && !columns.some((x) => x.name === c.column) ? (
                  <option>{c.column}</option>
                ) : null}
                {columns.map((col) => (
                  <option key={col.name} value={col.name}>
                    {col.name} ({col.type})
                  </option>
                ))}
              </Choice>
              <Choice
                name={`${name}-operator-${i}`}
                value={c.operator}
                onChange={(e) => setCondition(i, { operator: e.target.value })}
                values={options.operators}
              />
              {c.operator === 'IS NULL' || c.operator === 'IS NOT NULL' ? null : (
                <>
                  <Choice
                    name={`${name}-kind-${i}`}
                    value={c.kind}
                    onChange={(e) => setCondition(i, { kind: e.target.value })}
                  >
                    {options.valueKinds.map((k) => (
                      <option key={k} value={k}>
                        {kindLabel[k] ?? k}
                      </option>
                    ))}
                  </Choice>
                  {c.kind === 'value' || c.kind === 'column' ? (
                    c.kind === 'column' ? (
                      <Choice
                        name={`${name}-value-${i}`}
                        value={c.value}
                        onChange={(e) => setCondition(i, { value: e.target.value })}
                      >
                        <option value="">choose…</option>
                        {columns.map((col) => (
                          <option key={col.name} value={col.name}>
                            {col.name}
                          </option>
                        ))}
                      </Choice>
                    ) : (
                      <Input
                        aria-label="Value"
                        name={`${name}-value-${i}`}
                        value={c.value}
                        placeholder={c.operator === 'IN' ? 'a, b, c' : 'value'}
                        onChange={(e) => setCondition(i, { value: e.target.value })}
                      />
                    )
                  ) : null}
                  {c.kind === 'claim' || c.kind === 'jwt' ? (
                    <>
                      <Input
                        aria-label="Claim"
                        name={`${name}-claim-${i}`}
                        value={c.claim}
                        placeholder="claim, e.g. tenant_id"
                        list={`declared-claims-${name}`}
                        onChange={(e) => {
                          const declared = options.declaredClaims?.find(
                            (d) => d.name === e.target.value,
                          )
                          setCondition(i, {
                            claim: e.target.value,
                            ...(declared ? { type: declared.cast } : {}),
                          })
                        }}
                      />
                      <Choice
                        name={`${name}-type-${i}`}
                        value={c.type}
                        onChange={(e) => setCondition(i, { type: e.target.value })}
                        values={options.claimTypes}
                      />
                    </>
                  ) : null}
                </>
              )}
              <Button
                size="sm"
                variant="outlined"
                type="button"
                onClick={() => set({ conditions: value.conditions.filter((_, j) => j !== i) })}
              >
                remove
              </Button>
            </Box>
          ))}
          <Button
            size="sm"
            variant="outlined"
            type="button"
            onClick={addCondition}
            name={`${name}-add`}
          >
            + condition
          </Button>
          <datalist id={`declared-claims-${name}`}>
            {(options.declaredClaims ?? []).map((d) => (
              <option key={d.name} value={d.name}>
                {`${d.type}${d.description ? ` — ${d.description}` : ''}`}
              </option>
            ))}
          </datalist>
        </Box>
      ) : null}
      {value.mode === 'raw' ? <Caret text={value.raw} message={props.fields?.[name]} /> : null}
      <FieldError fields={props.fields} names={[name]} />
    </Box>
  )
}

/** The parser's position, shown psql-style under the line of the raw expression that holds it. */
function Caret(props: { text: string; message: string | undefined }) {
  const at = /at position (\d+)$/.exec(props.message ?? '')
  if (!at) return null
  const chars = Array.from(props.text)
  const index = Math.min(Math.max(Number(at[1]) - 1, 0), chars.length)
  let start = index
  while (start > 0 && chars[start - 1] !== '\n') start--
  let end = index
  while (end < chars.length && chars[end] !== '\n') end++
  const line = chars.slice(start, end).join('')
  return (
    <pre
      data-testid="caret"
      style={{
        ...mono,
        color: 'var(--planetary-danger, #b71c1c)',
        margin: '6px 0 0',
        whiteSpace: 'pre',
      }}
    >
      {`${line}\n${' '.repeat(index - start)}^`}
    </pre>
  )
}

const PoliciesEditor: React.FC = () => {
  const location = useLocation()
  const [options, setOptions] = useState<Options | null>(null)
  const [form, setForm] = useState<Form>(emptyForm())
  const [columns, setColumns] = useState<Column[]>([])
  const [tableRls, setTableRls] = useState(true)
  const [failure, setFailure] = useState<Reply | null>(null)
  const [render, setRender] = useState<Reply | null>(null)
  const [outcome, setOutcome] = useState<Reply | null>(null)
  const [busy, setBusy] = useState(false)
  const [template, setTemplate] = useState('')
  const [params, setParams] = useState<Record<string, string>>({})
  const [templateReply, setTemplateReply] = useState<Reply | null>(null)
  const [saving, setSaving] = useState({ name: '', description: '', using: '', withCheck: '' })
  const [saveReply, setSaveReply] = useState<Reply | null>(null)
  const seq = useRef(0)

  const loadTable = useCallback(async (table: { schema: string; name: string }) => {
    if (!table.schema || !table.name) return setColumns([])
    const reply = await postPage(PAGE, { action: 'table', table })
    if (reply.ok) {
      const t = reply.table as { columns: Column[]; rlsEnabled: boolean }
      setColumns(t.columns)
      setTableRls(t.rlsEnabled)
    } else setFailure(reply)
  }, [])

  useEffect(() => {
    const params = Object.fromEntries(new URLSearchParams(location.search))
    let live = true
    void loadPage(PAGE, params).then((reply) => {
      if (!live) return
      if (!reply.ok) return setFailure(reply)
      setFailure(null)
      setOptions(reply as unknown as Options)
      const t = reply.table as { columns: Column[]; rlsEnabled: boolean } | undefined
      if (t) {
        setColumns(t.columns)
        setTableRls(t.rlsEnabled)
      }
      if (reply.form) setForm(fromServer(reply.form as Partial<Form>))
      else if (params.schema && params.table)
        setForm({ ...emptyForm(), table: { schema: params.schema, name: params.table } })
      else setForm(emptyForm())
      setOutcome(null)
    })
    return () => {
      live = false
    }
  }, [location.search])

  // Live preview: the server renders the SQL (and refuses with field names) as the form changes.
  useEffect(() => {
    if (!form.table.name || !form.name) {
      setRender(null)
      return
    }
    const mine = ++seq.current
    const timer = setTimeout(() => {
      void postPage(PAGE, { action: 'render', form }).then((reply) => {
        if (mine === seq.current) setRender(reply)
      })
    }, 250)
    return () => clearTimeout(timer)
  }, [form])

  const update = (patch: Partial<Form>) => {
    setForm((f) => ({ ...f, ...patch }))
    setOutcome(null)
  }

  const chooseTable = (value: string) => {
    const [schema = '', name = ''] = value ? (JSON.parse(value) as string[]) : []
    update({ table: { schema, name } })
    void loadTable({ schema, name })
  }

  const builtin = options?.templates.find((t) => `builtin:${t.id}` === template)
  const custom = options?.customTemplates.find((t) => `custom:${t.name}` === template)
  const templateParams: TemplateParam[] = builtin
    ? builtin.params
    : custom
      ? custom.params.map((p) => ({ name: p, kind: 'column' as const, default: '' }))
      : []

  const chooseTemplate = (key: string) => {
    setTemplate(key)
    setTemplateReply(null)
    const b = options?.templates.find((t) => `builtin:${t.id}` === key)
    const next: Record<string, string> = {}
    for (const p of b?.params ?? []) next[p.name] = p.default
    const col = columns.find((c) => c.name === next.column)
    if (b && 'type' in next && col) next.type = claimTypeFor(col.type)
    setParams(next)
  }

  const setParam = (name: string, value: string) => {
    const next = { ...params, [name]: value }
    if (name === 'column' && 'type' in params) {
      const col = columns.find((c) => c.name === value)
      if (col) next.type = claimTypeFor(col.type)
    }
    setParams(next)
  }

  const fillFromTemplate = async () => {
    const reply = await postPage(PAGE, {
      action: 'template',
      ...(builtin ? { template: builtin.id } : {}),
      ...(custom ? { custom: custom.name } : {}),
      params,
      ...(form.table.name ? { table: form.table } : {}),
      command: form.command,
    })
    setTemplateReply(reply)
    if (!reply.ok) return
    const expr = (text: unknown): Expr =>
      typeof text === 'string' ? { ...noExpr(), mode: 'raw', raw: text } : noExpr()
    update({ using: expr(reply.using), withCheck: expr(reply.withCheck) })
  }

  const run = async (mode: 'preview' | 'apply') => {
    setBusy(true)
    const reply = await postPage(PAGE, { action: 'policy', mode, form })
    setBusy(false)
    setOutcome(reply)
    if (mode === 'apply' && reply.ok && reply.form) {
      setForm(fromServer(reply.form as Partial<Form>))
      await loadTable(form.table)
    }
  }

  const saveTemplate = async () => {
    const reply = await postPage(PAGE, { action: 'save-template', ...saving })
    setSaveReply(reply)
    if (reply.ok && options)
      setOptions({ ...options, customTemplates: reply.customTemplates as CustomTemplate[] })
  }

  const deleteTemplate = async (name: string) => {
    const reply = await postPage(PAGE, { action: 'delete-template', name })
    setSaveReply(reply)
    if (reply.ok && options)
      setOptions({ ...options, customTemplates: reply.customTemplates as CustomTemplate[] })
  }

  if (!options) {
    return (
      <Box variant="grey">
        <Box variant="white" p="xl">
          <H2>Policy editor</H2>
          {failure ? <Failure reply={failure} /> : <Text>Loading…</Text>}
        </Box>
      </Box>
    )
  }

  const fields =
    render && !render.ok ? render.fields : outcome && !outcome.ok ? outcome.fields : undefined
  const label: React.CSSProperties = { display: 'block', fontWeight: 600, marginBottom: 4 }

  return (
    <Box variant="grey">
      <Box variant="white" p="xl">
        <H2>
          {form.original
            ? `Edit policy ${form.original.name} on ${form.original.schema}.${form.original.table}`
            : 'New policy'}
        </H2>
        <Failure reply={failure} />
        <Box flex style={{ gap: 24, flexWrap: 'wrap' }} mb="lg">
          <Box>
            <label style={label} htmlFor="policy-table">
              Table
            </label>
            <TablePicker
              id="policy-table"
              name="table"
              tables={options.tables.map((t) => ({
                schema: t.schema,
                name: t.name,
                note: t.rlsEnabled ? '' : 'RLS off',
              }))}
              value={form.table.name ? form.table : null}
              onChange={(t) => chooseTable(t ? tableKey(t) : '')}
            />
            <FieldError fields={fields} names={['table', 'original']} />
          </Box>
          <Box>
            <label style={label} htmlFor="policy-name">
              Name
            </label>
            <Input
              id="policy-name"
              name="name"
              value={form.name}
              onChange={(e) => update({ name: e.target.value })}
            />
            <FieldError fields={fields} names={['name']} />
          </Box>
          <Box>
            <label style={label} htmlFor="policy-command">
              Command
            </label>
            <Choice
              id="policy-command"
              name="command"
              value={form.command}
              onChange={(e) => update({ command: e.target.value })}
              values={options.commands}
            />
            <FieldError fields={fields} names={['command']} />
          </Box>
          <Box>
            <label style={label} htmlFor="policy-kind">
              Kind
            </label>
            <Choice
              id="policy-kind"
              name="permissive"
              width={300}
              value={form.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'}
              onChange={(e) => update({ permissive: e.target.value === 'PERMISSIVE' })}
            >
              <option value="PERMISSIVE">PERMISSIVE (OR'ed with others)</option>
              <option value="RESTRICTIVE">RESTRICTIVE (AND'ed with others)</option>
            </Choice>
          </Box>
        </Box>
        <Box mb="lg">
          <Label htmlFor="pick-roles">Roles (none chosen: PUBLIC)</Label>
          <Box data-testid="roles">
            <RolesPicker
              id="pick-roles"
              name="roles"
              roles={options.roles.map((r) => ({ name: r, note: r === 'public' ? 'PUBLIC' : '' }))}
              value={form.roles}
              onChange={(roles) => update({ roles })}
              placeholder="PUBLIC (every role)"
              width={480}
            />
          </Box>
          <FieldError fields={fields} names={['roles']} />
        </Box>
        {form.table.name && !tableRls ? (
          <Box mb="lg">
            <Check
              name="enableRls"
              checked={form.enableRls}
              onChange={(e) => update({ enableRls: e.target.checked })}
              label={
                <>
                  Row level security is off on {form.table.schema}.{form.table.name}: enable it in
                  the same plan
                </>
              }
            />
          </Box>
        ) : null}

        <Box
          mb="lg"
          p="default"
          style={{ background: 'var(--planetary-card-alt, #f5f7fb)', borderRadius: 6 }}
          data-testid="templates"
        >
          <H3>Start from a template</H3>
          <Box flex style={{ gap: 12, flexWrap: 'wrap', alignItems: 'flex-end' }}>
            <Box>
              <label style={label} htmlFor="policy-template">
                Template
              </label>
              <Choice
                id="policy-template"
                name="template"
                value={template}
                onChange={(e) => chooseTemplate(e.target.value)}
              >
                <option value="">choose…</option>
                <optgroup label="Built-in">
                  {options.templates.map((t) => (
                    <option key={t.id} value={`builtin:${t.id}`}>
                      {t.title}
                    </option>
                  ))}
                </optgroup>
                {options.customTemplates.length ? (
                  <optgroup label="Saved">
                    {options.customTemplates.map((t) => (
                      <option key={t.name} value={`custom:${t.name}`}>
                        {t.name}
                      </option>
                    ))}
                  </optgroup>
                ) : null}
              </Choice>
            </Box>
            {templateParams.map((p) => (
              <Box key={p.name}>
                <label style={label} htmlFor={`param-${p.name}`}>
                  {p.kind === 'column' && p.name !== 'column' ? `${p.name} column` : p.name}
                </label>
                {p.kind === 'text' ? (
                  <Input
                    id={`param-${p.name}`}
                    name={`param-${p.name}`}
                    value={params[p.name] ?? ''}
                    onChange={(e) => setParam(p.name, e.target.value)}
                  />
                ) : (
                  <Choice
                    id={`param-${p.name}`}
                    name={`param-${p.name}`}
                    value={params[p.name] ?? ''}
                    onChange={(e) => setParam(p.name, e.target.value)}
                  >
                    {p.kind === 'column' ? (
                      <>
                        <option value="">choose…</option>
                        {params[p.name] && !columns.some((c) => c.name === params[p.name]) ? (
                          <option>{params[p.name]}</option>
                        ) : null}
                        {columns.map((c) => (
                          <option key={c.name} value={c.name}>
                            {c.name}
                          </option>
                        ))}
                      </>
                    ) : (
                      (p.choices ?? []).map((c) => (
                        <option key={c} value={c}>
                          {c}
                        </option>
                      ))
                    )}
                  </Choice>
                )}
              </Box>
            ))}
            {template ? (
              <Button type="button" onClick={() => void fillFromTemplate()}>
                Use template
              </Button>
            ) : null}
          </Box>
          {builtin ? <Text mt="sm">{builtin.description}</Text> : null}
          {custom ? (
            <Text mt="sm" style={mono}>
              {custom.description ? `${custom.description} — ` : ''}USING {custom.using ?? '—'} /
              WITH CHECK {custom.withCheck ?? '—'}
            </Text>
          ) : null}
          {templateReply && !templateReply.ok ? (
            <>
              <FieldError
                fields={templateReply.fields}
                names={['params', 'template', 'using', 'withCheck', 'table']}
              />
              {templateReply.fields ? null : <Failure reply={templateReply} />}
            </>
          ) : null}
        </Box>

        <ExpressionEditor
          name="using"
          label="USING — which existing rows the policy lets through"
          value={form.using}
          onChange={(using) => update({ using })}
          columns={columns}
          options={options}
          fields={fields}
          {...(form.command === 'INSERT'
            ? { note: 'An INSERT policy has no USING expression.' }
            : {})}
        />
        <ExpressionEditor
          name="withCheck"
          label="WITH CHECK — which new or changed rows are accepted"
          value={form.withCheck}
          onChange={(withCheck) => update({ withCheck })}
          columns={columns}
          options={options}
          fields={fields}
          {...(form.command === 'SELECT' || form.command === 'DELETE'
            ? { note: `A ${form.command} policy has no WITH CHECK expression.` }
            : {})}
        />

        <H3>SQL preview</H3>
        {!render ? (
          <Text style={{ color: 'var(--planetary-muted, #666)' }}>
            Choose a table and a name to see the SQL.
          </Text>
        ) : render.ok ? (
          <>
            {render.sql ? <SqlBlock sql={String(render.sql)} testId="sql-preview" /> : null}
            <Warnings warnings={render.warnings} />
          </>
        ) : (
          <Box data-testid="preview-refused">
            <Text style={{ color: 'var(--planetary-danger, #c62828)' }}>{render.message}</Text>
          </Box>
        )}
        <PlanButtons busy={busy} onRun={(mode) => void run(mode)} />
        <PlanOutcome reply={outcome} />

        <Box
          mt="xl"
          p="default"
          style={{ border: '1px dashed #c0c8d2', borderRadius: 6 }}
          data-testid="save-template"
        >
          <H3>Save a custom template</H3>
          <Text mb="default" style={{ fontSize: 13, color: 'var(--planetary-muted, #555)' }}>
            Write <code>{'{{column}}'}</code>-style placeholders where a column goes; they are
            filled with quoted column names when the template is used on a table.
          </Text>
          <Box flex style={{ gap: 12, flexWrap: 'wrap' }}>
            <Input
              aria-label="Template name"
              name="template-name"
              placeholder="name"
              value={saving.name}
              onChange={(e) => setSaving({ ...saving, name: e.target.value })}
            />
            <Input
              aria-label="Template description"
              name="template-description"
              placeholder="description"
              style={{ minWidth: 300 }}
              value={saving.description}
              onChange={(e) => setSaving({ ...saving, description: e.target.value })}
            />
            <Button
              size="sm"
              variant="outlined"
              type="button"
              onClick={() =>
                setSaving({
                  ...saving,
                  using: typeof render?.using === 'string' ? render.using : '',
                  withCheck: typeof render?.withCheck === 'string' ? render.withCheck : '',
                })
              }
            >
              copy this policy's expressions
            </Button>
          </Box>
          <TextArea
            aria-label="Template USING expression"
            name="template-using"
            placeholder="USING, e.g. {{owner}} = current_user"
            rows={2}
            value={saving.using}
            onChange={(e) => setSaving({ ...saving, using: e.target.value })}
            style={{ ...mono, width: '100%', boxSizing: 'border-box', marginTop: 8, padding: 8 }}
          />
          <TextArea
            aria-label="Template WITH CHECK expression"
            name="template-withCheck"
            placeholder="WITH CHECK (optional)"
            rows={2}
            value={saving.withCheck}
            onChange={(e) => setSaving({ ...saving, withCheck: e.target.value })}
            style={{ ...mono, width: '100%', boxSizing: 'border-box', marginTop: 8, padding: 8 }}
          />
          <Button type="button" mt="default" onClick={() => void saveTemplate()}>
            Save template
          </Button>
          {saveReply && !saveReply.ok ? (
            saveReply.fields ? (
              <FieldError
                fields={saveReply.fields}
                names={['name', 'description', 'using', 'withCheck']}
              />
            ) : (
              <Failure reply={saveReply} />
            )
          ) : null}
          {saveReply?.ok && saveReply.saved ? (
            <Text mt="sm" style={{ color: 'var(--planetary-ok, #2e7d32)' }}>
              Saved {(saveReply.saved as CustomTemplate).name}.
            </Text>
          ) : null}
          {options.customTemplates.length ? (
            <Box mt="default">
              {options.customTemplates.map((t) => (
                <Text key={t.name} style={{ fontSize: 13 }}>
                  <b>{t.name}</b> by {t.createdBy}
                  {t.params.length ? ` — placeholders ${t.params.join(', ')}` : ''}{' '}
                  <Button
                    size="sm"
                    variant="outlined"
                    type="button"
                    onClick={() => void deleteTemplate(t.name)}
                  >
                    delete
                  </Button>
                </Text>
              ))}
            </Box>
          ) : null}
        </Box>
      </Box>
    </Box>
  )
}

export default PoliciesEditor

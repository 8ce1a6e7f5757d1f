import { Box, H3, Text } from '@adminjs/design-system'
import React from 'react'
import { BodyEditor } from './body-editor.js'
import { FieldWarnings } from './plan-warnings.js'
import {
  Button,
  card,
  Check,
  Choice,
  FieldError,
  Input,
  labelStyle,
  mono,
  type Operation,
  OPERATIONS,
  type Options,
  type PlanWarning,
  PRIVILEGES,
  type RedactionForm,
  type TableInfo,
  type ViewColumnForm,
  type ViewForm,
} from './kit.js'

const FUNCTION_PREFIX = 'fn:'

const BARRIER_HINT =
  'security_barrier: leave it off. These views have no WHERE clause of their own, and the raw ' +
  "table's row level security hides other rows before any function a caller filters with " +
  'runs. The barrier only protects a WHERE clause written into a view; it also keeps ' +
  'PostgreSQL from using an index for sorted pages, so every list page reads and sorts the ' +
  'whole table.'

function redactionValue(r: RedactionForm | undefined): string {
  if (!r) return ''
  return r.fn === 'function' ? `${FUNCTION_PREFIX}${r.schema}.${r.name}(${r.args})` : r.fn
}

/** The column picker's redaction choice: the library's functions or one of the user's own. */
function RedactionPicker(props: {
  name: string
  value: RedactionForm | undefined
  onChange: (r: RedactionForm) => void
  options: Options
  redactionSchema: string
  textual: boolean
}) {
  const { options, value } = props
  const choose = (v: string) => {
    if (v.startsWith(FUNCTION_PREFIX)) {
      const f = options.functions.find(
        (x) => `${FUNCTION_PREFIX}${x.schema}.${x.name}(${x.args})` === v,
      )
      if (f)
        props.onChange({
          fn: 'function',
          schema: f.schema,
          name: f.name,
          args: f.args,
          returns: f.returns,
        })
      return
    }
    props.onChange(v === 'partial' ? { fn: 'partial', keepStart: 1, keepEnd: 0 } : { fn: v })
  }
  const info = options.redactions.find((r) => r.id === value?.fn)
  return (
    <span>
      <Choice
        name={props.name}
        value={redactionValue(value)}
        onChange={(e) => choose(e.target.value)}
      >
        <option value="">choose a function…</option>
        <optgroup label={`Library (${props.redactionSchema})`}>
          {options.redactions.map((r) => (
            <option
              key={r.id}
              value={r.id}
              title={r.description}
              disabled={r.appliesTo === 'text' && !props.textual}
            >
              {r.id}
            </option>
          ))}
        </optgroup>
        {options.functions.length ? (
          <optgroup label="Your functions (one argument)">
            {options.functions.map((f) => (
              <option
                key={`${f.schema}.${f.name}(${f.args})`}
                value={`${FUNCTION_PREFIX}${f.schema}.${f.name}(${f.args})`}
              >
                {f.schema}.{f.name}({f.args}) → {f.returns}
              </option>
            ))}
          </optgroup>
        ) : null}
      </Choice>
      {value?.fn === 'partial' ? (
        <>
          {' '}
          keep first{' '}
          <Input
            aria-label="Characters kept at the start"
            type="number"
            min={0}
            name={`${props.name}.keepStart`}
            style={{ width: 60 }}
            value={value.keepStart ?? 1}
            onChange={(e) => props.onChange({ ...value, keepStart: Number(e.target.value) })}
          />{' '}
          and last{' '}
          <Input
            aria-label="Characters kept at the end"
            type="number"
            min={0}
            name={`${props.name}.keepEnd`}
            style={{ width: 60 }}
            value={value.keepEnd ?? 0}
            onChange={(e) => props.onChange({ ...value, keepEnd: Number(e.target.value) })}
          />
        </>
      ) : null}
      {info ? (
        <span
          style={{ ...mono, color: 'var(--planetary-muted, #666)', display: 'block', fontSize: 12 }}
        >
          {info.example.call} → {info.example.output ?? 'NULL'}
        </span>
      ) : null}
    </span>
  )
}

function ColumnRow(props: {
  path: string
  index: number
  column: ViewColumnForm
  table: TableInfo
  options: Options
  redactionSchema: string
  onChange: (c: ViewColumnForm) => void
  fields?: Record<string, string> | undefined
  warnings?: readonly PlanWarning[] | undefined
}) {
  const { column, path, index } = props
  const source = props.table.columns.find((c) => c.name === column.name)
  const at = `${path}.columns.${index}`
  const key = props.table.primaryKey.includes(column.name)
  const warned = (props.warnings ?? []).some((w) => w.field === at)
  return (
    <tr data-column={column.name} style={{ borderTop: '1px solid #eef0f4' }}>
      <td style={{ padding: '6px 8px', whiteSpace: 'nowrap' }}>
        <span style={mono}>{column.name}</span>
        {key ? (
          <span
            title="primary key"
            style={{ fontSize: 11, color: 'var(--planetary-link, #3040d6)', marginLeft: 4 }}
          >
            PK
          </span>
        ) : null}
        <div style={{ color: 'var(--planetary-muted, #5f6368)', fontSize: 12 }}>
          {source?.type ?? 'not in the table'}
          {source?.identity ? ', identity' : ''}
          {source?.generated ? ', generated' : ''}
          {source?.notNull && source.default === null && !source.identity && !source.generated
            ? ', NOT NULL without default: every INSERT needs it'
            : ''}
        </div>
        {warned ? (
          // The warning itself is under the table, at the card's width.
          <div style={{ color: 'var(--planetary-warn, #8d6e00)', fontSize: 12, fontWeight: 600 }}>
            ⚠ every INSERT fails: see below
          </div>
        ) : null}
      </td>
      <td style={{ padding: '6px 8px' }}>
        <Choice
          name={`${at}.mode`}
          value={column.mode}
          onChange={(e) => {
            const mode = e.target.value as ViewColumnForm['mode']
            props.onChange({
              ...column,
              mode,
              ...(mode === 'redact' && !column.redaction
                ? { redaction: { fn: source?.textual ? 'mask_email' : 'hash' } }
                : {}),
            })
          }}
        >
          <option value="include">include</option>
          <option value="exclude">exclude</option>
          <option value="redact">redact</option>
        </Choice>
      </td>
      <td style={{ padding: '6px 8px' }}>
        {column.mode === 'exclude' ? null : (
          <Input
            aria-label="Name in the view"
            name={`${at}.as`}
            placeholder="same name"
            style={{ width: 130 }}
            value={column.as ?? ''}
            onChange={(e) => props.onChange({ ...column, as: e.target.value })}
          />
        )}
      </td>
      <td style={{ padding: '6px 8px' }}>
        {column.mode === 'redact' ? (
          <RedactionPicker
            name={`${at}.redaction`}
            value={column.redaction}
            onChange={(redaction) => props.onChange({ ...column, redaction })}
            options={props.options}
            redactionSchema={props.redactionSchema}
            textual={source?.textual ?? false}
          />
        ) : null}
        <FieldError fields={props.fields} names={[at]} />
      </td>
    </tr>
  )
}

/**
 * One view as a DTO (PRD §4.2): its name and options, a column picker (include / exclude /
 * redact), the roles that get SELECT / INSERT / UPDATE / DELETE, and the INSTEAD OF triggers
 * with their bodies in Ace. Shared by the wizard, the view builder and later changes.
 */
export function ViewEditor(props: {
  path: string
  value: ViewForm
  onChange: (v: ViewForm) => void
  table: TableInfo
  options: Options
  redactionSchema: string
  /** The protect rules: writes only through triggers, no security_invoker. */
  protect: boolean
  skeletons: Record<string, string>
  fields?: Record<string, string> | undefined
  bodyErrors?: Record<string, { line: number; column: number; message: string }> | undefined
  /** The plan's warnings: each shows beside the field it concerns. */
  warnings?: readonly PlanWarning[] | undefined
  onRemove?: () => void
  lockName?: boolean
  title?: string
}) {
  const { path, value: v, table, options } = props
  const set = (patch: Partial<ViewForm>) => props.onChange({ ...v, ...patch })
  const setColumn = (i: number, c: ViewColumnForm) =>
    set({ columns: v.columns.map((x, j) => (j === i ? c : x)) })
  const setTrigger = (op: Operation, t: ViewForm['triggers'][Operation] | undefined) => {
    const triggers = { ...v.triggers }
    if (t) triggers[op] = t
    else delete triggers[op]
    set({ triggers })
  }
  const setGrant = (i: number, g: ViewForm['grants'][number]) => {
    const grants = v.grants.map((x, j) => (j === i ? g : x))
    // On a protected table a write needs its INSTEAD OF trigger: granting one adds it.
    const triggers = { ...v.triggers }
    if (props.protect) {
      for (const op of OPERATIONS) {
        if (!triggers[op] && grants.some((x) => x.privileges.includes(op.toUpperCase())))
          triggers[op] = { language: 'plpgsql' }
      }
    }
    set({ grants, triggers })
  }
  const roles = options.roles.filter((r) => r !== table.owner)

  return (
    <Box style={card} data-testid={`view-${path}`}>
      <Box flex style={{ justifyContent: 'space-between', alignItems: 'center' }}>
        <H3 style={{ margin: 0 }}>{props.title ?? `View ${v.name || '(unnamed)'}`}</H3>
        {props.onRemove ? (
          <Button size="sm" variant="outlined" type="button" onClick={props.onRemove}>
            remove this view
          </Button>
        ) : null}
      </Box>
      <Box flex mt="default" style={{ gap: 16, flexWrap: 'wrap', alignItems: 'flex-end' }}>
        <Box>
          <label style={labelStyle} htmlFor={`${path}.name`}>
            Name
          </label>
          <Input
            id={`${path}.name`}
            name={`${path}.name`}
            style={{ ...mono }}
            value={v.name}
            disabled={props.lockName}
            onChange={(e) => set({ name: e.target.value })}
          />
          <FieldError fields={props.fields} names={[`${path}.name`]} />
        </Box>
        <Box>
          <label style={labelStyle} htmlFor={`${path}.schema`}>
            Schema
          </label>
          <Choice
            id={`${path}.schema`}
            name={`${path}.schema`}
            value={v.schema ?? table.table.schema}
            disabled={props.lockName}
            onChange={(e) =>
              set({ schema: e.target.value === table.table.schema ? undefined : e.target.value })
            }
          >
            {options.schemas.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </Choice>
        </Box>
        <Check
          title={BARRIER_HINT}
          name={`${path}.securityBarrier`}
          checked={v.securityBarrier}
          onChange={(e) => set({ securityBarrier: e.target.checked })}
          label={<>security_barrier</>}
        />
        <Check
          title={props.protect ? 'Callers cannot read a protected raw table' : ''}
          name={`${path}.securityInvoker`}
          checked={v.securityInvoker}
          onChange={(e) => set({ securityInvoker: e.target.checked })}
          label={<>security_invoker</>}
        />
        <Box style={{ flex: 1, minWidth: 200 }}>
          <label style={labelStyle} htmlFor={`${path}.comment`}>
            Comment
          </label>
          <Input
            id={`${path}.comment`}
            name={`${path}.comment`}
            style={{ width: '100%' }}
            value={v.comment ?? ''}
            placeholder="what this view is for"
            onChange={(e) => set({ comment: e.target.value })}
          />
        </Box>
      </Box>
      <FieldError
        fields={props.fields}
        names={[`${path}.securityInvoker`, `${path}.securityBarrier`]}
      />
      <Text
        style={{ fontSize: 13, color: 'var(--planetary-muted, #555)' }}
        data-testid={`${path}-barrier-hint`}
      >
        {BARRIER_HINT}
      </Text>

      <Text mt="lg" fontWeight="bold">
        Columns
      </Text>
      <table style={{ borderCollapse: 'collapse', width: '100%' }} data-testid={`${path}-columns`}>
        <thead>
          <tr style={{ textAlign: 'left', color: 'var(--planetary-muted, #555)', fontSize: 13 }}>
            <th style={{ padding: '4px 8px' }}>column</th>
            <th style={{ padding: '4px 8px' }}>in the view</th>
            <th style={{ padding: '4px 8px' }}>as</th>
            <th style={{ padding: '4px 8px' }}>redaction</th>
          </tr>
        </thead>
        <tbody>
          {v.columns.map((c, i) => (
            <ColumnRow
              key={`${c.name}-${i}`}
              path={path}
              index={i}
              column={c}
              table={table}
              options={options}
              redactionSchema={props.redactionSchema}
              onChange={(next) => setColumn(i, next)}
              fields={props.fields}
              warnings={props.warnings}
            />
          ))}
        </tbody>
      </table>
      <FieldError fields={props.fields} names={[`${path}.columns`]} exact />
      <FieldWarnings warnings={props.warnings} names={[`${path}.columns`]} />

      <Text mt="lg" fontWeight="bold">
        Roles
      </Text>
      <table style={{ borderCollapse: 'collapse' }} data-testid={`${path}-grants`}>
        <tbody>
          {v.grants.map((g, i) => (
            <tr key={i}>
              <td style={{ padding: '4px 8px' }}>
                <Choice
                  name={`${path}.grants.${i}.role`}
                  value={g.role}
                  onChange={(e) => setGrant(i, { ...g, role: e.target.value })}
                >
                  <option value="">choose a role…</option>
                  <option value="PUBLIC">PUBLIC</option>
                  {roles.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </Choice>
              </td>
              {PRIVILEGES.map((p) => (
                <td key={p} style={{ padding: '4px 8px' }}>
                  <Check
                    name={`${path}.grants.${i}.privileges`}
                    value={p}
                    checked={g.privileges.includes(p)}
                    onChange={(e) =>
                      setGrant(i, {
                        ...g,
                        privileges: e.target.checked
                          ? [...g.privileges, p]
                          : g.privileges.filter((x) => x !== p),
                      })
                    }
                    label={<>{p}</>}
                  />
                </td>
              ))}
              <td>
                <Button
                  size="sm"
                  variant="outlined"
                  type="button"
                  title="remove this role"
                  style={{ padding: '2px 8px' }}
                  onClick={() => set({ grants: v.grants.filter((_, j) => j !== i) })}
                >
                  ×
                </Button>
                <FieldError fields={props.fields} names={[`${path}.grants.${i}`]} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Button
        size="sm"
        variant="outlined"
        type="button"
        name={`${path}.grants.add`}
        style={{ marginTop: 6 }}
        onClick={() => set({ grants: [...v.grants, { role: '', privileges: ['SELECT'] }] })}
      >
        + role
      </Button>
      <FieldError fields={props.fields} names={[`${path}.grants`]} exact />
      <FieldWarnings warnings={props.warnings} names={[`${path}.grants`]} />

      <Text mt="lg" fontWeight="bold">
        INSTEAD OF triggers
      </Text>
      <Text style={{ fontSize: 13, color: 'var(--planetary-muted, #555)' }}>
        Each write on the view runs a SECURITY DEFINER function you write (plpgsql, or an SQL
        function the generated trigger calls). Left as generated, the body follows the columns.
      </Text>
      <Box flex style={{ gap: 16 }} my="sm">
        {OPERATIONS.map((op) => (
          <Check
            key={op}
            name={`${path}.triggers.${op}.enabled`}
            checked={Boolean(v.triggers[op])}
            onChange={(e) => setTrigger(op, e.target.checked ? { language: 'plpgsql' } : undefined)}
            label={<>INSTEAD OF {op.toUpperCase()}</>}
          />
        ))}
      </Box>
      {OPERATIONS.map((op) => {
        const t = v.triggers[op]
        if (!t) return null
        const field = `${path}.triggers.${op}`
        const generated = t.body === undefined
        const text = generated ? (props.skeletons[field] ?? '') : (t.body ?? '')
        return (
          <Box key={op} mb="default" data-testid={`trigger-${field}`}>
            <Box flex style={{ gap: 12, alignItems: 'center' }} mb="sm">
              <b>{op.toUpperCase()}</b>
              <Choice
                name={`${field}.language`}
                value={t.language}
                onChange={(e) =>
                  setTrigger(op, { language: e.target.value === 'sql' ? 'sql' : 'plpgsql' })
                }
              >
                <option value="plpgsql">plpgsql trigger function</option>
                <option value="sql">sql function (new / old row)</option>
              </Choice>
              <span style={{ fontSize: 13, color: generated ? '#2e7d32' : '#8d6e00' }}>
                {generated ? 'generated skeleton — edit to write your own' : 'your body'}
              </span>
              {generated ? null : (
                <Button
                  size="sm"
                  variant="outlined"
                  type="button"
                  onClick={() => setTrigger(op, { language: t.language })}
                >
                  regenerate skeleton
                </Button>
              )}
            </Box>
            <BodyEditor
              name={`${field}.body`}
              value={text}
              onChange={(body) => setTrigger(op, { language: t.language, body })}
              error={props.bodyErrors?.[`${field}.body`]}
            />
            <FieldError fields={props.fields} names={[field]} />
            <FieldWarnings warnings={props.warnings} names={[field]} />
          </Box>
        )
      })}
    </Box>
  )
}

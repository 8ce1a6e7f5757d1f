import { Box, H3, Text } from '@adminjs/design-system'
import React from 'react'
import {
  Button,
  card,
  Choice,
  claimTypeFor,
  type ConditionForm,
  defaultPolicy,
  FieldError,
  Input,
  labelStyle,
  mono,
  type Options,
  type PolicyForm,
  Segmented,
  type TableInfo,
  TextArea,
} from './kit.js'

const COMMANDS = ['ALL', 'SELECT', 'INSERT', 'UPDATE', 'DELETE']
const OPERATORS = ['=', '<>', '<', '<=', '>', '>=', 'IS NULL', 'IS NOT NULL']
const SOURCES: { id: ConditionForm['source']; label: string }[] = [
  { id: 'claim', label: "claim (current_setting('app.…'))" },
  { id: 'jwt', label: 'claim (request.jwt.claims)' },
  { id: 'value', label: 'value' },
  { id: 'current_user', label: 'current_user' },
]

function Conditions(props: {
  path: string
  policy: PolicyForm
  onChange: (p: PolicyForm) => void
  table: TableInfo
  options: Options
}) {
  const { policy: p, path, table } = props
  const setCondition = (i: number, patch: Partial<ConditionForm>) =>
    props.onChange({
      ...p,
      conditions: p.conditions.map((c, j) => (j === i ? { ...c, ...patch } : c)),
    })
  const add = () => {
    const first = table.columns[0]
    props.onChange({
      ...p,
      conditions: [
        ...p.conditions,
        {
          column: first?.name ?? '',
          operator: '=',
          source: 'claim',
          claim: first?.name ?? '',
          type: claimTypeFor(first?.type),
          value: '',
        },
      ],
    })
  }
  return (
    <Box>
      {p.conditions.map((c, i) => {
        const at = `${path}.conditions.${i}`
        const unary = c.operator === 'IS NULL' || c.operator === 'IS NOT NULL'
        return (
          <Box key={i} flex mb="sm" style={{ gap: 8, flexWrap: 'wrap', alignItems: 'center' }}>
            {i > 0 ? (
              <Choice
                name={`${path}.join`}
                value={p.join}
                onChange={(e) =>
                  props.onChange({ ...p, join: e.target.value === 'OR' ? 'OR' : 'AND' })
                }
              >
                <option>AND</option>
                <option>OR</option>
              </Choice>
            ) : null}
            <Choice
              name={`${at}.column`}
              value={c.column}
              onChange={(e) => {
                const col = table.columns.find((x) => x.name === e.target.value)
                setCondition(i, { column: e.target.value, type: claimTypeFor(col?.type) })
              }}
            >
              {table.columns.map((col) => (
                <option key={col.name} value={col.name}>
                  {col.name} ({col.type})
                </option>
              ))}
            </Choice>
            <Choice
              name={`${at}.operator`}
              value={c.operator}
              onChange={(e) => setCondition(i, { operator: e.target.value })}
            >
              {OPERATORS.map((o) => (
                <option key={o}>{o}</option>
              ))}
            </Choice>
            {unary ? null : (
              <Choice
                name={`${at}.source`}
                value={c.source}
                onChange={(e) =>
                  setCondition(i, { source: e.target.value as ConditionForm['source'] })
                }
              >
                {SOURCES.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.label}
                  </option>
                ))}
              </Choice>
            )}
            {!unary && (c.source === 'claim' || c.source === 'jwt') ? (
              <>
                <Input
                  aria-label="Claim"
                  name={`${at}.claim`}
                  value={c.claim}
                  placeholder="claim, e.g. tenant_id"
                  onChange={(e) => setCondition(i, { claim: e.target.value })}
                />
                <Choice
                  name={`${at}.type`}
                  value={c.type}
                  onChange={(e) => setCondition(i, { type: e.target.value })}
                >
                  {props.options.claimTypes.map((t) => (
                    <option key={t}>{t}</option>
                  ))}
                </Choice>
              </>
            ) : null}
            {!unary && c.source === 'value' ? (
              <Input
                aria-label="Value"
                name={`${at}.value`}
                value={c.value}
                placeholder="value"
                onChange={(e) => setCondition(i, { value: e.target.value })}
              />
            ) : null}
            <Button
              size="sm"
              variant="outlined"
              type="button"
              onClick={() =>
                props.onChange({ ...p, conditions: p.conditions.filter((_, j) => j !== i) })
              }
            >
              remove
            </Button>
          </Box>
        )
      })}
      <Button
        size="sm"
        variant="outlined"
        type="button"
        name={`${path}.conditions.add`}
        onClick={add}
      >
        + condition
      </Button>
    </Box>
  )
}

function PolicyEditor(props: {
  path: string
  policy: PolicyForm
  onChange: (p: PolicyForm) => void
  onRemove: () => void
  table: TableInfo
  options: Options
  fields?: Record<string, string> | undefined
}) {
  const { policy: p, path, options, table } = props
  const set = (patch: Partial<PolicyForm>) => props.onChange({ ...p, ...patch })
  const template = options.templates.find((t) => t.id === p.template.id)
  const chooseTemplate = (id: string) => {
    const t = options.templates.find((x) => x.id === id)
    const params: Record<string, string> = {}
    for (const param of t?.params ?? []) params[param.name] = param.default
    const col = table.columns.find((c) => c.name === params.column)
    if ('type' in params && col) params.type = claimTypeFor(col.type)
    set({ template: { id, params } })
  }
  const setParam = (name: string, value: string) => {
    const params = { ...p.template.params, [name]: value }
    if (name === 'column' && 'type' in params) {
      const col = table.columns.find((c) => c.name === value)
      if (col) params.type = claimTypeFor(col.type)
    }
    set({ template: { ...p.template, params } })
  }
  return (
    <Box style={card} data-testid={`policy-${path}`}>
      <Box flex style={{ gap: 16, flexWrap: 'wrap', alignItems: 'flex-end' }}>
        <Box>
          <label style={labelStyle} htmlFor={`${path}.name`}>
            Policy name
          </label>
          <Input
            id={`${path}.name`}
            name={`${path}.name`}
            style={{ ...mono }}
            value={p.name}
            onChange={(e) => set({ name: e.target.value })}
          />
        </Box>
        <Box>
          <label style={labelStyle} htmlFor={`${path}.command`}>
            Command
          </label>
          <Choice
            id={`${path}.command`}
            name={`${path}.command`}
            value={p.command}
            onChange={(e) => set({ command: e.target.value })}
          >
            {COMMANDS.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </Choice>
        </Box>
        <Box>
          <label style={labelStyle} htmlFor={`${path}.permissive`}>
            Kind
          </label>
          <Choice
            id={`${path}.permissive`}
            name={`${path}.permissive`}
            value={p.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'}
            onChange={(e) => set({ permissive: e.target.value === 'PERMISSIVE' })}
          >
            <option>PERMISSIVE</option>
            <option>RESTRICTIVE</option>
          </Choice>
        </Box>
        <Box>
          <span style={labelStyle}>USING from</span>
          <Segmented
            name={`${path}.mode`}
            label="USING from"
            value={p.mode}
            options={[
              { value: 'template', label: 'a template' },
              { value: 'columns', label: 'the column picker' },
              { value: 'raw', label: 'SQL' },
            ]}
            onChange={(m) => set({ mode: m })}
          />
        </Box>
        <Button size="sm" variant="outlined" type="button" onClick={props.onRemove}>
          remove policy
        </Button>
      </Box>
      <Text mt="sm" style={{ fontSize: 12, color: 'var(--planetary-muted, #666)' }}>
        The views read the raw table as its owner, so the policy applies to everyone (PUBLIC): write
        per-user rules with claims.
      </Text>
      <Box mt="default">
        {p.mode === 'template' ? (
          <Box flex style={{ gap: 12, flexWrap: 'wrap', alignItems: 'flex-end' }}>
            <Box>
              <label style={labelStyle} htmlFor={`${path}.template.id`}>
                Template
              </label>
              <Choice
                id={`${path}.template.id`}
                name={`${path}.template.id`}
                value={p.template.id}
                onChange={(e) => chooseTemplate(e.target.value)}
              >
                {options.templates.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.title}
                  </option>
                ))}
              </Choice>
            </Box>
            {(template?.params ?? []).map((param) => (
              <Box key={param.name}>
                <label style={labelStyle} htmlFor={`${path}.template.params.${param.name}`}>
                  {param.kind === 'column' ? `${param.name} column` : param.name}
                </label>
                {param.kind === 'text' ? (
                  <Input
                    id={`${path}.template.params.${param.name}`}
                    name={`${path}.template.params.${param.name}`}
                    value={p.template.params[param.name] ?? ''}
                    onChange={(e) => setParam(param.name, e.target.value)}
                  />
                ) : (
                  <Choice
                    id={`${path}.template.params.${param.name}`}
                    name={`${path}.template.params.${param.name}`}
                    value={p.template.params[param.name] ?? ''}
                    onChange={(e) => setParam(param.name, e.target.value)}
                  >
                    {param.kind === 'column'
                      ? [
                          <option key="" value="">
                            choose…
                          </option>,
                          ...table.columns.map((c) => <option key={c.name}>{c.name}</option>),
                        ]
                      : (param.choices ?? []).map((c) => <option key={c}>{c}</option>)}
                  </Choice>
                )}
              </Box>
            ))}
            {template ? <Text style={{ fontSize: 13 }}>{template.description}</Text> : null}
          </Box>
        ) : null}
        {p.mode === 'columns' ? (
          <Conditions
            path={path}
            policy={p}
            onChange={props.onChange}
            table={table}
            options={options}
          />
        ) : null}
        {p.mode === 'raw' ? (
          <Box>
            <label style={labelStyle} htmlFor={`${path}.using`}>
              USING
            </label>
            <TextArea
              id={`${path}.using`}
              name={`${path}.using`}
              rows={2}
              spellCheck={false}
              value={p.using}
              onChange={(e) => set({ using: e.target.value })}
              style={{ ...mono, width: '100%', padding: 8 }}
            />
            <label style={labelStyle} htmlFor={`${path}.withCheck`}>
              WITH CHECK
            </label>
            <TextArea
              id={`${path}.withCheck`}
              name={`${path}.withCheck`}
              rows={2}
              spellCheck={false}
              value={p.withCheck}
              onChange={(e) => set({ withCheck: e.target.value })}
              style={{ ...mono, width: '100%', padding: 8 }}
            />
          </Box>
        ) : null}
      </Box>
      <FieldError fields={props.fields} names={[path]} />
    </Box>
  )
}

/** The RLS policy generator: templates, a column picker building USING, or SQL. */
export function PolicyForms(props: {
  value: PolicyForm[]
  onChange: (p: PolicyForm[]) => void
  table: TableInfo
  options: Options
  fields?: Record<string, string> | undefined
  path?: string
  title?: string
  note?: string
}) {
  const path = props.path ?? 'policies'
  return (
    <Box>
      <H3>{props.title ?? 'Row level security'}</H3>
      <Text mb="default" style={{ fontSize: 13, color: 'var(--planetary-muted, #555)' }}>
        {props.note ??
          'The raw table gets ENABLE and FORCE ROW LEVEL SECURITY (forced, since the views read it as its owner), with these policies.'}
      </Text>
      {props.value.map((p, i) => (
        <PolicyEditor
          key={i}
          path={`${path}.${i}`}
          policy={p}
          onChange={(next) => props.onChange(props.value.map((x, j) => (j === i ? next : x)))}
          onRemove={() => props.onChange(props.value.filter((_, j) => j !== i))}
          table={props.table}
          options={props.options}
          fields={props.fields}
        />
      ))}
      <Button
        size="sm"
        variant="outlined"
        type="button"
        name={`${path}.add`}
        onClick={() =>
          props.onChange([
            ...props.value,
            { ...defaultPolicy(props.table, props.options), name: '' },
          ])
        }
      >
        + policy
      </Button>
      <FieldError fields={props.fields} names={[path]} exact />
    </Box>
  )
}

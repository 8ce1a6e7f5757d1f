import { Box, H3, MessageBox, Text } from '@adminjs/design-system'
import React from 'react'
import {
  Button,
  card,
  defaultPolicy,
  defaultView,
  FieldError,
  type Options,
  PAGES,
  pageUrl,
  type PlanWarning,
  type PolicyForm,
  type RedactionChoice,
  RolesPicker,
  type TableInfo,
  type ViewForm,
} from './kit.js'
import { PlanPanel } from './plan-panel.js'
import { FieldWarnings } from './plan-warnings.js'
import { initialRedaction, PlanPage, TableSelect, usePlanForm, usesLibrary } from './plan-form.jsx'
import { PolicyForms } from './policy-forms.js'
import { RedactionChoiceForm } from './redaction-choice.js'
import { ViewEditor } from './view-editor.js'

interface WizardForm {
  views: ViewForm[]
  policies: PolicyForm[]
  appRoles: string[]
  redaction: RedactionChoice
}

function initialForm(table: TableInfo, options: Options): WizardForm {
  const base = table.table.name.replace(/_raw$/, '')
  return {
    views: [defaultView(table, `${base}_v`)],
    policies: table.columns.some((c) => c.name === 'tenant_id')
      ? [defaultPolicy(table, options)]
      : [],
    appRoles: options.roles.filter((r) => r !== table.owner),
    redaction: initialRedaction(options, table.table.schema),
  }
}

function toPayload(table: TableInfo, form: WizardForm): Record<string, unknown> {
  return {
    table: table.table,
    views: form.views,
    policies: form.policies,
    appRoles: form.appRoles,
    redaction: {
      ...form.redaction,
      install: form.redaction.install && usesLibrary(form.views),
    },
  }
}

const STEPS = [
  ['step-table', '1 Table'],
  ['step-views', '2 Views'],
  ['step-rls', '3 Row level security'],
  ['step-revoke', '4 Revoke & library'],
  ['step-run', '5 Dry run & apply'],
] as const

/**
 * "Protect this table": pick a table, declare its views (columns, redactions, roles, INSTEAD OF
 * trigger bodies in Ace), a policy from the generator, whom to revoke from, with the live SQL
 * of the whole plan beside every step; then a dry run and a one-transaction apply.
 */
const ProtectedTablesWizard: React.FC = () => {
  const plan = usePlanForm({
    page: PAGES.wizard,
    action: 'protect',
    initialForm,
    payload: toPayload,
    refresh: 'table',
  })
  const { options, table, form, failure, outcome, skeletons, update, navigate } = plan

  const chooseTable = (chosen: { schema: string; name: string } | null) => {
    if (!chosen) {
      plan.setTable(null)
      plan.setForm(null)
      return
    }
    navigate(pageUrl(PAGES.wizard, chosen))
  }

  if (!options) return <PlanPage title="Protect a table" failure={failure} />

  const bodyErrors = outcome?.bodyErrors
  // What the server said about the form as it is now: warnings and what blocks an apply.
  const current = plan.render?.ok ? plan.render : null
  const warnings = (current?.warnings ?? []) as PlanWarning[]
  const blocking = (current?.blocking ?? {}) as Record<string, string>
  // What keeps the draft from being applied shows beside its field like any refusal.
  const fields = plan.fields ?? (Object.keys(blocking).length ? blocking : undefined)
  const redactionSchema = form?.redaction.schema || table?.table.schema || ''
  const applied = Boolean(outcome?.ok && outcome.applied)

  return (
    <PlanPage
      title="Protect a table"
      failure={failure}
      intro="One plan turns a raw table into the contract: REVOKE from PUBLIC and the app roles, views as the only access points, INSTEAD OF triggers as the only write path, row level security."
      nav={
        <Box flex style={{ gap: 8, flexWrap: 'wrap' }} mb="lg" data-testid="steps">
          {STEPS.map(([id, label]) => (
            <Button key={id} as="a" href={`#${id}`} size="sm" variant="outlined">
              {label}
            </Button>
          ))}
        </Box>
      }
      aside={
        <Box
          id="step-run"
          role="region"
          aria-label="Plan"
          tabIndex={0}
          style={{
            flex: '2 1 0',
            minWidth: 0,
            position: 'sticky',
            top: 8,
            maxHeight: 'calc(100vh - 16px)',
            overflowY: 'auto',
          }}
        >
          <PlanPanel
            {...plan.panel}
            applyLabel="Apply (one transaction)"
            empty="Choose a table to see the plan."
            gate={{
              warnings,
              blocking: table ? blocking : { table: 'choose a table' },
              pending: plan.pending,
              names: form ?? undefined,
            }}
          >
            {applied && table ? (
              <Box my="default" data-testid="after-apply">
                <Button
                  size="sm"
                  variant="outlined"
                  type="button"
                  onClick={() => navigate(pageUrl(PAGES.manage, table.table))}
                >
                  Manage {table.table.schema}.{table.table.name}
                </Button>
                <Button
                  size="sm"
                  variant="outlined"
                  type="button"
                  onClick={() => navigate(pageUrl(PAGES.list))}
                >
                  Back to the list
                </Button>
              </Box>
            ) : null}
          </PlanPanel>
        </Box>
      }
    >
      <Box id="step-table" style={card}>
        <H3>1. Table</H3>
        <TableSelect label="Raw table" table={table} options={options} onChoose={chooseTable} />
        <FieldError fields={fields} names={['table']} />
        {table ? (
          <Box mt="default" data-testid="table-facts" style={{ fontSize: 13 }}>
            <Text>
              Owner <b>{table.owner}</b> (keeps its privileges: the views read the table as it).
              Primary key: {table.primaryKey.join(', ') || 'none'}. Row level security:{' '}
              {table.rls.enabled ? (table.rls.forced ? 'on, forced' : 'on') : 'off'}.
            </Text>
            <Text>
              Grants now:{' '}
              {table.grants.length
                ? table.grants
                    .map((g) => `${g.grantee} ${g.privilege}${g.column ? ` (${g.column})` : ''}`)
                    .join(', ')
                : 'none'}
              {table.grants.length ? ' — all revoked, and given back by unprotect.' : ''}
            </Text>
            {table.recorded ? (
              <MessageBox
                mt="default"
                variant="info"
                message={`Protected by ${table.recorded.appliedBy} with this console (views ${table.recorded.views.join(', ')}). Manage it instead of protecting it again.`}
              />
            ) : null}
          </Box>
        ) : null}
      </Box>

      {table && form ? (
        <>
          <Box id="step-views">
            <H3>2. Views — the only access points</H3>
            {form.views.map((v, i) => (
              <ViewEditor
                key={i}
                path={`views.${i}`}
                value={v}
                onChange={(next) =>
                  update({ views: form.views.map((x, j) => (j === i ? next : x)) })
                }
                onRemove={() => update({ views: form.views.filter((_, j) => j !== i) })}
                table={table}
                options={options}
                redactionSchema={redactionSchema}
                protect
                skeletons={skeletons}
                fields={fields}
                bodyErrors={bodyErrors}
                warnings={warnings}
              />
            ))}
            <Button
              size="sm"
              variant="outlined"
              type="button"
              name="views.add"
              onClick={() =>
                update({
                  views: [
                    ...form.views,
                    defaultView(
                      table,
                      `${table.table.name.replace(/_raw$/, '')}_v_${form.views.length + 1}`,
                    ),
                  ],
                })
              }
            >
              + view
            </Button>
            <FieldError fields={fields} names={['views']} exact />
            <FieldWarnings warnings={warnings} names={['views']} exact />
          </Box>

          <Box id="step-rls" mt="xl">
            <PolicyForms
              title="3. Row level security — policies from the generator"
              value={form.policies}
              onChange={(policies) => update({ policies })}
              table={table}
              options={options}
              fields={fields}
            />
          </Box>

          <Box id="step-revoke" mt="xl" style={card}>
            <H3>4. Revoke & redaction library</H3>
            <Text style={{ fontSize: 13, color: 'var(--planetary-muted, #555)' }} mb="sm">
              REVOKE ALL on the raw table from PUBLIC, every role holding a grant now, and these app
              roles (the console&apos;s login and PostgREST&apos;s roles among them):
            </Text>
            <Box data-testid="app-roles">
              <RolesPicker
                name="appRoles"
                aria-label="App roles to revoke from"
                roles={options.roles.filter((r) => r !== table.owner)}
                value={form.appRoles}
                onChange={(appRoles) => update({ appRoles })}
                width={480}
              />
            </Box>
            <FieldError fields={fields} names={['appRoles']} />
            <Box mt="lg">
              <RedactionChoiceForm
                value={form.redaction}
                onChange={(redaction) => update({ redaction })}
                options={options}
                used={usesLibrary(form.views)}
                fields={fields}
              />
            </Box>
          </Box>
        </>
      ) : null}
    </PlanPage>
  )
}

export default ProtectedTablesWizard

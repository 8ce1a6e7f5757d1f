import { Box, H3, MessageBox, Text } from '@adminjs/design-system'
import React from 'react'
import {
  card,
  Choice,
  defaultView,
  type Options,
  PAGES,
  pageUrl,
  type PolicyForm,
  type RedactionChoice,
  type TableInfo,
  type ViewForm,
} from './kit.js'
import { PlanPanel } from './plan-panel.js'
import { initialRedaction, PlanPage, TableSelect, usePlanForm, usesLibrary } from './plan-form.jsx'
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
  return {
    view: defaultView(table, `${table.table.name.replace(/_raw$/, '')}_view`),
    policies: [],
    rowLevelSecurity: 'keep',
    redaction: initialRedaction(options, table.recorded?.redactionSchema ?? table.table.schema),
  }
}

function toPayload(table: TableInfo, form: BuilderForm): Record<string, unknown> {
  return {
    table: table.table,
    view: form.view,
    policies: form.policies,
    rowLevelSecurity: form.rowLevelSecurity,
    redaction: { ...form.redaction, install: form.redaction.install && usesLibrary([form.view]) },
  }
}

/**
 * The view builder for any table, protected or not: visual column selection, redaction, roles,
 * INSTEAD OF triggers, the RLS generator and the live SQL. On a table this console protected,
 * the protect rules apply and the view joins the protection record.
 */
const ProtectedTablesViewBuilder: React.FC = () => {
  const { options, table, form, failure, outcome, fields, skeletons, update, panel, navigate } =
    usePlanForm({ page: PAGES.viewBuilder, action: 'build', initialForm, payload: toPayload })

  if (!options) return <PlanPage title="View builder" failure={failure} />
  const protect = Boolean(table?.protected)

  return (
    <PlanPage
      title="View builder"
      failure={failure}
      intro="A view as an API contract over any table: choose its columns, redact some, say which roles may read or write it, and generate row level security."
      aside={
        <Box style={{ flex: '2 1 0', minWidth: 0, position: 'sticky', top: 8 }}>
          <PlanPanel {...panel} empty="Choose a table to see the plan." />
        </Box>
      }
    >
      <Box style={card}>
        <TableSelect
          label="Table"
          table={table}
          options={options}
          onChoose={(t) => navigate(pageUrl(PAGES.viewBuilder, t ?? undefined))}
        />
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
            <Choice
              name="rowLevelSecurity"
              value={form.rowLevelSecurity}
              onChange={(e) => update({ rowLevelSecurity: e.target.value as RlsChange })}
            >
              <option value="keep">leave as it is</option>
              <option value="enable">enable</option>
              <option value="force">enable and force (for the owner too)</option>
              <option value="disable">disable</option>
            </Choice>
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
              used={usesLibrary([form.view])}
              fields={fields}
            />
          </Box>
        </>
      ) : null}
    </PlanPage>
  )
}

export default ProtectedTablesViewBuilder

/**
 * The protected-table pages' own shapes and defaults; the common page kit is re-exported.
 * Imported as `./kit.jsx` (see the shared kit for why).
 */
import React from 'react'
import {
  FieldError as SharedFieldError,
  pageUrl as sharedPageUrl,
} from '../../../core/plugin/components/kit.jsx'
import { relativeLabel } from './field-words.js'

export * from '../../../core/plugin/components/kit.jsx'

/**
 * The refusals of a field and of what lies under it, in words: a refusal of the field itself
 * shows alone, one of a field below it after that field's name ("Redaction, argument type:
 * …"), never as a path. Shadows the shared kit's FieldError for this plugin's pages.
 */
export function FieldError(props: Parameters<typeof SharedFieldError>[0]) {
  return <SharedFieldError {...props} label={relativeLabel} />
}

/** A warning of the plan as the server computes it (core/builders/protect/warnings.ts). */
export interface PlanWarning {
  kind: string
  field: string
  message: string
}

export const PAGES = {
  list: 'protected-tables-list',
  wizard: 'protected-tables-wizard',
  manage: 'protected-tables-manage',
  viewBuilder: 'protected-tables-view-builder',
} as const

/** The URL of one of this plugin's pages, with a table in the query. */
export function pageUrl(page: string, table?: { schema: string; name: string }): string {
  return sharedPageUrl(page, table ? { schema: table.schema, table: table.name } : undefined)
}

export interface RedactionInfo {
  id: string
  title: string
  description: string
  args: string
  appliesTo: 'text' | 'any'
  example: { call: string; output: string | null }
}

export interface RedactionFunction {
  schema: string
  name: string
  args: string
  returns: string
}

export interface TemplateParam {
  name: string
  kind: 'column' | 'choice' | 'text'
  default: string
  choices?: string[]
}

export interface TemplateOption {
  id: string
  title: string
  description: string
  params: TemplateParam[]
}

export interface Options {
  tables: { schema: string; name: string }[]
  roles: string[]
  schemas: string[]
  librarySchemas: string[]
  redactions: RedactionInfo[]
  functions: RedactionFunction[]
  templates: TemplateOption[]
  claimTypes: string[]
}

export interface FormColumn {
  name: string
  type: string
  textual: boolean
  identity: boolean
  generated: boolean
  default: string | null
  notNull?: boolean
}

export interface TableInfo {
  table: { schema: string; name: string }
  owner: string
  columns: FormColumn[]
  primaryKey: string[]
  grants: { grantee: string; privilege: string; column: string | null }[]
  rls: { enabled: boolean; forced: boolean }
  policies: string[]
  /** The protect rules hold: recorded by the console, or locked by hand. */
  protected: boolean
  recorded: {
    appliedBy: string
    appliedAt: string
    views: string[]
    redactionSchema: string | null
  } | null
}

// ---- the forms, in the builders' shape ----

export type Operation = 'insert' | 'update' | 'delete'
export const OPERATIONS: Operation[] = ['insert', 'update', 'delete']
export const PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const

export interface RedactionForm {
  fn: string
  keepStart?: number
  keepEnd?: number
  schema?: string
  name?: string
  args?: string
  returns?: string
}

export interface ViewColumnForm {
  name: string
  mode: 'include' | 'exclude' | 'redact'
  as?: string
  redaction?: RedactionForm
}

/** A trigger without `body` runs the generated skeleton, which follows the columns. */
export interface TriggerForm {
  language: 'plpgsql' | 'sql'
  body?: string
}

export interface ViewForm {
  name: string
  schema?: string
  securityBarrier: boolean
  securityInvoker: boolean
  comment?: string
  columns: ViewColumnForm[]
  grants: { role: string; privileges: string[] }[]
  triggers: Partial<Record<Operation, TriggerForm>>
}

export interface ConditionForm {
  column: string
  operator: string
  source: 'claim' | 'jwt' | 'value' | 'current_user'
  claim: string
  type: string
  value: string
}

export interface PolicyForm {
  name: string
  command: string
  permissive: boolean
  roles: string[]
  mode: 'template' | 'columns' | 'raw'
  template: { id: string; params: Record<string, string> }
  conditions: ConditionForm[]
  join: 'AND' | 'OR'
  using: string
  withCheck: string
}

export interface RedactionChoice {
  schema: string
  install: boolean
  createSchema: boolean
}

/** A claim cast that fits the column: tenant_id integer → int. */
export function claimTypeFor(columnType: string | undefined): string {
  const t = (columnType ?? '').toLowerCase()
  if (t === 'integer' || t === 'smallint') return 'int'
  if (t === 'bigint') return 'bigint'
  if (t === 'uuid') return 'uuid'
  if (t.startsWith('numeric')) return 'numeric'
  if (t === 'boolean') return 'boolean'
  return 'text'
}

/** A view over every column of the table, nothing granted, no trigger yet. */
export function defaultView(table: TableInfo, name: string): ViewForm {
  return {
    name,
    // RLS on the raw table already holds through the view; see the view editor's hint.
    securityBarrier: false,
    securityInvoker: false,
    columns: table.columns.map((c) => ({ name: c.name, mode: 'include' })),
    grants: [],
    triggers: {},
  }
}

/** A stored view form with a row for every column the table has now, in the table's order. */
export function viewWithAllColumns(view: ViewForm, table: TableInfo): ViewForm {
  const listed = new Set(view.columns.map((c) => c.name))
  return {
    ...view,
    columns: [
      ...view.columns,
      ...table.columns
        .filter((c) => !listed.has(c.name))
        .map((c) => ({ name: c.name, mode: 'exclude' as const })),
    ],
  }
}

/** A policy from the tenant template when the table has a tenant column, else the owner one. */
export function defaultPolicy(table: TableInfo, options: Options): PolicyForm {
  const tenant = table.columns.find((c) => c.name === 'tenant_id')
  const id = tenant ? 'tenant' : 'owner'
  const template = options.templates.find((t) => t.id === id)
  const params: Record<string, string> = {}
  for (const p of template?.params ?? []) params[p.name] = p.default
  if (tenant) params.type = claimTypeFor(tenant.type)
  return {
    name: tenant ? 'tenant_isolation' : 'row_owner',
    command: 'ALL',
    permissive: true,
    roles: [],
    mode: 'template',
    template: { id, params },
    conditions: [],
    join: 'AND',
    using: '',
    withCheck: '',
  }
}

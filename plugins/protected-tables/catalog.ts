import type { ColumnInput, PreviousGrantInput } from '../../core/builders/protect/input.js'
import type { QualifiedName } from '../../core/builders/names.js'
import { TEMPLATE_IDS, templateInfo, CLAIM_TYPES } from '../../core/builders/policy-templates.js'
import type { Pool } from '../../core/db/pool.js'
import { ConsoleError, InvalidInputError } from '../../core/errors.js'
import {
  fetchColumns,
  fetchDependencies,
  fetchFunctions,
  fetchPolicies,
  fetchPrivileges,
  fetchRoles,
  fetchSchemas,
  fetchTables,
  fetchTriggers,
  fetchViews,
  introspectRelation,
  relationNamesFrom,
  withCatalog,
  type DbFunction,
  type RelationDetail,
  type Table,
} from '../../core/introspect/index.js'
import { isTextType, REDACTION_IDS, REDACTIONS } from '../../core/redaction/functions.js'
import { protectionState, type ProtectionState } from './state.js'

const byName = <T extends { schema: string; name: string }>(a: T, b: T) =>
  a.schema.localeCompare(b.schema) || a.name.localeCompare(b.name)

/** Every application table with its protection state, in one catalog snapshot. */
export async function readProtectionStates(
  pool: Pool,
  consoleSchema: string,
): Promise<ProtectionState[]> {
  return withCatalog(pool, {}, async (ctx) => {
    const own = (x: { schema: string }) => x.schema !== consoleSchema
    const columns = await fetchColumns(ctx)
    const tables = (await fetchTables(ctx)).filter(own).sort(byName)
    const views = await fetchViews(ctx)
    const names = relationNamesFrom([...tables, ...views], columns)
    const related = {
      views,
      triggers: await fetchTriggers(ctx, names),
      policies: await fetchPolicies(ctx, names),
      privileges: await fetchPrivileges(ctx),
      dependencies: await fetchDependencies(ctx, names),
    }
    return tables.map((t) => protectionState(t, related))
  })
}

/** A function the column picker may offer as a redaction: one argument, one result. */
export interface RedactionFunction {
  readonly schema: string
  readonly name: string
  readonly args: string
  readonly returns: string
}

export interface TemplateOption {
  readonly id: string
  readonly title: string
  readonly description: string
  readonly params: readonly {
    readonly name: string
    readonly kind: 'column' | 'choice' | 'text'
    readonly default: string
    readonly choices?: readonly string[]
  }[]
}

/** What every form of the plugin offers: tables, roles, schemas, redactions, templates. */
export interface FormOptions {
  readonly tables: readonly { schema: string; name: string }[]
  readonly roles: readonly string[]
  readonly schemas: readonly string[]
  /** Schemas that hold the whole redaction library already. */
  readonly librarySchemas: readonly string[]
  readonly redactions: typeof REDACTIONS
  readonly functions: readonly RedactionFunction[]
  readonly templates: readonly TemplateOption[]
  readonly claimTypes: readonly string[]
}

const TEMPLATE_PARAMS: Record<string, TemplateOption['params']> = {
  owner: [
    { name: 'column', kind: 'column', default: 'user_id' },
    { name: 'claim', kind: 'text', default: 'user_id' },
    { name: 'type', kind: 'choice', default: 'uuid', choices: CLAIM_TYPES },
    { name: 'source', kind: 'choice', default: 'app', choices: ['app', 'jwt'] },
  ],
  tenant: [
    { name: 'column', kind: 'column', default: 'tenant_id' },
    { name: 'claim', kind: 'text', default: 'tenant_id' },
    { name: 'type', kind: 'choice', default: 'int', choices: CLAIM_TYPES },
    { name: 'source', kind: 'choice', default: 'app', choices: ['app', 'jwt'] },
  ],
  'soft-delete': [{ name: 'column', kind: 'column', default: 'deleted_at' }],
  'time-bounded': [
    { name: 'from', kind: 'column', default: 'valid_from' },
    { name: 'to', kind: 'column', default: 'valid_to' },
  ],
}

function redactionCandidate(f: DbFunction): RedactionFunction | undefined {
  const inputs = f.arguments.filter((a) => a.mode === 'in' || a.mode === 'inout')
  if (f.kind !== 'function' || f.returnsSet || !f.returns) return undefined
  if (inputs.length !== 1 || f.arguments.some((a) => a.mode === 'variadic')) return undefined
  if (['trigger', 'void', 'event_trigger'].includes(f.returns)) return undefined
  if ((REDACTION_IDS as readonly string[]).includes(f.name)) return undefined
  return { schema: f.schema, name: f.name, args: inputs[0]?.type ?? '', returns: f.returns }
}

/**
 * Roles a form may name: every role but superusers and the console's own login roles stay in;
 * predefined `pg_*` roles are not listed by introspection.
 */
export async function readFormOptions(pool: Pool, consoleSchema: string): Promise<FormOptions> {
  return withCatalog(pool, {}, async (ctx) => {
    const own = (x: { schema: string }) => x.schema !== consoleSchema
    const tables = (await fetchTables(ctx)).filter(own).sort(byName)
    const roles = (await fetchRoles(ctx))
      .filter((r) => !r.superuser)
      .map((r) => r.name)
      .sort()
    const schemas = (await fetchSchemas(ctx)).map((s) => s.name).sort()
    const functions = await fetchFunctions(ctx)
    const librarySchemas = schemas.filter((s) =>
      REDACTION_IDS.every((id) => functions.some((f) => f.schema === s && f.name === id)),
    )
    return {
      tables: tables.map((t) => ({ schema: t.schema, name: t.name })),
      roles,
      schemas,
      librarySchemas,
      redactions: REDACTIONS,
      functions: functions
        .filter(own)
        .map(redactionCandidate)
        .filter((f): f is RedactionFunction => f !== undefined)
        .sort(byName),
      templates: TEMPLATE_IDS.map((id) => ({
        id,
        ...templateInfo(id),
        params: TEMPLATE_PARAMS[id] ?? [],
      })),
      claimTypes: CLAIM_TYPES,
    }
  })
}

/** One column as the forms show it. */
export interface FormColumn {
  readonly name: string
  readonly type: string
  readonly textual: boolean
  readonly identity: boolean
  readonly generated: boolean
  readonly default: string | null
  readonly notNull: boolean
}

/** What the builders need to know about the raw table, and what the forms show of it. */
export interface TableDetail {
  readonly table: QualifiedName
  readonly owner: string
  readonly columns: readonly ColumnInput[]
  readonly formColumns: readonly FormColumn[]
  readonly primaryKey: readonly string[]
  readonly previousGrants: readonly PreviousGrantInput[]
  readonly rls: { readonly enabled: boolean; readonly forced: boolean }
  readonly policies: readonly string[]
}

/** A table's columns, key, owner, grants and RLS, definitions included; refusals name `table`. */
export async function readTableDetail(
  pool: Pool,
  ref: QualifiedName,
  consoleSchema: string,
  field = 'table',
): Promise<TableDetail> {
  if (ref.schema === consoleSchema) {
    throw InvalidInputError.field(field, `${ref.schema} is the console's own schema`)
  }
  let detail: RelationDetail
  try {
    detail = await introspectRelation(pool, ref)
  } catch (err) {
    if (err instanceof ConsoleError && /^No table/.test(err.message)) {
      throw InvalidInputError.field(field, `no table ${ref.schema}.${ref.name}`)
    }
    throw err
  }
  if (detail.kind !== 'table' && detail.kind !== 'partitionedTable') {
    throw InvalidInputError.field(
      field,
      `${ref.schema}.${ref.name} is a ${detail.kind}: only a table can be protected`,
    )
  }
  const table = detail.relation as Table
  const pk = detail.constraints.find((c) => c.kind === 'primaryKey')
  return {
    table: { schema: detail.schema, name: detail.name },
    owner: table.owner,
    columns: detail.columns.map((c) => ({
      name: c.name,
      type: c.type,
      default: c.default,
      identity: c.identity,
      generated: c.generated !== null,
      notNull: !c.nullable,
    })),
    formColumns: detail.columns.map((c) => ({
      name: c.name,
      type: c.type,
      textual: isTextType(c.type),
      identity: c.identity !== null,
      generated: c.generated !== null,
      default: c.default,
      notNull: !c.nullable,
    })),
    primaryKey: (pk?.columns ?? []).filter((c): c is string => c !== null),
    previousGrants: detail.privileges
      .filter((p) => p.oid === detail.oid && p.grantee !== table.owner)
      .map((p) => ({
        grantee: p.grantee,
        privilege: p.privilege,
        grantable: p.grantable,
        column: p.column,
      })),
    rls: { enabled: table.rowSecurity.enabled, forced: table.rowSecurity.forced },
    policies: detail.policies.map((p) => p.name),
  }
}

/** The body Senior wrote (or the generator did) for one operation of a view, as stored now. */
export interface OperationBody {
  readonly operation: 'insert' | 'update' | 'delete'
  readonly language: 'plpgsql' | 'sql'
  readonly body: string
}

/**
 * The current bodies behind a view's INSTEAD OF triggers, read from pg_proc: the SQL operation
 * function `<view>_<op>(…)` when there is one (an `sql` trigger), else the plpgsql trigger
 * function `<view>_<op>()`.
 */
export async function readOperationBodies(
  pool: Pool,
  view: QualifiedName,
): Promise<OperationBody[]> {
  return withCatalog(pool, { schemas: [view.schema], definitions: true }, async (ctx) => {
    const functions = await fetchFunctions(ctx)
    const out: OperationBody[] = []
    for (const operation of ['insert', 'update', 'delete'] as const) {
      const name = `${view.name}_${operation}`
      const mine = functions.filter((f) => f.schema === view.schema && f.name === name)
      const sqlFn = mine.find((f) => f.language === 'sql' && f.arguments.length > 0)
      const trigger = mine.find((f) => f.arguments.length === 0 && f.returns === 'trigger')
      const chosen = sqlFn ?? trigger
      if (chosen?.body != null) {
        out.push({ operation, language: sqlFn ? 'sql' : 'plpgsql', body: chosen.body })
      }
    }
    return out
  })
}

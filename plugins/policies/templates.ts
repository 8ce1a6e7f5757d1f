import type { ColumnType } from 'kysely'
import { z } from 'zod'
import type { PolicyCommand } from '../../core/builders/policy.js'
import {
  applyTemplate,
  CLAIM_TYPES,
  TEMPLATE_IDS,
  templateInfo,
  type TemplateId,
} from '../../core/builders/policy-templates.js'
import type { Pool } from '../../core/db/pool.js'
import {
  consoleDb,
  consoleTableExists,
  ensureConsoleTables,
} from '../../core/console-schema/plugin-tables.js'
import { InvalidInputError } from '../../core/errors.js'
import { statement, type Statement } from '../../core/executor/statement.js'
import { parseExpression } from '../../core/parse/parse.js'
import type { PluginContext } from '../../core/plugin/types.js'
import { quoteIdent, sql } from '../../core/sql/sql.js'
import { validateAt } from './expression.js'

/** A template parameter as the editor shows it. */
export interface TemplateParam {
  readonly name: string
  /** `column`: picked from the table's columns; `choice`: one of `choices`; `text`: typed. */
  readonly kind: 'column' | 'choice' | 'text'
  readonly default: string
  readonly choices?: readonly string[]
}

const claimParams = (column: string, type: string, source: string): TemplateParam[] => [
  { name: 'column', kind: 'column', default: column },
  { name: 'claim', kind: 'text', default: column },
  { name: 'type', kind: 'choice', default: type, choices: CLAIM_TYPES },
  { name: 'source', kind: 'choice', default: source, choices: ['app', 'jwt'] },
]

/** The built-in templates' parameters, with the defaults core/builders/policy-templates uses. */
export const BUILTIN_PARAMS: Readonly<Record<TemplateId, readonly TemplateParam[]>> = {
  owner: claimParams('user_id', 'uuid', 'app'),
  tenant: claimParams('tenant_id', 'uuid', 'jwt'),
  'soft-delete': [{ name: 'column', kind: 'column', default: 'deleted_at' }],
  'time-bounded': [
    { name: 'from', kind: 'column', default: 'valid_from' },
    { name: 'to', kind: 'column', default: 'valid_to' },
  ],
}

export function builtinTemplates() {
  return TEMPLATE_IDS.map((id) => ({ id, ...templateInfo(id), params: BUILTIN_PARAMS[id] }))
}

export interface TemplateExpressions {
  readonly using?: string
  readonly withCheck?: string
}

/**
 * Fits a template's USING / WITH CHECK to a policy command: SELECT and DELETE read rows (USING
 * only), INSERT checks new rows (WITH CHECK only, falling back to the USING text), ALL and
 * UPDATE take both.
 */
export function fitToCommand(t: TemplateExpressions, command: PolicyCommand): TemplateExpressions {
  switch (command) {
    case 'SELECT':
    case 'DELETE':
      return t.using ? { using: t.using } : {}
    case 'INSERT': {
      const check = t.withCheck ?? t.using
      return check ? { withCheck: check } : {}
    }
    case 'ALL':
    case 'UPDATE':
      return {
        ...(t.using ? { using: t.using } : {}),
        ...(t.withCheck ? { withCheck: t.withCheck } : {}),
      }
    default: {
      const never: never = command
      throw new TypeError(`unknown command ${String(never)}`)
    }
  }
}

function checkColumnParams(
  params: Readonly<Record<string, unknown>>,
  names: readonly string[],
  columns: readonly string[] | undefined,
): void {
  if (!columns) return
  for (const name of names) {
    const value = params[name]
    if (typeof value === 'string' && value !== '' && !columns.includes(value)) {
      throw InvalidInputError.field(
        `params.${name}`,
        `no column ${JSON.stringify(value)} in this table`,
      )
    }
  }
}

/**
 * A built-in template's expressions for the given parameters and table columns.
 *
 * @example builtinTemplate('tenant', { column: 'tenant_id', type: 'int', source: 'app' })
 */
export function builtinTemplate(
  id: string,
  params: Readonly<Record<string, unknown>>,
  columns?: readonly string[],
): TemplateExpressions {
  if (!(TEMPLATE_IDS as readonly string[]).includes(id)) {
    throw InvalidInputError.field('template', `unknown template ${JSON.stringify(id)}`)
  }
  const templateId = id as TemplateId
  const specs = BUILTIN_PARAMS[templateId]
  const given = Object.fromEntries(
    specs.map((p) => [p.name, params[p.name] === '' ? undefined : params[p.name]]),
  )
  checkColumnParams(
    given,
    specs.filter((p) => p.kind === 'column').map((p) => p.name),
    columns,
  )
  try {
    return applyTemplate(templateId, given)
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err
    const fields = Object.fromEntries(
      Object.entries(err.fields).map(([f, m]) => [`params.${f}`, m]),
    )
    throw new InvalidInputError(err.message, fields)
  }
}

// ── Custom templates, kept in the console's schema ─────────────────────────────────────────

export const TEMPLATES_TABLE = 'policy_templates'
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g

export interface CustomTemplate {
  readonly name: string
  readonly description: string
  readonly using: string | null
  readonly withCheck: string | null
  readonly createdBy: string
  readonly createdAt: string
  /** Placeholder names, in order of first use. */
  readonly params: readonly string[]
}

/** `{{column}}`-style placeholder names in the texts, in order of first use. */
export function placeholders(...texts: readonly (string | null | undefined)[]): string[] {
  const out: string[] = []
  for (const text of texts) {
    for (const m of (text ?? '').matchAll(PLACEHOLDER)) {
      if (m[1] && !out.includes(m[1])) out.push(m[1])
    }
  }
  return out
}

/**
 * Replaces each `{{name}}` with `params[name]` as a quoted identifier, so a template can only
 * ever receive column names, never SQL.
 *
 * @example substitute('{{owner}} = current_user', { owner: 'created_by' }, 'using') // '"created_by" = current_user'
 */
export function substitute(
  text: string,
  params: Readonly<Record<string, unknown>>,
  field: string,
  columns?: readonly string[],
): string {
  return text.replace(PLACEHOLDER, (_all, name: string) => {
    const value = params[name]
    if (typeof value !== 'string' || value === '') {
      throw InvalidInputError.field(`params.${name}`, `choose a column for {{${name}}} (${field})`)
    }
    if (columns && !columns.includes(value)) {
      throw InvalidInputError.field(
        `params.${name}`,
        `no column ${JSON.stringify(value)} in this table`,
      )
    }
    return quoteIdent(value)
  })
}

/** CREATE TABLE IF NOT EXISTS for the custom templates, owned by whoever runs it (the login). */
export function createTemplatesTable(consoleSchema: string): Statement[] {
  return [
    statement({
      kind: 'create_table',
      sql: sql`CREATE TABLE IF NOT EXISTS ${sql.id(consoleSchema, TEMPLATES_TABLE)} (
  name text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9 _.-]{0,62}$'),
  description text NOT NULL DEFAULT '',
  "using" text,
  with_check text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ("using" IS NOT NULL OR with_check IS NOT NULL)
)`,
      summary: `Create the custom policy templates table ${consoleSchema}.${TEMPLATES_TABLE}`,
    }),
  ]
}

/** The custom templates table, as kysely knows it. */
interface TemplatesTable {
  name: string
  description: string
  using: string | null
  with_check: string | null
  created_by: string
  created_at: ColumnType<Date, never, Date | string>
}

interface TemplateRow {
  name: string
  description: string
  using: string | null
  with_check: string | null
  created_by: string
  created_at: Date | string
}

const TEMPLATE_COLUMNS = [
  'name',
  'description',
  'using',
  'with_check',
  'created_by',
  'created_at',
] as const

const templatesDb = (pool: Pool, consoleSchema: string) =>
  consoleDb(pool, consoleSchema).withTables<{ [TEMPLATES_TABLE]: TemplatesTable }>()

const tableExists = (pool: Pool, consoleSchema: string) =>
  consoleTableExists(pool, consoleSchema, TEMPLATES_TABLE)

function mapTemplate(r: TemplateRow): CustomTemplate {
  return {
    name: r.name,
    description: r.description,
    using: r.using,
    withCheck: r.with_check,
    createdBy: r.created_by,
    createdAt: r.created_at instanceof Date ? r.created_at.toISOString() : String(r.created_at),
    params: placeholders(r.using, r.with_check),
  }
}

/** The saved custom templates; none before the first is saved (the table is made on demand). */
export async function listCustomTemplates(
  pool: Pool,
  consoleSchema: string,
): Promise<CustomTemplate[]> {
  if (!(await tableExists(pool, consoleSchema))) return []
  const rows = await templatesDb(pool, consoleSchema)
    .selectFrom(TEMPLATES_TABLE)
    .select(TEMPLATE_COLUMNS)
    .orderBy('name')
    .execute()
  return rows.map(mapTemplate)
}

export async function findCustomTemplate(
  pool: Pool,
  consoleSchema: string,
  name: string,
): Promise<CustomTemplate> {
  const found = (await listCustomTemplates(pool, consoleSchema)).find((t) => t.name === name)
  if (!found)
    throw InvalidInputError.field('template', `no custom template ${JSON.stringify(name)}`)
  return found
}

const saveSchema = z.object({
  name: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,62}$/,
      'use 1–63 letters, digits, spaces, dots, dashes or underscores',
    ),
  description: z.string().max(500, 'keep it under 500 characters').default(''),
  using: z.string().default(''),
  withCheck: z.string().default(''),
})

/**
 * Checks a custom template before it is saved: at least one expression, and each one, with its
 * placeholders standing for a column, is exactly one expression for the PostgreSQL parser.
 */
export async function checkCustomTemplate(input: unknown): Promise<z.output<typeof saveSchema>> {
  const t = validateAt(saveSchema, input, '')
  if (!t.using.trim() && !t.withCheck.trim()) {
    throw InvalidInputError.field('using', 'give USING, WITH CHECK, or both')
  }
  const names = placeholders(t.using, t.withCheck)
  const sample = Object.fromEntries(names.map((n) => [n, n]))
  for (const field of ['using', 'withCheck'] as const) {
    if (t[field].trim()) await parseExpression(substitute(t[field], sample, field), field)
  }
  return t
}

/** Saves (or replaces) a custom template; creates its table through the executor on first use. */
export async function saveCustomTemplate(
  ctx: PluginContext,
  input: unknown,
  user: { readonly name: string },
): Promise<CustomTemplate> {
  const t = await checkCustomTemplate(input)
  const schema = ctx.config.consoleSchema
  await ensureConsoleTables(ctx, user, TEMPLATES_TABLE, createTemplatesTable(schema))
  const row = await templatesDb(ctx.pool, schema)
    .insertInto(TEMPLATES_TABLE)
    .values({
      name: t.name,
      description: t.description,
      using: t.using.trim() || null,
      with_check: t.withCheck.trim() || null,
      created_by: user.name,
    })
    .onConflict((oc) =>
      oc.column('name').doUpdateSet((eb) => ({
        description: eb.ref('excluded.description'),
        using: eb.ref('excluded.using'),
        with_check: eb.ref('excluded.with_check'),
        created_by: eb.ref('excluded.created_by'),
        created_at: sql<Date>`now()`,
      })),
    )
    .returning(TEMPLATE_COLUMNS)
    .executeTakeFirstOrThrow()
  return mapTemplate(row)
}

export async function deleteCustomTemplate(ctx: PluginContext, name: string): Promise<boolean> {
  const schema = ctx.config.consoleSchema
  if (!(await tableExists(ctx.pool, schema))) return false
  const rows = await templatesDb(ctx.pool, schema)
    .deleteFrom(TEMPLATES_TABLE)
    .where('name', '=', name)
    .returning('name')
    .execute()
  return rows.length > 0
}

/**
 * A custom template applied to a table: placeholders replaced with quoted column names, then
 * each expression parsed; a refusal names `params.<placeholder>`, `using` or `withCheck`.
 */
export async function applyCustomTemplate(
  t: Pick<CustomTemplate, 'using' | 'withCheck'>,
  params: Readonly<Record<string, unknown>>,
  columns?: readonly string[],
): Promise<TemplateExpressions> {
  const out: { using?: string; withCheck?: string } = {}
  for (const field of ['using', 'withCheck'] as const) {
    const text = t[field]
    if (!text) continue
    const filled = substitute(text, params, field, columns)
    await parseExpression(filled, field)
    out[field] = filled
  }
  return out
}

import { z } from 'zod'
import { nameSchema } from '../../../core/builders/names.js'
import { CLAIM_TYPES } from '../../../core/builders/policy-templates.js'
import { editorCast } from '../../../core/claims/declared-types.js'
import { listDeclarations } from '../../../core/claims/list-declarations.js'
import { POLICY_COMMANDS } from '../../../core/builders/policy.js'
import { InvalidInputError } from '../../../core/errors.js'
import type { Policy } from '../../../core/introspect/index.js'
import type { PluginContext } from '../../../core/plugin/types.js'
import { policyRoleNames, readPolicyCatalog, tableDetail } from '../catalog.js'
import { OPERATORS, VALUE_KINDS, validateAt } from '../expression.js'
import { pageHandler, planMode, textField } from '../page.js'
import { buildPolicyPlan, formTables, type PolicyForm } from '../policy-form.js'
import { planReply } from '../replies.js'
import { runPlan } from '../run-plan.js'
import {
  applyCustomTemplate,
  builtinTemplate,
  builtinTemplates,
  deleteCustomTemplate,
  findCustomTemplate,
  fitToCommand,
  listCustomTemplates,
  saveCustomTemplate,
} from '../templates.js'
import { policyRow } from './policy-list.js'

/** The editor's form for an existing policy: its expressions as the catalog deparses them. */
export function formOf(p: Policy): PolicyForm {
  const expr = (text: string | null) =>
    text ? { mode: 'raw' as const, raw: text } : { mode: 'none' as const }
  return {
    original: { schema: p.schema, table: p.table, name: p.name },
    table: { schema: p.schema, name: p.table },
    name: p.name,
    command: p.command.toUpperCase() as PolicyForm['command'],
    permissive: p.permissive,
    roles: [...p.roles],
    using: expr(p.using),
    withCheck: expr(p.withCheck),
  }
}

async function columnsOf(ctx: PluginContext, table: { schema: string; name: string }) {
  const detail = await tableDetail(ctx.pool, table, ctx.config.consoleSchema)
  return {
    columns: detail.columns.map((c) => ({ name: c.name, type: c.type })),
    policies: detail.policies.map((p) => p.name),
    rlsEnabled: detail.table.rowSecurity.enabled,
  }
}

/** Reads what the form touches and builds its plan (refusals name the form's fields). */
async function planOf(ctx: PluginContext, form: unknown) {
  const { table, original } = formTables(form)
  const detail = await tableDetail(ctx.pool, table, ctx.config.consoleSchema)
  const moved = original && (original.schema !== table.schema || original.name !== table.name)
  const originalPolicies = moved
    ? (await tableDetail(ctx.pool, original, ctx.config.consoleSchema)).policies
    : undefined
  return buildPolicyPlan(form, { ...detail, ...(originalPolicies ? { originalPolicies } : {}) })
}

const templateSchema = z.object({
  template: z.string().optional(),
  custom: z.string().optional(),
  params: z.record(z.string(), z.unknown()).default({}),
  table: z.object({ schema: nameSchema, name: nameSchema }).optional(),
  command: z.enum(POLICY_COMMANDS).default('ALL'),
})

/** The policy editor: form, live SQL preview, templates, dry run and apply. */
export const policyEditorPage = pageHandler({
  async load(query, _request, ctx) {
    const consoleSchema = ctx.config.consoleSchema
    const catalog = await readPolicyCatalog(ctx.pool, consoleSchema)
    const schema = typeof query.schema === 'string' ? query.schema : undefined
    const tableName = typeof query.table === 'string' ? query.table : undefined
    const policyName = typeof query.policy === 'string' ? query.policy : undefined
    const editing = policyName
      ? catalog.policies.find(
          (p) => p.schema === schema && p.table === tableName && p.name === policyName,
        )
      : undefined
    if (policyName && !editing) {
      throw InvalidInputError.field('policy', `no policy ${policyName} on ${schema}.${tableName}`)
    }
    const table =
      schema && tableName
        ? catalog.tables.find((t) => t.schema === schema && t.name === tableName)
        : undefined
    return {
      tables: catalog.tables.map((t) => ({
        schema: t.schema,
        name: t.name,
        rlsEnabled: t.rowSecurity.enabled,
      })),
      roles: policyRoleNames(catalog.roles),
      commands: POLICY_COMMANDS,
      operators: OPERATORS,
      valueKinds: VALUE_KINDS,
      claimTypes: CLAIM_TYPES,
      // The session claims plugin's declarations, when its table exists: offered by the helper.
      declaredClaims: (await listDeclarations(ctx.pool, consoleSchema)).map((d) => ({
        name: d.name,
        type: d.type,
        cast: editorCast(d.type),
        description: d.description,
      })),
      templates: builtinTemplates(),
      customTemplates: await listCustomTemplates(ctx.pool, consoleSchema),
      ...(editing ? { form: formOf(editing), policy: policyRow(editing, catalog) } : {}),
      ...(table ? { table: await columnsOf(ctx, table) } : {}),
    }
  },
  actions: {
    async table(payload, _request, ctx) {
      const { table } = validateAt(
        z.object({ table: z.object({ schema: nameSchema, name: nameSchema }) }),
        payload,
        '',
      )
      return { table: await columnsOf(ctx, table) }
    },

    async render(payload, _request, ctx) {
      const built = await planOf(ctx, payload.form)
      return {
        ...planReply(built.plan),
        using: built.using ?? null,
        withCheck: built.withCheck ?? null,
        warnings: built.warnings,
      }
    },

    async policy(payload, request, ctx) {
      const mode = planMode(payload)
      const built = await planOf(ctx, payload.form)
      const result = await runPlan(built.plan, mode, request, ctx)
      let policy
      if (mode === 'apply') {
        // Re-read what the database now holds, so the page shows the policy as PostgreSQL has it.
        const catalog = await readPolicyCatalog(ctx.pool, ctx.config.consoleSchema, {
          schemas: [built.policy.table.schema],
        })
        const now = catalog.policies.find(
          (p) =>
            p.schema === built.policy.table.schema &&
            p.table === built.policy.table.name &&
            p.name === built.policy.name,
        )
        policy = now ? { policy: policyRow(now, catalog), form: formOf(now) } : {}
      }
      return { ...result, warnings: built.warnings, ...policy }
    },

    async template(payload, _request, ctx) {
      const t = validateAt(templateSchema, payload, '')
      const columns = t.table
        ? (await tableDetail(ctx.pool, t.table, ctx.config.consoleSchema)).columns.map(
            (c) => c.name,
          )
        : undefined
      let expressions
      if (t.custom) {
        const custom = await findCustomTemplate(ctx.pool, ctx.config.consoleSchema, t.custom)
        expressions = await applyCustomTemplate(custom, t.params, columns)
      } else if (t.template) {
        expressions = builtinTemplate(t.template, t.params, columns)
      } else {
        throw InvalidInputError.field('template', 'choose a template')
      }
      const fitted = fitToCommand(expressions, t.command)
      return { using: fitted.using ?? null, withCheck: fitted.withCheck ?? null }
    },

    async 'save-template'(payload, request, ctx) {
      const saved = await saveCustomTemplate(ctx, payload, request.user)
      return {
        saved,
        customTemplates: await listCustomTemplates(ctx.pool, ctx.config.consoleSchema),
      }
    },

    async 'delete-template'(payload, _request, ctx) {
      const name = textField(payload, 'name')
      if (!(await deleteCustomTemplate(ctx, name))) {
        throw InvalidInputError.field('name', `no custom template ${JSON.stringify(name)}`)
      }
      return { customTemplates: await listCustomTemplates(ctx.pool, ctx.config.consoleSchema) }
    },
  },
})

import { z } from 'zod'
import { addViewPlan } from '../../core/builders/protect/add-view.js'
import { changeViewColumnsPlan } from '../../core/builders/protect/change-view-columns.js'
import {
  protectFields,
  TRIGGER_OPERATIONS,
  viewSchema,
  type ProtectInput,
  type TargetInput,
  type TriggerOperation,
  type ViewInput,
} from '../../core/builders/protect/input.js'
import {
  protectionRecord,
  protectTablePlan,
  type ProtectionRecord,
} from '../../core/builders/protect/protect-table.js'
import {
  sampleInsertChecks,
  type NotExercised,
  type SampleInsert,
} from '../../core/builders/protect/sample-insert.js'
import { protectWarnings, type PlanWarning } from '../../core/builders/protect/warnings.js'
import { replaceFunctionBodyPlan } from '../../core/builders/protect/replace-function-body.js'
import { triggerSkeleton } from '../../core/builders/protect/skeleton.js'
import { describeUnprotect, unprotectPlan } from '../../core/builders/protect/unprotect.js'
import { viewBuilderPlan } from '../../core/builders/protect/view-builder.js'
import { viewDependents, type ViewDependent } from '../../core/builders/protect/view-dependents.js'
import type { QualifiedName } from '../../core/builders/names.js'
import { validate } from '../../core/builders/validate.js'
import { InvalidInputError } from '../../core/errors.js'
import { plan, type Plan, type Statement } from '../../core/executor/statement.js'
import type { PluginContext } from '../../core/plugin/types.js'
import { installRedactionPlan } from '../../core/redaction/install.js'
import { renderStatic } from '../../core/sql/sql.js'
import { readTableDetail, type TableDetail } from './catalog.js'
import {
  cleanView,
  formFields,
  policySpecs,
  redactionChoiceSchema,
  tableRefSchema,
  validateAt,
  viewsSchema,
} from './form.js'
import {
  deleteRecordStatement,
  readRecord,
  saveRecordStatement,
  type StoredProtection,
} from './records.js'
import { formLocator, type Locator } from './run-plan.js'

/** A built plan and how its statements map back onto the form that made it. */
export interface BuiltPlan {
  readonly plan: Plan
  readonly locate: Locator
  /** Generated trigger bodies by field (`views.0.triggers.insert`), for the body editors. */
  readonly skeletons: Record<string, string>
}

/** What the builders know about the table and the server, with the redaction library's schema. */
function targetOf(ctx: PluginContext, detail: TableDetail, redactionSchema: string): TargetInput {
  return {
    table: detail.table,
    columns: [...detail.columns],
    primaryKey: [...detail.primaryKey],
    owner: detail.owner,
    redactionSchema,
    serverVersionNum: ctx.serverVersionNum,
  }
}

/**
 * The bodies the generator writes for the triggers left without one: what the editors show
 * until Senior types their own. A view the skeleton cannot serve yet is skipped: the plan's
 * own refusal says why.
 */
async function skeletonsOf(
  target: TargetInput,
  views: readonly { path: string; view: ViewInput }[],
): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const { path, view } of views) {
    for (const operation of TRIGGER_OPERATIONS) {
      const t = view.triggers?.[operation]
      if (!t || (typeof t.body === 'string' && t.body.trim() !== '')) continue
      try {
        out[`${path}.triggers.${operation}`] = await triggerSkeleton({
          ...target,
          view,
          operation,
          language: t.language ?? 'plpgsql',
        })
      } catch {
        // Refused for this view as it stands; the plan names the field.
      }
    }
  }
  return out
}

/** The redaction library statements, when the form asks to install it. */
function libraryPlan(choice: z.output<typeof redactionChoiceSchema>, schema: string): Statement[] {
  return choice.install
    ? [...installRedactionPlan(schema, { createSchema: choice.createSchema })]
    : []
}

/** Runs a builder, renaming its refusals' fields to the form's. */
async function building<T>(
  run: () => Promise<T> | T,
  renames?: Record<string, string>,
): Promise<T> {
  try {
    return await run()
  } catch (err) {
    throw formFields(err, renames)
  }
}

const protectFormSchema = z.object({
  table: tableRefSchema,
  views: viewsSchema,
  policies: z.unknown().optional(),
  appRoles: z.array(z.string()).default([]),
  redaction: redactionChoiceSchema,
})

/**
 * The protect wizard's plan (PRD §4.1 in one transaction): the redaction library when asked
 * for, the builders' REVOKE / RLS / policies / views / trigger functions / triggers / grants,
 * then the protection record. With `draft`, a form still being filled in renders.
 */
export async function protectPlanOf(
  ctx: PluginContext,
  form: unknown,
  user: string,
  options: { draft: boolean; checks?: boolean },
): Promise<
  BuiltPlan & {
    readonly record: ProtectionRecord
    /** Why a draft cannot be applied yet, by field (a plan with no view or no policy). */
    readonly blocking: Record<string, string>
    readonly warnings: readonly PlanWarning[]
    /** With `checks`: the sample INSERTs a dry run adds after the plan, and the views it cannot try. */
    readonly checks: readonly SampleInsert[]
    readonly notExercised: readonly NotExercised[]
  }
> {
  const f = validateAt(protectFormSchema, form, '')
  const detail = await readTableDetail(ctx.pool, f.table, ctx.config.consoleSchema)
  const redactionSchema = f.redaction.schema || detail.table.schema
  const views = f.views.map(cleanView)
  const input: ProtectInput = {
    ...targetOf(ctx, detail, redactionSchema),
    appRoles: f.appRoles,
    previousGrants: [...detail.previousGrants],
    previousRls: detail.rls,
    policies: policySpecs(f.policies),
    views,
  }
  // The plan as it would be applied; a draft that cannot be applied yet still renders, and
  // says what stands in the way (`blocking`).
  let core: Plan
  let blocking: Record<string, string> = {}
  try {
    core = await building(() => protectTablePlan(input))
  } catch (err) {
    if (!options.draft || !(err instanceof InvalidInputError)) throw err
    blocking = err.fields
    core = await building(() => protectTablePlan(input, { draft: true }))
  }
  const record = protectionRecord(input)
  const declared = validate(protectFields, input).views
  const samples = options.checks ? await sampleInsertChecks(input) : undefined
  const base = formLocator({
    views: record.views.map((v, i) => ({ path: `views.${i}`, schema: v.schema, name: v.name })),
    policies: (input.policies ?? []).map((p, i) => ({ path: `policies.${i}`, name: p.name })),
    redactionSchema,
  })
  const checkFields = new Map(
    samples?.checks.map((c) => [renderStatic(c.statement.sql), `${c.field}.columns`]),
  )
  return {
    plan: plan(
      ...libraryPlan(f.redaction, redactionSchema),
      ...core,
      saveRecordStatement(ctx.config.consoleSchema, record, declared, user, redactionSchema),
    ),
    record,
    blocking,
    warnings: protectWarnings(input),
    checks: samples?.checks ?? [],
    notExercised: samples?.notExercised ?? [],
    locate: (s) => (s.kind === 'dry_run_insert' ? checkFields.get(s.sql) : base(s)),
    skeletons: await skeletonsOf(
      targetOf(ctx, detail, redactionSchema),
      views.map((view, i) => ({ path: `views.${i}`, view })),
    ),
  }
}

const viewBuilderFormSchema = z.object({
  table: tableRefSchema,
  view: z.looseObject({}),
  policies: z.unknown().optional(),
  rowLevelSecurity: z.enum(['keep', 'enable', 'force', 'disable']).default('keep'),
  redaction: redactionChoiceSchema,
})

const RLS_CHANGES = {
  keep: undefined,
  enable: { enabled: true },
  force: { enabled: true, forced: true },
  disable: { enabled: false, forced: false },
} as const

/** A record with one more view (and policies), for plans that add to a protected table. */
function withView(
  stored: StoredProtection,
  table: QualifiedName,
  view: ViewInput,
  policies: readonly string[] = [],
): { record: ProtectionRecord; specs: ViewInput[] } {
  const added = protectionRecord({ table, columns: [{ name: 'x', type: 'text' }], views: [view] })
  return {
    record: {
      ...stored.record,
      views: [...stored.record.views, ...added.views],
      policies: [...stored.record.policies, ...policies],
    },
    specs: [...stored.viewSpecs, validate(viewSchema, view)],
  }
}

/**
 * The view builder (PRD §5.2) on any table: one view with its columns, redactions, grants and
 * triggers, policies from the generator, row level security as chosen. On a table the console
 * protected, the protect rules hold and the view joins the protection record.
 */
export async function viewBuilderPlanOf(
  ctx: PluginContext,
  form: unknown,
  user: string,
): Promise<BuiltPlan & { readonly protected: boolean }> {
  const f = validateAt(viewBuilderFormSchema, form, '')
  const detail = await readTableDetail(ctx.pool, f.table, ctx.config.consoleSchema)
  const stored = await readRecord(ctx.pool, ctx.config.consoleSchema, detail.table)
  const redactionSchema = f.redaction.schema || stored?.redactionSchema || detail.table.schema
  const view = cleanView(f.view)
  const policies = policySpecs(f.policies)
  const target = targetOf(ctx, detail, redactionSchema)
  const rls = RLS_CHANGES[f.rowLevelSecurity]
  const rules = isProtected(detail, stored)
  const core = await building(() =>
    viewBuilderPlan({
      ...target,
      view,
      policies,
      protected: rules,
      ...(rls ? { rowLevelSecurity: rls } : {}),
    }),
  )
  const extra: Statement[] = []
  if (stored) {
    const next = withView(
      stored,
      detail.table,
      view,
      policies.map((p) => p.name),
    )
    extra.push(
      saveRecordStatement(ctx.config.consoleSchema, next.record, next.specs, user, redactionSchema),
    )
  }
  const schema = typeof view.schema === 'string' ? view.schema : detail.table.schema
  return {
    plan: plan(...libraryPlan(f.redaction, redactionSchema), ...core, ...extra),
    protected: rules,
    locate: formLocator({
      views: [{ path: 'view', schema, name: String(view.name ?? '') }],
      policies: policies.map((p, i) => ({ path: `policies.${i}`, name: p.name })),
      redactionSchema,
    }),
    skeletons: await skeletonsOf(target, [{ path: 'view', view }]),
  }
}

/**
 * Whether the protect rules hold for new views: the console protected the table, or it is
 * locked the same way by hand (nobody but the owner holds a privilege, row level security on).
 */
export function isProtected(detail: TableDetail, stored: StoredProtection | undefined): boolean {
  return stored !== undefined || (detail.previousGrants.length === 0 && detail.rls.enabled)
}

/** The record of a table the console protected, or a refusal naming `table`. */
export async function storedProtection(
  ctx: PluginContext,
  table: QualifiedName,
): Promise<StoredProtection> {
  const stored = await readRecord(ctx.pool, ctx.config.consoleSchema, table)
  if (!stored) {
    throw InvalidInputError.field(
      'table',
      `${table.schema}.${table.name} has no protection record: protect it with the wizard first (a table protected by hand has none)`,
    )
  }
  return stored
}

const managedSchema = z.object({ table: tableRefSchema })

async function managed(ctx: PluginContext, form: unknown) {
  const { table } = validateAt(managedSchema, form, '')
  const detail = await readTableDetail(ctx.pool, table, ctx.config.consoleSchema)
  const stored = await storedProtection(ctx, detail.table)
  const redactionSchema = stored.redactionSchema ?? detail.table.schema
  return { detail, stored, redactionSchema, target: targetOf(ctx, detail, redactionSchema) }
}

/** Another view on a protected table (PRD §4.2), under the protect rules, added to the record. */
export async function addViewPlanOf(
  ctx: PluginContext,
  form: unknown,
  user: string,
): Promise<BuiltPlan> {
  const { detail, stored, redactionSchema, target } = await managed(ctx, form)
  const f = validateAt(z.object({ view: z.looseObject({}) }), form, '')
  const view = cleanView(f.view)
  const core = await building(() => addViewPlan({ ...target, view }))
  const next = withView(stored, detail.table, view)
  const schema = typeof view.schema === 'string' ? view.schema : detail.table.schema
  return {
    plan: plan(
      ...core,
      saveRecordStatement(ctx.config.consoleSchema, next.record, next.specs, user, redactionSchema),
    ),
    locate: formLocator({ views: [{ path: 'view', schema, name: String(view.name ?? '') }] }),
    skeletons: await skeletonsOf(target, [{ path: 'view', view }]),
  }
}

function viewIndex(stored: StoredProtection, index: unknown): number {
  const i = typeof index === 'number' ? index : Number.NaN
  if (!Number.isInteger(i) || i < 0 || i >= stored.record.views.length) {
    throw InvalidInputError.field('index', 'choose one of the recorded views')
  }
  return i
}

/** A record with view `i` replaced by `view`. */
function replacingView(
  stored: StoredProtection,
  table: QualifiedName,
  i: number,
  view: ViewInput,
): { record: ProtectionRecord; specs: ViewInput[] } {
  const [entry] = protectionRecord({
    table,
    columns: [{ name: 'x', type: 'text' }],
    views: [view],
  }).views
  return {
    record: {
      ...stored.record,
      views: stored.record.views.map((v, j) => (j === i && entry ? entry : v)),
    },
    specs: stored.viewSpecs.map((v, j) => (j === i ? validate(viewSchema, view) : v)),
  }
}

/**
 * A view's new columns (and options, grants, triggers): CREATE OR REPLACE VIEW when the old
 * columns stay first, else drop and create, with what depends on the view listed as `breaks`
 * before anything runs.
 */
export async function changeViewPlanOf(
  ctx: PluginContext,
  form: unknown,
  user: string,
): Promise<
  BuiltPlan & { readonly mode: 'replace' | 'recreate'; readonly breaks: readonly ViewDependent[] }
> {
  const { detail, stored, redactionSchema, target } = await managed(ctx, form)
  const f = validateAt(
    z.object({ index: z.unknown(), view: z.looseObject({}), cascade: z.boolean().default(false) }),
    form,
    '',
  )
  const i = viewIndex(stored, f.index)
  const current = stored.viewSpecs[i]
  const recorded = stored.record.views[i]
  if (!current || !recorded) throw InvalidInputError.field('index', 'the record has no such view')
  // A view keeps its name: renaming is another change.
  const view = { ...cleanView(f.view), name: recorded.name, schema: recorded.schema }
  const dependents = await viewDependents(ctx.pool, recorded.schema, recorded.name)
  const change = await building(
    () =>
      changeViewColumnsPlan(target, current, view, dependents, {
        protected: true,
        cascade: f.cascade,
      }),
    { next: 'view', current: 'recorded' },
  )
  const next = replacingView(stored, detail.table, i, view)
  return {
    plan: plan(
      ...change.plan,
      saveRecordStatement(ctx.config.consoleSchema, next.record, next.specs, user, redactionSchema),
    ),
    mode: change.mode,
    breaks: change.breaks,
    locate: formLocator({
      views: [{ path: 'view', schema: recorded.schema, name: recorded.name }],
    }),
    skeletons: await skeletonsOf(target, [{ path: 'view', view }]),
  }
}

/** Senior's inline editor: a new body (or language) for one operation of a recorded view. */
export async function bodyPlanOf(
  ctx: PluginContext,
  form: unknown,
  user: string,
): Promise<BuiltPlan> {
  const { detail, stored, redactionSchema, target } = await managed(ctx, form)
  const f = validateAt(
    z.object({
      index: z.unknown(),
      operation: z.enum(TRIGGER_OPERATIONS),
      language: z.enum(['plpgsql', 'sql']).default('plpgsql'),
      body: z.string().default(''),
    }),
    form,
    '',
  )
  const i = viewIndex(stored, f.index)
  const current = stored.viewSpecs[i]
  const recorded = stored.record.views[i]
  if (!current || !recorded) throw InvalidInputError.field('index', 'the record has no such view')
  const previous = recorded.triggers.find((t) => t.operation === f.operation)
  if (!previous) {
    throw InvalidInputError.field(
      'operation',
      `${recorded.schema}.${recorded.name} has no ${f.operation.toUpperCase()} trigger: change the view to add one`,
    )
  }
  const trigger = { language: f.language, ...(f.body.trim() ? { body: f.body } : {}) }
  const view = cleanView({
    ...current,
    triggers: { ...(current.triggers ?? {}), [f.operation]: trigger },
  } as Record<string, unknown>)
  const core = await building(
    () =>
      replaceFunctionBodyPlan({
        ...target,
        view,
        operation: f.operation as TriggerOperation,
        previousLanguage: previous.language,
      }),
    { [`view.triggers.${f.operation}.body`]: 'body', [`view.triggers.${f.operation}`]: 'body' },
  )
  const next = replacingView(stored, detail.table, i, view)
  const bodyLocator = formLocator({
    views: [{ path: 'view', schema: recorded.schema, name: recorded.name }],
  })
  return {
    plan: plan(
      ...core,
      saveRecordStatement(ctx.config.consoleSchema, next.record, next.specs, user, redactionSchema),
    ),
    locate: (s) => (bodyLocator(s)?.startsWith('view.triggers.') ? 'body' : undefined),
    skeletons: await skeletonsOf(target, [{ path: 'view', view }]),
  }
}

/** Unprotect: drop what protecting created, give back what it took, forget the record. */
export async function unprotectPlanOf(
  ctx: PluginContext,
  form: unknown,
): Promise<BuiltPlan & { readonly description: ReturnType<typeof describeUnprotect> }> {
  const { table } = validateAt(managedSchema, form, '')
  const stored = await storedProtection(ctx, table)
  return {
    plan: plan(
      ...unprotectPlan(stored.record),
      deleteRecordStatement(ctx.config.consoleSchema, stored.table),
    ),
    description: describeUnprotect(stored.record),
    locate: () => undefined,
    skeletons: {},
  }
}

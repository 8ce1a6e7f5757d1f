import { ConsoleError } from '../../core/errors.js'
import { PlanFailedError } from '../../core/executor/executor.js'
import type { Plan, Statement } from '../../core/executor/statement.js'
import type { PluginContext, PluginRequest } from '../../core/plugin/types.js'
import { REDACTION_IDS } from '../../core/redaction/functions.js'
import { quoteIdent } from '../../core/sql/sql.js'
import type { PlanMode } from './page.js'
import {
  applyReply,
  failureReply,
  planReply,
  previewReply,
  resultReply,
  type ErrorReply,
  type StatementReply,
} from './replies.js'
import { ensureRecordsTable } from './records.js'

/** Which form field a statement of a plan comes from. */
export type Locator = (statement: {
  readonly kind: string
  readonly sql: string
}) => string | undefined

/** Where a view sits in its form (`views.1`, `view`) and what it is called. */
export interface ViewOrigin {
  readonly path: string
  readonly schema: string
  readonly name: string
}

const OPERATIONS = ['insert', 'update', 'delete'] as const

/**
 * Maps statements of protect, view builder and change plans back to the form: a view's trigger
 * functions to its body editors, its CREATE VIEW to its columns, its grants to its role table,
 * a policy to its policy form, the library to the redaction choice, the REVOKE to the roles.
 */
export function formLocator(o: {
  readonly views: readonly ViewOrigin[]
  readonly policies?: readonly { readonly path: string; readonly name: string }[]
  readonly redactionSchema?: string
}): Locator {
  return (s) => {
    for (const v of o.views) {
      const view = `${quoteIdent(v.schema)}.${quoteIdent(v.name)}`
      for (const op of OPERATIONS) {
        const fn = `${quoteIdent(v.schema)}.${quoteIdent(`${v.name}_${op}`)}`
        if (s.sql.includes(`FUNCTION ${fn}(`))
          return `${v.path}.triggers.${op}${s.kind === 'create_function' ? '.body' : ''}`
        if (
          s.kind === 'create_trigger' &&
          s.sql.includes(`TRIGGER ${quoteIdent(`${v.name}_${op}`)} `)
        )
          return `${v.path}.triggers.${op}`
      }
      if (/^(grant|revoke)/.test(s.kind) && s.sql.includes(` ${view} `)) return `${v.path}.grants`
      if (s.sql.includes(`VIEW ${view}`)) return `${v.path}.columns`
    }
    for (const p of o.policies ?? []) {
      if (s.kind === 'create_policy' && s.sql.startsWith(`CREATE POLICY ${quoteIdent(p.name)} `))
        return p.path
    }
    if (o.redactionSchema !== undefined) {
      const schema = o.redactionSchema
      const lib = (id: string) => `FUNCTION ${quoteIdent(schema)}.${quoteIdent(id)}(`
      if (s.kind === 'create_schema' || REDACTION_IDS.some((id) => s.sql.includes(lib(id))))
        return 'redaction.schema'
    }
    if (s.kind === 'revoke') return 'appRoles'
    return undefined
  }
}

/** The line and column of an error inside a function body, from its position in the statement. */
export function bodyPosition(
  statementSql: string,
  position: number,
): { line: number; column: number } | undefined {
  const open = /\nAS (\$[A-Za-z0-9_]*\$)/.exec(statementSql)
  if (!open) return undefined
  const start = open.index + open[0].length
  const end = statementSql.indexOf(open[1] as string, start)
  const offset =
    Array.from(statementSql)
      .slice(0, position - 1)
      .join('').length - start
  if (offset < 0 || (end >= 0 && start + offset > end)) return undefined
  const before = statementSql.slice(start, start + offset)
  const lines = before.split('\n')
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 }
}

export interface FailureFields {
  /** The refusal beside the field the failed statement came from. */
  readonly fields: Record<string, string>
  /** For body editors: where in the body the server put the error. */
  readonly bodyErrors: Record<string, { line: number; column: number; message: string }>
}

/** The first failed statement of a dry run or apply, turned into a field refusal. */
export function failureFields(
  statements: readonly StatementReply[],
  locate: Locator,
): FailureFields {
  const failed = statements.find((s) => s.status === 'error' && s.error)
  if (!failed?.error) return { fields: {}, bodyErrors: {} }
  const field = locate(failed)
  if (!field) return { fields: {}, bodyErrors: {} }
  const e: ErrorReply = failed.error
  const at =
    (field === 'body' || field.endsWith('.body')) && e.position !== undefined
      ? bodyPosition(failed.sql, e.position)
      : undefined
  const message = at
    ? `${e.message} (line ${at.line}, column ${at.column} of the body)`
    : failed.kind === 'dry_run_insert'
      ? `The dry run's sample INSERT through this view failed, as every INSERT would: ${e.message}`
      : `PostgreSQL refused: ${e.message}`
  return {
    fields: { [field]: message },
    bodyErrors: at ? { [field]: { ...at, message: e.message } } : {},
  }
}

/** A failed apply, with the form field its failing statement came from. */
export class PlanFailedOnField extends ConsoleError {
  override readonly name = 'PlanFailedOnField'
  constructor(
    readonly failure: PlanFailedError,
    readonly located: FailureFields,
  ) {
    super(failure.message)
  }
}

/** The page reply for a failed apply: per-statement results, the error and its field. */
export function planFailedReply(err: PlanFailedOnField): Record<string, unknown> {
  return { ...failureReply(err.failure), ...err.located }
}

/**
 * Shows a plan (render), dry-runs it in a rolled-back transaction (preview) or applies it in
 * one transaction as the DDL role, recorded in the change log under the user's name. A failed
 * statement is mapped back onto the form through `locate`.
 */
export async function runPlan(
  plan: Plan,
  mode: PlanMode,
  request: PluginRequest,
  ctx: PluginContext,
  locate: Locator,
  /** Statements only a dry run adds after the plan (sample INSERTs): never applied. */
  checks: readonly Statement[] = [],
): Promise<Record<string, unknown>> {
  const shown = planReply(plan)
  if (mode === 'render') return shown
  if (request.method !== 'POST') throw new ConsoleError('Plans run only on POST')
  if (plan.length === 0) throw new ConsoleError('Nothing to change: the plan is empty')
  if (plan.some((s) => s.kind === 'record_protection' || s.kind === 'forget_protection')) {
    await ensureRecordsTable(ctx, request.user)
  }
  if (mode === 'preview') {
    const preview = previewReply(await ctx.executor.preview([...plan, ...checks]))
    return { ...shown, preview, ...failureFields(preview.statements, locate) }
  }
  try {
    return {
      ...shown,
      applied: applyReply(await ctx.executor.apply(plan, { name: request.user.name })),
    }
  } catch (err) {
    if (!(err instanceof PlanFailedError)) throw err
    const statements = err.result.statements.map(resultReply)
    throw new PlanFailedOnField(err, failureFields(statements, locate))
  }
}

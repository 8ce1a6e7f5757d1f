import { ConsoleError, ExecutionError, InvalidInputError } from '../errors.js'
import {
  PlanFailedError,
  type ApplyResult,
  type PreviewResult,
  type StatementResult,
} from '../executor/executor.js'
import type { Plan } from '../executor/statement.js'
import { renderStatic } from '../sql/sql.js'

/** What PostgreSQL said, as the page shows it: message, SQLSTATE, detail, hint and caret. */
export interface ErrorReply {
  readonly message: string
  readonly sqlstate?: string
  readonly detail?: string
  readonly hint?: string
  readonly caret?: string
  readonly position?: number
}

export interface StatementReply {
  readonly kind: string
  readonly summary: string
  readonly sql: string
  readonly destructive: boolean
  readonly status?: StatementResult['status']
  readonly notices?: readonly string[]
  readonly note?: string
  readonly error?: ErrorReply
}

/** Every page answer: `ok` and its data, or a refusal naming the fields it concerns. */
export type Reply =
  | ({ readonly ok: true } & Readonly<Record<string, unknown>>)
  | {
      readonly ok: false
      readonly message: string
      readonly fields?: Readonly<Record<string, string>>
      readonly error?: ErrorReply
      readonly statements?: readonly StatementReply[]
      readonly outcome?: string
      /** The change log entry of a failed apply (a rolled-back plan is recorded too). */
      readonly changeLogId?: string
    }

export function errorReply(err: ExecutionError): ErrorReply {
  return {
    message: err.message,
    ...(err.sqlstate ? { sqlstate: err.sqlstate } : {}),
    ...(err.detail ? { detail: err.detail } : {}),
    ...(err.hint ? { hint: err.hint } : {}),
    ...(err.caret ? { caret: err.caret } : {}),
    ...(err.position !== undefined ? { position: err.position } : {}),
  }
}

/** The live SQL of a plan: the script and each statement with its one-line summary. */
export function planReply(plan: Plan): { sql: string; statements: StatementReply[] } {
  const statements = plan.map((s) => ({
    kind: s.kind,
    summary: s.summary,
    sql: renderStatic(s.display ?? s.sql),
    destructive: s.destructive,
  }))
  return { sql: statements.map((s) => `${s.sql};`).join('\n\n'), statements }
}

export function resultReply(r: StatementResult): StatementReply {
  return {
    kind: r.kind,
    summary: r.summary,
    sql: r.sql,
    destructive: r.destructive,
    status: r.status,
    notices: r.notices,
    ...(r.note ? { note: r.note } : {}),
    ...(r.error ? { error: errorReply(r.error) } : {}),
  }
}

export function previewReply(result: PreviewResult): { ok: boolean; statements: StatementReply[] } {
  return { ok: result.ok, statements: result.statements.map(resultReply) }
}

export function applyReply(result: ApplyResult): {
  outcome: string
  changeLogId: string
  statements: StatementReply[]
} {
  return {
    outcome: result.outcome,
    changeLogId: result.changeLogId,
    statements: result.statements.map(resultReply),
  }
}

/**
 * The edge of this plugin's pages: typed errors become refusals the form shows beside its
 * fields; anything unknown goes on to the host's error handler.
 */
export function failureReply(err: unknown): Reply {
  if (err instanceof PlanFailedError) {
    return {
      ok: false,
      message: err.message,
      outcome: err.result.outcome,
      ...(err.result.changeLogId ? { changeLogId: err.result.changeLogId } : {}),
      statements: err.result.statements.map(resultReply),
      error: errorReply(err.failure),
    }
  }
  if (err instanceof ExecutionError)
    return { ok: false, message: err.message, error: errorReply(err) }
  if (err instanceof InvalidInputError)
    return { ok: false, message: err.message, fields: err.fields }
  if (err instanceof ConsoleError) return { ok: false, message: err.message }
  throw err
}

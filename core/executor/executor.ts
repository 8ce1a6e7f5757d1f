import { ConsoleError, ExecutionError, toExecutionError } from '../errors.js'
import { endTransaction, releaseReset, type Pool, type PoolClient } from '../db/pool.js'
import { renderStatic, sql, type SqlFragment } from '../sql/sql.js'
import type { Plan, Statement } from './statement.js'

export interface ExecutorOptions {
  /** Connection the DDL runs on: the console's own pool, or a pool on `ddlUrl`. */
  readonly pool: Pool
  /** Role DDL runs as, via SET LOCAL ROLE; omitted when the pool's login is the DDL role. */
  readonly ddlRole?: string
  /** Schema holding the change log. */
  readonly consoleSchema: string
  readonly lockTimeoutMs: number
  readonly statementTimeoutMs: number
}

export type StatementStatus = 'ok' | 'error' | 'not run'

export interface StatementResult {
  readonly index: number
  readonly kind: string
  readonly summary: string
  readonly sql: string
  readonly transactional: boolean
  readonly destructive: boolean
  readonly status: StatementStatus
  /** NOTICE/WARNING messages PostgreSQL emitted while the statement ran. */
  readonly notices: readonly string[]
  readonly error?: ExecutionError
  /** Why a statement was not run, or what to know before applying it. */
  readonly note?: string
}

export interface PreviewResult {
  readonly ok: boolean
  readonly statements: readonly StatementResult[]
}

export type Outcome = 'committed' | 'rolled back' | 'partial'

export interface ApplyResult {
  readonly outcome: Outcome
  readonly statements: readonly StatementResult[]
  readonly changeLogId: string
}

const NOT_IN_TRANSACTION =
  'runs alone, outside a transaction: it cannot be rolled back and is not run in a preview'

/** Raised by `apply` when the plan failed; `result` says what ran and what was rolled back. */
export class PlanFailedError extends ConsoleError {
  override readonly name = 'PlanFailedError'
  constructor(
    readonly result: ApplyResult,
    readonly failure: ExecutionError,
  ) {
    super(`Plan ${result.outcome}: ${failure.message}`, { cause: failure })
  }
}

/** Groups consecutive transactional statements; each non-transactional one stands alone. */
function segments(plan: Plan): Statement[][] {
  const out: Statement[][] = []
  for (const s of plan) {
    const last = out.at(-1)
    if (s.transactional && last?.[0]?.transactional) last.push(s)
    else out.push([s])
  }
  return out
}

/**
 * Runs plans: `preview` in a transaction that is always rolled back, `apply` in one transaction
 * with lock and statement timeouts, recording each apply in the change log. The executor owns
 * every BEGIN/COMMIT; statement text never carries transaction control.
 */
export class Executor {
  private readonly appliedListeners = new Set<() => void>()

  constructor(private readonly options: ExecutorOptions) {}

  /**
   * Calls `listener` after every apply that committed something: the catalog may have changed.
   * Returns the function that stops it.
   */
  onApplied(listener: () => void): () => void {
    this.appliedListeners.add(listener)
    return () => this.appliedListeners.delete(listener)
  }

  /** The role plans run as (SET ROLE), when the executor switches to one. */
  get ddlRole(): string | undefined {
    return this.options.ddlRole
  }

  private prelude(local: boolean): SqlFragment {
    const { ddlRole, lockTimeoutMs, statementTimeoutMs } = this.options
    const scope = local ? sql`LOCAL ` : sql``
    return sql.join(
      [
        ...(local ? [sql`BEGIN`] : []),
        ...(ddlRole ? [sql`SET ${scope}ROLE ${sql.id(ddlRole)}`] : []),
        sql`SET ${scope}lock_timeout = ${sql.lit(`${lockTimeoutMs}ms`)}`,
        sql`SET ${scope}statement_timeout = ${sql.lit(`${statementTimeoutMs}ms`)}`,
      ],
      sql`; `,
    )
  }

  /** Runs one statement on `client`, collecting its notices; throws ExecutionError on failure. */
  private async run(client: PoolClient, s: Statement, index: number): Promise<StatementResult> {
    const text = renderStatic(s.sql)
    const shown = shownText(s)
    const notices: string[] = []
    const onNotice = (n: { severity?: string; message?: string }) =>
      notices.push(`${n.severity ?? 'NOTICE'}: ${n.message ?? ''}`)
    client.on('notice', onNotice)
    try {
      await client.query(text)
      return { ...describe(s, index), status: 'ok', notices }
    } catch (err) {
      // Errors carry the shown text, so a secret in the real statement never reaches a log.
      const error = toExecutionError(err, shown)
      throw Object.assign(
        error instanceof ExecutionError
          ? error
          : new ExecutionError(String(err), { statement: shown }),
        { notices },
      )
    } finally {
      client.off('notice', onNotice)
    }
  }

  /**
   * Runs every transactional statement in a transaction that is always rolled back and reports,
   * per statement, success or the error with its position, plus the notices PostgreSQL emitted.
   * Statements that cannot run in a transaction are not run and say so.
   */
  async preview(plan: Plan): Promise<PreviewResult> {
    const client = await this.options.pool.connect()
    const results: StatementResult[] = []
    let failed = false
    try {
      await client.query(renderStatic(this.prelude(true)))
      for (const [index, s] of plan.entries()) {
        if (!s.transactional || failed) {
          const note = failed ? 'not run: an earlier statement failed' : NOT_IN_TRANSACTION
          results.push({ ...describe(s, index), status: 'not run', notices: [], note })
          continue
        }
        try {
          results.push(await this.run(client, s, index))
        } catch (err) {
          failed = true
          results.push(failedResult(s, index, err))
        }
      }
    } finally {
      // Rolled back and reset in one message: what the plan's expressions set (a role, a
      // setting, a session advisory lock) goes with it, or the connection is not reused.
      await endTransaction(client, 'ROLLBACK').then(
        () => client.release(),
        (err: unknown) => client.release(err instanceof Error ? err : new Error(String(err))),
      )
    }
    return { ok: !failed, statements: results }
  }

  /**
   * Applies a plan: transactional statements in one transaction (all commit or none do), each
   * non-transactional statement alone. Records actor, time, SQL and outcome in the change log.
   * Throws PlanFailedError, carrying the per-statement results, if anything failed.
   */
  async apply(plan: Plan, actor: { readonly name: string }): Promise<ApplyResult> {
    if (plan.length === 0) throw new ConsoleError('Nothing to apply: the plan is empty')
    const client = await this.options.pool.connect()
    const results: StatementResult[] = []
    const parts = segments(plan)
    let committedAny = false
    let failure: ExecutionError | undefined
    let changeLogId: string | undefined
    try {
      for (const [n, segment] of parts.entries()) {
        const transactional = segment[0]?.transactional === true
        const first = results.length
        try {
          await client.query(renderStatic(this.prelude(transactional)))
          for (const s of segment) results.push(await this.run(client, s, results.length))
          if (transactional) {
            // The last segment writes its log row inside its own transaction, so the record
            // and the change commit together or not at all.
            if (n === parts.length - 1) {
              await client.query('RESET ROLE')
              changeLogId = await this.record(client, plan, actor, 'committed')
            }
            await client.query('COMMIT')
          }
          committedAny = true
        } catch (err) {
          if (transactional) await client.query('ROLLBACK').catch(() => undefined)
          changeLogId = undefined
          const index = results.length
          if (index >= first + segment.length) {
            // Every statement ran and COMMIT itself failed (a deferred constraint, say).
            const error = toExecutionError(err, 'COMMIT')
            failure = error instanceof ExecutionError ? error : new ExecutionError(String(err))
          } else {
            const s = plan[index] as Statement
            const failed = failedResult(s, index, err)
            results.push(failed)
            failure = failed.error
          }
          for (let i = first; i < results.length; i++) {
            const r = results[i] as StatementResult
            if (r.status === 'ok') results[i] = { ...r, status: 'not run', note: 'rolled back' }
          }
          break
        } finally {
          if (!transactional) {
            await client
              .query('RESET ROLE; RESET lock_timeout; RESET statement_timeout')
              .catch(() => undefined)
          }
        }
      }
      for (let i = results.length; i < plan.length; i++) {
        const s = plan[i] as Statement
        results.push({
          ...describe(s, i),
          status: 'not run',
          notices: [],
          note: 'not run: an earlier statement failed',
        })
      }
      const outcome: Outcome = !failure ? 'committed' : committedAny ? 'partial' : 'rolled back'
      changeLogId ??= await this.record(client, plan, actor, outcome, failure)
      const result: ApplyResult = { outcome, statements: results, changeLogId }
      if (committedAny) for (const listener of this.appliedListeners) listener()
      if (failure) throw new PlanFailedError(result, failure)
      return result
    } finally {
      // Statements ran outside SET LOCAL and user expressions may have set session state:
      // the connection goes back reset (DISCARD ALL), or is destroyed.
      await releaseReset(client)
    }
  }

  private async record(
    client: PoolClient,
    plan: Plan,
    actor: { readonly name: string },
    outcome: Outcome,
    failure?: ExecutionError,
  ): Promise<string> {
    const summary =
      plan.length === 1
        ? (plan[0] as Statement).summary
        : `${plan.length} statements: ${(plan[0] as Statement).summary}, …`
    const statements = plan.map((s) => ({
      kind: s.kind,
      summary: s.summary,
      sql: shownText(s),
    }))
    const table = sql.id(this.options.consoleSchema, 'change_log')
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO ${renderStatic(table)} (actor, summary, statements, outcome, error)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [actor.name, summary, JSON.stringify(statements), outcome, failure?.format() ?? null],
    )
    return String(rows[0]?.id)
  }
}

/** The statement's text as previews and the change log show it: secrets masked. */
function shownText(s: Statement): string {
  return renderStatic(s.display ?? s.sql)
}

function describe(s: Statement, index: number) {
  return {
    index,
    kind: s.kind,
    summary: s.summary,
    sql: shownText(s),
    transactional: s.transactional,
    destructive: s.destructive,
    ...(s.transactional ? {} : { note: NOT_IN_TRANSACTION }),
  }
}

function failedResult(s: Statement, index: number, err: unknown): StatementResult {
  const error =
    err instanceof ExecutionError
      ? err
      : new ExecutionError(err instanceof Error ? err.message : String(err), {
          statement: shownText(s),
        })
  const notices = (err as { notices?: string[] }).notices ?? []
  return { ...describe(s, index), status: 'error', notices, error }
}

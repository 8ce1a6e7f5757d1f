import { BaseRecord, BaseResource, type ActionContext, type Filter, type ParamsType } from 'adminjs'
import { capfirst } from './labels.js'
import { spareConnections, type Pool } from '../../core/db/pool.js'
import { withSession, type Actor, type Session } from '../../core/db/session.js'
import { ExecutionError, InvalidInputError, NotFoundError } from '../../core/errors.js'
import { sql, type SqlFragment } from '../../core/sql/sql.js'
import type { ViewAccess } from './access.js'
import { mapInvalidInput, validationError, type MappedError } from './db-errors.js'
import { columnOf, keyColumns, type ViewModel } from './model.js'
import {
  boundedCountSql,
  budgetSql,
  countOutcome,
  estimateSql,
  planRows,
  skipCount,
  type CountInfo,
} from './counting.js'
import { CountMemory } from './page-memory.js'
import {
  decodeCursor,
  encodeCursor,
  planPage,
  runPlan,
  type Cursor,
  type ListQuery,
  type PagePlan,
  type PageStrategy,
  type PageWant,
} from './paging.js'
import { runSplitPlan, type OpenSecond } from './split-walk-run.js'
import {
  checkFilters,
  checkPaging,
  checkSort,
  conditionsSignature,
  type FilterCondition,
  type FilterInput,
  type ListSettings,
} from './query-input.js'
import {
  hiddenAliases,
  ident,
  keyPredicateSql,
  keysInSql,
  orderingColumns,
  relation,
  selectList,
  typedValue,
  type HiddenAliases,
} from './query-build.js'
import { requestSignal } from '../../core/host/cancel-on-close.js'
import { cancellable } from '../../core/db/cancel.js'
import { columnFacts, columnFactsSql, filteredColumns, indexAdvice } from './search-hint.js'
import { walkAdvice, walkedTable, walkIndexSql } from './walk-hint.js'
import { keyCodec, type KeyCodec } from './record-id.js'
import { ViewProperty } from './view-property.js'
import { collectWrites, readOnlyFor, unknownFields } from './write-values.js'
import { droppedOnCreate, unsavedChanges, type TextRow } from './write-check.js'
import { bulkDelete, BulkStopped, type BulkMode, type BulkOutcome } from './bulk.js'
import {
  baseTables,
  constraintFacts,
  constraintFactsQuery,
  type ConstraintRow,
} from './constraint-facts.js'
import { mapDatabaseError, type ConstraintFacts } from './error-words.js'
import { resourceIdOf } from './resource-id.js'

/** Keys under which list calls leave what they did on the AdminJS ActionContext. */
export const CONTEXT_COUNT = 'planetaryViewCount'
export const CONTEXT_PAGE = 'planetaryViewPage'
/** Where the list action's before hook leaves a page asked for by cursor, or the last one. */
export const CONTEXT_WANT = 'planetaryViewWant'

export type { PageStrategy } from './paging.js'

/** A page asked for beyond AdminJS's page number: `after` / `before` a cursor, or `last`. */
export interface WantInput {
  readonly after?: unknown
  readonly before?: unknown
  readonly last?: boolean
}

export interface ListRequest extends Omit<ListQuery, 'model'> {
  readonly want: PageWant
}

/** How a page was read, and the cursors of its first and last rows (for previous / next). */
export interface PageInfo {
  readonly strategy: PageStrategy
  readonly first?: string
  readonly last?: string
}

export interface ViewResourceSettings {
  readonly pool: Pool
  readonly access: ViewAccess
  readonly list: ListSettings
  /** Count exactly up to this many rows; above it the planner's estimate is shown. */
  readonly exactCountBelow: number
  /** How long a count may run before "many" is shown instead (ms). */
  readonly countBudgetMs: number
  /** Fields in form order: the first editable one receives errors that name no field. */
  readonly formOrder: readonly string[]
}

const MAX_IDS = 500

function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`
}

function filterInputs(filter: Filter | { filters?: Record<string, FilterInput> } | undefined) {
  return Object.values(filter?.filters ?? {}).map((f) => ({ path: f.path, value: f.value }))
}

/**
 * One PostgreSQL view as an AdminJS resource. Every query runs through `withSession` as the
 * logged-in user's role with their claims, so privileges and row-level security apply; every
 * sort key, filter key and id is checked against the introspected columns before SQL is built.
 */
export class ViewResource extends BaseResource {
  readonly model: ViewModel
  readonly idProperty: string
  private readonly props: ViewProperty[]
  private readonly codec: KeyCodec
  private readonly aliases: HiddenAliases
  private readonly counts = new CountMemory()
  /** The last count served by this resource (any user): for hosts that show "about N". */
  lastCount: CountInfo | undefined
  /** How the last page was read: tests and diagnostics. */
  lastPage: PageStrategy | undefined
  /** The cursors of the last page served (any user): tests and diagnostics. */
  lastPageInfo: PageInfo | undefined

  constructor(
    model: ViewModel,
    private readonly settings: ViewResourceSettings,
  ) {
    super(model)
    this.model = model
    let idName = '__key'
    while (model.columns.some((c) => c.name === idName)) idName = `_${idName}`
    this.idProperty = idName
    this.props = model.columns.map(
      (c, i) => new ViewProperty(c, c.name, i + 1, c.name === settings.list.titleProperty),
    )
    this.props.push(new ViewProperty(null, idName, model.columns.length + 1))
    this.codec = keyCodec(model)
    this.aliases = hiddenAliases(model)
  }

  override databaseName(): string {
    return this.model.schema
  }

  override databaseType(): string {
    return 'PostgreSQL'
  }

  override id(): string {
    return resourceIdOf(this.model)
  }

  /** What the list is called (verbose_name_plural, "Invoices"): the sidebar label and heading. */
  name(): string {
    const plural = this.settings.list.labels?.verboseNamePlural
    return plural === undefined ? this.model.name : capfirst(plural)
  }

  override properties(): ViewProperty[] {
    return [...this.props]
  }

  override property(path: string): ViewProperty | null {
    return this.props.find((p) => p.name() === path) ?? null
  }

  /** True when records have ids: show, edit and delete are possible at all. */
  isKeyed(): boolean {
    return this.model.key.length > 0
  }

  /** Why the view is read-only, or null when it is not. */
  readOnlyReason(): string | null {
    return this.model.readOnlyReason
  }

  /** The property the AdminJS search box filters by, and the columns that filter searches. */
  searchFields(): { titleProperty: string; fields: readonly string[] } {
    return {
      titleProperty: this.settings.list.titleProperty,
      fields: this.settings.list.searchFields,
    }
  }

  /** Decodes and checks a record id: the key values as text. Throws InvalidInputError. */
  decodeId(id: unknown): string[] {
    return this.codec.decode(id)
  }

  // ---- list ---------------------------------------------------------------------------------

  /** Checks everything a list request brings from HTTP; throws InvalidInputError. No I/O. */
  checkListRequest(
    filter: Filter | { filters?: Record<string, FilterInput> } | undefined,
    options: {
      limit?: unknown
      offset?: unknown
      sort?: { sortBy?: unknown; direction?: unknown }
    },
    want: WantInput = {},
  ): ListRequest {
    const sort = checkSort(this.model, options.sort, this.settings.list)
    const conditions = checkFilters(this.model, filterInputs(filter), this.settings.list)
    const { limit, offset } = checkPaging(options.limit, options.offset)
    const asked = [want.after !== undefined, want.before !== undefined, want.last === true]
    if (asked.filter(Boolean).length > 1) {
      throw InvalidInputError.field('page', 'ask for one of after, before or the last page')
    }
    let page: PageWant = { kind: 'offset', offset }
    if (want.after !== undefined) {
      page = { kind: 'after', cursor: decodeCursor(this.model, sort, want.after, 'after') }
    } else if (want.before !== undefined) {
      page = { kind: 'before', cursor: decodeCursor(this.model, sort, want.before, 'before') }
    } else if (want.last) page = { kind: 'last' }
    return { sort, conditions, limit, want: page }
  }

  override async count(filter: Filter, context?: ActionContext): Promise<number> {
    return (await this.countInfo(filter, context)).total
  }

  /**
   * The number of rows and how far to trust it (counting.ts): counted up to `exactCountBelow`
   * within `countBudgetMs`, otherwise the planner's estimate, a lower bound, or "many". Only
   * ever shown: pages never depend on it.
   */
  async countInfo(
    filter: Filter | { filters?: Record<string, FilterInput> } | undefined,
    context?: ActionContext,
  ): Promise<CountInfo> {
    const conditions = checkFilters(this.model, filterInputs(filter), this.settings.list)
    const actor = await this.settings.access.actor(context?.currentAdmin)
    const key = this.countKey(actor, conditions)
    let info = this.counts.get(key)
    if (!info) {
      info = await this.countNow(actor, conditions)
      this.counts.set(key, info)
    }
    this.lastCount = info
    if (context) context[CONTEXT_COUNT] = info
    return info
  }

  private async countNow(actor: Actor, conditions: readonly FilterCondition[]): Promise<CountInfo> {
    const threshold = this.settings.exactCountBelow
    let estimate = 0
    let counted: number | undefined
    try {
      await this.session(actor, async (run) => {
        estimate = planRows(await run(estimateSql(this.model, conditions)))
        if (skipCount(conditions, estimate, threshold)) return
        // The count's own budget, never above the request's statement timeout.
        await run(budgetSql(this.settings.countBudgetMs))
        const rows = await run(boundedCountSql(this.model, conditions, threshold))
        counted = Number(rows[0]?.n ?? 0)
      })
    } catch (err) {
      if (err instanceof ExecutionError && err.sqlstate === '57014') {
        return countOutcome({ estimate, timedOut: true }, threshold)
      }
      throw err
    }
    return countOutcome({ estimate, counted }, threshold)
  }

  override async find(
    filter: Filter,
    options: {
      limit?: number
      offset?: number
      sort?: { sortBy?: string; direction?: 'asc' | 'desc' }
    },
    context?: ActionContext,
  ): Promise<BaseRecord[]> {
    const want = (context?.[CONTEXT_WANT] as WantInput | undefined) ?? {}
    const req = this.checkListRequest(filter, options, want)
    const actor = await this.settings.access.actor(context?.currentAdmin)
    const q: ListQuery = { model: this.model, ...req }
    const { rows, strategy } = await this.readPage(actor, planPage(q, req.want), q)
    const info: PageInfo = { strategy, ...this.pageCursors(rows, req) }
    this.lastPage = strategy
    this.lastPageInfo = info
    if (context) context[CONTEXT_PAGE] = info
    return rows.map((r) => new BaseRecord(this.toParams(r), this))
  }

  /** The cursors of a page's first and last rows, as the client carries them. */
  private pageCursors(
    rows: readonly Record<string, unknown>[],
    req: ListRequest,
  ): { first?: string; last?: string } {
    const first = rows[0]
    const last = rows[rows.length - 1]
    if (!this.isKeyed() || !first || !last) return {}
    return {
      first: encodeCursor(req.sort, this.cursorOf(first, req)),
      last: encodeCursor(req.sort, this.cursorOf(last, req)),
    }
  }

  private cursorOf(row: Record<string, unknown>, req: ListRequest): Cursor {
    return orderingColumns(this.model, req.sort).map((c) => {
      const i = this.model.key.indexOf(c.name)
      const alias =
        c.name === req.sort.column.name ? this.aliases.sort : (this.aliases.keys[i] as string)
      const v = row[alias]
      return v === null || v === undefined ? null : String(v)
    })
  }

  /**
   * A transaction as the actor whose statements are cancelled in PostgreSQL when the HTTP
   * client of the request goes away (core/host/cancel-on-close.ts, core/db/cancel.ts).
   */
  private async session<T>(
    actor: Actor,
    fn: (run: (q: SqlFragment) => Promise<Record<string, unknown>[]>) => Promise<T>,
  ): Promise<T> {
    return cancellable(requestSignal(), () =>
      withSession(this.settings.pool, actor, (s) => fn((q) => s.query(q))),
    )
  }

  /**
   * One page by its plan. A deep page is walked in two halves at once (split-walk.ts) while
   * two connections are free, so that one list leaves room for the others.
   */
  private async readPage(
    actor: Actor,
    plan: PagePlan,
    q: ListQuery,
  ): Promise<{ rows: Record<string, unknown>[]; strategy: PageStrategy }> {
    const { pool } = this.settings
    if (plan.strategy !== 'seek' || !plan.split || spareConnections(pool) < 2) {
      return this.session(actor, (run) => runPlan(plan, q, run))
    }
    const openSecond: OpenSecond = (snapshot, fn) =>
      spareConnections(pool) > 0 ? withSession(pool, actor, fn, { snapshot }) : undefined
    return cancellable(requestSignal(), () =>
      withSession(
        pool,
        actor,
        async (s) =>
          (await runSplitPlan(plan, q, s, openSecond)) ?? runPlan(plan, q, (x) => s.query(x)),
        { repeatableRead: true },
      ),
    )
  }

  /**
   * For developers: why this list reads more than its page, as advice with the statements that
   * fix it, or null: a search no trigram index serves, a comparison row-level security holds
   * back (search-hint.ts), a deep page's walk no index serves alone (walk-hint.ts).
   */
  async searchAdvice(
    filter: Filter | { filters?: Record<string, FilterInput> } | undefined,
    context?: ActionContext,
    /** A page past the first: its sort column, and whether it was found by a walk. */
    paged?: {
      readonly sortBy: string
      readonly direction: 'asc' | 'desc'
      readonly walked: boolean
    },
  ): Promise<string | null> {
    const conditions = checkFilters(this.model, filterInputs(filter), this.settings.list)
    const sort = paged ? checkSort(this.model, paged, this.settings.list) : undefined
    const columns = filteredColumns(conditions, sort?.column)
    const walked = sort && paged?.walked ? walkedTable(orderingColumns(this.model, sort)) : null
    if (columns.length === 0 && !walked) return null
    const actor = await this.settings.access.actor(context?.currentAdmin)
    return this.session(actor, async (run) => {
      const advice: string[] = []
      if (columns.length > 0) {
        const said = indexAdvice(columnFacts(columns, await run(columnFactsSql(columns))))
        if (said) advice.push(said)
      }
      if (walked) {
        const [facts] = await run(walkIndexSql(walked))
        const policy = Array.isArray(facts?.policy) ? facts.policy.map(String) : []
        const said = walkAdvice(walked, { policy, covered: facts?.covered === true })
        if (said) advice.push(said)
      }
      return advice.length > 0 ? advice.join(' ') : null
    })
  }

  // ---- single records ---------------------------------------------------------------------

  /**
   * The record with this id, read whole. An id no row answers to — absent, or hidden from the
   * user by RLS, which are not told apart — throws NotFoundError (a 404 at the edge).
   */
  override async findOne(id: string, context?: ActionContext): Promise<BaseRecord> {
    const values = this.codec.decode(id)
    const actor = await this.settings.access.actor(context?.currentAdmin)
    const rows = await this.session(actor, (run) =>
      run(
        sql`SELECT ${selectList(this.model)} FROM ${relation(this.model)} WHERE ${keyPredicateSql(this.model, values)} LIMIT 2`,
      ),
    )
    const row = rows[0]
    if (!row) throw this.notFound()
    return new BaseRecord(this.toParams(row), this)
  }

  override async findMany(
    ids: (string | number)[],
    context?: ActionContext,
  ): Promise<BaseRecord[]> {
    if (!Array.isArray(ids)) throw InvalidInputError.field('id', 'expected a list of ids')
    if (ids.length > MAX_IDS) throw InvalidInputError.field('id', `at most ${MAX_IDS} ids at once`)
    if (ids.length === 0) throw InvalidInputError.field('recordIds', 'no records were selected')
    const decoded = ids.map((id) => this.codec.decode(id))
    const actor = await this.settings.access.actor(context?.currentAdmin)
    const rows = await this.session(actor, (run) =>
      run(
        sql`SELECT ${selectList(this.model)} FROM ${relation(this.model)} WHERE ${keysInSql(this.model, decoded)}`,
      ),
    )
    // None of them: AdminJS would throw its own error, which is no typed error of ours.
    if (rows.length === 0) throw this.notFound()
    return rows.map((r) => new BaseRecord(this.toParams(r), this))
  }

  // ---- writes -------------------------------------------------------------------------------

  override async create(
    params: Record<string, unknown>,
    context?: ActionContext,
  ): Promise<ParamsType> {
    this.refuseIfReadOnly('insert', 'adding rows')
    const { values, errors } = collectWrites(this.model, params, 'create')
    this.refuseInvalid({ ...unknownFields(this.model, params, [this.idProperty]), ...errors })
    const actor = await this.settings.access.actor(context?.currentAdmin)
    const entries = [...values].map(([name, v]) => [this.column(name), v] as const)
    const insert =
      entries.length === 0
        ? sql`INSERT INTO ${relation(this.model)} DEFAULT VALUES`
        : sql`INSERT INTO ${relation(this.model)} (${sql.join(entries.map(([c]) => ident(c)))}) VALUES (${sql.join(entries.map(([c, v]) => typedValue(c, v)))})`
    const rows = await this.write(actor, params, async (s) => {
      const stored = await this.readBack(
        s,
        await s.query(sql`${insert} RETURNING ${selectList(this.model)}`),
      )
      this.refuseInvalid(droppedOnCreate(entries, stored[0]))
      return stored
    })
    const row = rows[0]
    // No row back (a trigger that returned NULL): nothing of the form is echoed as stored.
    return row ? this.toParams(row) : this.toParams({})
  }

  override async update(
    id: string,
    params: Record<string, unknown>,
    context?: ActionContext,
  ): Promise<ParamsType> {
    const keyValues = this.codec.decode(id)
    this.refuseIfReadOnly('update', 'changing rows')
    const { values, errors } = collectWrites(this.model, params, 'update')
    this.refuseInvalid({ ...unknownFields(this.model, params, [this.idProperty]), ...errors })
    const actor = await this.settings.access.actor(context?.currentAdmin)
    const byKey = keyPredicateSql(this.model, keyValues)
    const rel = relation(this.model)
    const rows = await this.write(actor, params, async (s) => {
      const entries = [...values].map(([name, v]) => [this.column(name), v] as const)
      let changed: typeof entries = []
      const before: Record<string, string | null> = {}
      if (entries.length > 0) {
        // Compare in SQL, through each type's own output: '2024-01-05T10:00:00Z' and
        // '2024-01-05 10:00:00+00' are the same timestamp, and unchanged fields are not written.
        const diff = await s.query<Record<string, boolean | string | null>>(
          sql`SELECT ${sql.join(entries.map(([c, v], i) => sql`${ident(c)}::text IS DISTINCT FROM (${typedValue(c, v)})::text AS ${sql.id(`d${i}`)}, ${ident(c)}::text AS ${sql.id(`t${i}`)}`))} FROM ${rel} WHERE ${byKey} LIMIT 1`,
        )
        const d = diff[0]
        if (!d) throw this.notFound()
        changed = entries.filter((_, i) => d[`d${i}`] === true)
        changed.forEach(([c], j) => {
          const i = entries.findIndex(([e]) => e === c)
          before[`o${j}`] = (d[`t${i}`] as string | null) ?? null
        })
      }
      const refused: Record<string, string> = {}
      for (const [c] of changed) {
        const readOnly = readOnlyFor(c, 'update')
        if (readOnly !== undefined) refused[c.name] = `is read-only: ${readOnly}`
      }
      this.refuseInvalid(refused)
      if (changed.length === 0) {
        return s.query(sql`SELECT ${selectList(this.model)} FROM ${rel} WHERE ${byKey} LIMIT 1`)
      }
      const set = sql.join(changed.map(([c, v]) => sql`${ident(c)} = ${typedValue(c, v)}`))
      const updated = await s.query(
        sql`UPDATE ${rel} SET ${set} WHERE ${byKey} RETURNING ${selectList(this.model)}`,
      )
      if (updated.length === 0) throw this.notFound()
      // A change the write path dropped is refused by field, never reported as saved.
      const after = await s.query<TextRow>(
        sql`SELECT ${sql.join(changed.map(([c], i) => sql`${ident(c)}::text AS ${sql.id(`s${i}`)}`))} FROM ${rel} WHERE ${byKey} LIMIT 1`,
      )
      this.refuseInvalid(
        unsavedChanges(
          changed.map(([c]) => c),
          before,
          after[0],
        ),
      )
      return this.readBack(s, updated)
    })
    const row = rows[0]
    if (!row) throw validationError(this.notFoundMapped(), this.fallbackField())
    return this.toParams(row)
  }

  override async delete(id: string, context?: ActionContext): Promise<void> {
    const keyValues = this.codec.decode(id)
    this.refuseIfReadOnly('delete', 'deleting rows')
    const actor = await this.settings.access.actor(context?.currentAdmin)
    await this.write(actor, undefined, async (s) => {
      const rows = await s.query(
        sql`DELETE FROM ${relation(this.model)} WHERE ${keyPredicateSql(this.model, keyValues)} RETURNING true AS deleted`,
      )
      if (rows.length === 0) throw this.notFound()
      return rows
    })
  }

  /**
   * Deletes the rows with these ids in one transaction: `all` deletes every one or none (the
   * refusal names the row that stopped it), `skip` deletes what it can, each row in its own
   * savepoint, and reports what was deleted and what was not.
   */
  async bulkDelete(
    ids: readonly string[],
    context: ActionContext | undefined,
    mode: BulkMode,
  ): Promise<BulkOutcome & { message?: string }> {
    if (ids.length > MAX_IDS)
      throw InvalidInputError.field('recordIds', `at most ${MAX_IDS} at once`)
    this.refuseIfReadOnly('delete', 'deleting rows')
    const name = capfirst(this.settings.list.labels?.verboseName ?? this.model.name)
    const items = ids.map((id) => {
      const key = this.codec.decode(id)
      return { id, key, label: `${name} ${key.join(', ')}` }
    })
    const actor = await this.settings.access.actor(context?.currentAdmin)
    try {
      return await withSession(this.settings.pool, actor, (s) =>
        bulkDelete(s, this.model, items, mode),
      )
    } catch (err) {
      if (err instanceof BulkStopped) {
        return { mode, deleted: [], refused: [err.refusal], message: err.message }
      }
      if (err instanceof ExecutionError) {
        // Refused at COMMIT (a deferred constraint): no single row to name.
        const reason = mapDatabaseError(this.model, err, undefined).base
        return {
          mode,
          deleted: [],
          refused: items.map((i) => ({ id: i.id, label: i.label, reason })),
          message: `${reason}; nothing was deleted`,
        }
      }
      throw err
    } finally {
      this.counts.clear()
    }
  }

  /**
   * The rows a write returned, read again by key in the same transaction: RETURNING through an
   * INSTEAD OF trigger gives the NEW row the trigger returned — often what was posted, not what
   * the base table stored (a tenant set from the claims, a trimmed value). Rows whose key came
   * back NULL cannot be found again and are kept as returned.
   */
  private async readBack(
    s: Session,
    rows: Record<string, unknown>[],
  ): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = []
    for (const row of rows) {
      const key = this.model.key.map((_, i) => row[this.aliases.keys[i] as string])
      if (key.length === 0 || key.some((v) => v === null || v === undefined)) {
        out.push(row)
        continue
      }
      const again = await s.query(
        sql`SELECT ${selectList(this.model)} FROM ${relation(this.model)} WHERE ${keyPredicateSql(this.model, key.map(String))} LIMIT 1`,
      )
      // Stored but hidden from the user now (RLS): show the key, nothing posted.
      out.push(again[0] ?? Object.fromEntries(this.aliases.keys.map((a) => [a, row[a]])))
    }
    return out
  }

  /** Runs a write as the actor; any refusal comes back as an AdminJS ValidationError. */
  private async write(
    actor: Actor,
    params: Record<string, unknown> | undefined,
    fn: (s: Session) => Promise<Record<string, unknown>[]>,
  ): Promise<Record<string, unknown>[]> {
    try {
      return await withSession(this.settings.pool, actor, fn)
    } catch (err) {
      throw await this.toFormError(err, actor, params)
    } finally {
      this.counts.clear()
    }
  }

  private async toFormError(
    err: unknown,
    actor: Actor,
    params: Record<string, unknown> | undefined,
  ): Promise<unknown> {
    if (err instanceof InvalidInputError) {
      return validationError(mapInvalidInput(this.model, err), this.fallbackField(), 'input')
    }
    if (!(err instanceof ExecutionError)) return err
    let facts: ConstraintFacts = { fields: [] }
    if (err.constraint) facts = await this.constraintFacts(actor, err.constraint)
    const mapped = mapDatabaseError(this.model, err, params, facts)
    return validationError(mapped, this.fallbackField(), err.sqlstate ?? 'database')
  }

  /** A violated constraint on one of the view's base tables: its view columns and definition. */
  private async constraintFacts(actor: Actor, constraint: string): Promise<ConstraintFacts> {
    const tables = baseTables(this.model)
    if (tables.length === 0) return { fields: [] }
    try {
      const rows = await withSession(this.settings.pool, actor, (s) =>
        s.query<ConstraintRow>(constraintFactsQuery(constraint, tables)),
      )
      return constraintFacts(this.model, rows)
    } catch {
      return { fields: [] } // the error is reported anyway, only without a field
    }
  }

  private refuseIfReadOnly(what: 'insert' | 'update' | 'delete', doing: string): void {
    const reason =
      this.model.readOnlyReason && (this.model.key.length === 0 || this.model.materialized)
        ? this.model.readOnlyReason
        : !this.model.supports[what]
          ? `${this.model.id} does not support ${doing}.`
          : null
    if (reason)
      throw validationError({ base: reason, fields: {} }, this.fallbackField(), 'read-only')
  }

  private refuseInvalid(errors: Readonly<Record<string, string>>): void {
    const fields = Object.keys(errors)
    if (fields.length === 0) return
    const base = fields.map((f) => `${f}: ${errors[f]}`).join('; ')
    throw validationError({ base, fields: errors }, this.fallbackField(), 'input')
  }

  private notFoundMapped(): MappedError {
    return {
      base: `No such row in ${this.model.id}: it was deleted, or row-level security hides it from you.`,
      fields: {},
    }
  }

  private notFound(): NotFoundError {
    return new NotFoundError(this.notFoundMapped().base)
  }

  /** The field that carries errors no column claims: the first editable one in form order. */
  fallbackField(): string | undefined {
    const editable = this.settings.formOrder.find((f) => columnOf(this.model, f)?.editable)
    return editable ?? this.settings.formOrder[0] ?? this.model.columns[0]?.name
  }

  // ---- helpers ------------------------------------------------------------------------------

  private column(name: string) {
    const c = columnOf(this.model, name)
    if (!c) throw new Error(`${this.model.id}: no column ${name}`)
    return c
  }

  private actorKey(actor: Actor): string {
    return stableJson([actor.role, actor.claims])
  }

  private countKey(actor: Actor, conditions: readonly FilterCondition[]): string {
    return stableJson([this.actorKey(actor), conditionsSignature(conditions)])
  }

  /** A result row as record params: view columns as read, plus the encoded id. */
  toParams(row: Record<string, unknown>): ParamsType {
    const params: ParamsType = {}
    for (const c of this.model.columns) params[c.name] = row[c.name] ?? null
    const keyTexts = keyColumns(this.model).map((_, i) => {
      const v = row[this.aliases.keys[i] as string]
      return v === null || v === undefined ? null : String(v)
    })
    const id = this.codec.encode(keyTexts)
    if (id !== undefined) params[this.idProperty] = id
    return params
  }
}

import { z } from 'zod'
import { ExecutionError, InvalidInputError } from '../errors.js'
import type { Pool } from '../db/pool.js'
import { sql } from '../sql/sql.js'
import { maskSecrets } from './mask-secrets.js'
import { PLUGIN_TAGS_TABLE, tagsDb } from './plugin-tags.js'

export const PAGE_SIZE = 25
/** How long a text search may read the change log before it gives up (ms). */
export const SEARCH_BUDGET_MS = 3_000
/** The actor filter offers who appears among this many latest entries. */
const ACTORS_FROM_LATEST = 10_000
export const OUTCOMES = ['committed', 'rolled back', 'partial'] as const
export const KINDS = ['plan', 'impersonation'] as const

const DAY = /^\d{4}-\d{2}-\d{2}$/
const id = z.string().regex(/^[1-9]\d{0,18}$/, 'must be a change log number')
const day = z
  .string()
  .regex(DAY, 'must be a date (YYYY-MM-DD)')
  // Date.parse rolls 2026-02-31 over to March: a real date reads back the same.
  .refine((d) => {
    const parsed = new Date(`${d}T00:00:00Z`)
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === d
  }, 'must be a real date')
const blank = (v: unknown) => (v === '' || v === null ? undefined : v)

/** What the change log page may be asked for: filters, and a position from a previous page. */
export const filterSchema = z.object({
  id: z.preprocess(blank, id.optional()),
  actor: z.preprocess(blank, z.string().max(200).optional()),
  plugin: z.preprocess(blank, z.string().max(100).optional()),
  kind: z.preprocess(blank, z.enum(KINDS).optional()),
  outcome: z.preprocess(blank, z.enum(OUTCOMES).optional()),
  from: z.preprocess(blank, day.optional()),
  to: z.preprocess(blank, day.optional()),
  text: z.preprocess(blank, z.string().max(200).optional()),
  /** Entries older than this one (the next page). */
  before: z.preprocess(blank, id.optional()),
  /** Entries newer than this one (the previous page). */
  after: z.preprocess(blank, id.optional()),
})

export type ChangeLogFilter = z.output<typeof filterSchema>

/**
 * The filters a page query names, refused field by field when one is malformed; unknown keys
 * (AdminJS's own, say) are ignored.
 */
export function parseFilter(query: Readonly<Record<string, unknown>>): ChangeLogFilter {
  const parsed = filterSchema.safeParse(query)
  if (parsed.success) return parsed.data
  const fields: Record<string, string> = {}
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? 'query')
    fields[key] ??= issue.message
  }
  throw InvalidInputError.fields(fields)
}

export interface ChangeLogStatement {
  readonly kind: string
  readonly summary: string
  readonly sql: string
}

export interface ChangeLogEntry {
  readonly id: string
  readonly actor: string
  readonly appliedAt: string
  readonly summary: string
  readonly kind: string
  readonly outcome: string
  readonly error: string | null
  readonly plugin: string | null
  readonly statements: readonly ChangeLogStatement[]
}

export interface ChangeLogPage {
  readonly entries: readonly ChangeLogEntry[]
  /** Cursor of the next (older) page, when there is one. */
  readonly older: string | null
  /** Cursor of the previous (newer) page, when there is one. */
  readonly newer: string | null
}

const text = (v: unknown): string => (typeof v === 'string' ? maskSecrets(v) : '')

/** The recorded statements, whatever the jsonb holds: strings kept, masked; anything else dropped. */
export function recordedStatements(value: unknown): ChangeLogStatement[] {
  if (!Array.isArray(value)) return []
  return value
    .filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null)
    .map((s) => ({ kind: text(s.kind), summary: text(s.summary), sql: text(s.sql) }))
}

/** `%text%` for ILIKE, with LIKE's own wildcards in the text taken literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/**
 * One page of the change log, newest first, as the console's login (which owns it): filtered,
 * paged by id (`before` for older entries, `after` for newer ones), every text masked.
 *
 * @example await readChangeLog(pool, 'planetary', { outcome: 'rolled back' })
 */
export async function readChangeLog(
  pool: Pool,
  schema: string,
  filter: ChangeLogFilter,
  pageSize = PAGE_SIZE,
  searchBudgetMs = SEARCH_BUDGET_MS,
): Promise<ChangeLogPage> {
  const db = tagsDb(pool, schema)
  let q = db
    .selectFrom('change_log as c')
    .leftJoin(`${PLUGIN_TAGS_TABLE} as p`, 'p.change_id', 'c.id')
    .select([
      'c.id',
      'c.actor',
      'c.applied_at',
      'c.summary',
      'c.kind',
      'c.outcome',
      'c.error',
      'c.statements',
      'p.plugin',
    ])
  if (filter.id) q = q.where('c.id', '=', filter.id)
  if (filter.actor) q = q.where('c.actor', '=', filter.actor)
  if (filter.plugin) q = q.where('p.plugin', '=', filter.plugin)
  if (filter.kind) q = q.where('c.kind', '=', filter.kind)
  if (filter.outcome) q = q.where('c.outcome', '=', filter.outcome)
  if (filter.from) q = q.where('c.applied_at', '>=', sql<Date>`${filter.from}::date`)
  if (filter.to) q = q.where('c.applied_at', '<', sql<Date>`${filter.to}::date + 1`)
  if (filter.text) {
    const pattern = likePattern(filter.text)
    q = q.where(
      sql<boolean>`(c.summary ILIKE ${pattern} OR c.statements::text ILIKE ${pattern} OR c.error ILIKE ${pattern} OR c.actor ILIKE ${pattern})`,
    )
  }
  const newerFirst = !filter.after || Boolean(filter.before)
  if (filter.before) q = q.where('c.id', '<', filter.before)
  else if (filter.after) q = q.where('c.id', '>', filter.after)
  const ordered = q.orderBy('c.id', newerFirst ? 'desc' : 'asc').limit(pageSize + 1)
  // A rare word reads the whole log: bounded in time, like every search, and said so by field.
  const rows = filter.text
    ? await db
        .transaction()
        .execute(async (trx) => {
          await sql`SELECT pg_catalog.set_config('statement_timeout', ${String(searchBudgetMs)}, true)`.execute(
            trx,
          )
          return (await trx.executeQuery(ordered.compile())).rows
        })
        .catch((err: unknown) => {
          if (err instanceof ExecutionError && err.sqlstate === '57014') {
            throw InvalidInputError.field(
              'text',
              `found too little within ${searchBudgetMs / 1000} s of reading: narrow the search by date, plugin or who`,
            )
          }
          throw err
        })
    : await ordered.execute()
  const more = rows.length > pageSize
  const page = rows.slice(0, pageSize)
  if (!newerFirst) page.reverse()
  const entries = page.map((r) => ({
    id: String(r.id),
    actor: text(r.actor),
    appliedAt: new Date(r.applied_at as unknown as string).toISOString(),
    summary: text(r.summary),
    kind: text(r.kind),
    outcome: text(r.outcome),
    error: typeof r.error === 'string' ? maskSecrets(r.error) : null,
    plugin: r.plugin ?? null,
    statements: recordedStatements(r.statements),
  }))
  const first = entries[0]?.id ?? null
  const last = entries.at(-1)?.id ?? null
  // Older: more rows past the last one going down, or anything below when we came up.
  const older = newerFirst ? (more ? last : null) : last
  const newer = newerFirst ? (filter.before ? first : null) : more ? first : null
  return { entries, older, newer }
}

/**
 * Who appears in the change log, for the actor filter: the most recent 200 names among the
 * latest entries, read backwards on the primary key so a long log costs no more than a short one.
 */
export async function changeLogActors(pool: Pool, schema: string): Promise<string[]> {
  const db = tagsDb(pool, schema)
  const latest = db
    .selectFrom('change_log')
    .select(['actor', 'id'])
    .orderBy('id', 'desc')
    .limit(ACTORS_FROM_LATEST)
  const rows = await db
    .selectFrom(latest.as('latest'))
    .select('actor')
    .groupBy('actor')
    .orderBy(sql`max(id)`, 'desc')
    .limit(200)
    .execute()
  return rows.map((r) => r.actor)
}

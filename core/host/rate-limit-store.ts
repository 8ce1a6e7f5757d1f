import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit'
import { poolDb, type Db } from '../db/kysely.js'
import type { Pool } from '../db/pool.js'
import { sql } from '../sql/sql.js'

const now = sql<Date>`pg_catalog.now()`

/**
 * An express-rate-limit store on the console schema's `rate_limit` table: every console process
 * on the database counts in the same rows, so a client cannot spread its attempts over replicas.
 * Each count is one upsert (a window that ended starts again at 1); rows of ended windows are
 * deleted once per window by whichever process gets there.
 *
 * @example rateLimit({ windowMs: 60_000, limit: 10, store: new PgRateLimitStore({ pool, schema: 'planetary', prefix: 'login:' }) })
 */
export class PgRateLimitStore implements Store {
  readonly localKeys = false
  readonly prefix: string
  private windowMs = 60_000
  private sweeper: NodeJS.Timeout | undefined
  private readonly db: Db

  constructor(o: { pool: Pool; schema: string; prefix?: string }) {
    this.prefix = o.prefix ?? ''
    this.db = poolDb(o.pool).withSchema(o.schema)
  }

  init(options: Options): void {
    this.windowMs = options.windowMs
    this.sweeper = setInterval(() => {
      this.sweep().catch((err: unknown) =>
        console.error('Could not delete ended rate limit windows:', err),
      )
    }, this.windowMs)
    this.sweeper.unref()
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const row = await this.db
      .selectFrom('rate_limit')
      .select(['hits', 'reset_at'])
      .where('key', '=', this.prefix + key)
      .where('reset_at', '>', now)
      .executeTakeFirst()
    return row ? { totalHits: row.hits, resetTime: row.reset_at } : undefined
  }

  async increment(key: string): Promise<IncrementResponse> {
    const [hits, resetAt] = [sql.id('rate_limit', 'hits'), sql.id('rate_limit', 'reset_at')]
    const ended = sql<boolean>`${resetAt} <= ${now}`
    const row = await this.db
      .insertInto('rate_limit')
      .values({
        key: this.prefix + key,
        hits: 1,
        reset_at: sql`${now} + pg_catalog.make_interval(secs => ${this.windowMs / 1000}::float8)`,
      })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          hits: sql`CASE WHEN ${ended} THEN 1 ELSE ${hits} + 1 END`,
          reset_at: sql`CASE WHEN ${ended} THEN excluded.reset_at ELSE ${resetAt} END`,
        }),
      )
      .returning(['hits', 'reset_at'])
      .executeTakeFirstOrThrow(() => new Error('The rate limit counter was not written'))
    return { totalHits: row.hits, resetTime: row.reset_at }
  }

  async decrement(key: string): Promise<void> {
    await this.db
      .updateTable('rate_limit')
      .set({ hits: sql`greatest(hits - 1, 0)` })
      .where('key', '=', this.prefix + key)
      .where('reset_at', '>', now)
      .execute()
  }

  async resetKey(key: string): Promise<void> {
    await this.db
      .deleteFrom('rate_limit')
      .where('key', '=', this.prefix + key)
      .execute()
  }

  /** Deletes the rows whose window has ended (their count starts again at the next attempt). */
  async sweep(): Promise<void> {
    await this.db.deleteFrom('rate_limit').where('reset_at', '<=', now).execute()
  }

  shutdown(): void {
    clearInterval(this.sweeper)
  }
}

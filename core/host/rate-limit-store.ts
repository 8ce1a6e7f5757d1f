import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit'
import type { Pool } from '../db/pool.js'
import { runQuery } from '../db/session.js'
import { RATE_LIMIT_TABLE } from '../console-schema/rate-limit-table.js'
import { sql } from '../sql/sql.js'

interface CounterRow extends Record<string, unknown> {
  hits: number
  reset_at: Date
}

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

  constructor(private readonly o: { pool: Pool; schema: string; prefix?: string }) {
    this.prefix = o.prefix ?? ''
  }

  private get table() {
    return sql.id(this.o.schema, RATE_LIMIT_TABLE)
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
    const [row] = await runQuery<CounterRow>(
      this.o.pool,
      sql`SELECT hits, reset_at FROM ${this.table}
WHERE key = ${sql.val(this.prefix + key)} AND reset_at > pg_catalog.now()`,
    )
    return row ? { totalHits: row.hits, resetTime: row.reset_at } : undefined
  }

  async increment(key: string): Promise<IncrementResponse> {
    const [row] = await runQuery<CounterRow>(
      this.o.pool,
      sql`INSERT INTO ${this.table} AS t (key, hits, reset_at)
VALUES (${sql.val(this.prefix + key)}, 1,
  pg_catalog.now() + pg_catalog.make_interval(secs => ${sql.val(this.windowMs / 1000)}::float8))
ON CONFLICT (key) DO UPDATE SET
  hits = CASE WHEN t.reset_at <= pg_catalog.now() THEN 1 ELSE t.hits + 1 END,
  reset_at = CASE WHEN t.reset_at <= pg_catalog.now() THEN excluded.reset_at ELSE t.reset_at END
RETURNING hits, reset_at`,
    )
    if (!row) throw new Error('The rate limit counter was not written')
    return { totalHits: row.hits, resetTime: row.reset_at }
  }

  async decrement(key: string): Promise<void> {
    await runQuery(
      this.o.pool,
      sql`UPDATE ${this.table} SET hits = greatest(hits - 1, 0)
WHERE key = ${sql.val(this.prefix + key)} AND reset_at > pg_catalog.now()`,
    )
  }

  async resetKey(key: string): Promise<void> {
    await runQuery(
      this.o.pool,
      sql`DELETE FROM ${this.table} WHERE key = ${sql.val(this.prefix + key)}`,
    )
  }

  /** Deletes the rows whose window has ended (their count starts again at the next attempt). */
  async sweep(): Promise<void> {
    await runQuery(this.o.pool, sql`DELETE FROM ${this.table} WHERE reset_at <= pg_catalog.now()`)
  }

  shutdown(): void {
    clearInterval(this.sweeper)
  }
}

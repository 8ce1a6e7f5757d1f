import pg from 'pg'
import { toExecutionError } from '../errors.js'
import { renderStatic, sql } from '../sql/sql.js'
import type { CatalogTarget } from './catalog-session.js'

/**
 * Sum of write counters (inserted + updated + deleted tuples) over pg_catalog's tables, minus
 * pg_statistic that ANALYZE rewrites: DDL writes catalog rows, so the sum moves when the schema
 * changes. Catalogs have OIDs below FirstNormalObjectId (16384), so the pg_class OID index
 * finds them without reading the other rows of a 38k-relation catalog. One message: a
 * read-only transaction with a statement timeout around the one SELECT.
 */
const PROBE = renderStatic(sql`BEGIN READ ONLY;
SELECT pg_catalog.set_config('statement_timeout', '5000', true);
SELECT coalesce(pg_catalog.sum(
    pg_catalog.pg_stat_get_tuples_inserted(c.oid)
  + pg_catalog.pg_stat_get_tuples_updated(c.oid)
  + pg_catalog.pg_stat_get_tuples_deleted(c.oid)), 0)::text AS token
FROM pg_catalog.pg_class c
WHERE c.oid < 16384 AND c.relnamespace = 'pg_catalog'::pg_catalog.regnamespace AND c.relkind = 'r'
  AND c.oid <> 'pg_catalog.pg_statistic'::pg_catalog.regclass;
COMMIT`)

/**
 * A token that changes when the catalog does: compare it with the last one and re-snapshot
 * only on change. Statistics reach the shared counters when the writing session flushes them
 * (at commit, at most about once a second, or after ~10 s idle on PG 15+), so treat it as a
 * cheap hint, not a transactional guarantee; a statistics reset also changes it. Call it on a
 * client that is not inside a transaction.
 *
 * @example
 * const token = await catalogChangeToken(pool)
 * if (token !== last) snapshot = await introspect(pool)
 */
export async function catalogChangeToken(target: CatalogTarget): Promise<string> {
  const client = target instanceof pg.Pool ? await target.connect() : target
  let broken = false
  try {
    const results = (await client.query(PROBE)) as unknown as { rows: { token?: string }[] }[]
    return results[2]?.rows[0]?.token ?? '0'
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {
      broken = true
    })
    throw toExecutionError(err, PROBE)
  } finally {
    if (target instanceof pg.Pool) (client as pg.PoolClient).release(broken || undefined)
  }
}

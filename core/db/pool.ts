import pg from 'pg'

export type Pool = pg.Pool
export type PoolClient = pg.PoolClient

// numeric and int8 stay strings so no amount is rounded through a float.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => v)
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v)

/** A pool for one database URL; `application_name` tells the console's sessions apart. */
export function createPool(
  connectionString: string,
  options: { max?: number; applicationName?: string } = {},
): Pool {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'pg-planetary',
  })
  // An idle client losing its server must not crash the process; the next checkout reconnects.
  pool.on('error', () => undefined)
  return pool
}

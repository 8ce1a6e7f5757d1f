import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const FIXTURE = fileURLToPath(new URL('../fixtures/kitchen-sink.sql', import.meta.url))

/**
 * What PG 14 lacks, and what the fixture makes there instead: a unique index without NULLS NOT
 * DISTINCT, a view without security_invoker, a publication without row filter or column list,
 * and an empty publication in place of the schema publication.
 */
const BEFORE_15: readonly (readonly [string, string])[] = [
  ['ON ks.customer (note) NULLS NOT DISTINCT;', 'ON ks.customer (note);'],
  [
    'CREATE VIEW ks.customer_invoker WITH (security_invoker = true) AS',
    'CREATE VIEW ks.customer_invoker AS',
  ],
  ['FOR TABLE ks.customer (id, email, status) WHERE (id > 100),', 'FOR TABLE ks.customer,'],
  [
    'CREATE PUBLICATION ks_schema_pub FOR TABLES IN SCHEMA "Mixed Case";',
    'CREATE PUBLICATION ks_schema_pub;',
  ],
]

/**
 * The kitchen-sink fixture's SQL for a server major: as written from PG 15, with the objects
 * PG 14 cannot make replaced by their nearest kin there.
 *
 * @example await loader.query(kitchenSinkSql(Math.floor(db().versionNum / 10000)))
 */
export function kitchenSinkSql(major: number): string {
  let text = readFileSync(FIXTURE, 'utf8')
  if (major >= 15) return text
  for (const [from, to] of BEFORE_15) {
    if (!text.includes(from)) throw new Error(`kitchen-sink.sql no longer has: ${from}`)
    text = text.replace(from, to)
  }
  return text
}

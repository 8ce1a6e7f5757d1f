import { sql, type SqlFragment } from '../sql/sql.js'

/**
 * Option names that may carry a secret. Their values are dropped inside PostgreSQL, so they
 * never reach this process, a log or a JSON dump.
 */
export const SECRET_OPTION_PATTERN = '(pass|secret|token|key|credential|auth)'

/** One FDW option as the queries return it: [name, value], the value null when redacted. */
export type OptionTuple = [string, string | null]

export interface FdwOption {
  readonly name: string
  /** Null when redacted. */
  readonly value: string | null
  readonly redacted: boolean
}

/**
 * A JSON array of [name, value] for an options column, secret-looking values replaced by null.
 *
 * @example sql`SELECT ${redactedOptions(sql`s.srvoptions`)} FROM pg_catalog.pg_foreign_server s`
 */
export function redactedOptions(column: SqlFragment): SqlFragment {
  return sql`(SELECT pg_catalog.json_agg(pg_catalog.json_build_array(o.option_name,
    CASE WHEN o.option_name ~* ${sql.lit(SECRET_OPTION_PATTERN)} THEN NULL ELSE o.option_value END)
    ORDER BY o.option_name)
  FROM pg_catalog.pg_options_to_table(${column}) o)`
}

/** @example mapOptions([['host', 'db1'], ['password', null]]) */
export function mapOptions(options: readonly OptionTuple[] | null): FdwOption[] {
  return (options ?? []).map(([name, value]) => ({
    name,
    value,
    redacted: new RegExp(SECRET_OPTION_PATTERN, 'i').test(name),
  }))
}

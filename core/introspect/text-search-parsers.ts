import { sql, type SqlFragment } from '../sql/sql.js'
import { queryRows } from './catalog-session.js'
import type { QueryContext } from './context.js'
import { notExtensionMember, schemaFilter, descriptionJoin } from './filters.js'

/** One pg_ts_parser row; the functions as regproc text. */
export interface TextSearchParserRow {
  oid: number
  nspname: string
  prsname: string
  prsstart: string
  prstoken: string
  prsend: string
  prsheadline: string | null
  prslextype: string
  description: string | null
}

export interface TextSearchParser {
  readonly oid: number
  readonly schema: string
  readonly name: string
  readonly functions: {
    readonly start: string
    readonly token: string
    readonly end: string
    readonly headline: string | null
    readonly lextypes: string
  }
  readonly comment: string | null
}

/** Parsers in scope; the built-in `default` parser lives in pg_catalog. */
export function textSearchParsersQuery(ctx: QueryContext): SqlFragment {
  return sql`SELECT p.oid, n.nspname, p.prsname, p.prsstart::text AS prsstart, p.prstoken::text AS prstoken,
  p.prsend::text AS prsend, NULLIF(p.prsheadline, 0)::pg_catalog.regproc::text AS prsheadline,
  p.prslextype::text AS prslextype, d.description
FROM pg_catalog.pg_ts_parser p
JOIN pg_catalog.pg_namespace n ON n.oid = p.prsnamespace
${descriptionJoin('pg_ts_parser', sql`p.oid`)}
WHERE ${schemaFilter(ctx, sql`n`)} AND ${notExtensionMember(ctx, 'pg_ts_parser', sql`p.oid`)}
ORDER BY n.nspname, p.prsname`
}

/** @example mapTextSearchParser(row).functions.token // 'prsd_nexttoken' */
export function mapTextSearchParser(row: TextSearchParserRow): TextSearchParser {
  return {
    oid: row.oid,
    schema: row.nspname,
    name: row.prsname,
    functions: {
      start: row.prsstart,
      token: row.prstoken,
      end: row.prsend,
      headline: row.prsheadline,
      lextypes: row.prslextype,
    },
    comment: row.description,
  }
}

/** @example await withCatalog(pool, { schemas: ['app'] }, fetchTextSearchParsers) */
export async function fetchTextSearchParsers(ctx: QueryContext): Promise<TextSearchParser[]> {
  return (await queryRows<TextSearchParserRow>(ctx, textSearchParsersQuery(ctx))).map(
    mapTextSearchParser,
  )
}

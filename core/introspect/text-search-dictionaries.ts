import { sql, type SqlFragment } from '../sql/sql.js'
import { queryRows } from './catalog-session.js'
import type { QueryContext } from './context.js'
import { notExtensionMember, schemaFilter, descriptionJoin } from './filters.js'

/** One pg_ts_dict row with its template. */
export interface TextSearchDictionaryRow {
  oid: number
  nspname: string
  dictname: string
  owner: string
  template: string
  dictinitoption: string | null
  description: string | null
}

export interface TextSearchDictionary {
  readonly oid: number
  readonly schema: string
  readonly name: string
  readonly owner: string
  /** simple, synonym, thesaurus, ispell, snowball … (schema-qualified outside pg_catalog). */
  readonly template: string
  /** `language = 'english', stopwords = 'english'`. */
  readonly options: string | null
  readonly comment: string | null
}

/** Dictionaries in scope with their template. */
export function textSearchDictionariesQuery(ctx: QueryContext): SqlFragment {
  return sql`SELECT dict.oid, n.nspname, dict.dictname, pg_catalog.pg_get_userbyid(dict.dictowner) AS owner,
  CASE WHEN tn.nspname = 'pg_catalog' THEN t.tmplname::text ELSE tn.nspname || '.' || t.tmplname END AS template,
  dict.dictinitoption, d.description
FROM pg_catalog.pg_ts_dict dict
JOIN pg_catalog.pg_namespace n ON n.oid = dict.dictnamespace
JOIN pg_catalog.pg_ts_template t ON t.oid = dict.dicttemplate
JOIN pg_catalog.pg_namespace tn ON tn.oid = t.tmplnamespace
${descriptionJoin('pg_ts_dict', sql`dict.oid`)}
WHERE ${schemaFilter(ctx, sql`n`)} AND ${notExtensionMember(ctx, 'pg_ts_dict', sql`dict.oid`)}
ORDER BY n.nspname, dict.dictname`
}

/** @example mapTextSearchDictionary(row).template // 'snowball' */
export function mapTextSearchDictionary(row: TextSearchDictionaryRow): TextSearchDictionary {
  return {
    oid: row.oid,
    schema: row.nspname,
    name: row.dictname,
    owner: row.owner,
    template: row.template,
    options: row.dictinitoption,
    comment: row.description,
  }
}

/** @example await withCatalog(pool, { schemas: ['app'] }, fetchTextSearchDictionaries) */
export async function fetchTextSearchDictionaries(
  ctx: QueryContext,
): Promise<TextSearchDictionary[]> {
  return (await queryRows<TextSearchDictionaryRow>(ctx, textSearchDictionariesQuery(ctx))).map(
    mapTextSearchDictionary,
  )
}

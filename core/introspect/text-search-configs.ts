import { sql, type SqlFragment } from '../sql/sql.js'
import { queryRows } from './catalog-session.js'
import type { QueryContext } from './context.js'
import { notExtensionMember, schemaFilter, descriptionJoin } from './filters.js'

/** [token type alias, dictionaries in order] per mapping. */
type MappingTuple = [string, string[]]

/** One text search configuration with its token-to-dictionary mappings. */
export interface TextSearchConfigRow {
  oid: number
  nspname: string
  cfgname: string
  owner: string
  /** regconfig-style parser name, schema-qualified outside pg_catalog. */
  parser: string
  mappings: MappingTuple[] | null
  description: string | null
}

export interface TextSearchConfig {
  readonly oid: number
  readonly schema: string
  readonly name: string
  readonly owner: string
  readonly parser: string
  /** Token type → dictionaries consulted in order (first that recognizes the token wins). */
  readonly mappings: readonly {
    readonly tokenType: string
    readonly dictionaries: readonly string[]
  }[]
  readonly comment: string | null
}

/** Configurations in scope; each mapping names token types through ts_token_type(). */
export function textSearchConfigsQuery(ctx: QueryContext): SqlFragment {
  return sql`SELECT cfg.oid, n.nspname, cfg.cfgname, pg_catalog.pg_get_userbyid(cfg.cfgowner) AS owner,
  CASE WHEN pn.nspname = 'pg_catalog' THEN prs.prsname::text ELSE pn.nspname || '.' || prs.prsname END AS parser,
  maps.mappings, d.description
FROM pg_catalog.pg_ts_config cfg
JOIN pg_catalog.pg_namespace n ON n.oid = cfg.cfgnamespace
JOIN pg_catalog.pg_ts_parser prs ON prs.oid = cfg.cfgparser
JOIN pg_catalog.pg_namespace pn ON pn.oid = prs.prsnamespace
LEFT JOIN LATERAL (
  SELECT pg_catalog.json_agg(pg_catalog.json_build_array(x.alias, x.dictionaries) ORDER BY x.tokid) AS mappings
  FROM (
    SELECT m.maptokentype AS tokid, coalesce(tt.alias, m.maptokentype::text) AS alias,
      pg_catalog.array_agg(m.mapdict::pg_catalog.regdictionary::text ORDER BY m.mapseqno) AS dictionaries
    FROM pg_catalog.pg_ts_config_map m
    LEFT JOIN pg_catalog.ts_token_type(cfg.cfgparser) tt ON tt.tokid = m.maptokentype
    WHERE m.mapcfg = cfg.oid
    GROUP BY m.maptokentype, tt.alias
  ) x
) maps ON true
${descriptionJoin('pg_ts_config', sql`cfg.oid`)}
WHERE ${schemaFilter(ctx, sql`n`)} AND ${notExtensionMember(ctx, 'pg_ts_config', sql`cfg.oid`)}
ORDER BY n.nspname, cfg.cfgname`
}

/** @example mapTextSearchConfig(row).mappings[0] // { tokenType: 'asciiword', dictionaries: ['english_stem'] } */
export function mapTextSearchConfig(row: TextSearchConfigRow): TextSearchConfig {
  return {
    oid: row.oid,
    schema: row.nspname,
    name: row.cfgname,
    owner: row.owner,
    parser: row.parser,
    mappings: (row.mappings ?? []).map(([tokenType, dictionaries]) => ({
      tokenType,
      dictionaries,
    })),
    comment: row.description,
  }
}

/** @example await withCatalog(pool, { schemas: ['app'] }, fetchTextSearchConfigs) */
export async function fetchTextSearchConfigs(ctx: QueryContext): Promise<TextSearchConfig[]> {
  return (await queryRows<TextSearchConfigRow>(ctx, textSearchConfigsQuery(ctx))).map(
    mapTextSearchConfig,
  )
}

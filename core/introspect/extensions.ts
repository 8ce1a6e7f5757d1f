import { descriptionJoin } from './filters.js'
import { sql, type SqlFragment } from '../sql/sql.js'
import { queryRows } from './catalog-session.js'
import type { QueryContext } from './context.js'

/** An extension available on the server (control file), installed in this database or not. */
export interface ExtensionRow {
  /** pg_extension.oid; null when not installed. */
  oid: number | null
  name: string
  default_version: string | null
  installed_version: string | null
  nspname: string | null
  owner: string | null
  extrelocatable: boolean | null
  comment: string | null
}

export interface Extension {
  readonly name: string
  /** Null when available but not installed. */
  readonly oid: number | null
  readonly installed: boolean
  readonly installedVersion: string | null
  /** The version CREATE EXTENSION installs; null when the control file is gone. */
  readonly defaultVersion: string | null
  /** True when installed and a different default version is available. */
  readonly updateAvailable: boolean
  readonly schema: string | null
  readonly owner: string | null
  readonly relocatable: boolean | null
  readonly comment: string | null
}

/**
 * Installed extensions (pg_extension, by OID) beside what the server's control files offer
 * (pg_available_extensions(): a set-returning function with no OIDs, so the two meet on the
 * extension name, which is unique in both). Database-wide: no schema filter.
 */
export function extensionsQuery(_ctx: QueryContext): SqlFragment {
  return sql`SELECT e.oid, coalesce(e.extname, av.name) AS name, av.default_version,
  e.extversion AS installed_version, n.nspname,
  pg_catalog.pg_get_userbyid(e.extowner) AS owner, e.extrelocatable,
  coalesce(d.description, av.comment) AS comment
FROM pg_catalog.pg_extension e
JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
${descriptionJoin('pg_extension', sql`e.oid`)}
FULL JOIN pg_catalog.pg_available_extensions() av (name, default_version, comment) ON av.name = e.extname
ORDER BY 2`
}

/** @example mapExtension(row).updateAvailable */
export function mapExtension(row: ExtensionRow): Extension {
  const installed = row.oid !== null
  return {
    name: row.name,
    oid: row.oid,
    installed,
    installedVersion: row.installed_version,
    defaultVersion: row.default_version,
    updateAvailable:
      installed && row.default_version !== null && row.default_version !== row.installed_version,
    schema: row.nspname,
    owner: row.owner,
    relocatable: row.extrelocatable,
    comment: row.comment,
  }
}

/** @example (await withCatalog(pool, {}, fetchExtensions)).filter((e) => e.installed) */
export async function fetchExtensions(ctx: QueryContext): Promise<Extension[]> {
  return (await queryRows<ExtensionRow>(ctx, extensionsQuery(ctx))).map(mapExtension)
}

import { sql, type SqlFragment } from '../sql/sql.js'
import { queryRows } from './catalog-session.js'
import type { QueryContext } from './context.js'

export interface RoleSettingRow {
  /** null: every database. */
  datname: string | null
  setconfig: string[]
}

/** A setting applied when a role's session starts (ALTER ROLE … SET). */
export interface RoleSettingEntry {
  /** null: in every database. */
  readonly database: string | null
  readonly name: string
  readonly value: string
}

export function roleSettingsQuery(role: string): SqlFragment {
  return sql`SELECT d.datname, s.setconfig
FROM pg_catalog.pg_db_role_setting s
LEFT JOIN pg_catalog.pg_database d ON d.oid = s.setdatabase
WHERE s.setrole = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = ${sql.val(role)})
ORDER BY d.datname NULLS FIRST`
}

/** @example mapRoleSettings({ datname: null, setconfig: ['work_mem=64MB'] })[0].value // '64MB' */
export function mapRoleSettings(row: RoleSettingRow): RoleSettingEntry[] {
  return row.setconfig.map((entry) => {
    const at = entry.indexOf('=')
    return { database: row.datname, name: entry.slice(0, at), value: entry.slice(at + 1) }
  })
}

/**
 * The settings a role gets at session start, for every database and per database
 * (pg_db_role_setting; rolconfig shows only the first kind).
 */
export async function fetchRoleSettings(
  ctx: QueryContext,
  role: string,
): Promise<RoleSettingEntry[]> {
  return (await queryRows<RoleSettingRow>(ctx, roleSettingsQuery(role))).flatMap(mapRoleSettings)
}

import type { PoolClient } from '../db/pool.js'
import { runQuery } from '../db/session.js'
import { sql, type SqlFragment } from '../sql/sql.js'
import type { PluginRequirements, PrivilegeRequirement } from './types.js'

/** What the loader learns once about the database, to judge every plugin against. */
export interface DatabaseFacts {
  readonly serverVersionNum: number
  readonly extensions: ReadonlySet<string>
}

export async function readDatabaseFacts(client: PoolClient): Promise<DatabaseFacts> {
  const rows = await runQuery<{ v: string; exts: string[] }>(
    client,
    sql`SELECT current_setting('server_version_num') AS v,
      ARRAY(SELECT extname::text FROM pg_catalog.pg_extension) AS exts`,
  )
  return { serverVersionNum: Number(rows[0]?.v), extensions: new Set(rows[0]?.exts ?? []) }
}

function privilegeCheck(p: PrivilegeRequirement): { label: string; check: SqlFragment } {
  switch (p.kind) {
    case 'role':
      return {
        label: `membership in role ${p.role}`,
        check: sql`pg_catalog.pg_has_role(current_user, ${sql.val(p.role)}, 'USAGE')`,
      }
    case 'database':
      return {
        label: `${p.privilege} on the database`,
        check: sql`pg_catalog.has_database_privilege(current_database(), ${sql.val(p.privilege)})`,
      }
    case 'schema':
      return {
        label: `${p.privilege} on schema ${p.schema}`,
        check: sql`pg_catalog.has_schema_privilege(${sql.val(p.schema)}, ${sql.val(p.privilege)})`,
      }
    case 'table':
      return {
        label: `${p.privilege} on ${p.table}`,
        check: sql`pg_catalog.has_table_privilege(${sql.val(p.table)}, ${sql.val(p.privilege)})`,
      }
    case 'function':
      return {
        label: `EXECUTE on ${p.signature}`,
        check: sql`pg_catalog.has_function_privilege(${sql.val(p.signature)}, 'EXECUTE')`,
      }
    default: {
      const never: never = p
      throw new TypeError(`unknown privilege requirement ${JSON.stringify(never)}`)
    }
  }
}

function versionName(num: number): string {
  return num >= 100000
    ? `${Math.floor(num / 10000)}`
    : `${Math.floor(num / 10000)}.${Math.floor(num / 100) % 100}`
}

/**
 * Every reason this database does not meet a plugin's requirements; empty when it does. A
 * privilege check that errors (an object that does not exist, say) counts as unmet.
 */
export async function unmetRequirements(
  client: PoolClient,
  facts: DatabaseFacts,
  requires: PluginRequirements | undefined,
): Promise<string[]> {
  if (!requires) return []
  const reasons: string[] = []
  if (requires.serverVersion && facts.serverVersionNum < requires.serverVersion) {
    reasons.push(
      `needs PostgreSQL ${versionName(requires.serverVersion)} or later (this server is ${versionName(facts.serverVersionNum)})`,
    )
  }
  const missing = (requires.extensions ?? []).filter((e) => !facts.extensions.has(e))
  if (missing.length)
    reasons.push(`needs extension${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`)
  for (const p of requires.privileges ?? []) {
    const { label, check } = privilegeCheck(p)
    await client.query('SAVEPOINT planetary_requirement')
    try {
      const rows = await runQuery<{ ok: boolean }>(client, sql`SELECT ${check} AS ok`)
      if (!rows[0]?.ok) reasons.push(`needs ${label}`)
      await client.query('RELEASE SAVEPOINT planetary_requirement')
    } catch (err) {
      await client.query('ROLLBACK TO SAVEPOINT planetary_requirement')
      reasons.push(`needs ${label} (${(err as Error).message})`)
    }
  }
  return reasons
}

import { InvalidInputError } from '../errors.js'
import { statement, type Statement } from '../executor/statement.js'
import { sql, type SqlFragment } from '../sql/sql.js'

/** A setting value as SET takes it: one or more constants (`'$user', public` is two). */
export type SettingValue = readonly (string | number)[]

export interface RoleSetting {
  readonly role: string
  /** A server setting (`work_mem`) or a custom one (`app.tenant_id`). */
  readonly name: string
  /** Only in this database; without it, every database. */
  readonly database?: string
}

const SETTING_NAME = /^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)*$/

function settingName(name: string): SqlFragment {
  if (!SETTING_NAME.test(name) || Buffer.byteLength(name) > 63 * 2) {
    throw InvalidInputError.field('name', `${JSON.stringify(name)} is not a setting name`)
  }
  return sql.id(...(name.split('.') as [string, ...string[]]))
}

function head(s: RoleSetting): SqlFragment {
  return sql`ALTER ROLE ${sql.id(s.role)}${s.database ? sql` IN DATABASE ${sql.id(s.database)}` : sql``}`
}

const where = (s: RoleSetting) => (s.database ? ` in database ${s.database}` : '')

/**
 * ALTER ROLE r [IN DATABASE d] SET name TO v, …: applied at the start of every session of the
 * role. Values are rendered as literals, never as SQL text.
 *
 * @example setRoleSetting({ role: 'reporter', name: 'work_mem' }, ['64MB'])
 */
export function setRoleSetting(s: RoleSetting, value: SettingValue): Statement[] {
  if (value.length === 0) throw InvalidInputError.field('value', 'is required')
  const values = value.map((v) => sql.lit(v))
  return [
    statement({
      kind: 'role_setting',
      sql: sql`${head(s)} SET ${settingName(s.name)} TO ${sql.join(values)}`,
      summary: `Set ${s.name} to ${value.join(', ')} for ${s.role}${where(s)}`,
    }),
  ]
}

/** ALTER ROLE r [IN DATABASE d] RESET name. */
export function resetRoleSetting(s: RoleSetting): Statement[] {
  return [
    statement({
      kind: 'role_setting',
      sql: sql`${head(s)} RESET ${settingName(s.name)}`,
      summary: `Stop setting ${s.name} for ${s.role}${where(s)}`,
    }),
  ]
}

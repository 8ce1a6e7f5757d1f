import type { SqlFragment } from '../sql/sql.js'

/** Lock a statement takes on the object it changes, shown in previews. */
export type LockLevel =
  | 'none'
  | 'ACCESS SHARE'
  | 'ROW EXCLUSIVE'
  | 'SHARE UPDATE EXCLUSIVE'
  | 'SHARE'
  | 'SHARE ROW EXCLUSIVE'
  | 'EXCLUSIVE'
  | 'ACCESS EXCLUSIVE'

/** One step of a plan: what builders return and the executor runs. */
export interface Statement {
  /** What the statement does, e.g. `create_policy`, `revoke`. */
  readonly kind: string
  readonly sql: SqlFragment
  /** One line for a person: "Create policy tenant_isolation on app.invoice_raw". */
  readonly summary: string
  /** False for statements that cannot run inside a transaction block (VACUUM, CONCURRENTLY…). */
  readonly transactional: boolean
  /** True when the statement drops or revokes something a person may want back. */
  readonly destructive: boolean
  readonly lockLevel?: LockLevel
  /** What previews and the change log show instead of `sql`, when `sql` holds a secret. */
  readonly display?: SqlFragment
}

export type Plan = readonly Statement[]

/**
 * Builds a frozen statement; transactional and non-destructive unless said otherwise.
 *
 * @example statement({ kind: 'create_schema', sql: sql`create schema ${sql.id(name)}`, summary: `Create schema ${name}` })
 */
export function statement(
  s: Pick<Statement, 'kind' | 'sql' | 'summary'> &
    Partial<Omit<Statement, 'kind' | 'sql' | 'summary'>>,
): Statement {
  return Object.freeze({ transactional: true, destructive: false, ...s })
}

export function plan(...statements: Statement[]): Plan {
  return Object.freeze(statements)
}

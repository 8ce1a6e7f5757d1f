import type { MatrixCell, PrivilegeMatrix, PrivilegeReason } from '../../core/introspect/index.js'

const key = (role: string, oid: number, column: string | null, privilege: string) =>
  `${role}\u0000${oid}\u0000${column ?? ''}\u0000${privilege}`

/** What a column cell holds: the table-level reasons (they cover every column) and its own. */
export interface ColumnReasons {
  readonly table: readonly PrivilegeReason[]
  readonly column: readonly PrivilegeReason[]
}

/** Constant-time lookups into a matrix's cells. */
export interface MatrixIndex {
  /** Why `role` holds `privilege` on the relation; [] when it does not. */
  table(role: string, oid: number, privilege: string): readonly PrivilegeReason[]
  /** Why `role` holds `privilege` on one column: through the table, or the column's own ACL. */
  column(role: string, oid: number, column: string, privilege: string): ColumnReasons
}

/**
 * Indexes a matrix by role, relation, column and privilege. A column privilege is held when
 * the table-level one is (as has_column_privilege checks it) or the column's ACL grants it.
 *
 * @example indexMatrix(m).column('karen', oid, 'email', 'SELECT').table.length > 0
 */
export function indexMatrix(matrix: Pick<PrivilegeMatrix, 'cells'>): MatrixIndex {
  const cells = new Map<string, MatrixCell>()
  for (const c of matrix.cells) cells.set(key(c.role, c.relationOid, c.column, c.privilege), c)
  const reasons = (role: string, oid: number, column: string | null, privilege: string) =>
    cells.get(key(role, oid, column, privilege))?.reasons ?? []
  return {
    table: (role, oid, privilege) => reasons(role, oid, null, privilege),
    column: (role, oid, column, privilege) => ({
      table: reasons(role, oid, null, privilege),
      column: reasons(role, oid, column, privilege),
    }),
  }
}

/** The role's own ACL entry among the reasons (a revocable grant), if any. */
export function directReason(reasons: readonly PrivilegeReason[]): PrivilegeReason | undefined {
  return reasons.find((r) => r.kind === 'direct')
}

/**
 * Describes a reason the way the grid's tooltip and warnings do.
 *
 * @example describeReason({ kind: 'member', grantee: 'readers', chain: ['ann', 'readers'], … }) // 'via ann → readers'
 */
export function describeReason(r: PrivilegeReason): string {
  switch (r.kind) {
    case 'direct':
      return `granted directly by ${r.grantor ?? '?'}${r.grantable ? ' (with grant option)' : ''}`
    case 'member':
      return `via ${r.chain.join(' → ')} (granted by ${r.grantor ?? '?'})`
    case 'public':
      return `granted to PUBLIC by ${r.grantor ?? '?'}`
    case 'predefined':
      return `predefined role ${r.grantee}${r.chain.length > 1 ? ` (via ${r.chain.join(' → ')})` : ''}`
    case 'superuser':
      return 'superuser: passes every privilege check'
    default: {
      const never: never = r.kind
      throw new TypeError(`unknown reason ${String(never)}`)
    }
  }
}

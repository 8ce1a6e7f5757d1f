import type {
  MatrixRelation,
  PrivilegeMatrix,
  PrivilegeReason,
  PrivilegeReasonKind,
} from '../../core/introspect/index.js'
import { describeReason, directReason, indexMatrix } from './matrix-index.js'
import { relationPrivileges } from './relation-privileges.js'

/** A reason as the page shows it: its kind (for the symbol) and one line (for the tooltip). */
export interface ReasonView {
  readonly kind: PrivilegeReasonKind
  readonly text: string
  /** Column grid only: the reason is the table-level privilege, which covers every column. */
  readonly level?: 'table' | 'column'
}

/** A held cell: why, and whether the role has a direct grant a toggle would revoke. */
export interface CellView {
  readonly direct: boolean
  /** The direct grant is the owner's own entry (the owner's privileges, revocable by itself). */
  readonly owner?: boolean
  /** Held through the table-level privilege (column grid only). */
  readonly table?: boolean
  readonly reasons: readonly ReasonView[]
}

/** role → relation oid (or column name) → privilege → cell; missing = not held. */
export type CellMap = Record<string, Record<string, Record<string, CellView>>>

export interface GridRelation {
  readonly oid: number
  readonly name: string
  readonly kind: string
  readonly owner: string
  /** The privileges the grid shows for this relation (all of them when asked). */
  readonly privileges: readonly string[]
  readonly columns: readonly string[]
}

export interface MatrixGrid {
  readonly schema: string
  readonly privileges: readonly string[]
  readonly columnPrivileges: readonly string[]
  readonly roles: readonly {
    name: string
    superuser: boolean
    predefined: boolean
    login: boolean
    inherit: boolean
    memberOf: readonly string[]
  }[]
  readonly relations: readonly GridRelation[]
  /** How many relations the schema has (more than `relations` when filtered or capped). */
  readonly relationCount: number
  readonly cells: CellMap
}

/** More relations than this make a grid nobody can read: the page asks to filter by name. */
export const MAX_GRID_RELATIONS = 60

export interface GridOptions {
  /** Every table privilege on every kind, not only the meaningful ones. */
  readonly allPrivileges?: boolean
  /** Only relations whose name contains this (case-insensitive). */
  readonly match?: string
  readonly limit?: number
}

const view = (reasons: readonly PrivilegeReason[]): ReasonView[] =>
  reasons.map((r) => ({ kind: r.kind, text: describeReason(r) }))

function put(map: CellMap, role: string, key: string, privilege: string, cell: CellView): void {
  const byRole = (map[role] ??= {})
  const byKey = (byRole[key] ??= {})
  byKey[privilege] = cell
}

/** The relations a grid shows: those whose name matches, capped at the grid's limit. */
export function visibleRelations<R extends { readonly name: string }>(
  relations: readonly R[],
  options: Pick<GridOptions, 'match' | 'limit'> = {},
): R[] {
  const match = options.match?.toLowerCase() ?? ''
  return relations
    .filter((r) => r.name.toLowerCase().includes(match))
    .slice(0, options.limit ?? MAX_GRID_RELATIONS)
}

/**
 * The matrix as the page draws it: roles × relations × privileges, each held cell with its
 * reasons spelled out; relations filtered by name and capped so the grid stays readable.
 *
 * @example matrixGrid(m, { allPrivileges: false }).cells.karen?.[oid]?.SELECT?.direct
 */
export function matrixGrid(matrix: PrivilegeMatrix, options: GridOptions = {}): MatrixGrid {
  const relations = visibleRelations(matrix.relations, options)
  const shown = new Set(relations.map((r) => r.oid))
  const cells: CellMap = {}
  const owners = new Map(matrix.relations.map((r) => [r.oid, r.owner]))
  for (const c of matrix.cells) {
    if (c.column !== null || !shown.has(c.relationOid)) continue
    const direct = directReason(c.reasons) !== undefined
    put(cells, c.role, String(c.relationOid), c.privilege, {
      direct,
      ...(direct && owners.get(c.relationOid) === c.role ? { owner: true } : {}),
      reasons: view(c.reasons),
    })
  }
  return {
    schema: matrix.schema,
    privileges: matrix.privileges,
    columnPrivileges: matrix.columnPrivileges,
    roles: matrix.roles.map((r) => ({
      name: r.name,
      superuser: r.superuser,
      predefined: r.predefined,
      login: r.login,
      inherit: r.inherit,
      memberOf: r.memberOf,
    })),
    relationCount: matrix.relations.length,
    relations: relations.map((r) => ({
      oid: r.oid,
      name: r.name,
      kind: r.kind,
      owner: r.owner,
      privileges: options.allPrivileges
        ? matrix.privileges
        : relationPrivileges(r.kind, matrix.privileges),
      columns: r.columns.map((c) => c.name),
    })),
    cells,
  }
}

/**
 * One relation's columns: role × column × SELECT / INSERT / UPDATE / REFERENCES, held through
 * the table-level privilege or the column's own grant.
 *
 * @example columnGrid(m, rel)['karen']?.email?.SELECT?.table // true when table-level SELECT covers it
 */
export function columnGrid(matrix: PrivilegeMatrix, rel: MatrixRelation): CellMap {
  const index = indexMatrix(matrix)
  const cells: CellMap = {}
  for (const role of matrix.roles) {
    for (const col of rel.columns) {
      for (const privilege of matrix.columnPrivileges) {
        const { table, column } = index.column(role.name, rel.oid, col.name, privilege)
        if (!table.length && !column.length) continue
        put(cells, role.name, col.name, privilege, {
          direct: directReason(column) !== undefined,
          table: table.length > 0,
          reasons: [
            ...view(column).map((r) => ({ ...r, level: 'column' as const })),
            ...view(table).map((r) => ({
              ...r,
              level: 'table' as const,
              text: `table-level: ${r.text}`,
            })),
          ],
        })
      }
    }
  }
  return cells
}

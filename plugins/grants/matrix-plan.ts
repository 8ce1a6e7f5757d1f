import { z } from 'zod'
import { grant, revoke } from '../../core/builders/grant.js'
import { nameSchema } from '../../core/builders/names.js'
import { validate } from '../../core/builders/validate.js'
import { InvalidInputError } from '../../core/errors.js'
import type { Statement } from '../../core/executor/statement.js'
import type {
  MatrixRelation,
  PrivilegeMatrix,
  PrivilegeReason,
} from '../../core/introspect/index.js'
import { describeReason, directReason, indexMatrix, type MatrixIndex } from './matrix-index.js'

/** One clicked cell: grant or revoke the role's DIRECT privilege on a relation or one column. */
export const matrixChangeSchema = z.object({
  role: nameSchema,
  relation: nameSchema,
  column: nameSchema.optional(),
  privilege: z.string().min(1, 'is required'),
  action: z.enum(['grant', 'revoke']),
})

export const matrixChangesSchema = z.object({
  schema: nameSchema,
  changes: z.array(matrixChangeSchema).min(1, 'toggle at least one cell'),
})

export type MatrixChange = z.output<typeof matrixChangeSchema>

export interface MatrixPlan {
  readonly plan: Statement[]
  readonly warnings: string[]
}

interface Checked extends MatrixChange {
  readonly rel: MatrixRelation
}

function check(matrix: PrivilegeMatrix, c: MatrixChange, i: number): Checked {
  const at = `changes.${i}`
  if (!matrix.roles.some((r) => r.name === c.role)) {
    throw InvalidInputError.field(`${at}.role`, `no role ${JSON.stringify(c.role)}`)
  }
  const rel = matrix.relations.find((r) => r.name === c.relation)
  if (!rel) {
    throw InvalidInputError.field(
      `${at}.relation`,
      `no relation ${JSON.stringify(c.relation)} in schema ${matrix.schema}`,
    )
  }
  if (c.column !== undefined && !rel.columns.some((col) => col.name === c.column)) {
    throw InvalidInputError.field(
      `${at}.column`,
      `no column ${JSON.stringify(c.column)} in ${matrix.schema}.${rel.name}`,
    )
  }
  const allowed = c.column === undefined ? matrix.privileges : matrix.columnPrivileges
  if (!allowed.includes(c.privilege)) {
    throw InvalidInputError.field(
      `${at}.privilege`,
      `${c.privilege} is not a ${c.column === undefined ? 'table' : 'column'} privilege on this server; choose from ${allowed.join(', ')}`,
    )
  }
  return { ...c, rel }
}

/** The last toggle of a cell wins; cells come back in matrix order (relation, role, revokes first). */
function normalize(matrix: PrivilegeMatrix, changes: readonly MatrixChange[]): Checked[] {
  const byCell = new Map<string, Checked>()
  changes.forEach((c, i) => {
    const checked = check(matrix, c, i)
    byCell.set(`${c.role}\u0000${c.relation}\u0000${c.column ?? ''}\u0000${c.privilege}`, checked)
  })
  const roleOrder = new Map(matrix.roles.map((r, i) => [r.name, i]))
  const relOrder = new Map(matrix.relations.map((r, i) => [r.name, i]))
  return [...byCell.values()].sort(
    (a, b) =>
      (relOrder.get(a.relation) ?? 0) - (relOrder.get(b.relation) ?? 0) ||
      (roleOrder.get(a.role) ?? 0) - (roleOrder.get(b.role) ?? 0) ||
      Number(a.action === 'grant') - Number(b.action === 'grant'),
  )
}

function ordered(privileges: Iterable<string>, order: readonly string[]): string[] {
  return [...new Set(privileges)].sort((a, b) => order.indexOf(a) - order.indexOf(b))
}

/**
 * One statement per role × relation × action for table privileges (`GRANT SELECT, INSERT ON
 * TABLE … TO …`); column privileges of the same role, relation and action share a statement
 * when they name the same columns (`GRANT SELECT (a, b), UPDATE (a, b) …`).
 */
function statementsFor(
  matrix: PrivilegeMatrix,
  group: readonly Checked[],
  serverVersionNum: number,
): Statement[] {
  const [first] = group
  if (!first) return []
  const { role, rel, action } = first
  const build = action === 'grant' ? grant : revoke
  const out: Statement[] = []
  const tablePrivs = group.filter((c) => c.column === undefined).map((c) => c.privilege)
  if (tablePrivs.length) {
    out.push(
      ...build({
        target: { kind: 'table', schema: matrix.schema, name: rel.name },
        privileges: ordered(tablePrivs, matrix.privileges),
        grantees: [role],
        serverVersionNum,
      }),
    )
  }
  const columnsByPrivilege = new Map<string, string[]>()
  for (const c of group) {
    if (c.column === undefined) continue
    columnsByPrivilege.set(c.privilege, [...(columnsByPrivilege.get(c.privilege) ?? []), c.column])
  }
  const bySet = new Map<string, { columns: string[]; privileges: string[] }>()
  const attnum = new Map(rel.columns.map((c) => [c.name, c.attnum]))
  for (const [privilege, cols] of columnsByPrivilege) {
    const columns = [...new Set(cols)].sort((a, b) => (attnum.get(a) ?? 0) - (attnum.get(b) ?? 0))
    const k = JSON.stringify(columns)
    const entry = bySet.get(k) ?? { columns, privileges: [] }
    entry.privileges.push(privilege)
    bySet.set(k, entry)
  }
  for (const { columns, privileges } of bySet.values()) {
    out.push(
      ...build({
        target: { kind: 'columns', schema: matrix.schema, name: rel.name, columns },
        privileges: ordered(privileges, matrix.columnPrivileges),
        grantees: [role],
        serverVersionNum,
      }),
    )
  }
  return out
}

const others = (reasons: readonly PrivilegeReason[]) => reasons.filter((r) => r.kind !== 'direct')

function warningsFor(matrix: PrivilegeMatrix, index: MatrixIndex, c: Checked): string[] {
  const out: string[] = []
  const target = `${matrix.schema}.${c.rel.name}${c.column === undefined ? '' : ` (${c.column})`}`
  const what = `${c.privilege} on ${target}`
  const reasons =
    c.column === undefined
      ? index.table(c.role, c.rel.oid, c.privilege)
      : index.column(c.role, c.rel.oid, c.column, c.privilege).column
  const tableLevel = c.column === undefined ? [] : index.table(c.role, c.rel.oid, c.privilege)
  const direct = directReason(reasons)
  if (c.action === 'grant') {
    if (direct)
      out.push(`${c.role} already holds a direct grant of ${what}: granting again changes nothing.`)
    const already = [...others(reasons), ...tableLevel]
    if (!direct && already[0]) {
      out.push(
        `${c.role} already has ${what} (${describeReason(already[0])}); the direct grant keeps it if that changes.`,
      )
    }
    if (c.role === 'PUBLIC') out.push(`Every role, present and future, gets ${what}.`)
    return out
  }
  if (!direct) out.push(`${c.role} has no direct grant of ${what}: there is nothing to revoke.`)
  if (direct && direct.grantor !== null && direct.grantor !== c.rel.owner) {
    out.push(
      `${c.role}'s grant of ${what} was made by ${direct.grantor}, not by the owner ${c.rel.owner}: REVOKE run as the DDL role removes only the owner's grants.`,
    )
  }
  const remaining = [...others(reasons), ...tableLevel]
  if (remaining.length) {
    out.push(
      `Revoking the direct grant will not remove ${what} from ${c.role}: ${remaining.map(describeReason).join('; ')}.`,
    )
  }
  if (c.column === undefined) {
    const columns = c.rel.columns
      .filter((col) => directReason(index.column(c.role, c.rel.oid, col.name, c.privilege).column))
      .map((col) => col.name)
    if (columns.length && matrix.columnPrivileges.includes(c.privilege)) {
      out.push(
        `Revoking ${c.privilege} on the table also revokes ${c.role}'s column grants of it (${columns.join(', ')}).`,
      )
    }
  }
  if (c.role === c.rel.owner) {
    out.push(
      `${c.role} owns ${matrix.schema}.${c.rel.name} and can grant ${c.privilege} back to itself.`,
    )
  }
  return out
}

/**
 * The SQL for the pending cells of a matrix, grouped per role × relation, and what each change
 * will not do (a revoked direct grant that membership or PUBLIC still covers, …).
 *
 * @example matrixPlan(m, [{ role: 'karen', relation: 'invoice', privilege: 'SELECT', action: 'grant' }], 170004)
 */
export function matrixPlan(
  matrix: PrivilegeMatrix,
  input: unknown,
  serverVersionNum: number,
): MatrixPlan {
  const { changes } = validate(matrixChangesSchema, { schema: matrix.schema, ...(input as object) })
  const cells = normalize(matrix, changes)
  const index = indexMatrix(matrix)
  const groups = new Map<string, Checked[]>()
  for (const c of cells) {
    const k = `${c.rel.name}\u0000${c.role}\u0000${c.action === 'revoke' ? 0 : 1}`
    groups.set(k, [...(groups.get(k) ?? []), c])
  }
  const plan = [...groups.values()].flatMap((g) => statementsFor(matrix, g, serverVersionNum))
  const warnings = cells.flatMap((c) => warningsFor(matrix, index, c))
  return { plan, warnings: [...new Set(warnings)] }
}

/**
 * One cell of the privilege grids: what it shows for a held privilege (by its strongest reason),
 * for a pending GRANT or REVOKE, and the legend that explains the marks.
 */
import { Box } from '@adminjs/design-system'
import React from 'react'

export interface ReasonView {
  kind: 'direct' | 'member' | 'public' | 'predefined' | 'superuser'
  text: string
  /** Column grid: held through the table-level privilege. */
  level?: 'table' | 'column'
}

export interface CellView {
  direct: boolean
  owner?: boolean
  table?: boolean
  reasons: ReasonView[]
}

export type Pending = 'grant' | 'revoke'

const LOOK: Record<string, { color: string; mark: string; label: string }> = {
  direct: { color: '#a5d6a7', mark: '●', label: 'direct grant' },
  owner: { color: '#c8e6c9', mark: 'O', label: "owner's own privilege" },
  member: { color: '#90caf9', mark: 'M', label: 'inherited through membership' },
  public: { color: '#fff59d', mark: 'P', label: 'granted to PUBLIC' },
  predefined: { color: '#ce93d8', mark: 'R', label: 'predefined role (pg_read_all_data, …)' },
  superuser: { color: '#b0bec5', mark: 'S', label: 'superuser' },
  table: { color: '#dcedc8', mark: 'T', label: 'covered by the table-level privilege' },
  none: { color: '#f5f5f5', mark: '·', label: 'not held' },
}

const ORDER = ['direct', 'member', 'public', 'predefined', 'superuser'] as const

/** The state a cell is drawn in: its strongest reason, or `table` / `none`. */
export function cellState(cell: CellView | undefined): string {
  if (!cell) return 'none'
  if (cell.owner) return 'owner'
  if (cell.direct) return 'direct'
  const own = cell.reasons.filter((r) => r.level !== 'table')
  const kind = ORDER.find((k) => own.some((r) => r.kind === k))
  if (kind) return kind
  return cell.table ? 'table' : 'none'
}

/** Whether a revoke of the direct grant leaves the privilege in place (membership, PUBLIC, table…). */
export function stillHeldAfterRevoke(cell: CellView | undefined): boolean {
  return Boolean(cell && (cell.table || cell.reasons.some((r) => r.kind !== 'direct')))
}

/** One-letter column heads: S I U D T R x m, as psql's ACL letters mostly are. */
const SHORT: Record<string, string> = {
  SELECT: 'S',
  INSERT: 'I',
  UPDATE: 'U',
  DELETE: 'D',
  TRUNCATE: 'T',
  REFERENCES: 'R',
  TRIGGER: 'x',
  MAINTAIN: 'm',
}

/** The header row of privilege letters, one group per relation (or column), a gap between groups. */
export function PrivilegeHeads(props: {
  groups: readonly { key: string; privileges: readonly string[] }[]
}) {
  return (
    <tr>
      <th />
      {props.groups.flatMap((g) =>
        g.privileges.map((p, i) => (
          <th
            key={`${g.key}-${p}`}
            title={p}
            style={{
              padding: '2px 3px',
              color: 'var(--planetary-muted, #555)',
              borderLeft: i === 0 ? '3px solid #fff' : undefined,
            }}
          >
            {SHORT[p] ?? p}
          </th>
        )),
      )}
    </tr>
  )
}

export function Legend() {
  return (
    <Box flex mb="lg" style={{ gap: 14, flexWrap: 'wrap', fontSize: 13 }} data-testid="legend">
      {Object.entries(LOOK).map(([k, s]) => (
        <span key={k}>
          <span
            style={{
              display: 'inline-block',
              width: 20,
              textAlign: 'center',
              background: s.color,
              borderRadius: 3,
              marginRight: 4,
            }}
          >
            {s.mark}
          </span>
          {s.label}
        </span>
      ))}
      <span>
        <span style={{ border: '2px solid #2e7d32', padding: '0 5px', marginRight: 4 }}>+</span>
        pending GRANT
      </span>
      <span>
        <span style={{ border: '2px solid #c62828', padding: '0 5px', marginRight: 4 }}>−</span>
        pending REVOKE (− * : still held another way)
      </span>
    </Box>
  )
}

export function MatrixCell(props: {
  cell: CellView | undefined
  pending: Pending | undefined
  title: string
  data: Record<string, string>
  onClick: () => void
  onHover?: (text: string) => void
}) {
  const state = cellState(props.cell)
  const look = LOOK[state] ?? { color: '#fff', mark: '?', label: state }
  const extra = props.cell && props.cell.reasons.length > 1 ? '+' : ''
  const pendingMark =
    props.pending === 'grant'
      ? '+'
      : props.pending === 'revoke'
        ? stillHeldAfterRevoke(props.cell)
          ? '−*'
          : '−'
        : ''
  const reasons = props.cell?.reasons.map((r) => r.text).join('\n') ?? 'not held'
  return (
    <td
      {...Object.fromEntries(Object.entries(props.data).map(([k, v]) => [`data-${k}`, v]))}
      data-state={state}
      data-pending={props.pending ?? ''}
      title={`${props.title}\n${reasons}${props.pending ? `\npending ${props.pending.toUpperCase()}` : ''}`}
      onClick={props.onClick}
      onMouseEnter={() => props.onHover?.(`${props.title}: ${reasons.replace(/\n/g, '; ')}`)}
      style={{
        background: look.color,
        minWidth: 22,
        textAlign: 'center',
        cursor: 'pointer',
        userSelect: 'none',
        padding: '2px 3px',
        border: props.pending
          ? `2px solid ${props.pending === 'grant' ? '#2e7d32' : '#c62828'}`
          : '1px solid #fff',
        fontWeight: props.pending ? 700 : 400,
      }}
    >
      {pendingMark || `${look.mark}${extra}`}
    </td>
  )
}

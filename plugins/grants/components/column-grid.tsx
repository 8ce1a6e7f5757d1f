/**
 * One relation's columns: role × column × SELECT / INSERT / UPDATE / REFERENCES. A column is
 * allowed by the table-level privilege (T) or its own grant; toggles queue column GRANT / REVOKE.
 */
import { ScrollRegion } from '../../../core/plugin/components/kit.jsx'
import React from 'react'
import { MatrixCell, PrivilegeHeads, type CellView, type Pending } from './matrix-cell.jsx'
import { RoleLabel, type GridRole } from './role-label.jsx'

interface Key {
  role: string
  relation: string
  column: string
  privilege: string
}

export function ColumnGrid(props: {
  schema: string
  relation: string
  columns: string[]
  privileges: string[]
  roles: GridRole[]
  cells: Record<string, Record<string, Record<string, CellView>>>
  pending: (k: Key) => Pending | undefined
  onToggle: (k: Key, cell: CellView | undefined) => void
  onHover: (text: string) => void
}) {
  return (
    <ScrollRegion label="Column privileges">
      <table style={{ borderCollapse: 'collapse', fontSize: 13 }} data-testid="column-grid">
        <thead>
          <tr>
            <th style={{ textAlign: 'left', padding: 4 }}>Role</th>
            {props.columns.map((c) => (
              <th
                key={c}
                colSpan={props.privileges.length}
                style={{
                  padding: '4px 6px',
                  borderLeft: '3px solid #fff',
                  background: 'var(--planetary-card-alt, #fafafa)',
                }}
              >
                {c}
              </th>
            ))}
          </tr>
          <PrivilegeHeads
            groups={props.columns.map((c) => ({ key: c, privileges: props.privileges }))}
          />
        </thead>
        <tbody>
          {props.roles.map((role) => (
            <tr key={role.name} data-role={role.name}>
              <RoleLabel role={role} />
              {props.columns.flatMap((column) =>
                props.privileges.map((privilege) => {
                  const cell = props.cells[role.name]?.[column]?.[privilege]
                  const k = { role: role.name, relation: props.relation, column, privilege }
                  return (
                    <MatrixCell
                      key={`${column}-${privilege}`}
                      cell={cell}
                      pending={props.pending(k)}
                      title={`${role.name} · ${privilege} on ${props.schema}.${props.relation} (${column})`}
                      data={{ role: role.name, column, privilege }}
                      onClick={() => props.onToggle(k, cell)}
                      onHover={props.onHover}
                    />
                  )
                }),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  )
}

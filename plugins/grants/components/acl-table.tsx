/**
 * An object's ACL, one row per grantee and grantor (and column): its privileges as chips (`*`
 * marks the grant option, as in `arwd*`), each one revocable, or the whole row at once.
 */
import React from 'react'
import { Button, mono } from '../../../core/plugin/components/kit.jsx'

export interface AclEntry {
  grantee: string
  privilege: string
  grantable: boolean
  grantor: string
  /** Set for column entries. */
  column?: string
}

/** What to revoke: one grantee's privileges granted by one grantor (on one column). */
export interface RevokeRequest {
  grantee: string
  grantor: string
  privileges: string[]
  /** Privileges held with grant option: the revoke box offers to take only the option. */
  grantable: string[]
  column?: string
}

interface Row {
  grantee: string
  grantor: string
  column?: string
  entries: AclEntry[]
}

function rows(entries: AclEntry[]): Row[] {
  const out = new Map<string, Row>()
  for (const e of entries) {
    const key = JSON.stringify([e.column ?? '', e.grantee, e.grantor])
    const row = out.get(key) ?? {
      grantee: e.grantee,
      grantor: e.grantor,
      ...(e.column !== undefined ? { column: e.column } : {}),
      entries: [],
    }
    row.entries.push(e)
    out.set(key, row)
  }
  return [...out.values()]
}

const cell: React.CSSProperties = { padding: '4px 8px', borderBottom: '1px solid #eef' }

const chip: React.CSSProperties = {
  ...mono,
  fontSize: 12,
  padding: '1px 6px',
  margin: '1px 4px 1px 0',
  border: '1px solid #c5cae9',
  borderRadius: 10,
  background: '#f5f6ff',
  cursor: 'pointer',
}

function request(row: Row, entries: AclEntry[]): RevokeRequest {
  return {
    grantee: row.grantee,
    grantor: row.grantor,
    privileges: entries.map((e) => e.privilege),
    grantable: entries.filter((e) => e.grantable).map((e) => e.privilege),
    ...(row.column !== undefined ? { column: row.column } : {}),
  }
}

export function AclTable(props: {
  entries: AclEntry[]
  owner: string
  showColumn?: boolean
  testId?: string
  onRevoke: (r: RevokeRequest) => void
}) {
  if (props.entries.length === 0) {
    return (
      <p
        style={{ color: 'var(--planetary-muted, #5f6368)', margin: '4px 0' }}
        data-testid={props.testId}
      >
        No grants.
      </p>
    )
  }
  return (
    <table style={{ borderCollapse: 'collapse', fontSize: 13 }} data-testid={props.testId}>
      <thead>
        <tr style={{ textAlign: 'left' }}>
          {props.showColumn ? <th style={cell}>Column</th> : null}
          <th style={cell}>Grantee</th>
          <th style={cell}>Privileges (* with grant option; click one to revoke it)</th>
          <th style={cell}>Grantor</th>
          <th style={cell} />
        </tr>
      </thead>
      <tbody>
        {rows(props.entries).map((row) => (
          <tr
            key={`${row.column ?? ''}-${row.grantee}-${row.grantor}`}
            data-grantee={row.grantee}
            data-column={row.column}
          >
            {props.showColumn ? <td style={{ ...cell, ...mono }}>{row.column}</td> : null}
            <td style={cell}>
              {row.grantee === 'PUBLIC' ? <i>PUBLIC</i> : row.grantee}
              {row.grantee === props.owner ? (
                <span style={{ color: 'var(--planetary-muted, #5f6368)' }}> (owner)</span>
              ) : null}
            </td>
            <td style={cell}>
              {row.entries.map((e) => (
                <Button
                  size="sm"
                  variant="outlined"
                  type="button"
                  key={e.privilege}
                  data-privilege={e.privilege}
                  title={`Revoke ${e.privilege} from ${row.grantee}`}
                  style={chip}
                  onClick={() => props.onRevoke(request(row, [e]))}
                >
                  {e.privilege}
                  {e.grantable ? '*' : ''} ✕
                </Button>
              ))}
            </td>
            <td style={cell}>
              {row.grantor}
              {row.grantor !== props.owner ? (
                <span
                  style={{ color: 'var(--planetary-warn, #8d6e00)' }}
                  title={`granted by ${row.grantor}, not the owner: only ${row.grantor} can revoke it`}
                >
                  {' '}
                  ⚠
                </span>
              ) : null}
            </td>
            <td style={cell}>
              {row.entries.length > 1 ? (
                <Button
                  size="sm"
                  variant="outlined"
                  type="button"
                  onClick={() => props.onRevoke(request(row, row.entries))}
                >
                  Revoke all
                </Button>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

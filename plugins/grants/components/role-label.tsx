import React from 'react'

export interface GridRole {
  name: string
  superuser: boolean
  predefined: boolean
  login: boolean
  inherit: boolean
  memberOf: string[]
}

/** The role column: name, superuser / predefined / NOINHERIT marks, memberships on hover. */
export function RoleLabel(props: { role: GridRole }) {
  const r = props.role
  const badge = (text: string, color: string) => (
    <span
      style={{
        marginLeft: 4,
        padding: '0 5px',
        borderRadius: 8,
        fontSize: 11,
        background: color,
        color: '#1f2937',
      }}
    >
      {text}
    </span>
  )
  return (
    <td
      title={r.memberOf.length ? `member of ${r.memberOf.join(', ')}` : 'member of no role'}
      style={{
        padding: '2px 8px 2px 4px',
        whiteSpace: 'nowrap',
        position: 'sticky',
        left: 0,
        background: 'var(--planetary-card, #fff)',
        zIndex: 1,
      }}
    >
      {r.name === 'PUBLIC' ? <i>PUBLIC</i> : <b>{r.name}</b>}
      {r.superuser ? badge('superuser', '#ffccbc') : null}
      {r.predefined ? badge('predefined', '#e1bee7') : null}
      {!r.inherit && r.name !== 'PUBLIC' ? badge('noinherit', '#eeeeee') : null}
    </td>
  )
}

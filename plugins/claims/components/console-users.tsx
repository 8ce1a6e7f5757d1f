import { H3, Text } from '@adminjs/design-system'
import React from 'react'
import { mono } from '../../../core/plugin/components/kit.jsx'
import type { ConsoleUser, Declaration } from './types.js'

const cell: React.CSSProperties = { padding: '4px 8px', fontSize: 13, verticalAlign: 'top' }

/** Which console users carry which claim values (the console sets them as app.<claim>). */
export function ConsoleUsers(props: { users: ConsoleUser[]; declarations: Declaration[] }) {
  const declared = new Set(props.declarations.map((d) => d.name))
  return (
    <>
      <H3 mt="xl">Console users and their claims</H3>
      <Text mb="default" style={{ fontSize: 13, color: 'var(--planetary-muted, #555)' }}>
        The console runs each user's queries as their role with these claims set as{' '}
        <code style={mono}>app.&lt;claim&gt;</code> and in{' '}
        <code style={mono}>request.jwt.claims</code>. Claim values are no secret; passwords are
        never shown.
      </Text>
      <table style={{ borderCollapse: 'collapse' }} data-testid="console-users">
        <thead>
          <tr style={{ textAlign: 'left', borderBottom: '1px solid #dde' }}>
            <th style={cell}>User</th>
            <th style={cell}>Role</th>
            <th style={cell}>Claims</th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((u) => (
            <tr key={u.name} style={{ borderBottom: '1px solid #eef' }} data-user={u.name}>
              <td style={cell}>{u.name}</td>
              <td style={{ ...cell, ...mono }}>{u.role}</td>
              <td style={{ ...cell, ...mono }}>
                {Object.entries(u.claims).length === 0
                  ? '—'
                  : Object.entries(u.claims).map(([k, v]) => (
                      <div key={k} title={declared.has(k) ? 'declared' : 'not declared'}>
                        {k} = {JSON.stringify(v)}
                        {declared.has(k) ? '' : ' (not declared)'}
                      </div>
                    ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}

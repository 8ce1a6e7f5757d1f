import { Box, H3, Text } from '@adminjs/design-system'
import React, { useState } from 'react'
import { Button } from '../../../core/plugin/components/kit.jsx'
import { cell, Check, editorUrl, RoleSelect, type Ask, type Membership } from './role-fields.jsx'

/**
 * One side of a role's memberships — the groups it belongs to, or its members — with
 * revoke buttons per row and a form to add one. `options`: the server has per-grant INHERIT
 * and SET (PG 16+).
 */
export function MembershipSection(props: {
  side: 'group' | 'member'
  role: string
  memberships: readonly Membership[]
  others: readonly string[]
  options: boolean
  ask: Ask
}) {
  const { side, role, options, ask } = props
  const [adding, setAdding] = useState({ role: '', admin: false, inherit: true, set: true })
  /** [group, member] of a membership with `other`. */
  const pair = (other: string): [string, string] =>
    side === 'group' ? [other, role] : [role, other]
  const label = side === 'group' ? 'Add to group' : 'Add member'

  return (
    <Box variant="white" mb="lg" data-testid={side === 'group' ? 'member-of' : 'members'}>
      <H3>{side === 'group' ? 'Member of' : 'Members'}</H3>
      <Text style={{ color: 'var(--planetary-muted, #555)' }}>
        {side === 'group'
          ? `Groups whose rights ${role} has.`
          : `Roles that have the rights of ${role}.`}
      </Text>
      <table style={{ borderCollapse: 'collapse', width: '100%' }}>
        <thead>
          <tr style={{ textAlign: 'left', borderBottom: '2px solid #dde3ea' }}>
            <th style={cell}>{side === 'group' ? 'Group' : 'Member'}</th>
            <th style={cell}>Admin option</th>
            {options ? <th style={cell}>Inherit</th> : null}
            {options ? <th style={cell}>Set role</th> : null}
            <th style={cell}>Granted by</th>
            <th style={cell} />
          </tr>
        </thead>
        <tbody>
          {props.memberships.map((m) => {
            const [group, member] = pair(m.role)
            return (
              <tr key={m.role} data-membership={`${group}>${member}`}>
                <td style={cell}>
                  <a href={editorUrl(m.role)}>{m.role}</a>
                </td>
                <td style={cell}>{m.admin ? 'yes' : 'no'}</td>
                {options ? <td style={cell}>{m.inherit ? 'yes' : 'no'}</td> : null}
                {options ? <td style={cell}>{m.set ? 'yes' : 'no'}</td> : null}
                <td style={cell}>{m.grantor ?? ''}</td>
                <td style={cell}>
                  {m.admin ? (
                    <Button
                      size="sm"
                      variant="outlined"
                      type="button"
                      onClick={() =>
                        void ask(`Take ADMIN OPTION on ${group} from ${member}`, {
                          action: 'membership',
                          group,
                          member,
                          change: 'revoke-admin',
                        })
                      }
                    >
                      Revoke admin
                    </Button>
                  ) : null}
                  <Button
                    size="sm"
                    variant="danger"
                    type="button"
                    onClick={() =>
                      void ask(`Remove ${member} from ${group}`, {
                        action: 'membership',
                        group,
                        member,
                        change: 'revoke',
                      })
                    }
                  >
                    Remove
                  </Button>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <Box flex alignItems="center" style={{ gap: 10, flexWrap: 'wrap' }} mt="default">
        <RoleSelect
          label={label}
          name={`add-${side}`}
          placeholder={`${label}…`}
          roles={props.others}
          value={adding.role}
          onChange={(r) => setAdding({ ...adding, role: r })}
        />
        <Check checked={adding.admin} onChange={(admin) => setAdding({ ...adding, admin })}>
          with ADMIN OPTION
        </Check>
        {options ? (
          <>
            <Check
              checked={adding.inherit}
              onChange={(inherit) => setAdding({ ...adding, inherit })}
            >
              inherit
            </Check>
            <Check checked={adding.set} onChange={(set) => setAdding({ ...adding, set })}>
              may SET ROLE
            </Check>
          </>
        ) : null}
        <Button
          size="sm"
          variant="outlined"
          type="button"
          disabled={!adding.role}
          onClick={() => {
            const [group, member] = pair(adding.role)
            void ask(`Make ${member} a member of ${group}`, {
              action: 'membership',
              group,
              member,
              change: 'grant',
              admin: adding.admin,
              inherit: adding.inherit,
              set: adding.set,
            })
          }}
        >
          Add
        </Button>
      </Box>
    </Box>
  )
}

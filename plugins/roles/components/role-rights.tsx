import { Box, H3, Text } from '@adminjs/design-system'
import React, { useState } from 'react'
import { Input } from '../../../core/plugin/components/kit.jsx'
import { cell, type ObjectRights } from './role-fields.jsx'

/**
 * What a role can do on this database's objects, privilege by privilege, with the role each
 * comes through; objects in schemas it lacks USAGE on are flagged (their privileges are unusable).
 */
export function RightsSection(props: {
  role: string
  rights: { superuser: boolean; inheritsFrom: string[]; objects: ObjectRights[] }
}) {
  const { role } = props
  const [filter, setFilter] = useState('')
  const usableSchemas = new Set(
    props.rights.objects
      .filter((o) => o.objectType === 'schema' && o.privileges.some((p) => p.privilege === 'USAGE'))
      .map((o) => o.name),
  )
  return (
    <Box variant="white" mb="lg" data-testid="role-rights">
      <H3>What {role} can do</H3>
      {props.rights.superuser ? (
        <Text>A superuser: every privilege check passes.</Text>
      ) : (
        <>
          <Text style={{ color: 'var(--planetary-muted, #555)' }} mb="sm">
            Effective privileges on this database’s objects: its own grants, those of{' '}
            {props.rights.inheritsFrom.filter((r) => r !== role).join(', ') ||
              'no group it inherits from'}
            , and PUBLIC. Hover a privilege to see where it comes from.
          </Text>
          <Input
            aria-label="Filter objects"
            placeholder="Filter objects"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
          <table style={{ borderCollapse: 'collapse', width: '100%', marginTop: 8 }}>
            <tbody>
              {props.rights.objects
                .filter((o) =>
                  `${o.schema ?? ''}.${o.name}`.toLowerCase().includes(filter.toLowerCase()),
                )
                .slice(0, 300)
                .map((o) => (
                  <tr
                    key={`${o.objectType}/${o.schema ?? ''}/${o.name}/${o.column ?? ''}`}
                    data-object={`${o.schema ? `${o.schema}.` : ''}${o.name}${o.column ? `.${o.column}` : ''}`}
                    style={{ borderBottom: '1px solid #eef1f4' }}
                  >
                    <td style={{ ...cell, color: 'var(--planetary-muted, #555)' }}>
                      {o.objectType}
                    </td>
                    <td style={cell}>
                      {o.schema ? `${o.schema}.` : ''}
                      {o.name}
                      {o.column ? ` (${o.column})` : ''}
                      {o.schema && !usableSchemas.has(o.schema) ? (
                        <span
                          style={{
                            color: 'var(--planetary-warn, #b26a00)',
                            fontSize: 12,
                            marginLeft: 8,
                          }}
                          title="Without USAGE on the schema, the privileges cannot be used"
                        >
                          no USAGE on schema {o.schema}
                        </span>
                      ) : null}
                    </td>
                    <td style={cell}>
                      {o.privileges.map((p) => (
                        <span
                          key={p.privilege}
                          title={`via ${p.via.join(', ')}${p.grantable ? ', with grant option' : ''}`}
                          style={{
                            display: 'inline-block',
                            padding: '1px 7px',
                            margin: '0 4px 2px 0',
                            borderRadius: 10,
                            fontSize: 12,
                            background: p.via.includes(role) ? '#c8e6c9' : '#e3f2fd',
                            color: '#1f2937',
                          }}
                        >
                          {p.privilege}
                          {p.via.includes(role) ? '' : ` ← ${p.via.join(', ')}`}
                        </span>
                      ))}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </>
      )}
    </Box>
  )
}

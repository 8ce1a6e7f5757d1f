import { Box, Button, H3, Text } from '@adminjs/design-system'
import React, { useState } from 'react'
import { cell, Check, RoleSelect, type Ask, type Dependent } from './role-fields.jsx'

/** What keeps DROP ROLE from succeeding, and the REASSIGN / DROP OWNED steps that clear it. */
export function DropSection(props: {
  role: string
  dependents: readonly Dependent[]
  others: readonly string[]
  ask: Ask
}) {
  const { role, ask } = props
  const [drop, setDrop] = useState({ reassignTo: '', dropOwned: false })
  return (
    <Box variant="white" mb="lg" data-testid="drop-role">
      <H3>Drop role</H3>
      {props.dependents.length === 0 ? (
        <Text>Nothing depends on {role}: it can be dropped as it is.</Text>
      ) : (
        <>
          <Text mb="sm">These keep DROP ROLE from succeeding:</Text>
          <table style={{ borderCollapse: 'collapse' }} data-testid="dependents">
            <tbody>
              {props.dependents.map((d, i) => (
                <tr key={i}>
                  <td style={cell}>{d.kind}</td>
                  <td style={cell}>
                    {d.here ? (d.description ?? '') : `${d.count} in database ${d.database ?? '?'}`}
                  </td>
                  <td style={{ ...cell, color: 'var(--planetary-muted, #555)' }}>
                    {d.here ? (d.database ? 'this database' : 'shared') : 'elsewhere'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <Box flex alignItems="center" style={{ gap: 12, flexWrap: 'wrap' }} mt="default">
        <RoleSelect
          label="Reassign owned objects to"
          name="reassignTo"
          placeholder="Hand its objects to… (REASSIGN OWNED)"
          roles={props.others}
          value={drop.reassignTo}
          onChange={(reassignTo) => setDrop({ ...drop, reassignTo })}
        />
        <Check
          name="dropOwned"
          checked={drop.dropOwned}
          onChange={(dropOwned) => setDrop({ ...drop, dropOwned })}
        >
          DROP OWNED (drops what is left, revokes its privileges)
        </Check>
        <Button
          size="sm"
          variant="danger"
          type="button"
          onClick={() => void ask(`Drop role ${role}`, { action: 'drop', role, ...drop })}
        >
          Drop…
        </Button>
      </Box>
    </Box>
  )
}

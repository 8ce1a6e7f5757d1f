import { Box, H3, Text } from '@adminjs/design-system'
import React, { useState } from 'react'
import { Button, Input } from '../../../core/plugin/components/kit.jsx'
import { cell, Check, type Ask, type Setting } from './role-fields.jsx'

/** A role's session settings (ALTER ROLE … SET), with reset per setting and a form to add one. */
export function SettingsSection(props: {
  role: string
  settings: readonly Setting[]
  /** Settings a role may be given, offered as the name's suggestions. */
  names: readonly string[]
  /** The connected database, for settings that apply only there. */
  database: string
  ask: Ask
}) {
  const { role, ask } = props
  const [adding, setAdding] = useState({ name: '', value: '', database: '' })
  return (
    <Box variant="white" mb="lg" data-testid="role-settings">
      <H3>Session settings</H3>
      <Text style={{ color: 'var(--planetary-muted, #555)' }}>
        Applied when a session of {role} starts (ALTER ROLE … SET), in every database or in one.
      </Text>
      <table style={{ borderCollapse: 'collapse' }}>
        <tbody>
          {props.settings.map((st) => (
            <tr key={`${st.database ?? ''}/${st.name}`} data-setting={st.name}>
              <td style={{ ...cell, fontWeight: 600 }}>{st.name}</td>
              <td style={cell}>{st.value}</td>
              <td style={{ ...cell, color: 'var(--planetary-muted, #555)' }}>
                {st.database ? `in ${st.database}` : 'every database'}
              </td>
              <td style={cell}>
                <Button
                  size="sm"
                  variant="outlined"
                  type="button"
                  onClick={() =>
                    void ask(`Stop setting ${st.name} for ${role}`, {
                      action: 'setting',
                      role,
                      name: st.name,
                      database: st.database ?? '',
                      reset: true,
                    })
                  }
                >
                  Reset
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Box flex alignItems="center" style={{ gap: 10, flexWrap: 'wrap' }} mt="default">
        <Input
          aria-label="Setting"
          name="setting-name"
          list="role-setting-names"
          placeholder="setting, e.g. statement_timeout"
          value={adding.name}
          onChange={(e) => setAdding({ ...adding, name: e.target.value })}
        />
        <datalist id="role-setting-names">
          {props.names.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        <Input
          aria-label="Value"
          name="setting-value"
          placeholder="value, e.g. 30s"
          value={adding.value}
          onChange={(e) => setAdding({ ...adding, value: e.target.value })}
        />
        <Check
          checked={adding.database !== ''}
          onChange={(only) => setAdding({ ...adding, database: only ? props.database : '' })}
        >
          only in {props.database}
        </Check>
        <Button
          size="sm"
          variant="outlined"
          type="button"
          disabled={!adding.name}
          onClick={() =>
            void ask(`Set ${adding.name} for ${role}`, {
              action: 'setting',
              role,
              name: adding.name,
              value: adding.value,
              database: adding.database,
            })
          }
        >
          Set
        </Button>
      </Box>
    </Box>
  )
}

import { Box, Text } from '@adminjs/design-system'
import React from 'react'
import { fieldLabel, type FieldNames } from './field-words.js'
import { Check, type PlanWarning } from './kit.jsx'

const warningBox: React.CSSProperties = {
  background: 'var(--planetary-warn-bg, #fff8e1)',
  border: '1px solid #f0c36d',
  borderRadius: 6,
  padding: '6px 10px',
  margin: '6px 0',
  color: 'var(--planetary-warn, #5d4200)',
  fontSize: 13,
}

/** The plan's warnings about one field (or, unless `exact`, about what lies under it). */
export function FieldWarnings(props: {
  warnings?: readonly PlanWarning[] | undefined
  names: string[]
  exact?: boolean
}) {
  const mine = (props.warnings ?? []).filter((w) =>
    props.names.some((n) => w.field === n || (!props.exact && w.field.startsWith(`${n}.`))),
  )
  if (mine.length === 0) return null
  return (
    <Box>
      {mine.map((w) => (
        <div
          key={`${w.field}:${w.message}`}
          role="note"
          data-testid={`warning-${w.field}`}
          data-kind={w.kind}
          style={warningBox}
        >
          <b>Warning:</b> {w.message}
        </div>
      ))}
    </Box>
  )
}

/**
 * Every warning of the plan, above Apply, each with the field it concerns in words, and the
 * box to tick before an apply that goes ahead anyway.
 */
export function PlanWarnings(props: {
  warnings: readonly PlanWarning[]
  names?: FieldNames | undefined
  acknowledged: boolean
  onAcknowledge: (yes: boolean) => void
}) {
  if (props.warnings.length === 0) return null
  return (
    <Box
      my="default"
      p="default"
      data-testid="plan-warnings"
      style={{ ...warningBox, padding: 12, margin: '12px 0' }}
    >
      <Text style={{ fontWeight: 600, color: 'var(--planetary-warn, #5d4200)' }}>
        Before you apply:{' '}
        {props.warnings.length === 1 ? 'one warning' : `${props.warnings.length} warnings`}
      </Text>
      <ul style={{ margin: '6px 0', paddingLeft: 20, listStyle: 'disc' }}>
        {props.warnings.map((w) => (
          <li key={`${w.field}:${w.message}`} data-field={w.field}>
            <b>{fieldLabel(w.field, props.names)}</b> — {w.message}
          </li>
        ))}
      </ul>
      <Check
        name="acknowledgeWarnings"
        checked={props.acknowledged}
        onChange={(e) => props.onAcknowledge(e.target.checked)}
        label={<>I have read the warnings: apply anyway</>}
      />
    </Box>
  )
}

import { Box } from '@adminjs/design-system'
import React from 'react'
import { labelStyle, nativeInput } from '../../../core/plugin/components/kit.jsx'

/** `list` with `value` added, or taken out when it is there. */
export const toggled = (list: string[], value: string): string[] =>
  list.includes(value) ? list.filter((x) => x !== value) : [...list, value]

/** A titled column of checkboxes, one per option; `name` is each input's form name. */
export function CheckList(props: {
  title: string
  name: string
  options: readonly string[]
  chosen: string[]
  onChange: (chosen: string[]) => void
}) {
  return (
    <Box>
      <span style={labelStyle}>{props.title}</span>
      {props.options.map((o) => (
        <label key={o} style={{ display: 'block' }}>
          <input
            type="checkbox"
            name={props.name}
            value={o}
            checked={props.chosen.includes(o)}
            onChange={() => props.onChange(toggled(props.chosen, o))}
          />{' '}
          {o}
        </label>
      ))}
    </Box>
  )
}

/** A titled multiple-choice list (roles to grant to, say). */
export function MultiSelect(props: {
  title: string
  name: string
  options: readonly string[]
  chosen: string[]
  onChange: (chosen: string[]) => void
  minWidth?: number
}) {
  return (
    <label>
      <span style={labelStyle}>{props.title}</span>
      <select
        name={props.name}
        multiple
        size={8}
        style={{ ...nativeInput, minWidth: props.minWidth ?? 200 }}
        value={props.chosen}
        onChange={(e) => props.onChange(Array.from(e.target.selectedOptions).map((o) => o.value))}
      >
        {props.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  )
}

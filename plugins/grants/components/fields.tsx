import { Box, Label } from '@adminjs/design-system'
import React, { useId } from 'react'
import { Check, RolesPicker } from '../../../core/plugin/components/kit.jsx'

/** `list` with `value` added, or taken out when it is there. */
export const toggled = (list: string[], value: string): string[] =>
  list.includes(value) ? list.filter((x) => x !== value) : [...list, value]

/** A titled group of checkboxes, one per option; `name` is each box's form name. */
export function CheckList(props: {
  title: string
  name: string
  options: readonly string[]
  chosen: string[]
  onChange: (chosen: string[]) => void
}) {
  const id = useId()
  return (
    <Box role="group" aria-labelledby={id}>
      <Label id={id}>{props.title}</Label>
      {props.options.map((o) => (
        <Box key={o} mb="sm">
          <Check
            name={props.name}
            value={o}
            label={o}
            checked={props.chosen.includes(o)}
            onChange={() => props.onChange(toggled(props.chosen, o))}
          />
        </Box>
      ))}
    </Box>
  )
}

/** Several roles (grantees), searchable, each chosen one a removable chip. */
export function MultiSelect(props: {
  title: string
  name: string
  options: readonly string[]
  chosen: string[]
  onChange: (chosen: string[]) => void
  minWidth?: number
}) {
  const id = `pick-${props.name}`
  return (
    <Box>
      <Label htmlFor={id}>{props.title}</Label>
      <RolesPicker
        id={id}
        name={props.name}
        roles={props.options}
        value={props.chosen}
        onChange={props.onChange}
        width={Math.max(props.minWidth ?? 0, 280)}
      />
    </Box>
  )
}

import React from 'react'
import { StatusBadge } from '../../plugin/components/controls.jsx'
import { choiceTone } from './choice-tone.js'
import { isViewColumn, ViewValue } from './view-value.jsx'

type Props = Parameters<typeof ViewValue>[0] & {
  OriginalComponent?: React.ComponentType<Parameters<typeof ViewValue>[0]>
}

/**
 * AdminJS's value of a text, number or choice column in lists and on show pages: for Karen's
 * views, the console's one format per type, and an enum value as a badge of its own colour;
 * other resources stay AdminJS's.
 */
const PlanetaryPropertyValue: React.FC<Props> = (props) => {
  const { OriginalComponent, ...rest } = props
  const value = rest.record?.params[rest.property.path] as unknown
  const choices = rest.property.availableValues
  const chosen = Boolean(choices) && value !== null && value !== undefined
  if (isViewColumn(rest.property) && !chosen) return <ViewValue {...rest} />
  if (isViewColumn(rest.property) && choices) {
    const text = String(value)
    const label = choices.find((c) => c.value === text)?.label ?? text
    const tone = choiceTone(
      text,
      choices.map((c) => String(c.value)),
    )
    return <StatusBadge tone={tone}>{label}</StatusBadge>
  }
  return OriginalComponent ? <OriginalComponent {...rest} /> : null
}

export default PlanetaryPropertyValue

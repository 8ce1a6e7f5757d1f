import React from 'react'
import { isViewColumn, ViewValue } from './view-value.jsx'

type Props = Parameters<typeof ViewValue>[0] & {
  OriginalComponent?: React.ComponentType<Parameters<typeof ViewValue>[0]>
}

/**
 * AdminJS's value of a text, number or choice column in lists and on show pages: for Karen's
 * views, the console's one format per type; enum choices and other resources stay AdminJS's.
 */
const PlanetaryPropertyValue: React.FC<Props> = (props) => {
  const { OriginalComponent, ...rest } = props
  const value = rest.record?.params[rest.property.path] as unknown
  const choice = rest.property.availableValues && value !== null && value !== undefined
  if (isViewColumn(rest.property) && !choice) return <ViewValue {...rest} />
  return OriginalComponent ? <OriginalComponent {...rest} /> : null
}

export default PlanetaryPropertyValue

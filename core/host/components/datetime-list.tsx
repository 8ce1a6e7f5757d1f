import React from 'react'
import { isViewColumn, ViewValue } from './view-value.jsx'

type Props = Parameters<typeof ViewValue>[0] & {
  OriginalComponent?: React.ComponentType<Parameters<typeof ViewValue>[0]>
}

/** A date or timestamp in a list: for Karen's views in the console's one date format. */
const PlanetaryDatetimeList: React.FC<Props> = (props) => {
  const { OriginalComponent, ...rest } = props
  if (isViewColumn(rest.property)) return <ViewValue {...rest} />
  return OriginalComponent ? <OriginalComponent {...rest} /> : null
}

export default PlanetaryDatetimeList

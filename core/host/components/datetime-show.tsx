import { ValueGroup } from '@adminjs/design-system'
import { useTranslation } from 'adminjs'
import React from 'react'
import { isViewColumn, ViewValue } from './view-value.jsx'

type Props = Parameters<typeof ViewValue>[0] & {
  OriginalComponent?: React.ComponentType<Parameters<typeof ViewValue>[0]>
}

/** A date or timestamp on a show page: for Karen's views in the console's one date format. */
const PlanetaryDatetimeShow: React.FC<Props> = (props) => {
  const { OriginalComponent, ...rest } = props
  const { translateProperty } = useTranslation()
  if (!isViewColumn(rest.property)) {
    return OriginalComponent ? <OriginalComponent {...rest} /> : null
  }
  return (
    <ValueGroup label={translateProperty(rest.property.label, rest.property.resourceId)}>
      <ViewValue {...rest} />
    </ValueGroup>
  )
}

export default PlanetaryDatetimeShow

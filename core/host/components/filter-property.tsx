import { FormGroup, Input, Label } from '@adminjs/design-system'
import { useTranslation, type FilterPropertyProps } from 'adminjs'
import React from 'react'

/** Kinds of Karen's view columns filtered by a range (resources/view-adapter/field-types.ts). */
const NUMERIC = new Set(['integer', 'decimal', 'float'])

type Props = FilterPropertyProps & {
  OriginalComponent?: React.ComponentType<FilterPropertyProps>
}

/**
 * The filter of a number column of one of Karen's views: a minimum and a maximum (AdminJS's
 * `filters.<name>~~from` / `~~to`, checked against the column's type on the server), as Django
 * admin's range filters. Every other filter is AdminJS's own.
 */
const PlanetaryFilterProperty: React.FC<Props> = (props) => {
  const { OriginalComponent, property, filter, onChange } = props
  const { translateProperty } = useTranslation()
  const custom = property.custom as { kind?: string; pgType?: string } | undefined
  if (!custom?.pgType || !NUMERIC.has(custom.kind ?? '')) {
    return OriginalComponent ? <OriginalComponent {...props} /> : null
  }
  const label = translateProperty(property.label, property.resourceId)
  const bound = (which: 'from' | 'to') => {
    const key = `${property.path}~~${which}`
    const id = `filter-${property.path}-${which}`
    return (
      <Label htmlFor={id} mt={which === 'to' ? 'default' : undefined}>
        {which === 'from' ? 'At least' : 'At most'}
        <Input
          id={id}
          name={`filter-${key}`}
          inputMode="decimal"
          value={String((filter[key] as string | undefined) ?? '')}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(key, e.target.value)}
          style={{ display: 'block', width: '100%' }}
        />
      </Label>
    )
  }
  return (
    <FormGroup variant="filter" role="group" aria-label={`${label} range`}>
      <Label as="span">{label}</Label>
      {bound('from')}
      {bound('to')}
    </FormGroup>
  )
}

export default PlanetaryFilterProperty

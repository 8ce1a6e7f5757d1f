import { useTranslation, type ActionHeaderProps } from 'adminjs'
import React, { useEffect } from 'react'
import { tabTitle, viewHeading, viewMeta } from './view-meta.js'

/** The translation key a view page's heading is kept under (one per resource). */
const HEADING_KEY = 'planetaryHeading'

type Props = ActionHeaderProps & { OriginalComponent?: React.ComponentType<ActionHeaderProps> }

/**
 * AdminJS's action header, worded for Karen on her views ("Invoices", "Change invoice 133"
 * instead of "List" and "Edit"), and the browser tab titled after the page on every resource
 * ("Change invoice 133 · Planetary"). Buttons, breadcrumbs and the filter toggle stay AdminJS's.
 */
const PlanetaryActionHeader: React.FC<Props> = (props) => {
  const { OriginalComponent, resource, action, record } = props
  const { i18n, translateAction } = useTranslation()
  const meta = viewMeta(resource)
  const heading = meta ? viewHeading(meta, action.name, record) : undefined
  const label = translateAction(action.label, resource.id)
  const title = heading
    ? tabTitle(heading)
    : tabTitle(action.name === 'list' ? undefined : label, resource.name)

  useEffect(() => {
    if (!action.showInDrawer) document.title = title
  }, [title, action.showInDrawer])

  if (!OriginalComponent) return null
  if (!heading) return <OriginalComponent {...props} />
  // AdminJS titles the header with translateAction(action.label): the heading becomes the
  // translation of a label of our own, so the header keeps its layout, buttons and badge.
  i18n.addResource(
    i18n.language,
    'translation',
    `resources.${resource.id}.actions.${HEADING_KEY}`,
    heading,
  )
  return <OriginalComponent {...props} action={{ ...action, label: HEADING_KEY }} />
}

export default PlanetaryActionHeader

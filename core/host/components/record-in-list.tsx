import {
  CheckBox,
  Icon,
  Placeholder,
  TableCell,
  TableRow,
  type Theme,
} from '@adminjs/design-system'
import { styled } from '@adminjs/design-system/styled-components'
import {
  BasePropertyComponent,
  buildActionClickHandler,
  useActionResponseHandler,
  useModal,
  useTranslation,
  ViewHelpers,
  type ActionJSON,
  type RecordInListProps,
} from 'adminjs'
import React from 'react'
import { useLocation, useNavigate } from 'react-router'

const h = new ViewHelpers()
type Themed = { theme: Theme }

/** The icons of the usual record actions; others show their own or a dot. */
const ICONS: Record<string, string> = { show: 'Eye', edit: 'Edit2', delete: 'Trash2' }

const ActionLink = styled.a`
  display: inline-flex;
  align-items: center;
  justify-content: center;
  width: 32px;
  height: 32px;
  border: 0;
  border-radius: 4px;
  background: transparent;
  color: ${({ theme }: Themed) => theme.colors.grey80};
  cursor: pointer;
  &:hover {
    background: ${({ theme }: Themed) => theme.colors.grey20};
    color: ${({ theme }: Themed) => theme.colors.primary100};
  }
  &:focus-visible {
    outline: 2px solid ${({ theme }: Themed) => theme.colors.primary100};
    outline-offset: 1px;
  }
`

/**
 * A row of a records table with its actions as separate, named controls — "Show invoice 133",
 * "Edit invoice 133", "Delete invoice 133" — instead of AdminJS's "⋯" menu, which opens on
 * hover only. Show and edit are real links (Tab reaches them, Enter opens them, a new tab
 * works); delete and custom actions are buttons that go through AdminJS's action handler, so
 * its confirmation still asks first. A click on the row still opens the record.
 */
const PlanetaryRecordInList: React.FC<RecordInListProps> = (props) => {
  const { resource, record, actionPerformed, isLoading, onSelect, isSelected } = props
  const navigate = useNavigate()
  const location = useLocation()
  const translateFunctions = useTranslation()
  const modalFunctions = useModal()
  const actionResponseHandler = useActionResponseHandler(actionPerformed)
  const params = { resourceId: resource.id, recordId: record.id }
  const open =
    record.recordActions.find((a) => a.name === 'show') ??
    record.recordActions.find((a) => a.name === 'edit')

  const run = (action: ActionJSON) => (event: React.MouseEvent) =>
    buildActionClickHandler({
      action,
      params,
      actionResponseHandler,
      navigate,
      location,
      translateFunctions,
      modalFunctions,
    })(event)

  const openRow = (event: React.MouseEvent) => {
    const target = event.target as HTMLElement
    if (!open || target.closest('a, button, input, label')) return
    void run(open)(event)
  }

  const name = record.title || `#${record.id}`
  return (
    <TableRow
      className={isSelected ? 'selected' : 'not-selected'}
      onClick={openRow}
      data-id={record.id}
      data-css={`${resource.id}-table-row`}
    >
      <TableCell width={0}>
        {onSelect && record.bulkActions.length ? (
          <CheckBox
            id={`select-${resource.id}-${record.id}`}
            aria-label={`Select ${name}`}
            onChange={() => onSelect(record)}
            checked={isSelected}
          />
        ) : null}
      </TableCell>
      {resource.listProperties.map((property) => (
        <TableCell
          style={{ cursor: open ? 'pointer' : undefined }}
          key={property.propertyPath}
          data-property-name={property.propertyPath}
          data-css={`${resource.id}-${property.name}-table-cell`}
        >
          {isLoading ? (
            <Placeholder style={{ height: 14 }} />
          ) : (
            <BasePropertyComponent
              where="list"
              property={property}
              resource={resource}
              record={record}
            />
          )}
        </TableCell>
      ))}
      <TableCell key="options" className="options" style={{ whiteSpace: 'nowrap' }}>
        {record.recordActions.map((action) => {
          const label = `${translateFunctions.translateAction(action.label, resource.id)} ${name}`
          const icon = action.icon ?? ICONS[action.name] ?? 'Circle'
          const navigates = action.name === 'show' || action.name === 'edit'
          return navigates ? (
            <ActionLink
              key={action.name}
              href={h.recordActionUrl({ ...params, actionName: action.name })}
              aria-label={label}
              title={label}
              data-testid={`action-${action.name}`}
              onClick={(event: React.MouseEvent) => {
                if (event.ctrlKey || event.metaKey || event.shiftKey) return
                void run(action)(event)
              }}
            >
              <Icon icon={icon} />
            </ActionLink>
          ) : (
            <ActionLink
              as="button"
              type="button"
              key={action.name}
              aria-label={label}
              title={label}
              data-testid={`action-${action.name}`}
              onClick={(event: React.MouseEvent) => void run(action)(event)}
            >
              <Icon icon={icon} color={action.variant === 'danger' ? 'error' : undefined} />
            </ActionLink>
          )
        })}
      </TableCell>
    </TableRow>
  )
}

export default PlanetaryRecordInList

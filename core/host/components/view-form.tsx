import { Box, Button, DrawerContent, DrawerFooter, Icon } from '@adminjs/design-system'
import {
  BasePropertyComponent,
  LayoutElementRenderer,
  useRecord,
  ViewHelpers,
  type ActionProps,
  type RecordJSON,
} from 'adminjs'
import React, { useRef } from 'react'
import { useNavigate } from 'react-router'
import { viewMeta } from './view-meta.js'

const h = new ViewHelpers()

/** Where a saved form goes, as Django admin's three save buttons. */
type Next = 'list' | 'another' | 'continue'

/**
 * Karen's add and change forms: AdminJS's fields and layouts (fieldsets), with Django admin's
 * three ways to save — "Save" back to the list, "Save and add another" to an empty form, "Save
 * and continue editing" to the saved row's change form. A refused save keeps her input and shows
 * PostgreSQL's message on its field; nothing moves.
 */
const PlanetaryViewForm: React.FC<ActionProps> = (props) => {
  const { resource, action } = props
  const initial = props.record
  const { record, handleChange, submit, loading } = useRecord(initial, resource.id)
  const navigate = useNavigate()
  const next = useRef<Next>('list')
  const meta = viewMeta(resource)
  const canAdd = resource.resourceActions.some((a) => a.name === 'new')

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLElement | null
    const chosen = (submitter?.dataset.next as Next | undefined) ?? 'list'
    next.current = chosen
    submit()
      .then((response) => {
        const data = response.data as { record?: RecordJSON; redirectUrl?: string }
        const saved = data.record
        if (!saved?.id || Object.keys(saved.errors ?? {}).length > 0) return
        if (next.current === 'another') {
          handleChange({ params: {}, populated: {}, errors: {} } as unknown as RecordJSON)
          navigate(h.resourceActionUrl({ resourceId: resource.id, actionName: 'new' }), {
            replace: action.name === 'new',
          })
        } else if (next.current === 'continue') {
          navigate(
            h.recordActionUrl({ resourceId: resource.id, recordId: saved.id, actionName: 'edit' }),
          )
        } else if (data.redirectUrl) {
          navigate(data.redirectUrl)
        }
      })
      .catch(() => undefined) // useRecord has already said so in a notice
  }

  const one = meta?.verboseName ?? 'record'
  return (
    <Box
      as="form"
      flex
      flexGrow={1}
      flexDirection="column"
      onSubmit={onSubmit}
      data-css={`${resource.id}-${action.name}-form`}
      data-testid="view-form"
    >
      <DrawerContent>
        {action.layout
          ? action.layout.map((element, i) => (
              <LayoutElementRenderer
                // Layout elements have no ids; their order never changes on a page.
                key={i}
                layoutElement={element}
                {...props}
                where="edit"
                onChange={handleChange}
                record={record}
              />
            ))
          : resource.editProperties.map((property) => (
              <BasePropertyComponent
                key={property.propertyPath}
                where="edit"
                onChange={handleChange}
                property={property}
                resource={resource}
                record={record}
              />
            ))}
      </DrawerContent>
      <DrawerFooter>
        <Box flex flexWrap="wrap" style={{ gap: 16 }}>
          <Button
            variant="contained"
            type="submit"
            data-next="list"
            data-testid="button-save"
            disabled={loading}
          >
            {loading ? <Icon icon="Loader" spin /> : null}
            Save
          </Button>
          {canAdd ? (
            <Button
              variant="outlined"
              type="submit"
              data-next="another"
              data-testid="button-save-add-another"
              disabled={loading}
            >
              Save and add another
            </Button>
          ) : null}
          <Button
            variant="outlined"
            type="submit"
            data-next="continue"
            data-testid="button-save-continue"
            disabled={loading}
            aria-label={`Save and continue editing this ${one}`}
          >
            Save and continue editing
          </Button>
        </Box>
      </DrawerFooter>
    </Box>
  )
}

export default PlanetaryViewForm

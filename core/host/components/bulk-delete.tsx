import {
  Box,
  Button,
  ButtonCSS,
  DrawerContent,
  DrawerFooter,
  H3,
  Icon,
  Label,
  MessageBox,
  Radio,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Text,
} from '@adminjs/design-system'
import { styled } from '@adminjs/design-system/styled-components'
import {
  ApiClient,
  BasePropertyComponent,
  useNotice,
  useTranslation,
  ViewHelpers,
  type ActionProps,
} from 'adminjs'
import React, { useState } from 'react'
import { useLocation, useNavigate } from 'react-router'
import { Link, type LinkProps } from 'react-router-dom'
import { viewMeta } from './view-meta.js'

const api = new ApiClient()
const h = new ViewHelpers()

/** What ButtonCSS reads; the link itself gets none of it. */
interface ButtonLook {
  rounded?: boolean
  size?: string
  mr?: string
}

/** The drawer's way back to the list, drawn as AdminJS's round icon button, and named. */
const BackLink = styled(
  ({ rounded: _rounded, size: _size, mr: _mr, ...link }: LinkProps & ButtonLook) => (
    <Link {...link} />
  ),
)`
  ${ButtonCSS}
`

/** How the rows go: all of them or none (one transaction), or each on its own (savepoints). */
type Mode = 'all' | 'skip'

const MODES: readonly { value: Mode; label: string; hint: string }[] = [
  {
    value: 'all',
    label: 'Delete all or nothing',
    hint: 'If one record cannot be deleted, none is, and that record is named.',
  },
  {
    value: 'skip',
    label: 'Delete what can be deleted, keep the rest',
    hint: 'Each record that cannot be deleted stays, with the reason.',
  },
]

interface Named {
  id: string
  label: string
}

/** What the bulkDelete action answers (resources/view-adapter/bulk-action.ts). */
interface BulkAnswer {
  deleted?: Named[]
  refused?: (Named & { reason: string })[]
  notice?: { message: string; type?: 'success' | 'error' | 'info' }
  redirectUrl?: string
}

/** What a skip-mode delete did, record by record: shown under the notice on the list. */
const Outcome: React.FC<{ answer: BulkAnswer }> = ({ answer }) => {
  const deleted = answer.deleted ?? []
  const refused = answer.refused ?? []
  return (
    <Box
      data-testid="bulk-outcome"
      mt="sm"
      color="grey100"
      style={{ maxHeight: '40vh', overflowY: 'auto', whiteSpace: 'normal' }}
    >
      <div data-testid="bulk-deleted">
        {deleted.length
          ? `Deleted: ${deleted.map((d) => d.label).join(', ')}.`
          : 'Nothing was deleted.'}
      </div>
      {refused.length ? (
        <>
          <div style={{ marginTop: 8 }}>Kept:</div>
          <ul style={{ margin: 0, paddingLeft: 20 }}>
            {refused.map((r) => (
              <li key={r.id} data-testid="bulk-kept" data-record-id={r.id}>
                <strong>{r.label}</strong>: {r.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Box>
  )
}

/** The list's URL with the selection dropped and AdminJS's mark that an action sent us back. */
function backToList(redirectUrl: string): string {
  const search = new URLSearchParams(window.location.search)
  search.delete('recordIds')
  const [path, own = ''] = redirectUrl.split('?')
  for (const [key, value] of new URLSearchParams(own)) search.set(key, value)
  search.set('refresh', 'true')
  return `${path}?${search.toString()}`
}

/**
 * The bulk delete question on Karen's views: AdminJS's list of the chosen records, and how to go
 * about a record PostgreSQL refuses — all or nothing (the default), or delete what can be deleted
 * and keep the rest. Sent as POST (with the CSRF token every console request carries); the list
 * and its count are read again afterwards, and a skip-mode answer names each kept record and why.
 */
const PlanetaryBulkDelete: React.FC<ActionProps> = (props) => {
  const { resource, records, action } = props
  const navigate = useNavigate()
  const location = useLocation()
  const addNotice = useNotice()
  const { translateMessage, translateButton } = useTranslation()
  const [mode, setMode] = useState<Mode>('all')
  const [loading, setLoading] = useState(false)

  if (!records?.length) return <Text>{translateMessage('pickSomeFirstToRemove', resource.id)}</Text>

  const confirm = () => {
    setLoading(true)
    api
      .bulkAction({
        resourceId: resource.id,
        actionName: action.name,
        recordIds: records.map((r) => r.id),
        method: 'post',
        data: { mode },
      })
      .then((response) => {
        setLoading(false)
        const answer = response.data as BulkAnswer
        if (answer.notice) {
          const deleted = answer.deleted?.length ?? 0
          addNotice(
            mode === 'skip'
              ? {
                  message: `Deleted ${deleted} of ${records.length}, kept ${answer.refused?.length ?? 0}.`,
                  type: answer.notice.type ?? 'info',
                  body: <Outcome answer={answer} />,
                }
              : answer.notice,
          )
        }
        if (answer.redirectUrl) navigate(backToList(answer.redirectUrl))
      })
      .catch(() => {
        setLoading(false)
        addNotice({ message: translateMessage('bulkDeleteError', resource.id), type: 'error' })
      })
  }

  const many = records.length > 1
  const meta = viewMeta(resource)
  const one = meta?.verboseName ?? 'record'
  const plural = meta?.verboseNamePlural ?? 'records'
  const search = new URLSearchParams(location.search)
  search.delete('recordIds')
  const listUrl = h.resourceUrl({ resourceId: resource.id, search: `?${search.toString()}` })
  return (
    <>
      <DrawerContent>
        <Box flex alignItems="center" mb="xl">
          <BackLink to={listUrl} size="icon" rounded mr="lg" aria-label="Back to the list">
            <Icon icon="ChevronRight" />
          </BackLink>
          <H3 mb="0">{`Delete ${records.length} ${many ? plural : one}`}</H3>
        </Box>
        <MessageBox
          mb="xl"
          variant="danger"
          message={translateMessage(
            many ? 'theseRecordsWillBeRemoved_plural' : 'theseRecordsWillBeRemoved',
            resource.id,
            { count: records.length },
          )}
        />
        <Table>
          <TableBody>
            {records.map((record) => (
              <TableRow key={record.id}>
                <TableCell>
                  <BasePropertyComponent
                    where="list"
                    property={resource.titleProperty}
                    resource={resource}
                    record={record}
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {many ? (
          <Box
            as="fieldset"
            data-testid="bulk-mode"
            mt="xl"
            style={{ border: 0, marginInline: 0, padding: 0 }}
          >
            <Text as="legend" fontWeight="bold" mb="default">
              When a record cannot be deleted
            </Text>
            {MODES.map((m) => (
              <Box key={m.value} flex alignItems="flex-start" mb="default">
                <Radio
                  id={`bulk-mode-${m.value}`}
                  name="mode"
                  value={m.value}
                  checked={mode === m.value}
                  disabled={loading}
                  aria-describedby={`bulk-mode-${m.value}-hint`}
                  onChange={() => setMode(m.value)}
                />
                <Box ml="default">
                  <Label inline htmlFor={`bulk-mode-${m.value}`} mb="sm">
                    {m.label}
                  </Label>
                  <Text id={`bulk-mode-${m.value}-hint`} variant="sm" color="grey80">
                    {m.hint}
                  </Text>
                </Box>
              </Box>
            ))}
          </Box>
        ) : null}
      </DrawerContent>
      <DrawerFooter>
        <Button variant="contained" size="lg" onClick={confirm} disabled={loading}>
          {loading ? <Icon icon="Loader" spin /> : null}
          {translateButton(many ? 'confirmRemovalMany_plural' : 'confirmRemovalMany', resource.id, {
            count: records.length,
          })}
        </Button>
      </DrawerFooter>
    </>
  )
}

export default PlanetaryBulkDelete

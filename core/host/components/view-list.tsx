import { Box, Button, Icon, Input, Label, MessageBox, Text } from '@adminjs/design-system'
import {
  ApiClient,
  RecordsTable,
  useFilterDrawer,
  useNotice,
  useSelectedRecords,
  type ActionProps,
  type RecordJSON,
  type ReduxState,
} from 'adminjs'
import { styled } from '@adminjs/design-system/styled-components'
import React, { useCallback, useEffect, useState } from 'react'
import { useStore } from 'react-redux'
import { useLocation, useNavigate } from 'react-router'
import { ListToolbar } from './list-toolbar.jsx'
import { viewMeta } from './view-meta.js'

const api = new ApiClient()

/** What Karen's list answers carry beside the records (resources/view-adapter). */
interface ListMeta {
  readonly total: number
  readonly perPage: number
  readonly page: number
  readonly totalKind?: 'exact' | 'estimate' | 'more-than' | 'many'
  readonly totalText?: string
  readonly cursors?: { readonly first: string | null; readonly last: string | null }
}

// Cursors belong to one sort and one filter: `at` remembers which, so a new sort or filter
// (AdminJS keeps the other URL parameters) starts from the first page instead.
const CURSOR_KEYS = ['after', 'before', 'at'] as const

function listing(search: URLSearchParams): string {
  const own = [...search.entries()].filter(
    ([k]) => k === 'sortBy' || k === 'direction' || k.startsWith('filters.'),
  )
  return JSON.stringify(own.sort(([a], [b]) => a.localeCompare(b)))
}

/**
 * Below AdminJS's tablet width its records table hides every header but the title's, and
 * leaves the cells: here the rows keep the key and the title columns, and the others go, in
 * header and body alike. Column numbers only (1 is the checkbox): no name reaches the CSS.
 */
interface Columns {
  readonly $keep: readonly number[]
  readonly $hide: readonly number[]
}

const Narrow = styled.div<Columns>`
  @media (max-width: 768px) {
    ${({ $hide }: Columns) =>
      $hide.length > 0
        ? `${$hide.map((n: number) => `& tr > :nth-child(${n})`).join(', ')} { display: none !important; }`
        : ''}
    ${({ $keep }: Columns) =>
      $keep.length > 0
        ? `${$keep.map((n: number) => `& tr > :nth-child(${n})`).join(', ')} { display: table-cell !important; }`
        : ''}
  }
`

/** The URL parameters a refused field came from: "sortBy: …" → sortBy and direction. */
function paramsOf(message: string, search: URLSearchParams): string[] {
  const field = /^([^:\s]+):/.exec(message)?.[1]
  if (!field) return []
  if (field === 'sortBy' || field === 'direction') return ['sortBy', 'direction']
  if (field.startsWith('filters.')) {
    return [...search.keys()].filter((k) => k === field || k.startsWith(`${field}~~`))
  }
  return [field]
}

/**
 * Karen's list: AdminJS's records table, paged by keyset. First, previous, next and last send
 * the cursor of the page's edge rows (never an offset computed from an estimate); a page number
 * typed in is read exactly by the server. The count says "about N", "more than 10,000" or
 * "many" when the view is too large to count on every page. Above the table: the search box
 * (search_fields) and the page size; a refused sort or filter from the URL is named with a way
 * back, and a page past the end links to the last one.
 */
const PlanetaryViewList: React.FC<ActionProps> = ({ resource, setTag }) => {
  const location = useLocation()
  const navigate = useNavigate()
  const addNotice = useNotice()
  const store = useStore<ReduxState>()
  const drawer = useFilterDrawer()
  const view = viewMeta(resource)
  const [records, setRecords] = useState<RecordJSON[]>([])
  const [meta, setMeta] = useState<ListMeta | undefined>(undefined)
  const [refused, setRefused] = useState<string | undefined>(undefined)
  const [loading, setLoading] = useState(true)
  const [jump, setJump] = useState('')
  const [reload, setReload] = useState(0)
  const { selectedRecords, handleSelect, handleSelectAll, setSelectedRecords } =
    useSelectedRecords(records)

  /** Moves to another page of the list: `null` removes a parameter, cursors always go. */
  const go = useCallback(
    (change: Record<string, string | null | undefined>, drop: readonly string[] = []) => {
      const search = new URLSearchParams(location.search)
      for (const key of [...CURSOR_KEYS, 'page', ...drop]) search.delete(key)
      for (const [key, value] of Object.entries(change)) {
        if (value === null) search.delete(key)
        else if (value !== undefined) search.set(key, value)
      }
      if (search.has('after') || search.has('before')) search.set('at', listing(search))
      navigate({ search: search.toString() })
    },
    [location.search, navigate],
  )

  // Escape closes the filter drawer, as it closes any dialog.
  const { isVisible: drawerOpen, close: closeDrawer } = drawer
  useEffect(() => {
    if (!drawerOpen) return undefined
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') closeDrawer()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [drawerOpen, closeDrawer])

  useEffect(() => {
    const search = new URLSearchParams(location.search)
    const stale =
      (search.has('after') || search.has('before')) && search.get('at') !== listing(search)
    if (stale) {
      for (const key of [...CURSOR_KEYS, 'page']) search.delete(key)
      navigate({ search: search.toString() }, { replace: true })
      return
    }
    const params = Object.fromEntries([...search.entries()].filter(([k]) => k !== 'at'))
    let live = true
    setLoading(true)
    api
      .resourceAction({ resourceId: resource.id, actionName: 'list', params })
      .then((res) => {
        if (!live) return
        const data = res.data as {
          records?: RecordJSON[]
          meta?: ListMeta
          notice?: { message: string; type?: string }
        }
        if (data.notice?.type === 'error') {
          // A refused request: said on the page, where the table would be.
          setRefused(data.notice.message)
          setRecords([])
          setMeta(undefined)
          return
        }
        setRefused(undefined)
        setRecords(data.records ?? [])
        setMeta(data.meta)
        // A list that reads fine makes older error toasts stale, except the one of the action
        // that sent the user back here (AdminJS marks that return with `refresh`).
        if (!search.has('refresh')) {
          for (const n of store.getState().notices) {
            if (n.type === 'error')
              store.dispatch({ type: 'DROP_NOTICE', data: { noticeId: n.id } })
          }
        }
        if (data.notice) addNotice(data.notice as never)
      })
      .catch(() => {
        if (live) addNotice({ message: 'The list could not be read.', type: 'error' })
      })
      .finally(() => {
        if (live) setLoading(false)
      })
    return () => {
      live = false
    }
  }, [location.search, resource.id, reload])

  useEffect(() => setSelectedRecords([]), [resource.id, location.search])

  const exact = meta !== undefined && (meta.totalKind ?? 'exact') === 'exact'
  const total = meta?.total ?? 0
  const search = new URLSearchParams(location.search)
  const perPage = meta?.perPage ?? (Number(search.get('perPage')) || view?.perPage || 10)
  const atLast = search.get('page') === 'last'
  const lastPage = exact ? Math.max(1, Math.ceil(total / perPage)) : undefined
  const page = atLast ? lastPage : Number(search.get('page') ?? meta?.page ?? 1)

  // The count in the heading: only a count read for this list, never 0 while it loads.
  useEffect(() => {
    if (loading) setTag?.('…')
    else if (meta) setTag?.(meta.totalText ?? total.toLocaleString())
    else setTag?.('')
  }, [meta, total, loading, setTag])

  const first = page === 1 && !search.has('before')
  const full = records.length >= perPage
  const last = atLast || !full || (lastPage !== undefined && page !== undefined && page >= lastPage)
  const cursors = meta?.cursors
  const pastEnd =
    !loading &&
    !refused &&
    records.length === 0 &&
    ((page !== undefined && page > 1) || search.has('after'))

  // Column numbers of the table: the checkbox, the list's properties, the record's actions.
  const kept = new Set([...(view?.key ?? []), view?.searchProperty])
  const columns = { keep: [] as number[], hide: [] as number[] }
  resource.listProperties.forEach((p, i) =>
    (kept.has(p.propertyPath) ? columns.keep : columns.hide).push(i + 2),
  )

  const previous = () => {
    if (page !== undefined && page <= 2) return go({})
    go({
      before: cursors?.first ?? undefined,
      page: page === undefined ? undefined : String(page - 1),
    })
  }
  const next = () =>
    go({
      after: cursors?.last ?? undefined,
      page: page === undefined ? undefined : String(page + 1),
    })
  const submitJump = (event: React.FormEvent) => {
    event.preventDefault()
    const n = Number(jump)
    if (Number.isInteger(n) && n >= 1) go({ page: String(n) })
  }

  return (
    <Box variant="container">
      {view ? (
        <ListToolbar
          view={view}
          searchText={search.get(`filters.${view.searchProperty}`) ?? ''}
          perPage={perPage}
          onSearch={(text) => go({ [`filters.${view.searchProperty}`]: text === '' ? null : text })}
          onPerPage={(n) => go({ perPage: String(n) })}
        />
      ) : null}
      {refused ? (
        <MessageBox variant="danger" my="lg" data-testid="list-refused">
          <Text>This list cannot be shown as asked. {refused}</Text>
          <Button
            mt="default"
            size="sm"
            onClick={() => go({}, paramsOf(refused, search))}
            data-testid="list-refused-reset"
          >
            Show the list without it
          </Button>
        </MessageBox>
      ) : pastEnd ? (
        <MessageBox variant="info" my="lg" data-testid="list-past-end">
          <Text>
            Page {page?.toLocaleString()} is past the end of this list
            {lastPage !== undefined ? `: it has ${lastPage.toLocaleString()} pages.` : '.'}
          </Text>
          <Button mt="default" size="sm" onClick={() => go({ page: 'last' })}>
            Go to the last page
          </Button>
        </MessageBox>
      ) : (
        <Narrow $keep={columns.keep} $hide={columns.hide}>
          <RecordsTable
            resource={resource}
            records={records}
            actionPerformed={() => setReload((n) => n + 1)}
            onSelect={handleSelect}
            onSelectAll={handleSelectAll}
            selectedRecords={selectedRecords}
            direction={search.get('direction') === 'desc' ? 'desc' : 'asc'}
            sortBy={search.get('sortBy') ?? undefined}
            isLoading={loading}
          />
        </Narrow>
      )}
      {refused ? null : (
        <Box
          as="nav"
          aria-label="Pages"
          flex
          flexDirection="row"
          flexWrap="wrap"
          alignItems="center"
          justifyContent="center"
          mt="xl"
          style={{ gap: 8 }}
        >
          <Button size="sm" variant="text" disabled={first} onClick={() => go({})}>
            <Icon icon="ChevronsLeft" /> First
          </Button>
          <Button size="sm" variant="text" disabled={first} onClick={previous}>
            <Icon icon="ChevronLeft" /> Previous
          </Button>
          <Text as="span" aria-live="polite" data-testid="page-position">
            {page === undefined ? 'Last page' : `Page ${page.toLocaleString()}`}
            {lastPage !== undefined && page !== undefined ? ` of ${lastPage.toLocaleString()}` : ''}
          </Text>
          <Button size="sm" variant="text" disabled={last} onClick={next}>
            Next <Icon icon="ChevronRight" />
          </Button>
          <Button size="sm" variant="text" disabled={atLast} onClick={() => go({ page: 'last' })}>
            Last <Icon icon="ChevronsRight" />
          </Button>
          <form onSubmit={submitJump} style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
            <Label htmlFor="planetary-page-jump" mb="0">
              Go to page
            </Label>
            <Input
              id="planetary-page-jump"
              type="number"
              min={1}
              value={jump}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setJump(e.target.value)}
              style={{ width: 110 }}
            />
            <Button size="sm" type="submit">
              Go
            </Button>
          </form>
        </Box>
      )}
    </Box>
  )
}

export default PlanetaryViewList

import {
  Box,
  Button,
  H2,
  Input,
  Label,
  MessageBox,
  Select,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Text,
} from '@adminjs/design-system'
import React, { useEffect, useState } from 'react'
import { useLocation, useNavigate } from 'react-router'
import { pageUrl, SqlBlock, usePageData } from '../../plugin/components/kit.jsx'
import { ChangeHead, OutcomeBadge } from './change-table.jsx'

const PAGE = 'change-log'
/** The query keys the page understands, in the order a URL carries them. */
const FILTERS = ['text', 'actor', 'plugin', 'kind', 'outcome', 'from', 'to'] as const
type FilterKey = (typeof FILTERS)[number]

interface Statement {
  kind: string
  summary: string
  sql: string
}

interface Entry {
  id: string
  actor: string
  appliedAt: string
  summary: string
  kind: string
  outcome: string
  error: string | null
  plugin: string | null
  statements: Statement[]
}

interface ChangeLogData {
  entries: Entry[]
  older: string | null
  newer: string | null
  options: {
    actors: string[]
    plugins: { id: string; title: string }[]
    kinds: string[]
    outcomes: string[]
  }
}

interface Option {
  value: string
  label: string
}

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' })

function EntryRow(props: {
  entry: Entry
  pluginTitle: string
  open: boolean
  onToggle: () => void
}) {
  const e = props.entry
  const detailId = `change-${e.id}-sql`
  return (
    <>
      <TableRow data-testid={`change-${e.id}`} data-outcome={e.outcome}>
        <TableCell style={{ whiteSpace: 'nowrap', textAlign: 'right' }}>
          <a href={pageUrl(PAGE, { id: e.id })}>#{e.id}</a>
        </TableCell>
        <TableCell style={{ whiteSpace: 'nowrap' }}>
          <time dateTime={e.appliedAt} title={e.appliedAt}>
            {when.format(new Date(e.appliedAt))}
          </time>
        </TableCell>
        <TableCell>{e.actor}</TableCell>
        <TableCell>{props.pluginTitle}</TableCell>
        <TableCell>
          <Text>{e.summary}</Text>
          {e.kind !== 'plan' ? (
            <Text variant="sm" color="grey60">
              {e.kind}
            </Text>
          ) : null}
        </TableCell>
        <TableCell>
          <OutcomeBadge outcome={e.outcome} />
        </TableCell>
        <TableCell>
          <Button
            type="button"
            size="sm"
            variant="outlined"
            aria-expanded={props.open}
            aria-controls={detailId}
            onClick={props.onToggle}
          >
            {props.open ? 'Hide SQL' : `SQL (${e.statements.length})`}
          </Button>
        </TableCell>
      </TableRow>
      {props.open ? (
        <TableRow id={detailId} data-testid={`change-${e.id}-detail`}>
          <TableCell colSpan={7}>
            {e.error ? (
              <Box mb="default" data-testid="change-error">
                <MessageBox variant="danger" message={e.error} />
              </Box>
            ) : null}
            {e.statements.map((s, i) => (
              <Box key={i} mb="default">
                <Text fontWeight="bold">
                  {i + 1}. {s.summary}{' '}
                  <Text as="span" color="grey60">
                    ({s.kind})
                  </Text>
                </Text>
                <SqlBlock sql={`${s.sql};`} testId="change-sql" />
              </Box>
            ))}
          </TableCell>
        </TableRow>
      ) : null}
    </>
  )
}

/**
 * The change log: every plan applied (who, when, which plugin, each statement's SQL with its
 * secrets masked, the outcome), newest first, filtered by the URL's query so a filter or an
 * entry (`?id=12`, where an apply's "change log #12" leads) can be linked to.
 */
const PlanetaryChangeLog: React.FC = () => {
  const location = useLocation()
  const navigate = useNavigate()
  const query = Object.fromEntries(new URLSearchParams(location.search))
  const page = usePageData<ChangeLogData>(PAGE, query)
  const [draft, setDraft] = useState<Record<FilterKey, string>>(() => {
    const d = {} as Record<FilterKey, string>
    for (const k of FILTERS) d[k] = query[k] ?? ''
    return d
  })
  const [open, setOpen] = useState<Record<string, boolean>>({})
  useEffect(() => {
    const d = {} as Record<FilterKey, string>
    for (const k of FILTERS) d[k] = query[k] ?? ''
    setDraft(d)
    // The URL is the filter: the form follows it when a link or Back changes it.
  }, [location.search])

  const go = (params: Record<string, string>) => {
    const kept = Object.entries(params).filter(([, v]) => v !== '')
    navigate(`${location.pathname}${kept.length ? `?${new URLSearchParams(kept).toString()}` : ''}`)
  }
  const apply = (event: React.FormEvent) => {
    event.preventDefault()
    go(draft)
  }
  const filtersOnly = () => {
    const params: Record<string, string> = {}
    for (const k of FILTERS) if (query[k]) params[k] = query[k] as string
    return params
  }

  const data = page.data
  const titles = new Map((data?.options.plugins ?? []).map((p) => [p.id, p.title]))
  const choice = (value: string, options: Option[]) =>
    value ? (options.find((o) => o.value === value) ?? { value, label: value }) : null
  const select = (key: FilterKey, label: string, options: Option[]) => (
    <Box mr="lg" mb="default" style={{ minWidth: 180 }}>
      <Label htmlFor={`change-log-${key}`}>{label}</Label>
      <Select
        inputId={`change-log-${key}`}
        value={choice(draft[key], options)}
        options={options}
        placeholder="Any"
        onChange={(o: Option | null) => setDraft({ ...draft, [key]: o?.value ?? '' })}
      />
    </Box>
  )
  const text = (key: FilterKey, label: string, type = 'text') => (
    <Box mr="lg" mb="default">
      <Label htmlFor={`change-log-${key}`}>{label}</Label>
      <Input
        id={`change-log-${key}`}
        type={type}
        value={draft[key]}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
          setDraft({ ...draft, [key]: e.target.value })
        }
      />
    </Box>
  )
  const opts = (values: string[]) => values.map((v) => ({ value: v, label: v }))

  return (
    <Box variant="grey">
      <Box variant="white" p="xl">
        <H2>Change log</H2>
        <Text mb="lg">
          Every plan applied through the console — who, when, from which plugin, each statement as
          it ran (passwords masked) and what came of it — and every run of the policy tester as
          another role.
        </Text>
        <form onSubmit={apply} data-testid="change-log-filters" role="search">
          <Box flex flexWrap="wrap" alignItems="flex-end">
            {text('text', 'Search (summary, SQL, error)')}
            {select('actor', 'Who', opts(data?.options.actors ?? []))}
            {select(
              'plugin',
              'Plugin',
              (data?.options.plugins ?? []).map((p) => ({ value: p.id, label: p.title })),
            )}
            {select('kind', 'Kind', opts(data?.options.kinds ?? []))}
            {select('outcome', 'Result', opts(data?.options.outcomes ?? []))}
            {text('from', 'From', 'date')}
            {text('to', 'To', 'date')}
            <Box mb="default">
              <Button type="submit" variant="contained" mr="default">
                Filter
              </Button>
              <Button type="button" variant="text" onClick={() => go({})}>
                Clear
              </Button>
            </Box>
          </Box>
        </form>
        {query.id ? (
          <Box my="default">
            <Text>
              Entry #{query.id} only. <a href={pageUrl(PAGE)}>Show the whole change log</a>
            </Text>
          </Box>
        ) : null}
        {page.failure ? (
          <Box my="default" data-testid="change-log-failure">
            <MessageBox variant="danger" message={page.failure.message ?? 'Refused'} />
          </Box>
        ) : null}
        {!data && !page.failure ? <Text>Loading…</Text> : null}
        {data ? (
          data.entries.length === 0 ? (
            <Text my="lg" data-testid="change-log-empty">
              No entry matches these filters.
            </Text>
          ) : (
            <Box mt="lg" style={{ overflowX: 'auto' }}>
              <Table data-testid="change-log-table" style={{ width: '100%' }}>
                <ChangeHead extra={['SQL']} />
                <TableBody>
                  {data.entries.map((e) => (
                    <EntryRow
                      key={e.id}
                      entry={e}
                      pluginTitle={e.plugin ? (titles.get(e.plugin) ?? e.plugin) : '—'}
                      open={open[e.id] ?? Boolean(query.id)}
                      onToggle={() =>
                        setOpen({ ...open, [e.id]: !(open[e.id] ?? Boolean(query.id)) })
                      }
                    />
                  ))}
                </TableBody>
              </Table>
            </Box>
          )
        ) : null}
        {data && (data.newer || data.older) ? (
          <Box flex mt="lg" data-testid="change-log-paging">
            {data.newer ? (
              <Button
                type="button"
                variant="outlined"
                mr="default"
                onClick={() => go({ ...filtersOnly(), after: data.newer as string })}
              >
                Newer
              </Button>
            ) : null}
            {data.older ? (
              <Button
                type="button"
                variant="outlined"
                onClick={() => go({ ...filtersOnly(), before: data.older as string })}
              >
                Older
              </Button>
            ) : null}
          </Box>
        ) : null}
      </Box>
    </Box>
  )
}

export default PlanetaryChangeLog

import {
  Box,
  H2,
  type Theme,
  H3,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Text,
} from '@adminjs/design-system'
import { styled } from '@adminjs/design-system/styled-components'
import { ApiClient, useCurrentAdmin, ViewHelpers } from 'adminjs'
import React, { useEffect, useState } from 'react'
import { useSelector } from 'react-redux'
import { useNavigate } from 'react-router'
import { ChangeHead, OutcomeBadge } from './change-table.jsx'
import { tabTitle } from './view-meta.js'

const api = new ApiClient()
const h = new ViewHelpers()

const personaText: Record<string, string> = {
  data: 'Rows in the views your role may use; PostgreSQL decides which ones you see.',
}

interface Link {
  kind: 'page' | 'resource'
  id: string
  title: string
}

interface Card {
  id: string
  title: string
  description: string | null
  links: Link[]
  figures: { label: string; value: number | string; page?: string }[] | null
  failed: boolean
}

interface Change {
  id: string
  actor: string
  appliedAt: string
  summary: string
  outcome: string
  plugin: string | null
}

interface ViewEntry {
  id: string
  title: string
  description: string | null
  count: string | null
}

interface DashboardData {
  cards: Card[]
  views?: ViewEntry[]
  claims?: Record<string, unknown> | null
  changes: Change[] | null
}

/** How many of a plugin's pages its card links to; the sidebar has them all. */
const CARD_LINKS = 5

const count = new Intl.NumberFormat()

const Anchor = styled.a`
  color: ${({ theme }: { theme: Theme }) => theme.colors.primary100};
  text-decoration: none;
  &:hover,
  &:focus-visible {
    text-decoration: underline;
  }
`

const Figures = styled.dl`
  display: flex;
  flex-wrap: wrap;
  gap: 16px 32px;
  margin: 0 0 16px;
  & > div {
    display: flex;
    flex-direction: column-reverse;
  }
  & dd {
    margin: 0;
    font-size: 28px;
    line-height: 36px;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  & dt {
    font-size: 13px;
    color: ${({ theme }: { theme: Theme }) => theme.colors.grey60};
  }
`
const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** A link inside the single-page app: a real href, followed without a reload. */
function AppLink(props: { href: string; children: React.ReactNode; testId?: string }) {
  const navigate = useNavigate()
  return (
    <Anchor
      href={props.href}
      data-testid={props.testId}
      onClick={(event: React.MouseEvent) => {
        if (event.ctrlKey || event.metaKey || event.shiftKey) return
        event.preventDefault()
        navigate(props.href)
      }}
    >
      {props.children}
    </Anchor>
  )
}

function PluginCard(props: { card: Card; hrefOf: (l: Link) => string | undefined }) {
  const c = props.card
  const links = c.links
    .map((l) => ({ l, href: props.hrefOf(l) }))
    .filter((x): x is { l: Link; href: string } => Boolean(x.href))
  return (
    <Box
      as="section"
      variant="white"
      p="xl"
      mr="lg"
      mb="lg"
      data-testid={`card-${c.id}`}
      style={{ flex: '1 1 300px', maxWidth: 460, border: '1px solid rgba(100,116,139,0.25)' }}
      aria-labelledby={`card-${c.id}-title`}
    >
      <H3 id={`card-${c.id}-title`}>{c.title}</H3>
      {c.description ? (
        <Text variant="sm" color="grey60" mb="lg">
          {c.description}
        </Text>
      ) : null}
      {c.figures?.length ? (
        <Figures>
          {c.figures.map((f) => (
            <div key={f.label} data-testid="figure">
              <dt>{f.page ? <AppLink href={h.pageUrl(f.page)}>{f.label}</AppLink> : f.label}</dt>
              <dd>{typeof f.value === 'number' ? count.format(f.value) : f.value}</dd>
            </div>
          ))}
        </Figures>
      ) : null}
      {c.failed ? (
        <Text variant="sm" color="grey60" mb="default">
          Its figures could not be read just now.
        </Text>
      ) : null}
      {links.length ? (
        <Box as="ul" style={{ listStyle: 'none', padding: 0, margin: 0, lineHeight: '24px' }}>
          {links.slice(0, CARD_LINKS).map(({ l, href }) => (
            <li key={`${l.kind}:${l.id}`}>
              <AppLink href={href}>{l.title}</AppLink>
            </li>
          ))}
          {links.length > CARD_LINKS ? (
            <li>
              <Text as="span" variant="sm" color="grey60">
                and {links.length - CARD_LINKS} more in the sidebar
              </Text>
            </li>
          ) : null}
        </Box>
      ) : null}
    </Box>
  )
}

/** A claim's value as text: strings as they are, anything else as JSON. */
function claimText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))
}

/**
 * The views the user may list, each with its rows as they see them (exact when cheap, else
 * "about N" or "many") and a link to its list; then the claims their requests carry.
 */
function YourData(props: {
  views: ViewEntry[]
  claims: Record<string, unknown> | null | undefined
  readsLog: boolean
  hrefOf: (id: string) => string | undefined
}) {
  const claims = Object.entries(props.claims ?? {})
  return (
    <Box variant="white" p="xl" mt="lg" as="section" data-testid="your-data">
      <H3>Your data</H3>
      {props.views.length === 0 ? (
        <Text>Your role may not read any view yet.</Text>
      ) : (
        <Table style={{ width: '100%' }} data-testid="your-views">
          <TableHead>
            <TableRow>
              <TableCell>View</TableCell>
              <TableCell style={{ textAlign: 'right' }}>Rows you see</TableCell>
              <TableCell>About it</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {props.views.map((v) => {
              const href = props.hrefOf(v.id)
              return (
                <TableRow key={v.id} data-testid={`view-${v.id}`}>
                  <TableCell>{href ? <AppLink href={href}>{v.title}</AppLink> : v.title}</TableCell>
                  <TableCell
                    style={{
                      textAlign: 'right',
                      whiteSpace: 'nowrap',
                      fontVariantNumeric: 'tabular-nums',
                    }}
                    data-testid="view-count"
                  >
                    {v.count ?? (
                      <Text as="span" color="grey60">
                        not counted now
                      </Text>
                    )}
                  </TableCell>
                  <TableCell>
                    {v.description ?? (
                      <Text as="span" color="grey60">
                        —
                      </Text>
                    )}
                  </TableCell>
                </TableRow>
              )
            })}
          </TableBody>
        </Table>
      )}
      <H3 mt="xl">Your claims</H3>
      {claims.length === 0 ? (
        <Text>Your requests carry no claims.</Text>
      ) : (
        <>
          <Text mb="default" variant="sm" color="grey60">
            Every request of yours carries these; row-level security decides your rows from them.
          </Text>
          <Figures data-testid="your-claims">
            {claims.map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{claimText(v)}</dd>
              </div>
            ))}
          </Figures>
        </>
      )}
      {props.readsLog ? null : (
        <>
          <H3 mt="xl">Your recent changes</H3>
          <Text data-testid="your-changes">
            The console does not record row changes, so it has no list of yours: PostgreSQL applies
            them directly, under your role.
          </Text>
        </>
      )}
    </Box>
  )
}

function LatestChanges(props: { changes: Change[]; titles: Map<string, string> }) {
  return (
    <Box variant="white" p="xl" mt="lg" data-testid="latest-changes" as="section">
      <H3>Latest changes</H3>
      {props.changes.length === 0 ? (
        <Text>Nothing has been applied through the console yet.</Text>
      ) : (
        <Table style={{ width: '100%' }}>
          <ChangeHead />
          <TableBody>
            {props.changes.map((c) => (
              <TableRow key={c.id} data-testid={`latest-${c.id}`}>
                <TableCell style={{ textAlign: 'right' }}>
                  <AppLink href={`${h.pageUrl('change-log')}?id=${encodeURIComponent(c.id)}`}>
                    #{c.id}
                  </AppLink>
                </TableCell>
                <TableCell style={{ whiteSpace: 'nowrap' }}>
                  <time dateTime={c.appliedAt}>{when.format(new Date(c.appliedAt))}</time>
                </TableCell>
                <TableCell>{c.actor}</TableCell>
                <TableCell>{c.plugin ? (props.titles.get(c.plugin) ?? c.plugin) : '—'}</TableCell>
                <TableCell>{c.summary}</TableCell>
                <TableCell>
                  <OutcomeBadge outcome={c.outcome} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Box mt="default">
        <AppLink href={h.pageUrl('change-log')}>The whole change log</AppLink>
      </Box>
    </Box>
  )
}

/**
 * The dashboard shows what exists for the signed-in user: a card per enabled plugin they may
 * use, with its key figures and pages, and the newest entries of the change log. A data user
 * (Karen) sees the views she may use with their row counts and links, and her claims.
 */
const PlanetaryDashboard: React.FC = () => {
  const [admin] = useCurrentAdmin()
  const resources = useSelector(
    (state: { resources: { id: string; href: string | null }[] }) => state.resources,
  )
  const personas = ((admin as { personas?: string[] } | null)?.personas ?? []) as string[]
  const [data, setData] = useState<DashboardData | null>(null)
  const [failed, setFailed] = useState(false)
  useEffect(() => {
    document.title = tabTitle('Dashboard')
  }, [])
  useEffect(() => {
    let live = true
    api
      .getDashboard<DashboardData>()
      .then((res) => {
        if (live) setData(res.data)
      })
      .catch(() => {
        if (live) setFailed(true)
      })
    return () => {
      live = false
    }
  }, [])
  const hrefOf = (l: Link) =>
    l.kind === 'page' ? h.pageUrl(l.id) : (resources.find((r) => r.id === l.id)?.href ?? undefined)
  const titles = new Map((data?.cards ?? []).map((c) => [c.id, c.title]))
  return (
    <Box variant="grey" data-testid="dashboard">
      <Box variant="white" p="xl">
        <H2>Planetary</H2>
        <Text mb="lg">
          PostgreSQL is the application. You are signed in as <b>{admin?.email}</b>, acting as the
          Postgres role <b>{(admin as { role?: string } | null)?.role}</b>.
        </Text>
        {personas
          .filter((p) => personaText[p])
          .map((p) => (
            <Text key={p} mb="default">
              <b>{p}</b>: {personaText[p]}
            </Text>
          ))}
        {failed ? <Text color="grey60">The dashboard's figures could not be read.</Text> : null}
      </Box>
      {data && (data.views?.length || personas.includes('data')) ? (
        <YourData
          views={data.views ?? []}
          claims={data.claims}
          readsLog={data.changes !== null}
          hrefOf={(id) => resources.find((r) => r.id === id)?.href ?? undefined}
        />
      ) : null}
      {data?.cards.length ? (
        <Box flex flexWrap="wrap" mt="lg" data-testid="plugin-cards">
          {data.cards.map((c) => (
            <PluginCard key={c.id} card={c} hrefOf={hrefOf} />
          ))}
        </Box>
      ) : null}
      {data?.changes ? <LatestChanges changes={data.changes} titles={titles} /> : null}
    </Box>
  )
}

export default PlanetaryDashboard

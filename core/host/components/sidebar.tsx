import { Box, Icon, Text, type Theme } from '@adminjs/design-system'
import { styled } from '@adminjs/design-system/styled-components'
import {
  useNavigationResources,
  useTranslation,
  ViewHelpers,
  type ReduxState,
  type ResourceJSON,
} from 'adminjs'
import React, { useEffect, useState } from 'react'
import { useSelector } from 'react-redux'
import { useLocation, useNavigate } from 'react-router'
import { tabTitle } from './view-meta.js'

/** What the host puts in the page state for the signed-in user (core/host/navigation.ts). */
interface NavigationLink {
  kind: 'page' | 'resource'
  id: string
  title: string
  icon?: string
}
interface NavigationSection {
  id: string
  title: string
  icon: string
  links: NavigationLink[]
  editors: Record<string, string>
}

const h = new ViewHelpers()
const STORAGE_KEY = 'planetarySidebarOpen'
/** Sections with more links than this start folded (the schema browser's twenty lists). */
const FOLDED_ABOVE = 8

/** What a styled rule is given: the theme, and for links whether it is the current one. */
type Themed = { theme: Theme; $selected?: boolean }

const Sections = styled.nav`
  padding: ${({ theme }: Themed) => `0 ${theme.space.xl} ${theme.space.lg}`};
  & ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
`

const SectionButton = styled.button`
  display: flex;
  align-items: center;
  width: 100%;
  gap: ${({ theme }: Themed) => theme.space.md};
  margin-top: ${({ theme }: Themed) => theme.space.md};
  padding: ${({ theme }: Themed) => `${theme.space.sm} ${theme.space.lg}`};
  border: 0;
  border-radius: 4px;
  background: transparent;
  color: ${({ theme }: Themed) => theme.colors.grey80};
  font: inherit;
  font-size: 12px;
  font-weight: 700;
  letter-spacing: 0.04em;
  text-transform: uppercase;
  text-align: left;
  cursor: pointer;
  & > .label {
    flex-grow: 1;
  }
  &:hover {
    background: ${({ theme }: Themed) => theme.colors.grey20};
  }
  &:focus-visible {
    outline: 2px solid ${({ theme }: Themed) => theme.colors.primary100};
    outline-offset: 1px;
  }
`

const LinkItem = styled.a<{ $selected: boolean }>`
  display: flex;
  align-items: center;
  gap: ${({ theme }: Themed) => theme.space.lg};
  padding: ${({ theme }: Themed) => `${theme.space.sm} ${theme.space.lg} ${theme.space.sm} ${theme.space.xl}`};
  border-radius: 4px;
  color: ${({ theme, $selected }: Themed) => ($selected ? theme.colors.primary100 : theme.colors.text)};
  background: ${({ theme, $selected }: Themed) => ($selected ? theme.colors.primary20 : 'transparent')};
  font-weight: ${({ $selected }: Themed) => ($selected ? 600 : 400)};
  font-size: 14px;
  line-height: 20px;
  text-decoration: none;
  & > .icon {
    flex-shrink: 0;
    color: ${({ theme, $selected }: Themed) => ($selected ? 'inherit' : theme.colors.grey60)};
  }
  &:hover {
    background: ${({ theme, $selected }: Themed) => ($selected ? theme.colors.primary20 : theme.colors.grey20)};
  }
  &:focus-visible {
    outline: 2px solid ${({ theme }: Themed) => theme.colors.primary100};
    outline-offset: 1px;
  }
`

function readOpen(): Record<string, boolean> {
  try {
    const value = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? '{}') as unknown
    return value && typeof value === 'object' ? (value as Record<string, boolean>) : {}
  } catch {
    return {}
  }
}

/** The page or resource the location shows, an editor counted as the list it edits. */
function isSelected(
  link: NavigationLink,
  href: string,
  pathname: string,
  section: NavigationSection,
) {
  if (link.kind === 'resource') return new RegExp(`^${escape(href)}(/|$)`).test(pathname)
  const open = /\/pages\/([^/]+)\/?$/.exec(pathname)?.[1]
  if (!open) return false
  const page = decodeURIComponent(open)
  return page === link.id || section.editors[page] === link.id
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** A link of a section: where it goes, what it says, and whether the page shown is its own. */
interface SectionLink {
  key: string
  href: string
  title: string
  icon: string
  selected: boolean
}

/**
 * One foldable section: a header button that opens and closes it, then its links. A plain click
 * follows a link inside the console; with Ctrl, ⌘ or Shift the browser opens it as it would.
 */
function Section(props: {
  testId: string
  listId: string
  icon: string
  title: string
  open: boolean
  onToggle: () => void
  links: readonly SectionLink[]
}) {
  const navigate = useNavigate()
  return (
    <Box data-testid={props.testId}>
      <SectionButton
        type="button"
        aria-expanded={props.open}
        aria-controls={props.listId}
        onClick={props.onToggle}
      >
        <Icon icon={props.icon} />
        <span className="label">{props.title}</span>
        <Icon icon={props.open ? 'ChevronUp' : 'ChevronDown'} />
      </SectionButton>
      {props.open ? (
        <ul id={props.listId}>
          {props.links.map((link) => (
            <li key={link.key}>
              <LinkItem
                href={link.href}
                $selected={link.selected}
                aria-current={link.selected ? 'page' : undefined}
                onClick={(event: React.MouseEvent) => {
                  if (event.ctrlKey || event.metaKey || event.shiftKey) return
                  event.preventDefault()
                  navigate(link.href)
                }}
              >
                <span className="icon">
                  <Icon icon={link.icon} />
                </span>
                <Text as="span">{link.title}</Text>
              </LinkItem>
            </li>
          ))}
        </ul>
      ) : null}
    </Box>
  )
}

/**
 * The sidebar: Karen's views grouped as AdminJS groups them, then a section per enabled plugin
 * the user may use (its pages, then its resources), the console's own pages first. Editors are
 * not listed: their list is marked while one is open. Section headers are buttons and every
 * entry a real link, so the keyboard reaches them all.
 */
const PlanetarySidebar: React.FC<{ resources: ResourceJSON[] }> = ({ resources }) => {
  const branding = useSelector((state: ReduxState) => state.branding) as unknown as {
    planetaryNavigation?: NavigationSection[]
  }
  const pages = useSelector((state: ReduxState) => state.pages)
  const sections = branding.planetaryNavigation ?? []
  const location = useLocation()
  const navigate = useNavigate()
  const { translateLabel, translatePage } = useTranslation()
  const [chosen, setChosen] = useState<Record<string, boolean>>(readOpen)
  // The browser tab names the console or plugin page open (resource pages name themselves).
  const pageName = /\/pages\/([^/]+)\/?$/.exec(location.pathname)?.[1]
  useEffect(() => {
    if (pageName) document.title = tabTitle(translatePage(pageName))
  }, [pageName, translatePage])

  const inSections = new Set(
    sections.flatMap((s) => s.links.filter((l) => l.kind === 'resource').map((l) => l.id)),
  )
  const sectionPages = new Set(
    sections.flatMap((s) => [
      ...s.links.filter((l) => l.kind === 'page').map((l) => l.id),
      ...Object.keys(s.editors),
    ]),
  )
  const views = useNavigationResources(resources.filter((r) => !inSections.has(r.id))).map(
    (element) => ({
      id: `views:${element.label}`,
      title: element.label,
      icon: element.icon ?? 'Database',
      links: (element.elements?.length ? element.elements : [element])
        .filter((e): e is typeof e & { href: string } => Boolean(e.href))
        .map((e) => ({ href: e.href, title: e.label, selected: Boolean(e.isSelected) })),
    }),
  )
  // Pages no section names (none today) still get a link, as AdminJS would list them.
  const loose = pages.filter((p) => !sectionPages.has(p.name))
  const byId = new Map(resources.map((r) => [r.id, r]))
  const pageNames = new Set(pages.map((p) => p.name))

  const toggle = (id: string, open: boolean) => {
    const next = { ...chosen, [id]: !open }
    setChosen(next)
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(next))
    } catch {
      // Private windows may refuse storage: the section still toggles for this page.
    }
  }

  return (
    <Box>
      {views.length ? (
        <Sections aria-label={translateLabel('navigation')} data-testid="sidebar-views">
          {views.map((group) => {
            // Karen's views start open: they are what she came for.
            const open = chosen[group.id] ?? true
            return (
              <Section
                key={group.id}
                testId={`sidebar-group-${group.title}`}
                listId={`sidebar-${group.id.replace(/[^A-Za-z0-9_-]/g, '-')}-links`}
                icon={group.icon}
                title={group.title}
                open={open}
                onToggle={() => toggle(group.id, open)}
                links={group.links.map((link) => ({ ...link, key: link.href, icon: 'Table' }))}
              />
            )
          })}
        </Sections>
      ) : null}
      {sections.length || loose.length ? (
        <Sections aria-label="Console sections" data-testid="sidebar-sections">
          {sections.map((section) => {
            const links = section.links
              .map((link) => ({
                link,
                href:
                  link.kind === 'page'
                    ? pageNames.has(link.id)
                      ? h.pageUrl(link.id)
                      : undefined
                    : (byId.get(link.id)?.href ?? undefined),
              }))
              .filter((l): l is { link: NavigationLink; href: string } => Boolean(l.href))
              .map(({ link, href }) => ({
                key: `${link.kind}:${link.id}`,
                href,
                title: link.title,
                icon: link.icon ?? 'ChevronRight',
                selected: isSelected(link, href, location.pathname, section),
              }))
            if (!links.length) return null
            const current = links.some((l) => l.selected)
            const open = chosen[section.id] ?? (current || links.length <= FOLDED_ABOVE)
            return (
              <Section
                key={section.id}
                testId={`sidebar-section-${section.id}`}
                listId={`sidebar-section-${section.id}-links`}
                icon={section.icon}
                title={section.title}
                open={open}
                onToggle={() => toggle(section.id, open)}
                links={links}
              />
            )
          })}
          {loose.length ? (
            <ul>
              {loose.map((p) => (
                <li key={p.name}>
                  <LinkItem
                    href={h.pageUrl(p.name)}
                    $selected={location.pathname.endsWith(`/pages/${p.name}`)}
                    onClick={(event: React.MouseEvent) => {
                      event.preventDefault()
                      navigate(h.pageUrl(p.name))
                    }}
                  >
                    <span className="icon">
                      <Icon icon={p.icon ?? 'ChevronRight'} />
                    </span>
                    <Text as="span">{p.name}</Text>
                  </LinkItem>
                </li>
              ))}
            </ul>
          ) : null}
        </Sections>
      ) : null}
    </Box>
  )
}

export default PlanetarySidebar

import { Box, Button, Icon, Text, type Theme } from '@adminjs/design-system'
import { styled } from '@adminjs/design-system/styled-components'
import type { CurrentAdmin } from 'adminjs'
import React, { useState } from 'react'

type Props = { session: CurrentAdmin; paths: { rootPath: string; logoutPath: string } }
type Themed = { theme: Theme }

const SignOut = styled.a`
  display: inline-flex;
  align-items: center;
  gap: ${({ theme }: Themed) => theme.space.sm};
  padding: ${({ theme }: Themed) => `${theme.space.sm} ${theme.space.md}`};
  border-radius: 4px;
  color: ${({ theme }: Themed) => theme.colors.text};
  font-size: 14px;
  text-decoration: none;
  &:hover {
    background: ${({ theme }: Themed) => theme.colors.grey20};
  }
`

/**
 * The top bar's signed-in user: their name and role, the light / dark toggle (kept for them on
 * the server, so every device shows their choice) and a sign-out link — plain controls the
 * keyboard reaches, in place of AdminJS's menu that opens on hover only.
 */
const PlanetaryLoggedIn: React.FC<Props> = ({ session, paths }) => {
  const dark = session.theme === 'planetary-dark'
  const [busy, setBusy] = useState(false)
  const [failed, setFailed] = useState(false)

  const toggle = async () => {
    setBusy(true)
    setFailed(false)
    try {
      const res = await fetch(`${paths.rootPath}/planetary/theme`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ theme: dark ? 'light' : 'dark' }),
      })
      if (!res.ok) throw new Error(String(res.status))
      // AdminJS draws the theme when it renders the page: the page is drawn again in it.
      window.location.reload()
    } catch {
      setFailed(true)
      setBusy(false)
    }
  }

  return (
    <Box flex flexShrink={0} alignItems="center" px="lg" style={{ gap: 12 }} data-css="logged-in">
      <Button
        type="button"
        variant="text"
        size="sm"
        aria-pressed={dark}
        title={dark ? 'Switch to the light theme' : 'Switch to the dark theme'}
        disabled={busy}
        onClick={() => void toggle()}
        data-testid="theme-toggle"
      >
        {/* One name in both states, as a toggle has: pressed or not says which is on. */}
        <Icon icon={dark ? 'Sun' : 'Moon'} />
        <span>Dark theme</span>
      </Button>
      {failed ? (
        <Text as="span" role="alert" color="error" variant="sm">
          The theme could not be changed
        </Text>
      ) : null}
      <Text as="span" variant="sm" data-testid="signed-in-as">
        <strong>{session.email}</strong> · {session.title}
      </Text>
      <SignOut href={paths.logoutPath}>
        <Icon icon="LogOut" />
        Sign out
      </SignOut>
    </Box>
  )
}

export default PlanetaryLoggedIn

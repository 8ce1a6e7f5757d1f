import { Box, H2, Text } from '@adminjs/design-system'
import { useCurrentAdmin } from 'adminjs'
import React from 'react'

const personaText: Record<string, string> = {
  data: 'Rows in the views your role may use; PostgreSQL decides which ones you see.',
  ops: 'Roles, grants, policies, health and jobs, through forms that generate SQL.',
  dev: 'Protected tables, views, functions, types and audit.',
  admin: 'Console users and plugins.',
}

const PlanetaryDashboard: React.FC = () => {
  const [admin] = useCurrentAdmin()
  const personas = ((admin as { personas?: string[] } | null)?.personas ?? []) as string[]
  return (
    <Box variant="grey">
      <Box variant="white" p="xl">
        <H2>Planetary</H2>
        <Text mb="lg">
          PostgreSQL is the application. You are signed in as <b>{admin?.email}</b>, acting as the
          Postgres role <b>{(admin as { role?: string } | null)?.role}</b>.
        </Text>
        {personas.map((p) => (
          <Text key={p} mb="default">
            <b>{p}</b>: {personaText[p] ?? ''}
          </Text>
        ))}
      </Box>
    </Box>
  )
}

export default PlanetaryDashboard

import { Box, MessageBox, Text } from '@adminjs/design-system'
import React from 'react'
import { Button, card, mono, StatusBadge, type Tone } from '../../../core/plugin/components/kit.jsx'
import { ClaimPlaces } from './claim-places.jsx'
import type { DeclaredClaim, UndeclaredClaim } from './types.js'

const badge = (text: string, tone: Tone) => (
  <span style={{ marginLeft: 8 }}>
    <StatusBadge tone={tone}>{text}</StatusBadge>
  </span>
)

/** A declared claim: type, roles that map it, cast mismatches and every place it is used. */
export function DeclaredCard(props: {
  claim: DeclaredClaim
  onEdit: () => void
  onDelete: () => void
}) {
  const c = props.claim
  return (
    <Box style={card} data-testid={`claim-${c.name}`}>
      <Box flex style={{ justifyContent: 'space-between', alignItems: 'center' }}>
        <Text>
          <b style={mono}>app.{c.name}</b>
          {badge(c.type, 'info')}
          {c.required ? badge('required', 'accent') : null}
          {c.places.length ? badge(`used in ${c.places.length}`, 'ok') : badge('unused', 'muted')}
        </Text>
        <Box>
          <Button size="sm" variant="outlined" type="button" onClick={props.onEdit}>
            Edit
          </Button>
          <Button size="sm" variant="outlined" type="button" onClick={props.onDelete}>
            Delete
          </Button>
        </Box>
      </Box>
      {c.description ? <Text mt="sm">{c.description}</Text> : null}
      <Text mt="sm" style={{ fontSize: 13, color: 'var(--planetary-muted, #555)' }}>
        {c.roles.length
          ? `From the JWT for ${c.roles.join(', ')} (see Mappings).`
          : 'No role maps it from the JWT yet.'}{' '}
        Read it in a policy as{' '}
        <code style={mono}>{`nullif(current_setting('app.${c.name}', true), '')::${c.type}`}</code>
      </Text>
      {c.castMismatches.length ? (
        <Box my="default" data-testid={`mismatch-${c.name}`}>
          <MessageBox
            variant="warning"
            message={`Used as ${c.castMismatches.join(', ')} somewhere, declared ${c.type}.`}
          />
        </Box>
      ) : null}
      <Box mt="default">
        <ClaimPlaces places={c.places} testId={`places-${c.name}`} />
      </Box>
    </Box>
  )
}

/** A claim used but not declared, with its places and a one-click declare. */
export function UndeclaredCard(props: {
  claim: UndeclaredClaim
  busy: boolean
  onDeclare: () => void
}) {
  const c = props.claim
  return (
    <Box style={{ ...card, borderColor: '#ffcc80' }} data-testid={`undeclared-${c.name}`}>
      <Box flex style={{ justifyContent: 'space-between', alignItems: 'center' }}>
        <Text>
          <b style={mono}>{c.name}</b>
          {badge('not declared', 'warning')}
        </Text>
        {c.refusal ? (
          <Text style={{ fontSize: 13, color: 'var(--planetary-muted, #5f6368)' }}>
            {c.refusal}
          </Text>
        ) : (
          <Button
            size="sm"
            variant="outlined"
            type="button"
            disabled={props.busy}
            name={`declare-${c.name}`}
            onClick={props.onDeclare}
          >
            Declare as {c.suggestedType}
          </Button>
        )}
      </Box>
      <Box mt="default">
        <ClaimPlaces places={c.places} testId={`places-${c.name}`} />
      </Box>
    </Box>
  )
}

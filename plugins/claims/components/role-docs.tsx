import { Box, H3, Text } from '@adminjs/design-system'
import React from 'react'
import { Button, card, mono, SqlBlock } from '../../../core/plugin/components/kit.jsx'
import type { RoleDoc } from './types.js'

const code: React.CSSProperties = { ...mono, fontSize: 12, whiteSpace: 'pre-wrap' }

function Line(props: { label: string; sql: string; note?: string }) {
  return (
    <Box flex mt="sm" style={{ gap: 12 }}>
      <Text
        style={{ width: 110, flexShrink: 0, fontSize: 13, color: 'var(--planetary-muted, #555)' }}
      >
        {props.label}
      </Text>
      <Box>
        <code style={code}>{props.sql}</code>
        {props.note ? (
          <Text style={{ fontSize: 12, color: 'var(--planetary-muted, #5f6368)' }}>
            {props.note}
          </Text>
        ) : null}
      </Box>
    </Box>
  )
}

const shown = (v: unknown) => (v === null || v === undefined ? '—' : JSON.stringify(v))

/** One role's mappings spelled out: set_config, type check, policy read, console users. */
export function RoleDocCard(props: {
  doc: RoleDoc
  busy: boolean
  onRemove: (claim: string) => void
}) {
  const { doc } = props
  return (
    <Box style={card} data-testid={`role-doc-${doc.role}`}>
      <H3>Role {doc.role}</H3>
      <Text mb="default" style={{ fontSize: 13, color: 'var(--planetary-muted, #555)' }}>
        PostgREST switches to <b>{doc.role}</b> and its db-pre-request function runs these calls;
        the console sets the same <code style={mono}>app.*</code> settings from its users' claims.
      </Text>
      {doc.claims.map((c) => (
        <Box
          key={c.claim}
          mb="default"
          p="default"
          style={{ border: '1px solid #eef', borderRadius: 6 }}
          data-claim={c.claim}
        >
          <Box flex style={{ justifyContent: 'space-between', alignItems: 'center' }}>
            <Text>
              <b style={mono}>app.{c.claim}</b> ({c.type}
              {c.required ? ', required' : ''}) ← JWT <b style={mono}>{c.jwtPath}</b>
              {c.note ? (
                <span style={{ color: 'var(--planetary-muted, #5f6368)' }}> — {c.note}</span>
              ) : null}
            </Text>
            <Button
              size="sm"
              variant="outlined"
              type="button"
              disabled={props.busy}
              onClick={() => props.onRemove(c.claim)}
            >
              Remove
            </Button>
          </Box>
          <Line label="set_config" sql={c.setConfig} />
          <Line
            label="type check"
            sql={c.typeCheck}
            note={
              c.type === 'text'
                ? 'any value is a text'
                : `a value that is no ${c.type} raises invalid_text_representation (22P02)`
            }
          />
          <Line label="a policy reads" sql={c.policyRead} />
        </Box>
      ))}
      {doc.script ? <SqlBlock sql={doc.script} testId={`role-script-${doc.role}`} /> : null}
      <Text fontWeight="bold" mt="default">
        Console users acting as {doc.role}
      </Text>
      {doc.users.length === 0 ? (
        <Text style={{ fontSize: 13, color: 'var(--planetary-muted, #5f6368)' }}>None.</Text>
      ) : (
        doc.users.map((u) => (
          <Text key={u.name} style={{ fontSize: 13 }}>
            <b>{u.name}</b>:{' '}
            {u.values.map((v, i) => (
              <span key={v.claim} style={{ color: v.fits ? '#1b5e20' : '#b71c1c' }}>
                {i > 0 ? ', ' : ''}
                {v.claim} = {shown(v.value)}
                {v.fits ? '' : v.value === null ? ' (missing)' : ' (not a valid value)'}
              </span>
            ))}
          </Text>
        ))
      )}
    </Box>
  )
}

import { Box, Text } from '@adminjs/design-system'
import React from 'react'
import { mono, toneColors } from '../../../core/plugin/components/kit.jsx'
import type { Place, Use } from './types.js'

const KIND: Record<Place['kind'], string> = {
  policy: 'policy',
  view: 'view',
  function: 'function',
  default: 'column default',
  check: 'CHECK',
}

const cell: React.CSSProperties = { padding: '4px 8px', verticalAlign: 'top', fontSize: 13 }

function where(p: Place): string {
  const at = `${p.schema}.${p.object}`
  switch (p.kind) {
    case 'policy':
      return `${at} · policy ${p.detail ?? ''} (${p.part === 'using' ? 'USING' : 'WITH CHECK'})`
    case 'view':
      return at
    case 'function':
      return `${at} · ${p.part}`
    case 'default':
      return `${at}.${p.detail ?? ''}`
    case 'check':
      return `${at} · ${p.detail ?? ''}`
  }
}

function source(u: Use): string {
  const how = u.access === 'set' ? 'sets' : 'reads'
  const from =
    u.source === 'setting'
      ? `app.${u.claim}`
      : u.source === 'jwt'
        ? `JWT ${(u.path ?? [u.claim]).join('.')}`
        : `request.jwt.claim.${u.claim}`
  const notes = [
    u.cast ? `as ${u.cast}` : '',
    u.raisesWhenUnset ? 'raises when unset (no missing_ok)' : '',
  ].filter(Boolean)
  return `${how} ${from}${notes.length ? ` — ${notes.join(', ')}` : ''}`
}

/** Where a claim is used: one row per object, its uses with the line they sit on. */
export function ClaimPlaces(props: { places: Place[]; testId: string }) {
  if (props.places.length === 0) {
    return (
      <Text
        style={{ color: 'var(--planetary-muted, #5f6368)', fontSize: 13 }}
        data-testid={props.testId}
      >
        Not used by any policy, view, function, default or CHECK.
      </Text>
    )
  }
  return (
    <table style={{ width: '100%', borderCollapse: 'collapse' }} data-testid={props.testId}>
      <thead>
        <tr style={{ textAlign: 'left', borderBottom: '1px solid #dde' }}>
          <th style={cell}>Kind</th>
          <th style={cell}>Where</th>
          <th style={cell}>Use</th>
          <th style={cell}>Found by</th>
        </tr>
      </thead>
      <tbody>
        {props.places.map((p, i) => (
          <tr
            key={i}
            style={{ borderBottom: '1px solid #eef' }}
            data-place={`${p.kind} ${p.schema}.${p.object}${p.detail ? ` ${p.detail}` : ''} ${p.part}`}
          >
            <td style={cell}>{KIND[p.kind]}</td>
            <td style={{ ...cell, ...mono }}>{where(p)}</td>
            <td style={cell}>
              {p.uses.map((u, j) => (
                <Box key={j} mb="sm">
                  <Text style={{ fontSize: 13 }}>{source(u)}</Text>
                  <code style={{ ...mono, fontSize: 12, color: 'var(--planetary-code, #37474f)' }}>
                    {u.excerpt}
                  </code>
                </Box>
              ))}
            </td>
            <td style={cell}>
              <span
                title={
                  p.method === 'parser'
                    ? 'Read from the PostgreSQL parse tree'
                    : `Matched as text: ${p.part} bodies are not parsed (a claim kept in a variable is not followed)`
                }
                style={{
                  padding: '1px 8px',
                  borderRadius: 10,
                  fontSize: 12,
                  background: toneColors[p.method === 'parser' ? 'info' : 'warning'].background,
                  color: toneColors[p.method === 'parser' ? 'info' : 'warning'].color,
                }}
              >
                {p.method === 'parser' ? 'parser' : 'text match'}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

import { Box, H3, Text } from '@adminjs/design-system'
import React, { useEffect, useRef, useState } from 'react'
import {
  PlanButtons,
  PlanOutcome,
  postPage,
  SqlBlock,
  type Reply,
  type StatementReply,
} from './kit.js'

/**
 * The live SQL of a form: the server renders the whole plan (drafts allowed) a moment after
 * each change, and says which fields it refuses. Keeps the last plan it could render.
 */
export function useLiveSql(
  page: string,
  action: string,
  payload: Record<string, unknown> | null,
  extra: Record<string, unknown> = {},
): { render: Reply | null; lastGood: Reply | null } {
  const [render, setRender] = useState<Reply | null>(null)
  const [lastGood, setLastGood] = useState<Reply | null>(null)
  const seq = useRef(0)
  const key = payload ? JSON.stringify({ payload, extra }) : ''
  useEffect(() => {
    if (!payload) {
      setRender(null)
      return
    }
    const mine = ++seq.current
    const timer = setTimeout(() => {
      void postPage(page, { action, ...extra, form: payload }).then((reply) => {
        if (mine !== seq.current) return
        setRender(reply)
        if (reply.ok) setLastGood(reply)
      })
    }, 300)
    return () => clearTimeout(timer)
    // `key` stands for payload and extra: objects rebuilt on every render.
  }, [key, page, action])
  return { render, lastGood }
}

/** The live SQL, the refusals of the form as it stands, Dry run, Apply and what came of them. */
export function PlanPanel(props: {
  render: Reply | null
  lastGood: Reply | null
  outcome: Reply | null
  busy: boolean
  onPreview: () => void
  onApply: () => void
  applyLabel?: string
  empty?: string
  children?: React.ReactNode
}) {
  const shown = props.render?.ok ? props.render : props.lastGood
  const statements = (shown?.statements ?? []) as StatementReply[]
  return (
    <Box>
      <H3>Live SQL</H3>
      {props.render && !props.render.ok ? (
        <Box
          data-testid="preview-refused"
          p="default"
          mb="default"
          style={{ background: '#fdecea', borderRadius: 6 }}
        >
          <Text style={{ color: '#b71c1c', fontWeight: 600 }}>
            Not valid yet — nothing can run:
          </Text>
          {Object.entries(props.render.fields ?? {}).map(([f, m]) => (
            <Text key={f} style={{ color: '#b71c1c', fontSize: 13 }}>
              {f}: {m}
            </Text>
          ))}
          {Object.keys(props.render.fields ?? {}).length ? null : (
            <Text style={{ color: '#b71c1c', fontSize: 13 }}>{props.render.message}</Text>
          )}
        </Box>
      ) : null}
      {shown ? (
        <Box style={{ opacity: props.render && !props.render.ok ? 0.55 : 1 }}>
          <Text style={{ fontSize: 13, color: '#555' }}>
            {statements.length} statements, run in one transaction:
          </Text>
          <ol style={{ fontSize: 13, paddingLeft: 20, margin: '6px 0' }} data-testid="plan-summary">
            {statements.map((s, i) => (
              <li key={i} style={{ color: s.destructive ? '#b71c1c' : undefined }}>
                {s.summary}
              </li>
            ))}
          </ol>
          <SqlBlock sql={String(shown.sql ?? '')} testId="sql-preview" />
        </Box>
      ) : (
        <Text style={{ color: '#666' }}>{props.empty ?? 'Fill in the form to see the SQL.'}</Text>
      )}
      {props.children}
      <PlanButtons
        busy={props.busy}
        {...(props.applyLabel ? { applyLabel: props.applyLabel } : {})}
        onRun={(mode) => (mode === 'preview' ? props.onPreview() : props.onApply())}
      />
      <PlanOutcome reply={props.outcome} />
    </Box>
  )
}

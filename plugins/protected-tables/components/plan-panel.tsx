import { Box, Button, H3, MessageBox, Text } from '@adminjs/design-system'
import React, { useEffect, useRef, useState } from 'react'
import { fieldSentence, type FieldNames } from './field-words.js'
import {
  PlanButtons,
  PlanOutcome,
  postPage,
  SqlBlock,
  type PlanWarning,
  type Reply,
  type StatementReply,
} from './kit.js'
import { PlanWarnings } from './plan-warnings.js'

/**
 * The live SQL of a form: the server renders the whole plan (drafts allowed) a moment after
 * each change, and says which fields it refuses. Keeps the last plan it could render.
 */
export function useLiveSql(
  page: string,
  action: string,
  payload: Record<string, unknown> | null,
  extra: Record<string, unknown> = {},
): { render: Reply | null; lastGood: Reply | null; pending: boolean } {
  const [render, setRender] = useState<Reply | null>(null)
  const [lastGood, setLastGood] = useState<Reply | null>(null)
  const [renderedKey, setRenderedKey] = useState('')
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
        setRenderedKey(key)
        if (reply.ok) setLastGood(reply)
      })
    }, 300)
    return () => clearTimeout(timer)
    // `key` stands for payload and extra: objects rebuilt on every render.
  }, [key, page, action])
  // The form changed since the server last looked at it: what `render` says is stale.
  return { render, lastGood, pending: key !== '' && key !== renderedKey }
}

/**
 * What a page that gates its Apply tells the panel: the plan's warnings (Apply waits for them
 * to be acknowledged), what blocks an apply of the draft, whether the server has seen the form
 * as it is now, and the names that turn field paths into words.
 */
export interface ApplyGate {
  warnings: readonly PlanWarning[]
  blocking: Readonly<Record<string, string>>
  pending: boolean
  names?: FieldNames | undefined
}

/** Dry run and Apply, each enabled only when it can run, and why not in words. */
function GatedButtons(props: {
  gate: ApplyGate
  render: Reply | null
  busy: boolean
  onPreview: () => void
  onApply: (extra?: Record<string, unknown>) => void
  applyLabel?: string | undefined
}) {
  const { gate } = props
  const [acknowledged, setAcknowledged] = useState(false)
  const warningsKey = JSON.stringify(gate.warnings)
  useEffect(() => setAcknowledged(false), [warningsKey])
  const refused = props.render && !props.render.ok ? (props.render.fields ?? {}) : {}
  const reasons = [
    ...Object.entries(refused),
    ...Object.entries(gate.blocking).filter(([f]) => !(f in refused)),
  ].map(([f, m]) => fieldSentence(f, m, gate.names))
  if (props.render && !props.render.ok && reasons.length === 0) {
    reasons.push(props.render.message ?? 'The form is not valid yet')
  }
  const runnable = !props.busy && !gate.pending && props.render?.ok === true && reasons.length === 0
  const applicable = runnable && (gate.warnings.length === 0 || acknowledged)
  return (
    <Box>
      <PlanWarnings
        warnings={gate.warnings}
        names={gate.names}
        acknowledged={acknowledged}
        onAcknowledge={setAcknowledged}
      />
      <Box my="default">
        <Button type="button" mr="default" disabled={!runnable} onClick={() => props.onPreview()}>
          Dry run
        </Button>
        <Button
          type="button"
          variant="contained"
          mr="default"
          disabled={!applicable}
          // The server refuses a plan with warnings unless they were acknowledged.
          onClick={() => props.onApply({ acknowledgeWarnings: acknowledged })}
        >
          {props.applyLabel ?? 'Apply'}
        </Button>
      </Box>
      {reasons.length ? (
        <Box
          data-testid="apply-blocked"
          style={{ fontSize: 13, color: 'var(--planetary-muted, #555)' }}
        >
          <Text style={{ fontSize: 13, color: 'var(--planetary-muted, #555)' }}>
            Apply is possible once:
          </Text>
          <ul style={{ margin: '4px 0', paddingLeft: 20, listStyle: 'disc' }}>
            {reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </Box>
      ) : runnable && !applicable ? (
        <Text
          data-testid="apply-needs-acknowledgement"
          style={{ fontSize: 13, color: 'var(--planetary-warn, #5d4200)' }}
        >
          Tick the box above to apply despite the warnings.
        </Text>
      ) : gate.pending ? (
        <Text style={{ fontSize: 13, color: 'var(--planetary-muted, #555)' }}>
          Checking the form…
        </Text>
      ) : null}
    </Box>
  )
}

/** The views a dry run could not try a sample INSERT through, and why. */
function NotExercisedNotes(props: { reply: Reply | null }) {
  const list = (props.reply?.ok ? props.reply.notExercised : undefined) as
    { field: string; message: string }[] | undefined
  if (!list?.length) return null
  return (
    <Box data-testid="not-exercised">
      {list.map((n) => (
        <MessageBox key={n.field} variant="info" message={n.message} mb="sm" />
      ))}
    </Box>
  )
}

/** The live SQL, the refusals of the form as it stands, Dry run, Apply and what came of them. */
export function PlanPanel(props: {
  render: Reply | null
  lastGood: Reply | null
  outcome: Reply | null
  busy: boolean
  onPreview: () => void
  /** `extra` goes into the apply's payload (the wizard's acknowledgement of its warnings). */
  onApply: (extra?: Record<string, unknown>) => void
  applyLabel?: string
  empty?: string
  /** Apply only when the form can be applied, warnings acknowledged (the protect wizard). */
  gate?: ApplyGate
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
          style={{ background: 'var(--planetary-danger-bg, #fdecea)', borderRadius: 6 }}
        >
          <Text style={{ color: 'var(--planetary-danger, #b71c1c)', fontWeight: 600 }}>
            Not valid yet — nothing can run:
          </Text>
          {Object.entries(props.render.fields ?? {}).map(([f, m]) => (
            <Text
              key={f}
              data-field={f}
              style={{ color: 'var(--planetary-danger, #b71c1c)', fontSize: 13 }}
            >
              {fieldSentence(f, m, props.gate?.names)}
            </Text>
          ))}
          {Object.keys(props.render.fields ?? {}).length ? null : (
            <Text style={{ color: 'var(--planetary-danger, #b71c1c)', fontSize: 13 }}>
              {props.render.message}
            </Text>
          )}
        </Box>
      ) : null}
      {shown ? (
        <Box style={{ opacity: props.render && !props.render.ok ? 0.55 : 1 }}>
          <Text style={{ fontSize: 13, color: 'var(--planetary-muted, #555)' }}>
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
        <Text style={{ color: 'var(--planetary-muted, #666)' }}>
          {props.empty ?? 'Fill in the form to see the SQL.'}
        </Text>
      )}
      {props.children}
      {props.gate ? (
        <GatedButtons
          gate={props.gate}
          render={props.render}
          busy={props.busy}
          onPreview={props.onPreview}
          onApply={props.onApply}
          applyLabel={props.applyLabel}
        />
      ) : (
        <PlanButtons
          busy={props.busy}
          {...(props.applyLabel ? { applyLabel: props.applyLabel } : {})}
          onRun={(mode) => (mode === 'preview' ? props.onPreview() : props.onApply())}
        />
      )}
      <PlanOutcome reply={props.outcome} />
      <NotExercisedNotes reply={props.outcome} />
    </Box>
  )
}

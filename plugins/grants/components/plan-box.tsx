/**
 * A plan action's live SQL (mode render, re-asked whenever the payload changes), its warnings,
 * Dry run and Apply, and the outcome. `onApplied` runs after a successful apply.
 */
import { Box } from '@adminjs/design-system'
import React, { useEffect, useState } from 'react'
import {
  FieldError,
  Failure,
  PlanButtons,
  PlanOutcome,
  postPage,
  SqlBlock,
  Warnings,
  type Reply,
} from '../../../core/plugin/components/kit.jsx'

export function PlanBox(props: {
  page: string
  payload: Record<string, unknown> | null
  testId?: string
  onApplied?: (reply: Reply) => void | Promise<void>
}) {
  const [shown, setShown] = useState<Reply | null>(null)
  const [outcome, setOutcome] = useState<Reply | null>(null)
  const [busy, setBusy] = useState(false)
  const key = JSON.stringify(props.payload)

  useEffect(() => {
    setOutcome(null)
    if (!props.payload) return setShown(null)
    let stale = false
    void postPage(props.page, { ...props.payload, mode: 'render' }).then((reply) => {
      if (!stale) setShown(reply)
    })
    return () => {
      stale = true
    }
    // `key` stands for the payload: a new object with the same content asks nothing new.
  }, [props.page, key])

  if (!props.payload) return null
  // Once applied, the same plan is not offered again; a changed form asks anew.
  const applied = outcome?.ok === true && outcome.applied !== undefined

  const run = async (mode: 'preview' | 'apply') => {
    setBusy(true)
    const reply = await postPage(props.page, { ...props.payload, mode })
    setBusy(false)
    setOutcome(reply)
    if (mode === 'apply' && reply.ok) await props.onApplied?.(reply)
  }

  return (
    <Box data-testid={props.testId}>
      {shown?.ok ? (
        <>
          <SqlBlock sql={String(shown.sql)} testId="sql-preview" />
          <Warnings warnings={shown.warnings} />
        </>
      ) : shown?.fields ? (
        <FieldError fields={shown.fields} names={Object.keys(shown.fields)} exact />
      ) : (
        <Failure reply={shown} />
      )}
      <PlanButtons busy={busy || applied || !shown?.ok} onRun={(mode) => void run(mode)} />
      <PlanOutcome reply={outcome} />
    </Box>
  )
}

import { Box, H3, Text } from '@adminjs/design-system'
import React, { useEffect, useRef, useState } from 'react'
import {
  Choice,
  FieldError,
  Input,
  labelStyle,
  PlanButtons,
  PlanOutcome,
  postPage,
  type Reply,
  SqlBlock,
  Warnings,
} from '../../../core/plugin/components/kit.jsx'

/**
 * PostgREST's db-pre-request function for the mappings as stored: live SQL as the target
 * changes, a dry run (rolled back) and apply through the executor.
 */
export function PreRequestPanel(props: { page: string; schemas: string[]; version: number }) {
  const initial = props.schemas.includes('api')
    ? 'api'
    : props.schemas.includes('public')
      ? 'public'
      : (props.schemas[0] ?? '')
  const [target, setTarget] = useState({ schema: initial, name: 'pre_request' })
  const [shown, setShown] = useState<Reply | null>(null)
  const [outcome, setOutcome] = useState<Reply | null>(null)
  const [busy, setBusy] = useState(false)
  const seq = useRef(0)

  useEffect(() => {
    const mine = ++seq.current
    const timer = setTimeout(() => {
      void postPage(props.page, { action: 'pre-request', mode: 'render', target }).then((r) => {
        if (mine === seq.current) setShown(r)
      })
    }, 200)
    return () => clearTimeout(timer)
    // The mappings' version re-renders the SQL after a mapping changes.
  }, [props.page, target, props.version])

  const run = async (mode: 'preview' | 'apply') => {
    setBusy(true)
    setOutcome(await postPage(props.page, { action: 'pre-request', mode, target }))
    setBusy(false)
  }

  const fields = shown && !shown.ok ? shown.fields : undefined
  return (
    <Box
      mt="xl"
      p="lg"
      style={{ border: '1px solid #c5cae9', borderRadius: 6 }}
      data-testid="pre-request"
    >
      <H3>PostgREST pre-request function</H3>
      <Text mb="default" style={{ fontSize: 13, color: 'var(--planetary-muted, #555)' }}>
        Sets each mapped claim for the request's role from the JWT, cast through its declared type
        (a wrong value raises, a missing required claim refuses the request).
      </Text>
      <Box flex style={{ gap: 16, flexWrap: 'wrap' }} mb="default">
        <Box>
          <label style={labelStyle} htmlFor="pre-request-schema">
            Schema
          </label>
          <Choice
            id="pre-request-schema"
            name="pre-request-schema"
            value={target.schema}
            onChange={(e) => {
              setTarget({ ...target, schema: e.target.value })
              setOutcome(null)
            }}
            values={props.schemas}
          />
          <FieldError fields={fields} names={['schema']} />
        </Box>
        <Box>
          <label style={labelStyle} htmlFor="pre-request-name">
            Function name
          </label>
          <Input
            id="pre-request-name"
            name="pre-request-name"
            value={target.name}
            onChange={(e) => {
              setTarget({ ...target, name: e.target.value })
              setOutcome(null)
            }}
          />
          <FieldError fields={fields} names={['name']} />
        </Box>
      </Box>
      {shown?.ok ? (
        <>
          <SqlBlock sql={String(shown.sql)} testId="pre-request-sql" />
          <Warnings warnings={shown.warnings} />
          <PlanButtons busy={busy} onRun={(mode) => void run(mode)} />
          <PlanOutcome reply={outcome} />
        </>
      ) : (
        <Text
          style={{ color: 'var(--planetary-danger, #c62828)' }}
          data-testid="pre-request-refused"
        >
          {shown?.fields?.mappings ?? shown?.message ?? ''}
        </Text>
      )}
    </Box>
  )
}

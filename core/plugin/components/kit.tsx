/**
 * The UI kit every plugin page shares (the SDK's `pg-planetary/ui`): page calls, SQL blocks,
 * field errors, warnings, dry-run and apply outcomes. It lives in core so plugins depend on core,
 * never on each other. Built-in pages import it as `…/kit.jsx`, not `…/kit.js`: AdminJS's bundler
 * must take this source, never a compiled kit.js beside it (with its bare react/jsx-runtime
 * import); `.jsx` resolves to this source only. docs/plugins.md lists what it offers.
 */
import { Box, Button, MessageBox, Text } from '@adminjs/design-system'
import { ApiClient } from 'adminjs'
import React, { useCallback, useEffect, useState } from 'react'
import { StatusBadge, type Tone } from './controls.jsx'

export * from './controls.jsx'
export * from './pickers.jsx'

export {
  Value,
  NullMark,
  numberStyle,
  fieldWords,
  type ValueFormat,
  type ValueProps,
} from './value.jsx'
export { CodeView, aceMode } from './code.jsx'
export {
  formatNumber,
  formatDate,
  formatTime,
  formatTimestamp,
  formatBytes,
  formatDuration,
  formatScalar,
  isNumericText,
  valueKind,
  type FormatOptions,
  type ValueKind,
} from './format.js'

const api = new ApiClient()

/** The URL of a page, with its query. */
export function pageUrl(page: string, query?: Record<string, string>): string {
  const q = query && Object.keys(query).length ? `?${new URLSearchParams(query).toString()}` : ''
  return `/admin/pages/${page}${q}`
}

export interface ErrorReply {
  message: string
  sqlstate?: string
  detail?: string
  hint?: string
  caret?: string
  position?: number
}

export interface StatementReply {
  kind: string
  summary: string
  sql: string
  destructive: boolean
  status?: 'ok' | 'error' | 'not run'
  notices?: string[]
  note?: string
  error?: ErrorReply
}

/** A page handler's answer: `ok` with its data, or a refusal naming fields. */
export interface Reply {
  ok: boolean
  message?: string
  fields?: Record<string, string>
  bodyErrors?: Record<string, { line: number; column: number; message: string }>
  error?: ErrorReply
  statements?: StatementReply[]
  outcome?: string
  [key: string]: unknown
}

function failed(err: unknown): Reply {
  const data = (err as { response?: { data?: { notice?: { message?: string } } } }).response?.data
  return {
    ok: false,
    message: data?.notice?.message ?? (err instanceof Error ? err.message : String(err)),
  }
}

/** GET: what the page shows (never changes anything). */
export async function loadPage(
  pageName: string,
  params: Record<string, string> = {},
): Promise<Reply> {
  try {
    return (await api.getPage<Reply>({ pageName, params })).data
  } catch (err) {
    return failed(err)
  }
}

/**
 * What a page shows, loaded on mount and again on `refresh()` (or when `params` change); a
 * refusal lands in `failure`. `setData` takes a fresh state an action answered with.
 */
export function usePageData<T>(pageName: string, params: Record<string, string> = {}) {
  const [data, setData] = useState<T | null>(null)
  const [failure, setFailure] = useState<Reply | null>(null)
  const key = JSON.stringify(params)
  const refresh = useCallback(async () => {
    const reply = await loadPage(pageName, JSON.parse(key) as Record<string, string>)
    if (!reply.ok) return setFailure(reply)
    setFailure(null)
    setData(reply as unknown as T)
  }, [pageName, key])
  useEffect(() => {
    void refresh()
  }, [refresh])
  return { data, setData, failure, setFailure, refresh }
}

/**
 * Posts actions whose reply is the page's fresh state: on success the state is replaced and
 * `notice` says what was done; on refusal `fields` names the fields (or `failure` says why).
 * Returns whether the action went through.
 */
export function useStatePost<T>(
  pageName: string,
  page: Pick<ReturnType<typeof usePageData<T>>, 'setData' | 'setFailure'>,
  onDone?: () => void,
) {
  const [fields, setFields] = useState<Record<string, string> | undefined>()
  const [notice, setNotice] = useState('')
  const [busy, setBusy] = useState(false)
  const post = async (data: Record<string, unknown>, done: string) => {
    setBusy(true)
    const reply = await postPage(pageName, data)
    setBusy(false)
    const refused = reply.fields && Object.keys(reply.fields).length ? reply.fields : undefined
    if (!reply.ok) {
      setFields(refused)
      page.setFailure(refused ? null : reply)
      setNotice('')
      return false
    }
    setFields(undefined)
    page.setFailure(null)
    setNotice(done)
    page.setData(reply as unknown as T)
    onDone?.()
    return true
  }
  return { post, fields, setFields, notice, busy }
}

/** POST: an action of the page; the host's CSRF script adds the token. */
export async function postPage(pageName: string, data: Record<string, unknown>): Promise<Reply> {
  try {
    return (await api.getPage<Reply>({ pageName, method: 'post', data })).data
  } catch (err) {
    return failed(err)
  }
}

// ---- display pieces ----

export const mono: React.CSSProperties = {
  fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
  fontSize: 13,
}

export const nativeInput: React.CSSProperties = {
  boxSizing: 'border-box',
  padding: '5px 8px',
  border: '1px solid #c0c8d2',
  borderRadius: 4,
  background: 'var(--planetary-card, #fff)',
  fontSize: 14,
  minHeight: 32,
}

export const smallButton: React.CSSProperties = {
  padding: '4px 10px',
  border: '1px solid #3040d6',
  borderRadius: 4,
  background: 'var(--planetary-card, #fff)',
  color: 'var(--planetary-link, #3040d6)',
  cursor: 'pointer',
  fontSize: 13,
  marginRight: 6,
}

export const labelStyle: React.CSSProperties = {
  display: 'block',
  fontWeight: 600,
  marginBottom: 4,
}

export const card: React.CSSProperties = {
  border: '1px solid #e0e4ea',
  borderRadius: 6,
  padding: 16,
  marginBottom: 16,
  background: 'var(--planetary-card, #fff)',
}

export function SqlBlock(props: { sql: string; testId?: string }) {
  return (
    <pre
      data-testid={props.testId}
      style={{
        ...mono,
        background: '#0f172a',
        color: '#e2e8f0',
        padding: 12,
        borderRadius: 6,
        whiteSpace: 'pre-wrap',
        wordBreak: 'break-word',
        margin: '8px 0',
      }}
    >
      {props.sql}
    </pre>
  )
}

/** Refusals for a field and everything under it (`views.0` covers `views.0.columns.2.as`). */
export function fieldMessages(fields: Record<string, string> | undefined, ...names: string[]) {
  if (!fields) return []
  return Object.entries(fields).filter(([key]) =>
    names.some((n) => key === n || key.startsWith(`${n}.`)),
  )
}

export function FieldError(props: {
  fields?: Record<string, string> | undefined
  names: string[]
  exact?: boolean
  /**
   * How a refusal of a field below `under` is introduced (default: its key, none for the
   * field itself); a plugin passes its own words for nested fields.
   */
  label?: (key: string, under: string) => string
}) {
  const messages = props.exact
    ? Object.entries(props.fields ?? {}).filter(([k]) => props.names.includes(k))
    : fieldMessages(props.fields, ...props.names)
  if (messages.length === 0) return null
  return (
    <Box mt="sm" data-testid={`error-${props.names[0] ?? ''}`}>
      {messages.map(([key, message]) => {
        const under = props.names.find((n) => key === n || key.startsWith(`${n}.`)) ?? key
        const label = props.label ? props.label(key, under) : props.names.includes(key) ? '' : key
        return (
          <Text key={key} style={{ color: 'var(--planetary-danger, #b71c1c)', fontSize: 13 }}>
            {label ? `${label}: ` : ''}
            {message}
          </Text>
        )
      })}
    </Box>
  )
}

export function Warnings(props: { warnings?: unknown }) {
  const list = Array.isArray(props.warnings) ? (props.warnings as string[]) : []
  if (list.length === 0) return null
  return (
    <Box my="default">
      {list.map((w) => (
        <MessageBox key={w} variant="warning" message={w} mb="sm" />
      ))}
    </Box>
  )
}

function ErrorDetails(props: { error: ErrorReply }) {
  const e = props.error
  return (
    <pre
      style={{
        ...mono,
        color: 'var(--planetary-danger, #b71c1c)',
        whiteSpace: 'pre-wrap',
        margin: '6px 0',
      }}
    >
      {`ERROR: ${e.message}${e.sqlstate ? ` (SQLSTATE ${e.sqlstate})` : ''}`}
      {e.detail ? `\nDETAIL: ${e.detail}` : ''}
      {e.hint ? `\nHINT: ${e.hint}` : ''}
      {e.caret ? `\n${e.caret}` : ''}
    </pre>
  )
}

const statusTone: Record<string, Tone> = { ok: 'ok', error: 'error', 'not run': 'muted' }

/** Per-statement outcome of a dry run or an apply, errors with their caret. */
export function StatementResults(props: {
  title: string
  statements: StatementReply[]
  testId?: string
}) {
  return (
    <Box my="default" data-testid={props.testId}>
      <Text fontWeight="bold" mb="sm">
        {props.title}
      </Text>
      {props.statements.map((s, i) => (
        <Box
          key={i}
          mb="default"
          p="default"
          data-status={s.status ?? 'planned'}
          style={{
            border: `1px solid ${s.status === 'error' ? '#ef9a9a' : '#e0e4ea'}`,
            borderRadius: 6,
          }}
        >
          <Text>
            <StatusBadge tone={statusTone[s.status ?? ''] ?? 'info'}>
              {s.status ?? 'planned'}
            </StatusBadge>{' '}
            {s.summary}
            {s.destructive ? ' (destructive)' : ''}
          </Text>
          <details open={s.status === 'error'}>
            <summary
              style={{ cursor: 'pointer', fontSize: 12, color: 'var(--planetary-muted, #454655)' }}
            >
              SQL
            </summary>
            <pre style={{ ...mono, whiteSpace: 'pre-wrap', margin: '6px 0' }}>{s.sql}</pre>
          </details>
          {s.note ? (
            <Text style={{ color: 'var(--planetary-muted, #454655)', fontSize: 13 }}>{s.note}</Text>
          ) : null}
          {(s.notices ?? []).map((n) => (
            <Text key={n} style={{ color: 'var(--planetary-warn, #6d4c00)', fontSize: 13 }}>
              {n}
            </Text>
          ))}
          {s.error ? <ErrorDetails error={s.error} /> : null}
        </Box>
      ))}
    </Box>
  )
}

/** What a failed call says: message, the database error with its caret, per-statement results. */
export function Failure(props: { reply: Reply | null }) {
  const r = props.reply
  if (!r || r.ok) return null
  return (
    <Box my="default" data-testid="failure">
      <MessageBox variant="danger" message={r.message ?? 'Refused'} />
      {r.error && !r.statements ? <ErrorDetails error={r.error} /> : null}
      {typeof r.changeLogId === 'string' ? (
        <Text my="default">
          Recorded as{' '}
          <a href={pageUrl('change-log', { id: r.changeLogId })} data-testid="change-log-link">
            change log #{r.changeLogId}
          </a>
          .
        </Text>
      ) : null}
      {r.statements ? (
        <StatementResults title={`Apply ${r.outcome ?? 'failed'}`} statements={r.statements} />
      ) : null}
    </Box>
  )
}

/** The statement that failed, first: its summary, the server's message and the caret. */
function FailedStatement(props: { statements: StatementReply[] }) {
  const index = props.statements.findIndex((s) => s.status === 'error')
  const failed = props.statements[index]
  if (!failed?.error) return null
  return (
    <Box
      my="default"
      p="default"
      data-testid="failed-statement"
      style={{ background: 'var(--planetary-danger-bg, #fdecea)', borderRadius: 6 }}
    >
      <Text fontWeight="bold">
        Statement {index + 1} of {props.statements.length} failed: {failed.summary}
      </Text>
      <ErrorDetails error={failed.error} />
    </Box>
  )
}

/** The outcome of a plan action: the dry run's statements, or what apply committed. */
export function PlanOutcome(props: { reply: Reply | null }) {
  const r = props.reply
  if (!r) return null
  if (!r.ok) return <Failure reply={r} />
  const preview = r.preview as { ok: boolean; statements: StatementReply[] } | undefined
  const applied = r.applied as
    { outcome: string; changeLogId: string; statements: StatementReply[] } | undefined
  return (
    <Box>
      {preview ? (
        <>
          <Box data-testid={preview.ok ? 'dry-run-ok' : 'dry-run-failed'}>
            <MessageBox
              variant={preview.ok ? 'success' : 'danger'}
              message={
                preview.ok
                  ? 'Dry run succeeded: every statement ran and was rolled back.'
                  : 'Dry run failed: nothing was changed. The error is shown under the statement that failed.'
              }
            />
          </Box>
          <FailedStatement statements={preview.statements} />
          <StatementResults title="Dry run" statements={preview.statements} testId="dry-run" />
        </>
      ) : null}
      {applied ? (
        <>
          <Box data-testid="applied">
            <MessageBox
              variant="success"
              message={`Applied in one transaction (${applied.outcome}).`}
            >
              <Text>
                Recorded as{' '}
                <a
                  href={pageUrl('change-log', { id: applied.changeLogId })}
                  data-testid="change-log-link"
                >
                  change log #{applied.changeLogId}
                </a>
                .
              </Text>
            </MessageBox>
          </Box>
          <StatementResults title="Applied" statements={applied.statements} />
        </>
      ) : null}
    </Box>
  )
}

/** The fields a reply refuses: a render's refusal, or the field a dry run's failure came from. */
export function replyFields(...replies: (Reply | null)[]): Record<string, string> | undefined {
  for (const r of replies) {
    if (r?.fields && Object.keys(r.fields).length) return r.fields
  }
  return undefined
}

/** Dry run and Apply for a plan: `onRun('preview')` rolls back, `onRun('apply')` commits. */
export function PlanButtons(props: {
  busy?: boolean
  onRun: (mode: 'preview' | 'apply') => void
  applyLabel?: string
  danger?: boolean
  children?: React.ReactNode
}) {
  return (
    <Box my="default">
      <Button
        type="button"
        mr="default"
        disabled={props.busy}
        onClick={() => props.onRun('preview')}
      >
        Dry run
      </Button>
      <Button
        type="button"
        variant={props.danger ? 'danger' : 'contained'}
        mr="default"
        disabled={props.busy}
        onClick={() => props.onRun('apply')}
      >
        {props.applyLabel ?? 'Apply'}
      </Button>
      {props.children}
    </Box>
  )
}

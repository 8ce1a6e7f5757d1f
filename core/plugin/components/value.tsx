/**
 * One way to show a value from the database, on every page: NULL as a muted mark (read out as
 * "null"), numbers right-aligned with the locale's separators in tabular figures, dates and
 * timestamps in one locale format, booleans as words, arrays and objects as lists. Text is
 * React text: whatever the database holds, nothing here is markup.
 * Import as `…/components/value.jsx` (see kit.tsx for why).
 */
import React from 'react'
import {
  formatBytes,
  formatDate,
  formatDuration,
  formatNumber,
  formatTime,
  formatTimestamp,
  isNumericText,
  valueKind,
} from './format.js'

/** Muted enough to read as "nothing", dark enough for 4.5:1 on white. */
const MUTED = '#6b7280'

export const numberStyle: React.CSSProperties = {
  display: 'block',
  textAlign: 'right',
  fontVariantNumeric: 'tabular-nums',
  whiteSpace: 'nowrap',
}

/** NULL: a muted mark, "null" to a screen reader and on hover. */
export function NullMark() {
  return (
    <span
      role="img"
      aria-label="null"
      title="NULL"
      data-null="true"
      style={{ color: MUTED, fontStyle: 'italic', userSelect: 'none' }}
    >
      ∅
    </span>
  )
}

/**
 * How to read a value that is not self-describing: `number` for numeric text (PostgreSQL's
 * numeric, bigint), `bytes` and `duration` (milliseconds) for sizes and times, `id` for a key
 * that must never wrap.
 */
export type ValueFormat = 'auto' | 'number' | 'bytes' | 'duration' | 'id' | 'text'

export interface ValueProps {
  readonly value: unknown
  readonly format?: ValueFormat | undefined
  /** Lists shorter: an object as one line of its fields. */
  readonly compact?: boolean | undefined
  /** Numbers right-aligned in a column (the default), or where the text starts (a lone value). */
  readonly align?: 'column' | 'start' | undefined
}

function NumberText(props: {
  text: string
  raw?: string | undefined
  align?: ValueProps['align']
}) {
  const style =
    props.align === 'start'
      ? { ...numberStyle, display: 'inline', textAlign: 'start' as const }
      : numberStyle
  return (
    <span data-kind="number" title={props.raw} style={style}>
      {props.text}
    </span>
  )
}

/** Whether an object's field is worth a word: a present value, a true flag. */
function shown(entry: [string, unknown]): boolean {
  return entry[1] !== null && entry[1] !== undefined && entry[1] !== false && entry[1] !== ''
}

/** camelCase and snake_case field names in words: `nullsFirst` → "nulls first". */
export function fieldWords(name: string): string {
  return name
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
}

function ObjectValue(props: { value: Record<string, unknown>; compact?: boolean | undefined }) {
  const entries = Object.entries(props.value)
  if (props.compact) {
    // One line: the present fields, true flags as their name alone.
    const present = entries.filter(shown)
    return (
      <span data-kind="object">
        {present.map(([k, v], i) => (
          <React.Fragment key={k}>
            {i > 0 ? <span style={{ color: MUTED }}> · </span> : null}
            {v === true ? (
              fieldWords(k)
            ) : (
              <>
                <span style={{ color: MUTED }}>{fieldWords(k)} </span>
                <Value value={v} compact />
              </>
            )}
          </React.Fragment>
        ))}
      </span>
    )
  }
  return (
    <dl
      data-kind="object"
      style={{ margin: 0, display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 12 }}
    >
      {entries.map(([k, v]) => (
        <React.Fragment key={k}>
          <dt style={{ color: MUTED }}>{fieldWords(k)}</dt>
          <dd style={{ margin: 0 }}>
            <Value value={v} compact />
          </dd>
        </React.Fragment>
      ))}
    </dl>
  )
}

function ListValue(props: { value: readonly unknown[]; compact?: boolean | undefined }) {
  if (props.value.length === 0) return <span style={{ color: MUTED }}>none</span>
  return (
    <ul data-kind="list" style={{ margin: 0, paddingLeft: 18 }}>
      {props.value.map((item, i) => (
        <li key={i}>
          <Value value={item} compact={props.compact ?? true} />
        </li>
      ))}
    </ul>
  )
}

/**
 * A value from the database in the console's one format for its kind.
 *
 * @example <Value value={row.amount} format="number" />
 */
export function Value(props: ValueProps) {
  const { value, format = 'auto' } = props
  if (value === null || value === undefined) return <NullMark />
  if (format === 'text') return <>{String(value)}</>
  if (format === 'id') return <span style={{ whiteSpace: 'nowrap' }}>{String(value)}</span>
  if (format === 'bytes' && (typeof value === 'number' || typeof value === 'string')) {
    return (
      <NumberText text={formatBytes(value)} raw={`${String(value)} bytes`} align={props.align} />
    )
  }
  if (format === 'duration' && typeof value === 'number') {
    return <NumberText text={formatDuration(value)} align={props.align} />
  }
  if (format === 'number' && typeof value === 'string' && isNumericText(value)) {
    return <NumberText text={formatNumber(value)} raw={value} align={props.align} />
  }
  const kind = valueKind(value)
  switch (kind) {
    case 'null':
      return <NullMark />
    case 'boolean':
      return <span data-kind="boolean">{value ? 'yes' : 'no'}</span>
    case 'number':
      return <NumberText text={formatNumber(value as number | bigint)} align={props.align} />
    case 'date':
    case 'time':
    case 'timestamp': {
      const text = String(value)
      const shown =
        kind === 'date'
          ? formatDate(text)
          : kind === 'time'
            ? formatTime(text)
            : formatTimestamp(value as string | Date)
      return (
        <time
          dateTime={value instanceof Date ? value.toISOString() : text}
          title={value instanceof Date ? value.toISOString() : text}
          style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}
        >
          {shown}
        </time>
      )
    }
    case 'list':
      return <ListValue value={value as unknown[]} compact={props.compact} />
    case 'object':
      return <ObjectValue value={value as Record<string, unknown>} compact={props.compact} />
    case 'text':
      return <>{String(value)}</>
  }
}

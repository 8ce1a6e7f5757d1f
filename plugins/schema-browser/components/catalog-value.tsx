/**
 * One field of a schema browser list or show page, in the console's formats: a function body,
 * view definition or policy expression in the read-only code view, structured fields (an
 * index's keys, a table's columns, a function's arguments) as lists, numbers, sizes and dates
 * formatted, NULL as the muted mark. `property.custom.display` says which (see display.ts).
 */
import { ValueGroup } from '@adminjs/design-system'
import { useTranslation, type BasePropertyProps } from 'adminjs'
import React from 'react'
import { CodeView } from '../../../core/plugin/components/code.jsx'
import { Value, type ValueFormat } from '../../../core/plugin/components/value.jsx'

type Display = 'code' | 'structured' | 'prose' | 'number' | 'bytes' | 'id' | 'auto'

/** Structured fields come as one JSON document per line (flatten.ts); a bad line stays text. */
function parseLines(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as unknown
      } catch {
        return line
      }
    })
}

function Field(props: {
  display: Display
  value: unknown
  where: string
  language?: unknown
  label: string
  path: string
}) {
  const { display, value, where } = props
  if (value === null || value === undefined || (value === '' && display !== 'prose')) {
    return <Value value={null} />
  }
  switch (display) {
    case 'code':
      if (where === 'list') return <Value value={String(value)} format="text" />
      return (
        <CodeView
          code={String(value)}
          language={typeof props.language === 'string' ? props.language : 'sql'}
          label={`${props.label}, read-only`}
          testId={`code-${props.path}`}
        />
      )
    case 'structured':
      return (
        <Value value={parseLines(String(value))} compact={where === 'list' ? true : undefined} />
      )
    case 'prose':
      return <span style={{ whiteSpace: 'pre-wrap' }}>{String(value)}</span>
    case 'number':
    case 'bytes':
    case 'id':
    case 'auto': {
      const format: ValueFormat = display === 'auto' ? 'auto' : display
      // Numbers line up right in a list's column; a show page's lone value starts left.
      return <Value value={value} format={format} align={where === 'list' ? 'column' : 'start'} />
    }
  }
}

export default function SchemaBrowserValue(props: BasePropertyProps) {
  const { property, record, where } = props
  const custom = (property.custom ?? {}) as { display?: Display }
  const display = custom.display ?? 'auto'
  const params = record?.params ?? {}
  const { translateProperty } = useTranslation()
  const label = translateProperty(property.label, property.resourceId)
  const field = (
    <Field
      display={display}
      value={params[property.path]}
      where={where}
      language={params.language}
      label={label}
      path={property.path}
    />
  )
  if (where !== 'show') return field
  return <ValueGroup label={label}>{field}</ValueGroup>
}

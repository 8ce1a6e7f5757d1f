/**
 * What every table of applied changes shares — the change log's and the dashboard's latest
 * changes: the same columns in the same order, and the same badge for how a change ended.
 */
import { Badge, TableCell, TableHead, TableRow } from '@adminjs/design-system'
import React from 'react'

/**
 * The head of a table of changes: #, When, Who, Plugin, What, Result, then `extra` columns.
 *
 * @example <ChangeHead extra={['SQL']} />
 */
export function ChangeHead(props: { extra?: readonly string[] }) {
  return (
    <TableHead>
      <TableRow>
        <TableCell style={{ textAlign: 'right' }}>#</TableCell>
        {['When', 'Who', 'Plugin', 'What', 'Result', ...(props.extra ?? [])].map((title) => (
          <TableCell key={title}>{title}</TableCell>
        ))}
      </TableRow>
    </TableHead>
  )
}

/** The badge of an outcome: committed, rolled back (nothing changed) or partial. */
export function OutcomeBadge(props: { outcome: string }) {
  const variant =
    props.outcome === 'committed' ? 'success' : props.outcome === 'partial' ? 'primary' : 'danger'
  return (
    <Badge variant={variant} size="sm" data-testid="outcome">
      {props.outcome}
    </Badge>
  )
}

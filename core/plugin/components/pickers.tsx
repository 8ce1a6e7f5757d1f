/**
 * The pickers every page chooses a role, a table or a column with: searchable by typing, the
 * arrow keys move, Enter picks, Escape closes (react-select through the design system's
 * `Select`). One picker, or several values with `multi`.
 */
import React from 'react'
import { Choice, MultiChoice, type ChoiceEvent, type ChoiceOption } from './controls.jsx'

interface PickerBase {
  /** Form name: a hidden input carries the value; tests find the picker by `data-choice`. */
  name?: string
  /** The id a `<Label htmlFor>` points at. */
  id?: string
  'aria-label'?: string
  disabled?: boolean
  placeholder?: string
  width?: number | string
}

/** A role as a picker shows it: its name, and a note (`login`, `group`) after it. */
export type RoleChoice = string | { name: string; note?: string }

const roleOption = (r: RoleChoice): ChoiceOption =>
  typeof r === 'string'
    ? { value: r, label: r }
    : { value: r.name, label: r.note ? `${r.name} (${r.note})` : r.name }

/**
 * A role, searchable by name. `allowEmpty` names the empty choice ("nobody", "choose a role…").
 *
 * @example <RolePicker name="role" roles={roles} value={role} onChange={setRole} />
 */
export function RolePicker(
  props: PickerBase & {
    roles: readonly RoleChoice[]
    value: string
    onChange: (role: string) => void
    allowEmpty?: string
  },
) {
  const options = props.roles.map(roleOption)
  return (
    <Choice
      name={props.name}
      id={props.id}
      aria-label={props['aria-label']}
      disabled={props.disabled}
      width={props.width}
      placeholder={props.placeholder ?? props.allowEmpty ?? 'Choose a role…'}
      value={props.value}
      options={props.allowEmpty ? [{ value: '', label: props.allowEmpty }, ...options] : options}
      onChange={(e: ChoiceEvent) => props.onChange(e.target.value)}
    />
  )
}

/** Several roles (grantees, members): each one a removable chip. */
export function RolesPicker(
  props: PickerBase & {
    roles: readonly RoleChoice[]
    value: readonly string[]
    onChange: (roles: string[]) => void
  },
) {
  return (
    <MultiChoice
      name={props.name}
      id={props.id}
      aria-label={props['aria-label']}
      disabled={props.disabled}
      width={props.width}
      placeholder={props.placeholder ?? 'Choose roles…'}
      value={props.value}
      options={props.roles.map(roleOption)}
      onChange={props.onChange}
    />
  )
}

/** A table (or view) as a picker shows it: `schema.name`, and a note after it. */
export interface TableChoice {
  schema: string
  name: string
  note?: string
}

/** The picker's value for a table: `["schema","name"]`, unambiguous whatever the names hold. */
export const tableKey = (t: { schema: string; name: string }) => JSON.stringify([t.schema, t.name])

/**
 * A table, searchable by `schema.name`; `onChange` gets the table, or null when cleared.
 *
 * @example <TablePicker name="table" tables={tables} value={table} onChange={setTable} />
 */
export function TablePicker(
  props: PickerBase & {
    tables: readonly TableChoice[]
    value: { schema: string; name: string } | null
    onChange: (table: TableChoice | null) => void
    allowEmpty?: string
  },
) {
  const options: ChoiceOption[] = props.tables.map((t) => ({
    value: tableKey(t),
    label: `${t.schema}.${t.name}${t.note ? ` (${t.note})` : ''}`,
  }))
  const value = props.value ? tableKey(props.value) : ''
  return (
    <Choice
      name={props.name}
      id={props.id}
      aria-label={props['aria-label']}
      disabled={props.disabled}
      width={props.width ?? 300}
      placeholder={props.placeholder ?? props.allowEmpty ?? 'Choose a table…'}
      value={value}
      options={[{ value: '', label: props.allowEmpty ?? 'Choose a table…' }, ...options]}
      onChange={(e: ChoiceEvent) =>
        props.onChange(props.tables.find((t) => tableKey(t) === e.target.value) ?? null)
      }
    />
  )
}

/** A column as a picker shows it: its name, and its type after it. */
export type ColumnChoice = string | { name: string; type?: string }

const columnOption = (c: ColumnChoice): ChoiceOption =>
  typeof c === 'string'
    ? { value: c, label: c }
    : { value: c.name, label: c.type ? `${c.name} (${c.type})` : c.name }

/** A column of the chosen table, searchable by name. */
export function ColumnPicker(
  props: PickerBase & {
    columns: readonly ColumnChoice[]
    value: string
    onChange: (column: string) => void
    allowEmpty?: string
  },
) {
  const options = props.columns.map(columnOption)
  return (
    <Choice
      name={props.name}
      id={props.id}
      aria-label={props['aria-label']}
      disabled={props.disabled}
      width={props.width ?? 200}
      placeholder={props.placeholder ?? props.allowEmpty ?? 'Choose a column…'}
      value={props.value}
      options={props.allowEmpty ? [{ value: '', label: props.allowEmpty }, ...options] : options}
      onChange={(e: ChoiceEvent) => props.onChange(e.target.value)}
    />
  )
}

/** Several columns of one table. */
export function ColumnsPicker(
  props: PickerBase & {
    columns: readonly ColumnChoice[]
    value: readonly string[]
    onChange: (columns: string[]) => void
  },
) {
  return (
    <MultiChoice
      name={props.name}
      id={props.id}
      aria-label={props['aria-label']}
      disabled={props.disabled}
      width={props.width}
      placeholder={props.placeholder ?? 'Choose columns…'}
      value={props.value}
      options={props.columns.map(columnOption)}
      onChange={props.onChange}
    />
  )
}

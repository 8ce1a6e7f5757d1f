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

/** What every picker hands its `Choice` or `MultiChoice` unchanged. */
const passOn = (p: PickerBase) => ({
  name: p.name,
  id: p.id,
  'aria-label': p['aria-label'],
  disabled: p.disabled,
  width: p.width,
})

/**
 * One value by its key. The empty choice (named by `allowEmpty`, or `prompt` without it) is there
 * with `allowEmpty` or `clearable`; `prompt` is what shows when nothing is chosen.
 */
function OnePicker(
  props: PickerBase & {
    options: ChoiceOption[]
    value: string
    onChange: (value: string) => void
    allowEmpty?: string
    clearable?: boolean
    prompt: string
  },
) {
  const empty = props.clearable || props.allowEmpty
  return (
    <Choice
      {...passOn(props)}
      placeholder={props.placeholder ?? props.allowEmpty ?? props.prompt}
      value={props.value}
      options={
        empty
          ? [{ value: '', label: props.allowEmpty ?? props.prompt }, ...props.options]
          : props.options
      }
      onChange={(e: ChoiceEvent) => props.onChange(e.target.value)}
    />
  )
}

/** Several values by their keys, each one a removable chip. */
function ManyPicker(
  props: PickerBase & {
    options: ChoiceOption[]
    value: readonly string[]
    onChange: (values: string[]) => void
    prompt: string
  },
) {
  return (
    <MultiChoice
      {...passOn(props)}
      placeholder={props.placeholder ?? props.prompt}
      value={props.value}
      options={props.options}
      onChange={props.onChange}
    />
  )
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
  return <OnePicker {...props} options={props.roles.map(roleOption)} prompt="Choose a role…" />
}

/** Several roles (grantees, members): each one a removable chip. */
export function RolesPicker(
  props: PickerBase & {
    roles: readonly RoleChoice[]
    value: readonly string[]
    onChange: (roles: string[]) => void
  },
) {
  return <ManyPicker {...props} options={props.roles.map(roleOption)} prompt="Choose roles…" />
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
  return (
    <OnePicker
      {...props}
      width={props.width ?? 300}
      options={props.tables.map((t) => ({
        value: tableKey(t),
        label: `${t.schema}.${t.name}${t.note ? ` (${t.note})` : ''}`,
      }))}
      value={props.value ? tableKey(props.value) : ''}
      onChange={(key) => props.onChange(props.tables.find((t) => tableKey(t) === key) ?? null)}
      clearable
      prompt="Choose a table…"
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
  return (
    <OnePicker
      {...props}
      width={props.width ?? 200}
      options={props.columns.map(columnOption)}
      prompt="Choose a column…"
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
    <ManyPicker {...props} options={props.columns.map(columnOption)} prompt="Choose columns…" />
  )
}

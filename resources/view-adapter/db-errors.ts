import { ValidationError, type PropertyErrors } from 'adminjs'
import type { ExecutionError, InvalidInputError } from '../../core/errors.js'
import type { ViewModel } from './model.js'
import { formValue } from './write-values.js'

/*
 * Errors from PostgreSQL (INSTEAD OF triggers, constraints, privileges, bad input) turned into
 * AdminJS form errors. A field is found from the error's COLUMN (`RAISE … USING COLUMN = 'x'`,
 * NOT NULL violations), from the constraint's columns, or from the offending value quoted in an
 * input-syntax message; the message always goes to the form's base error too. Because AdminJS
 * treats a ValidationError without property errors as success, a fallback field always gets it.
 */

/** The view column a database column name refers to, directly or through the view's origins. */
export function fieldForDbColumn(
  model: ViewModel,
  column: string,
  where: { schema?: string | undefined; table?: string | undefined } = {},
): string | undefined {
  const isView =
    where.table === undefined ||
    (where.table === model.name && (where.schema === undefined || where.schema === model.schema))
  if (isView && model.columns.some((c) => c.name === column)) return column
  const viaOrigin = model.columns.find(
    (c) =>
      c.origin !== null &&
      c.origin.column === column &&
      (where.table === undefined || c.origin.table === where.table) &&
      (where.schema === undefined || c.origin.schema === where.schema),
  )
  return viaOrigin?.name
}

/** View columns for a constraint's columns (`conkey` attnums on table `relOid`). */
export function fieldsForConstraint(
  model: ViewModel,
  relOid: number,
  conkey: readonly number[],
): string[] {
  const out: string[] = []
  for (const attnum of conkey) {
    const c = model.columns.find((x) => x.origin?.tableOid === relOid && x.origin.attnum === attnum)
    if (c && !out.includes(c.name)) out.push(c.name)
  }
  return out
}

const VALUE_IN_MESSAGE = /: "((?:[^"\\]|\\.)*)"$/

/** For "invalid input syntax for type integer: "abc"": the field whose submitted value is abc. */
export function fieldForQuotedValue(
  model: ViewModel,
  message: string,
  params: Readonly<Record<string, unknown>> | undefined,
): string | undefined {
  const m = VALUE_IN_MESSAGE.exec(message)
  if (!m || !params) return undefined
  const value = m[1]
  const hit = model.columns.find((c) => {
    const v = formValue(params, c.name)
    if (Array.isArray(v)) return v.some((x) => String(x) === value)
    return v !== undefined && v !== null && String(v) === value
  })
  return hit?.name
}

export interface MappedError {
  readonly base: string
  readonly fields: Readonly<Record<string, string>>
}

/** Message and detail in one line, as a notice shows it. */
export function describe(err: ExecutionError): string {
  return err.detail ? `${err.message} (${err.detail})` : err.message
}

/**
 * Builds the AdminJS ValidationError for a failed write. `fields` are the fields already known
 * to be at fault; `fallback` receives the message when none is.
 */
export function validationError(
  mapped: MappedError,
  fallback: string | undefined,
  type = 'database',
): ValidationError {
  const propertyErrors: PropertyErrors = {}
  for (const [field, message] of Object.entries(mapped.fields)) {
    propertyErrors[field] = { message, type }
  }
  if (Object.keys(propertyErrors).length === 0 && fallback !== undefined) {
    propertyErrors[fallback] = { message: mapped.base, type }
  }
  return new ValidationError(propertyErrors, { message: mapped.base, type })
}

/**
 * Maps an ExecutionError onto fields without any I/O; `constraintFields` are the view columns of
 * the violated constraint when the caller could look them up.
 */
export function mapExecutionError(
  model: ViewModel,
  err: ExecutionError,
  params: Readonly<Record<string, unknown>> | undefined,
  constraintFields: readonly string[] = [],
): MappedError {
  const fields: Record<string, string> = {}
  const base = describe(err)
  if (err.column) {
    const f = fieldForDbColumn(model, err.column, { schema: err.schema, table: err.table })
    if (f) fields[f] = err.message
  }
  for (const f of constraintFields) fields[f] ??= base
  if (Object.keys(fields).length === 0 && err.sqlstate?.startsWith('22')) {
    const f = fieldForQuotedValue(model, err.message, params)
    if (f) fields[f] = err.message
  }
  return { base, fields }
}

/** Input refused before SQL: its per-field messages, with the first as the base message. */
export function mapInvalidInput(model: ViewModel, err: InvalidInputError): MappedError {
  const fields: Record<string, string> = {}
  for (const [f, message] of Object.entries(err.fields)) {
    if (model.columns.some((c) => c.name === f)) fields[f] = message
  }
  return { base: err.message, fields }
}

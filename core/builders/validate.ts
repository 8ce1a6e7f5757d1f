import type { z } from 'zod'
import { InvalidInputError } from '../errors.js'

/** Validates builder input with its schema; refusals name each field. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const fields: Record<string, string> = {}
  for (const issue of result.error.issues) fields[issue.path.join('.') || 'input'] ??= issue.message
  throw InvalidInputError.fields(fields)
}

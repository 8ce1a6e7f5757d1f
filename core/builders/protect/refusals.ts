import { InvalidInputError } from '../../errors.js'
import { ParseError } from '../../parse/parse.js'

/** Collects refusals by field so one answer names every field that is wrong, not just the first. */
export class Refusals {
  private readonly fields: Record<string, string> = {}

  add(field: string, message: string): void {
    this.fields[field] ??= message
  }

  /** True when a field at or under `prefix` was refused. */
  has(prefix: string): boolean {
    return Object.keys(this.fields).some((f) => f === prefix || f.startsWith(`${prefix}.`))
  }

  get empty(): boolean {
    return Object.keys(this.fields).length === 0
  }

  /** Throws one InvalidInputError naming every refused field, if there is any. */
  throwIfAny(): void {
    if (this.empty) return
    throw new InvalidInputError(
      Object.entries(this.fields)
        .map(([f, m]) => `${f}: ${m}`)
        .join('; '),
      this.fields,
    )
  }
}

/**
 * Runs a builder whose refusals name its own fields (`using`, `name`) and renames them under
 * `prefix` (`policies.0.using`), keeping a parse error's position.
 */
export async function underField<T>(prefix: string, run: () => Promise<T> | T): Promise<T> {
  try {
    return await run()
  } catch (err) {
    throw prefixed(prefix, err)
  }
}

function prefixed(prefix: string, err: unknown): unknown {
  if (!(err instanceof InvalidInputError)) return err
  const entries = Object.entries(err.fields)
  if (err instanceof ParseError) {
    const [field, message] = entries[0] ?? ['', err.message]
    return new ParseError(message, err.position, join(prefix, field))
  }
  if (entries.length === 0) return InvalidInputError.field(prefix, err.message)
  const fields = Object.fromEntries(entries.map(([f, m]) => [join(prefix, f), m]))
  return InvalidInputError.fields(fields)
}

function join(prefix: string, field: string): string {
  return field === '' || field === 'input' ? prefix : `${prefix}.${field}`
}

/** Text shapes accepted for typed values, checked before any SQL is sent. */
export const INTEGER = /^[+-]?\d{1,30}$/
export const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$|^[+-]?(NaN|Infinity)$/
export const UUID =
  /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/
export const DATE_TIME =
  /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/

/** A date or timestamp in ISO 8601 that JavaScript can also read. */
export function isIsoDateTime(value: string): boolean {
  if (value === 'infinity' || value === '-infinity') return true
  if (!DATE_TIME.test(value)) return false
  // Also a plausible date for JavaScript, which wants 'T' and a ±hh:mm offset (PostgreSQL takes
  // both spellings, and has the last word on the calendar).
  const [date, time] = value.split(/[T ]/)
  if (time === undefined) return !Number.isNaN(Date.parse(value))
  const t = time.replace(
    /([+-]\d{2}):?(\d{2})?$/,
    (_, h: string, m?: string) => `${h}:${m ?? '00'}`,
  )
  return !Number.isNaN(Date.parse(`${date}T${t}`))
}

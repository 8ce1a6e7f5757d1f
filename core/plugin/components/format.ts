/**
 * One display format per kind of value, for every page of the console: dates, times and
 * timestamps in the browser's locale (Intl), numbers with separators, sizes in bytes, durations.
 * Pure functions with no React: components and tests share them. `locale` and `timeZone` default
 * to the browser's own; tests pass them to stay independent of the machine.
 */

export interface FormatOptions {
  /** A BCP 47 tag; the browser's (or Node's) default locale when omitted. */
  readonly locale?: string | undefined
  /** An IANA zone for timestamps; the browser's when omitted. */
  readonly timeZone?: string | undefined
}

/** What a value is, for display: decides its format and its alignment. */
export type ValueKind =
  'null' | 'boolean' | 'number' | 'date' | 'time' | 'timestamp' | 'list' | 'object' | 'text'

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([+-]\d{2}(?::?\d{2})?)?$/
const TIMESTAMP =
  /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/
/** PostgreSQL numeric / bigint text: exact decimals a JavaScript number may not hold. */
const NUMERIC = /^[+-]?\d+(?:\.\d+)?$/

/** Whether a string is a decimal number as PostgreSQL prints numeric and bigint. */
export function isNumericText(value: string): boolean {
  return NUMERIC.test(value)
}

/**
 * The kind of a value as it came from the database (JSON): a string is a date, a time or a
 * timestamp only when it is one in ISO form; numbers in text stay text unless asked
 * (`numericText`), since a name like "2024" is no amount.
 *
 * @example valueKind('2026-12-06') // 'date'
 */
export function valueKind(value: unknown, options: { numericText?: boolean } = {}): ValueKind {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'boolean') return 'boolean'
  if (typeof value === 'number' || typeof value === 'bigint') return 'number'
  if (value instanceof Date) return 'timestamp'
  if (Array.isArray(value)) return 'list'
  if (typeof value === 'object') return 'object'
  const text = String(value)
  if (DATE.test(text)) return 'date'
  if (TIMESTAMP.test(text) && !Number.isNaN(Date.parse(isoText(text)))) return 'timestamp'
  if (TIME.test(text)) return 'time'
  if (options.numericText && isNumericText(text)) return 'number'
  return 'text'
}

/**
 * A number with the locale's grouping and decimal separators. Numeric text (PostgreSQL's
 * numeric and bigint) is formatted exactly, every digit kept.
 *
 * @example formatNumber('1234567.50', { locale: 'en-US' }) // '1,234,567.50'
 */
export function formatNumber(
  value: number | bigint | string,
  options: FormatOptions & { maximumFractionDigits?: number } = {},
): string {
  if (typeof value === 'string') {
    if (!isNumericText(value)) return value
    const fraction = value.split('.')[1]?.length ?? 0
    const digits = Math.min(fraction, 20)
    const format = new Intl.NumberFormat(options.locale, {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    })
    // Intl takes decimal strings exactly (ECMA-402 NumberFormat v3); its types lag behind.
    return format.format(value as unknown as number)
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value)
  return new Intl.NumberFormat(options.locale, {
    maximumFractionDigits: options.maximumFractionDigits ?? 20,
  }).format(value)
}

/** A date-only value as a local calendar day: '2026-12-06' is the 6th wherever the browser is. */
function calendarDay(value: string): Date | undefined {
  const m = DATE.exec(value)
  if (!m) return undefined
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
}

/** PostgreSQL's timestamptz text ('2026-12-06 04:10:51+00') as ISO text JavaScript parses. */
function isoText(value: string): string {
  return value
    .replace(' ', 'T')
    .replace(/([+-]\d{2})$/, '$1:00')
    .replace(/([+-]\d{2})(\d{2})$/, '$1:$2')
}

function toDate(value: Date | string | number): Date | undefined {
  const d =
    value instanceof Date ? value : new Date(typeof value === 'string' ? isoText(value) : value)
  return Number.isNaN(d.getTime()) ? undefined : d
}

/**
 * A calendar day, in the locale's medium form; the text itself when it is no date.
 *
 * @example formatDate('2026-12-06', { locale: 'en-US' }) // 'Dec 6, 2026'
 */
export function formatDate(value: Date | string, options: FormatOptions = {}): string {
  const day = typeof value === 'string' ? (calendarDay(value) ?? toDate(value)) : value
  if (!day || Number.isNaN(day.getTime())) return String(value)
  return new Intl.DateTimeFormat(options.locale, {
    dateStyle: 'medium',
    // A calendar day has no zone: shown as the day it names.
    ...(typeof value === 'string' && DATE.test(value) ? {} : { timeZone: options.timeZone }),
  }).format(day)
}

/**
 * A time of day ('14:05:09', as PostgreSQL prints `time`), in the locale's form.
 *
 * @example formatTime('14:05:09', { locale: 'en-US' }) // '2:05:09 PM'
 */
export function formatTime(value: string, options: FormatOptions = {}): string {
  const m = TIME.exec(value)
  if (!m) return value
  const at = new Date(2000, 0, 1, Number(m[1]), Number(m[2]), Number(m[3] ?? 0))
  const text = new Intl.DateTimeFormat(options.locale, { timeStyle: 'medium' }).format(at)
  return m[5] ? `${text} (UTC${m[5]})` : text
}

/**
 * A moment, in the locale's medium date and time, in the browser's zone (or `timeZone`).
 *
 * @example formatTimestamp('2026-12-06T04:10:51Z', { locale: 'en-GB', timeZone: 'UTC' }) // '6 Dec 2026, 04:10:51'
 */
export function formatTimestamp(
  value: Date | string | number,
  options: FormatOptions = {},
): string {
  const d = toDate(value)
  if (!d) return String(value)
  return new Intl.DateTimeFormat(options.locale, {
    dateStyle: 'medium',
    timeStyle: 'medium',
    timeZone: options.timeZone,
  }).format(d)
}

const UNITS = ['bytes', 'kB', 'MB', 'GB', 'TB', 'PB'] as const

/**
 * A size as PostgreSQL's pg_size_pretty names it (1024 steps), with the locale's separators.
 *
 * @example formatBytes(1536, { locale: 'en-US' }) // '1.5 kB'
 */
export function formatBytes(value: number | string, options: FormatOptions = {}): string {
  const n = typeof value === 'string' ? Number(value) : value
  if (!Number.isFinite(n)) return String(value)
  let size = Math.abs(n)
  let unit = 0
  while (size >= 1024 && unit < UNITS.length - 1) {
    size /= 1024
    unit++
  }
  const shown = new Intl.NumberFormat(options.locale, {
    maximumFractionDigits: unit === 0 || size >= 100 ? 0 : 1,
  }).format(n < 0 ? -size : size)
  return `${shown} ${UNITS[unit]}`
}

/**
 * A duration in milliseconds, to the two largest units that matter.
 *
 * @example formatDuration(125_000) // '2 min 5 s'
 */
export function formatDuration(ms: number, options: FormatOptions = {}): string {
  if (!Number.isFinite(ms)) return String(ms)
  const sign = ms < 0 ? '-' : ''
  const abs = Math.abs(ms)
  const num = (n: number, digits = 0) =>
    new Intl.NumberFormat(options.locale, { maximumFractionDigits: digits }).format(n)
  if (abs < 1000) return `${sign}${num(abs, abs < 10 ? 2 : 0)} ms`
  if (abs < 60_000) return `${sign}${num(abs / 1000, 1)} s`
  const parts: [number, string][] = [
    [Math.floor(abs / 86_400_000), 'd'],
    [Math.floor(abs / 3_600_000) % 24, 'h'],
    [Math.floor(abs / 60_000) % 60, 'min'],
    [Math.floor(abs / 1000) % 60, 's'],
  ]
  const first = parts.findIndex(([n]) => n > 0)
  const shown = parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${num(n)} ${unit}`)
  return `${sign}${shown.join(' ')}`
}

/**
 * A scalar as text in its one format: numbers with separators, ISO dates and times in the
 * locale's, booleans as words; null as the empty string (components show their own mark).
 */
export function formatScalar(value: unknown, options: FormatOptions = {}): string {
  switch (valueKind(value)) {
    case 'null':
      return ''
    case 'boolean':
      return value ? 'yes' : 'no'
    case 'number':
      return formatNumber(value as number | bigint, options)
    case 'date':
      return formatDate(String(value), options)
    case 'time':
      return formatTime(String(value), options)
    case 'timestamp':
      return formatTimestamp(value as Date | string, options)
    case 'list':
    case 'object':
      return JSON.stringify(value)
    case 'text':
      return String(value)
  }
}

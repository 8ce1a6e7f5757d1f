import { describe, expect, it } from 'vitest'
import {
  formatBytes,
  formatDate,
  formatDuration,
  formatNumber,
  formatScalar,
  formatTime,
  formatTimestamp,
  isNumericText,
  valueKind,
} from '../../../core/plugin/components/format.js'

const en = { locale: 'en-US', timeZone: 'UTC' }
const de = { locale: 'de-DE', timeZone: 'UTC' }

describe('the console formats (core/plugin/components/format.ts)', () => {
  it('tells dates, times, timestamps, numbers and structures apart', () => {
    expect(valueKind(null)).toBe('null')
    expect(valueKind(undefined)).toBe('null')
    expect(valueKind(false)).toBe('boolean')
    expect(valueKind(12)).toBe('number')
    expect(valueKind(12n)).toBe('number')
    expect(valueKind('2026-12-06')).toBe('date')
    expect(valueKind('2026-12-06T04:10:51.123Z')).toBe('timestamp')
    expect(valueKind('2026-12-06 04:10:51+00')).toBe('timestamp')
    expect(valueKind('14:05:09')).toBe('time')
    expect(valueKind([1, 2])).toBe('list')
    expect(valueKind({ a: 1 })).toBe('object')
    // A name that looks like a number is text unless the column says it is numeric.
    expect(valueKind('2024')).toBe('text')
    expect(valueKind('2024', { numericText: true })).toBe('number')
    expect(valueKind('2026-13-45T99:99')).toBe('text')
    expect(valueKind('null')).toBe('text')
  })

  it('groups numbers by the locale, and keeps every digit of numeric text', () => {
    expect(formatNumber(1234567, en)).toBe('1,234,567')
    expect(formatNumber(1234567, de)).toBe('1.234.567')
    expect(formatNumber(0.25, en)).toBe('0.25')
    expect(formatNumber(9007199254740993n, en)).toBe('9,007,199,254,740,993')
    expect(formatNumber('1234567.50', en)).toBe('1,234,567.50')
    expect(formatNumber('1234567.50', de)).toBe('1.234.567,50')
    expect(formatNumber('-98765432109876543210.125', en)).toBe('-98,765,432,109,876,543,210.125')
    expect(formatNumber('not a number', en)).toBe('not a number')
    expect(formatNumber(Number.NaN, en)).toBe('NaN')
    expect(isNumericText('12.5')).toBe(true)
    expect(isNumericText('1e5')).toBe(false)
  })

  it('shows a calendar day as the day it names, in the locale', () => {
    expect(formatDate('2026-12-06', en)).toBe('Dec 6, 2026')
    expect(formatDate('2026-12-06', de)).toBe('06.12.2026')
    // Whatever the zone, a date column's day does not move.
    expect(formatDate('2026-01-01', { locale: 'en-US', timeZone: 'Pacific/Honolulu' })).toBe(
      'Jan 1, 2026',
    )
    expect(formatDate('someday', en)).toBe('someday')
  })

  it('shows a timestamp in one medium date-and-time form, in the zone asked', () => {
    expect(formatTimestamp('2026-12-06T04:10:51Z', en)).toBe('Dec 6, 2026, 4:10:51 AM')
    expect(formatTimestamp('2026-12-06 04:10:51+00', { locale: 'en-GB', timeZone: 'UTC' })).toBe(
      '6 Dec 2026, 04:10:51',
    )
    expect(formatTimestamp(new Date(Date.UTC(2026, 11, 6, 23, 0)), de)).toBe('06.12.2026, 23:00:00')
    expect(
      formatTimestamp('2026-12-06T04:10:51Z', { locale: 'en-GB', timeZone: 'Asia/Tokyo' }),
    ).toBe('6 Dec 2026, 13:10:51')
    expect(formatTimestamp('garbage', en)).toBe('garbage')
  })

  it('shows a time of day in the locale, keeping its offset', () => {
    expect(formatTime('14:05:09', en)).toBe('2:05:09 PM')
    expect(formatTime('14:05', de)).toBe('14:05:00')
    expect(formatTime('14:05:09+02', { locale: 'en-GB' })).toBe('14:05:09 (UTC+02)')
    expect(formatTime('noon', en)).toBe('noon')
  })

  it('names sizes as pg_size_pretty does', () => {
    expect(formatBytes(0, en)).toBe('0 bytes')
    expect(formatBytes(8192, en)).toBe('8 kB')
    expect(formatBytes(1536, en)).toBe('1.5 kB')
    expect(formatBytes(1536, de)).toBe('1,5 kB')
    expect(formatBytes(5 * 1024 ** 3, en)).toBe('5 GB')
    expect(formatBytes('16384', en)).toBe('16 kB')
    expect(formatBytes(-2048, en)).toBe('-2 kB')
  })

  it('says durations in their two largest units', () => {
    expect(formatDuration(3.456, en)).toBe('3.46 ms')
    expect(formatDuration(350, en)).toBe('350 ms')
    expect(formatDuration(1500, en)).toBe('1.5 s')
    expect(formatDuration(125_000, en)).toBe('2 min 5 s')
    expect(formatDuration(3_600_000 + 120_000 + 7000, en)).toBe('1 h 2 min')
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000, en)).toBe('3 d 4 h')
    expect(formatDuration(86_400_000 + 5000, en)).toBe('1 d')
    expect(formatDuration(-1500, en)).toBe('-1.5 s')
  })

  it('formats any scalar in its one form', () => {
    expect(formatScalar(null, en)).toBe('')
    expect(formatScalar(true, en)).toBe('yes')
    expect(formatScalar(false, en)).toBe('no')
    expect(formatScalar(1234.5, en)).toBe('1,234.5')
    expect(formatScalar('2026-12-06', en)).toBe('Dec 6, 2026')
    expect(formatScalar('2026-12-06T04:10:51Z', en)).toBe('Dec 6, 2026, 4:10:51 AM')
    expect(formatScalar('<b>hi</b>', en)).toBe('<b>hi</b>')
  })
})

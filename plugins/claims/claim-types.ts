import { DECLARED_TYPES, type DeclaredType } from '../../core/claims/declared-types.js'

// Catalog type names as the parser writes them (`::int` becomes pg_catalog.int4).
const TYPE_ALIASES: Readonly<Record<string, string>> = {
  int: 'integer',
  int4: 'integer',
  int8: 'bigint',
  bool: 'boolean',
  decimal: 'numeric',
  varchar: 'text',
  timestamp_tz: 'timestamptz',
  'timestamp with time zone': 'timestamptz',
}

/**
 * A type name as a person reads it: `pg_catalog.int4` → `integer`, `uuid` → `uuid`.
 *
 * @example typeLabel(['pg_catalog', 'int4']) // 'integer'
 */
export function typeLabel(names: readonly string[]): string {
  const last = names.at(-1) ?? ''
  return TYPE_ALIASES[last] ?? last
}

/** The declared type a use's cast suggests, or text when it has none we know. */
export function suggestedType(cast: string | undefined): DeclaredType {
  return (DECLARED_TYPES as readonly string[]).includes(cast ?? '')
    ? (cast as DeclaredType)
    : 'text'
}

const INT = /^[+-]?\d+$/
const CHECKS: Readonly<Record<DeclaredType, (v: string) => boolean>> = {
  text: () => true,
  uuid: (v) => /^\{?[0-9a-f]{8}-?([0-9a-f]{4}-?){3}[0-9a-f]{12}\}?$/i.test(v),
  integer: (v) => INT.test(v) && Number(v) >= -(2 ** 31) && Number(v) < 2 ** 31,
  bigint: (v) => INT.test(v) && BigInt(v) >= -(2n ** 63n) && BigInt(v) < 2n ** 63n,
  numeric: (v) => /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(v),
  boolean: (v) => /^(t|f|true|false|y|yes|n|no|on|off|1|0)$/i.test(v.trim()),
  timestamptz: (v) => /^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v)),
  date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)),
}

/**
 * Whether a claim value looks like its declared type — a guide for the page; the cast in the
 * pre-request function is what PostgreSQL enforces.
 *
 * @example valueFits('integer', 2) // true
 * @example valueFits('uuid', 'tenant-2') // false
 */
export function valueFits(type: DeclaredType, value: unknown): boolean {
  if (value === null || value === undefined) return false
  if (typeof value === 'object') return type === 'text'
  return CHECKS[type](String(value))
}

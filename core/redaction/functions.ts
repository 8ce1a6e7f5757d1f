import { sql, type SqlFragment } from '../sql/sql.js'

/** The redaction functions the library installs, by the name they get in the database. */
export const REDACTION_IDS = ['mask_pan', 'mask_email', 'hash', 'nullify', 'partial'] as const
export type RedactionId = (typeof REDACTION_IDS)[number]

/** What the function picker shows about one redaction function. */
export interface RedactionInfo {
  readonly id: RedactionId
  readonly title: string
  readonly description: string
  /** The identity argument list, as `pg_get_function_identity_arguments` prints it. */
  readonly args: string
  /** `text`, or `same` when the result has the type of the redacted column. */
  readonly returns: 'text' | 'same'
  /** Which columns it fits: text-like ones, or any (a non-text column is cast to text for `hash`). */
  readonly appliesTo: 'text' | 'any'
  /** A call and what it returns, for the picker's help text. */
  readonly example: { readonly call: string; readonly output: string | null }
}

interface Definition extends RedactionInfo {
  /** Arguments with names, as CREATE FUNCTION takes them. */
  readonly params: string
  readonly attributes: string
  /** The body: a SQL-standard `RETURN …` where possible, parsed once when the function is created. */
  readonly body: string
}

// Bodies are SQL-standard (`RETURN expr`) so names resolve once, when the DDL role creates them,
// never later against a caller's search_path: a caller who could put an operator of their own
// in front of pg_catalog's would otherwise see the value before it is masked. `nullify` is
// polymorphic, which only a quoted body allows; its body names nothing that could be shadowed.
const DEFINITIONS: readonly Definition[] = [
  {
    id: 'mask_pan',
    title: 'Mask card number',
    description:
      'Replaces every digit but the last four with *, keeping spaces and dashes; four digits or fewer are masked whole.',
    args: 'text',
    params: 'value text',
    returns: 'text',
    appliesTo: 'text',
    example: { call: "mask_pan('4111 1111 1111 1234')", output: '**** **** **** 1234' },
    attributes: 'IMMUTABLE STRICT PARALLEL SAFE',
    body: `RETURN CASE
  WHEN pg_catalog.length(pg_catalog.regexp_replace(value, '[^0-9]', '', 'g')) <= 4
    THEN pg_catalog.regexp_replace(value, '[0-9]', '*', 'g')
  ELSE pg_catalog.regexp_replace(value, '[0-9](?=(?:[^0-9]*[0-9]){4})', '*', 'g')
END`,
  },
  {
    id: 'mask_email',
    title: 'Mask e-mail',
    description:
      'Keeps the first character and the domain: a***@example.com. A value without a local part becomes ***.',
    args: 'text',
    params: 'value text',
    returns: 'text',
    appliesTo: 'text',
    example: { call: "mask_email('ada@example.com')", output: 'a***@example.com' },
    attributes: 'IMMUTABLE STRICT PARALLEL SAFE',
    body: `RETURN CASE
  WHEN pg_catalog.strpos(value, '@') > 1
    THEN pg_catalog.left(value, 1) || '***' || pg_catalog.substr(value, pg_catalog.strpos(value, '@'))
  ELSE '***'
END`,
  },
  {
    id: 'hash',
    title: 'Hash (SHA-256)',
    description:
      'The SHA-256 of the UTF-8 text as 64 hex digits: equal values stay equal, so rows can still be joined or counted.',
    args: 'text',
    params: 'value text',
    returns: 'text',
    appliesTo: 'any',
    example: {
      call: "hash('abc')",
      output: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    },
    // convert_to is only STABLE in the catalog, but converting to UTF-8 from the database's
    // fixed encoding never changes: the result depends on the input alone.
    attributes: 'IMMUTABLE STRICT PARALLEL SAFE',
    body: `RETURN pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(value, 'UTF8')), 'hex')`,
  },
  {
    id: 'nullify',
    title: 'Nullify',
    description: 'Always NULL, of the column’s own type: the column stays in the view, empty.',
    args: 'anyelement',
    params: 'value anyelement',
    returns: 'same',
    appliesTo: 'any',
    example: { call: "nullify('anything'::text)", output: null },
    // Not STRICT: it returns NULL for every input anyway.
    attributes: 'IMMUTABLE PARALLEL SAFE',
    body: `AS $body$SELECT CASE WHEN false THEN value END$body$`,
  },
  {
    id: 'partial',
    title: 'Partial mask',
    description:
      'Keeps keep_start characters at the start and keep_end at the end, one * for each character between; a value no longer than what is kept is masked whole.',
    args: 'text, integer, integer',
    params: 'value text, keep_start integer, keep_end integer',
    returns: 'text',
    appliesTo: 'text',
    example: { call: "partial('Ada Lovelace', 1, 0)", output: 'A***********' },
    attributes: 'IMMUTABLE STRICT PARALLEL SAFE',
    body: `RETURN CASE
  WHEN pg_catalog.length(value) <= GREATEST(keep_start, 0) + GREATEST(keep_end, 0)
    THEN pg_catalog.repeat('*', pg_catalog.length(value))
  ELSE pg_catalog.left(value, GREATEST(keep_start, 0))
    || pg_catalog.repeat('*', pg_catalog.length(value) - GREATEST(keep_start, 0) - GREATEST(keep_end, 0))
    || pg_catalog.right(value, GREATEST(keep_end, 0))
END`,
  },
]

/** Everything the picker needs about each redaction function, in display order. */
export const REDACTIONS: readonly RedactionInfo[] = Object.freeze(
  DEFINITIONS.map(({ id, title, description, args, returns, appliesTo, example }) =>
    Object.freeze({ id, title, description, args, returns, appliesTo, example }),
  ),
)

export function redactionInfo(id: RedactionId): RedactionInfo {
  const info = REDACTIONS.find((r) => r.id === id)
  if (!info) throw new TypeError(`unknown redaction function ${String(id)}`)
  return info
}

/** The CREATE OR REPLACE FUNCTION statement text of one library function (code-written). */
export function redactionDefinition(schema: string, id: RedactionId): SqlFragment {
  const d = DEFINITIONS.find((r) => r.id === id)
  if (!d) throw new TypeError(`unknown redaction function ${String(id)}`)
  const returns = d.returns === 'same' ? 'anyelement' : d.returns
  return sql`CREATE OR REPLACE FUNCTION ${sql.id(schema, d.id)}(${sql.raw(d.params)})
RETURNS ${sql.raw(returns)}
LANGUAGE sql ${sql.raw(d.attributes)}
${sql.raw(d.body)}`
}

const TEXT_TYPE =
  /^(?:text|name|bpchar|(?:character varying|varchar|character|char)(?:\s*\(\s*\d+\s*\))?|(?:(?:[a-z_][a-z0-9_$]*|"[^"]+")\.)?citext)$/i

/**
 * True when a column of this type is text-like: PostgreSQL's string category (`typcategory`
 * 'S', which domains inherit from their base type) when the caller knows it, otherwise the
 * built-in string types by their format_type spelling.
 */
export function isTextType(type: string, category?: string): boolean {
  if (category !== undefined) return category === 'S'
  return TEXT_TYPE.test(type.trim())
}

import { parseExpression, parseStatement, type ParsedExpression } from '../../parse/parse.js'
import { isTextType, redactionInfo } from '../../redaction/functions.js'
import { sql, type SqlFragment } from '../../sql/sql.js'
import { display, type QualifiedName } from '../names.js'
import type { Column, Redaction, Target, TriggerOperation, View, ViewPrivilege } from './input.js'
import { TRIGGER_OPERATIONS } from './input.js'
import type { Refusals } from './refusals.js'

/** A column of the raw table with what the builders derive from it. */
export interface TableColumn extends Column {
  readonly textual: boolean
  /** A `nextval(…)` default: filled by the table like an identity, since callers lack the sequence. */
  readonly serial: boolean
}

export interface ResolvedTarget {
  readonly table: QualifiedName
  readonly columns: readonly TableColumn[]
  readonly byName: ReadonlyMap<string, TableColumn>
  readonly primaryKey: readonly string[]
  readonly owner: string | undefined
  readonly redactionSchema: string
  /** Unknown (no server at hand, as in unit tests): every option is offered. */
  readonly serverVersionNum: number | undefined
}

/** One column of a view: where it comes from, what it is called and typed, how it is read. */
export interface OutputColumn {
  readonly source: TableColumn
  readonly name: string
  /** The type the view column gets: the source's, or the redaction function's result. */
  readonly type: string
  /** The select-list expression, without its alias; also what skeletons return. */
  readonly expr: SqlFragment
  readonly redaction: Redaction | undefined
  /** The raw column's default, copied onto the view so INSERTs through triggers see it. */
  readonly default: ParsedExpression | undefined
}

export interface ResolvedTrigger {
  readonly operation: TriggerOperation
  readonly language: 'plpgsql' | 'sql'
  /** Senior's body, or undefined for the generated skeleton. */
  readonly body: string | undefined
}

export interface ResolvedView {
  readonly schema: string
  readonly name: string
  /** Where this view sits in the input, for refusals: `views.0`, `view`. */
  readonly field: string
  readonly columns: readonly OutputColumn[]
  readonly securityBarrier: boolean
  readonly securityInvoker: boolean
  readonly grants: readonly {
    readonly role: string
    readonly privileges: readonly ViewPrivilege[]
  }[]
  readonly triggers: readonly ResolvedTrigger[]
  readonly comment: string | undefined
}

/** The name shared by an operation's trigger and its function(s): `<view>_insert`. */
export function operationName(view: { readonly name: string }, op: TriggerOperation): string {
  return `${view.name}_${op}`
}

export function viewName(view: Pick<ResolvedView, 'schema' | 'name'>): QualifiedName {
  return { schema: view.schema, name: view.name }
}

/** Types compared the way format_type prints them: case and spacing do not matter. */
export function sameType(a: string, b: string): boolean {
  const norm = (t: string) =>
    t
      .trim()
      .replace(/\s+/g, ' ')
      .replace(/\s*([(),])\s*/g, '$1')
  return norm(a).toLowerCase() === norm(b).toLowerCase()
}

const ALIASES: Record<string, string> = {
  int: 'integer',
  int4: 'integer',
  int8: 'bigint',
  int2: 'smallint',
  float8: 'double precision',
  float4: 'real',
  bool: 'boolean',
  decimal: 'numeric',
  varchar: 'character varying',
  char: 'character',
  bpchar: 'character',
  timestamptz: 'timestamp with time zone',
  timestamp: 'timestamp without time zone',
  timetz: 'time with time zone',
  time: 'time without time zone',
}

/**
 * The type without its modifiers and in format_type's spelling: `numeric(12,2)` → `numeric`,
 * `varchar(20)` → `character varying`, so a function taking `numeric` fits a `numeric(12,2)`.
 */
export function baseType(type: string): string {
  const t = type
    .trim()
    .toLowerCase()
    .replace(/\s*\(\s*\d+\s*(?:,\s*\d+\s*)?\)/g, '')
    .replace(/\s+/g, ' ')
  return ALIASES[t] ?? t
}

const POLYMORPHIC = new Set([
  'anyelement',
  'anycompatible',
  'anynonarray',
  'anycompatiblenonarray',
  '"any"',
])

/** Checks the raw table's own description: unique columns, a key made of its columns. */
export function resolveTarget(t: Target, refusals: Refusals): ResolvedTarget {
  const byName = new Map<string, TableColumn>()
  const columns = t.columns.map((c, i) => {
    if (byName.has(c.name)) refusals.add(`columns.${i}.name`, `"${c.name}" is listed twice`)
    const column: TableColumn = {
      ...c,
      textual: isTextType(c.type, c.category),
      serial: c.default !== null && /^\s*nextval\s*\(/i.test(c.default),
    }
    byName.set(c.name, column)
    return column
  })
  t.primaryKey.forEach((k, i) => {
    if (!byName.has(k)) refusals.add(`primaryKey.${i}`, `no column "${k}" in ${display(t.table)}`)
  })
  return {
    table: t.table,
    columns,
    byName,
    primaryKey: t.primaryKey,
    owner: t.owner,
    redactionSchema: t.redactionSchema,
    serverVersionNum: t.serverVersionNum,
  }
}

/** security_invoker views: PostgreSQL 15 and later. */
const SECURITY_INVOKER_SINCE = 150000

export interface ViewRules {
  /**
   * On a protected table every write goes through an INSTEAD OF trigger and callers cannot
   * read the raw table: writes without a trigger and security_invoker are refused.
   */
  readonly protected: boolean
}

/**
 * Checks a view against the raw table and works out its columns. Refusals go to `refusals`
 * under `field`; parse errors (custom function signatures, defaults) are thrown as they come.
 */
export async function resolveView(
  target: ResolvedTarget,
  view: View,
  field: string,
  rules: ViewRules,
  refusals: Refusals,
): Promise<ResolvedView> {
  const schema = view.schema ?? target.table.schema
  const label = `${schema}.${view.name}`
  if (schema === target.table.schema && view.name === target.table.name) {
    refusals.add(`${field}.name`, `is the raw table's own name`)
  }
  const triggers: ResolvedTrigger[] = TRIGGER_OPERATIONS.flatMap((operation) => {
    const t = view.triggers[operation]
    if (!t) return []
    const body = t.body?.trim() ? t.body : undefined
    return [{ operation, language: t.language, body }]
  })
  const hasInsert = triggers.some((t) => t.operation === 'insert')

  const excluded = new Set(view.columns.filter((c) => c.mode === 'exclude').map((c) => c.name))
  const outputs: OutputColumn[] = []
  const seen = new Set<string>()
  for (const [i, c] of view.columns.entries()) {
    const at = `${field}.columns.${i}`
    const source = target.byName.get(c.name)
    if (!source) {
      refusals.add(`${at}.name`, `no column "${c.name}" in ${display(target.table)}`)
      continue
    }
    if (c.mode === 'exclude') continue
    if (excluded.has(c.name)) {
      refusals.add(`${at}.name`, `"${c.name}" is also listed as excluded`)
      continue
    }
    const name = c.as ?? c.name
    if (seen.has(name)) {
      refusals.add(`${at}.${c.as ? 'as' : 'name'}`, `"${name}" is already a column of this view`)
      continue
    }
    seen.add(name)
    if (c.mode === 'include') {
      const copyDefault =
        hasInsert &&
        source.default !== null &&
        !source.serial &&
        !source.identity &&
        !source.generated
      outputs.push({
        source,
        name,
        type: source.type,
        expr: sql.id(source.name),
        redaction: undefined,
        default: copyDefault
          ? await parseExpression(
              source.default as string,
              `columns.${target.columns.indexOf(source)}.default`,
            )
          : undefined,
      })
      continue
    }
    const redacted = await redactedColumn(target, source, c.redaction, `${at}.redaction`, refusals)
    if (redacted)
      outputs.push({ source, name, ...redacted, redaction: c.redaction, default: undefined })
  }
  if (outputs.length === 0 && !refusals.has(`${field}.columns`)) {
    refusals.add(`${field}.columns`, 'choose at least one column to include or redact')
  }

  const version = target.serverVersionNum
  if (view.securityInvoker && version !== undefined && version < SECURITY_INVOKER_SINCE) {
    refusals.add(
      `${field}.securityInvoker`,
      `security_invoker needs PostgreSQL ${SECURITY_INVOKER_SINCE / 10000} or later (this server is ${Math.floor(version / 10000)})`,
    )
  }
  if (rules.protected && view.securityInvoker) {
    refusals.add(
      `${field}.securityInvoker`,
      'a security_invoker view reads the raw table as its caller, whom protecting revokes: every read would be refused',
    )
  }
  view.grants.forEach((g, gi) => {
    if (!rules.protected) return
    const missing = g.privileges.filter(
      (p) => p !== 'SELECT' && !triggers.some((t) => t.operation === p.toLowerCase()),
    )
    if (missing.length) {
      refusals.add(
        `${field}.grants.${gi}.privileges`,
        `${missing.join(', ')} needs an INSTEAD OF ${missing.join(' / ')} trigger: on a protected table every write goes through one`,
      )
    }
  })
  for (const t of triggers) {
    const fn = operationName(view, t.operation)
    const bytes = Buffer.byteLength(fn)
    if (bytes > 63) {
      refusals.add(
        `${field}.name`,
        `is too long for its trigger functions: ${fn} would be ${bytes} bytes, PostgreSQL allows 63`,
      )
    }
    if (t.body === undefined)
      skeletonRules(
        target,
        label,
        outputs,
        t.operation,
        `${field}.triggers.${t.operation}`,
        refusals,
      )
  }

  return {
    schema,
    name: view.name,
    field,
    columns: outputs,
    securityBarrier: view.securityBarrier,
    securityInvoker: view.securityInvoker,
    grants: view.grants,
    triggers,
    comment: view.comment,
  }
}

/** Writable through a generated INSERT: plain columns the caller can give a value. */
export function insertable(c: OutputColumn): boolean {
  return !c.redaction && !c.source.generated && !c.source.identity && !c.source.serial
}

/** Writable through a generated UPDATE. */
export function updatable(c: OutputColumn): boolean {
  return !c.redaction && !c.source.generated && !c.source.identity
}

/** The output column carrying each primary key column unredacted, or undefined if one is missing. */
export function keyColumns(
  target: ResolvedTarget,
  outputs: readonly OutputColumn[],
): OutputColumn[] | undefined {
  const keys: OutputColumn[] = []
  for (const k of target.primaryKey) {
    const out = outputs.find((o) => o.source.name === k && !o.redaction)
    if (!out) return undefined
    keys.push(out)
  }
  return keys.length ? keys : undefined
}

function skeletonRules(
  target: ResolvedTarget,
  label: string,
  outputs: readonly OutputColumn[],
  op: TriggerOperation,
  field: string,
  refusals: Refusals,
): void {
  if (op === 'insert') return
  if (target.primaryKey.length === 0) {
    refusals.add(
      field,
      `the generated ${op} finds the row by the primary key, and ${display(target.table)} has none: write the body yourself`,
    )
    return
  }
  if (!keyColumns(target, outputs)) {
    refusals.add(
      field,
      `the generated ${op} finds the row by the primary key (${target.primaryKey.join(', ')}): include it unredacted in ${label} or write the body yourself`,
    )
    return
  }
  if (op === 'update' && !outputs.some(updatable)) {
    refusals.add(field, `${label} has no column an UPDATE could write: write the body yourself`)
  }
}

async function redactedColumn(
  target: ResolvedTarget,
  source: TableColumn,
  r: Redaction,
  field: string,
  refusals: Refusals,
): Promise<{ type: string; expr: SqlFragment } | undefined> {
  const col = sql.id(source.name)
  const lib = (name: string) => sql.id(target.redactionSchema, name)
  // The library takes text: other text-like types (varchar, char, citext, domains) are cast.
  const asText = sameType(source.type, 'text') ? col : sql`${col}::text`
  switch (r.fn) {
    case 'mask_pan':
    case 'mask_email':
    case 'partial': {
      if (!source.textual) {
        const info = redactionInfo(r.fn)
        refusals.add(field, `${r.fn} takes text (${info.args}); "${source.name}" is ${source.type}`)
        return undefined
      }
      const args =
        r.fn === 'partial' ? sql`${asText}, ${sql.lit(r.keepStart)}, ${sql.lit(r.keepEnd)}` : asText
      return { type: 'text', expr: sql`${lib(r.fn)}(${args})` }
    }
    case 'hash':
      return { type: 'text', expr: sql`${lib('hash')}(${asText})` }
    case 'nullify':
      return { type: source.type, expr: sql`${lib('nullify')}(${col})` }
    case 'function': {
      const probe = await parseStatement(`DROP FUNCTION f(${r.args})`, {
        field: `${field}.args`,
        kinds: ['DropStmt'],
      })
      const objects = probe.tree.objects as
        { ObjectWithArgs?: { objargs?: unknown[] } }[] | undefined
      if (objects?.length !== 1 || objects[0]?.ObjectWithArgs?.objargs?.length !== 1) {
        refusals.add(
          `${field}.args`,
          'give exactly one argument type: the column is the only argument',
        )
        return undefined
      }
      // As an expression too, so `column::<type>` below can only ever be one cast.
      await parseExpression(`NULL::${r.args}`, `${field}.args`)
      await parseExpression(`NULL::${r.returns}`, `${field}.returns`)
      const arg = r.args.trim()
      const polymorphic = POLYMORPHIC.has(arg.toLowerCase())
      const fits =
        polymorphic ||
        baseType(arg) === baseType(source.type) ||
        (source.textual && isTextType(arg))
      if (!fits) {
        refusals.add(
          field,
          `${r.schema}.${r.name} takes ${arg}; "${source.name}" is ${source.type}`,
        )
        return undefined
      }
      // The cast picks the overload the signature names; the parser has accepted the type.
      const value = polymorphic || sameType(arg, source.type) ? col : sql`${col}::${sql.raw(arg)}`
      return { type: r.returns, expr: sql`${sql.id(r.schema, r.name)}(${value})` }
    }
    default: {
      const never: never = r
      throw new TypeError(`unknown redaction ${JSON.stringify(never)}`)
    }
  }
}

import { sql, type SqlFragment } from '../sql/sql.js'
import { queryRows } from './catalog-session.js'
import { deparsed } from './deparse.js'
import type { QueryContext } from './context.js'
import { notExtensionMember, schemaFilter, descriptionJoin } from './filters.js'
import { routineKind, type RoutineKind } from './kinds.js'
import { parseOptions } from './parse.js'

/** One pg_proc row. */
export interface FunctionRow {
  oid: number
  nspname: string
  proname: string
  prokind: string
  owner: string
  lanname: string
  /** pg_get_function_identity_arguments: the signature that DROP / ALTER need. */
  identity_args: string
  /** pg_get_function_result: `integer`, `SETOF app.invoice`, `TABLE(id bigint, …)`; null for procedures. */
  result: string | null
  prorettype: number
  proretset: boolean
  /** Type of every argument (proallargtypes, or proargtypes when all are IN), as regtype text. */
  arg_types: string[]
  /** i, o, b (INOUT), v (VARIADIC), t (TABLE); null when all are IN. */
  proargmodes: string[] | null
  proargnames: string[] | null
  pronargs: number
  pronargdefaults: number
  /** Per argument (same order as arg_types): its default expression or null. Null when none has one. */
  arg_defaults: (string | null)[] | null
  provolatile: string
  proisstrict: boolean
  prosecdef: boolean
  proleakproof: boolean
  proparallel: string
  proconfig: string[] | null
  procost: number
  prorows: number
  overloads: string | number
  description: string | null
  /** prosrc (or the SQL-standard body), only when definitions are asked for. */
  body?: string | null
}

export type ArgumentMode = 'in' | 'out' | 'inout' | 'variadic' | 'table'

export interface FunctionArgument {
  readonly name: string | null
  readonly type: string
  readonly mode: ArgumentMode
  readonly default: string | null
}

export interface DbFunction {
  readonly oid: number
  readonly schema: string
  readonly name: string
  readonly kind: RoutineKind
  /** `name(identity args)`: unique among overloads, what DROP FUNCTION takes. */
  readonly signature: string
  readonly identityArguments: string
  readonly arguments: readonly FunctionArgument[]
  readonly returns: string | null
  readonly returnsSet: boolean
  readonly language: string
  readonly volatility: 'immutable' | 'stable' | 'volatile'
  readonly strict: boolean
  readonly securityDefiner: boolean
  readonly leakproof: boolean
  readonly parallel: 'safe' | 'restricted' | 'unsafe'
  /** `SET name = value` settings (proconfig), e.g. { search_path: 'pg_catalog, pg_temp' }. */
  readonly config: Readonly<Record<string, string>>
  readonly cost: number
  readonly rows: number
  readonly owner: string
  /** How many functions share this schema and name (1 when not overloaded). */
  readonly overloadCount: number
  readonly comment: string | null
  /** The body; null unless definitions were fetched (see functionBody). */
  readonly body: string | null
}

// CREATE TYPE … AS RANGE makes these constructors itself; they belong to the type, not the user.
const CONSTRUCTORS = [
  'range_constructor2',
  'range_constructor3',
  'multirange_constructor0',
  'multirange_constructor1',
  'multirange_constructor2',
]

/**
 * Argument types come from one cast (`oid[]::regtype[]::text[]`) rather than a subquery per
 * function; per-argument defaults are deparsed only for functions that have defaults.
 */
export function functionsQuery(ctx: QueryContext): SqlFragment {
  const body = deparsed(ctx, {
    body: sql`CASE WHEN p.prosqlbody IS NOT NULL THEN pg_catalog.pg_get_function_sqlbody(p.oid) ELSE p.prosrc END`,
  })
  return sql`SELECT p.oid, n.nspname, p.proname, p.prokind,
  pg_catalog.pg_get_userbyid(p.proowner) AS owner, l.lanname,
  pg_catalog.pg_get_function_identity_arguments(p.oid) AS identity_args,
  pg_catalog.pg_get_function_result(p.oid) AS result,
  p.prorettype, p.proretset,
  coalesce(p.proallargtypes, p.proargtypes::oid[])::pg_catalog.regtype[]::text[] AS arg_types,
  p.proargmodes::text[] AS proargmodes, p.proargnames::text[] AS proargnames,
  p.pronargs, p.pronargdefaults,
  CASE WHEN p.pronargdefaults > 0 THEN ARRAY(
    SELECT pg_catalog.pg_get_function_arg_default(p.oid, k)
    FROM pg_catalog.generate_series(1, coalesce(pg_catalog.array_length(p.proallargtypes, 1), p.pronargs)) k
  ) END AS arg_defaults,
  p.provolatile, p.proisstrict, p.prosecdef, p.proleakproof, p.proparallel,
  p.proconfig, p.procost::float8 AS procost, p.prorows::float8 AS prorows,
  pg_catalog.count(*) OVER (PARTITION BY p.pronamespace, p.proname) AS overloads,
  d.description${body}
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
JOIN pg_catalog.pg_language l ON l.oid = p.prolang
${descriptionJoin('pg_proc', sql`p.oid`)}
WHERE ${schemaFilter(ctx, sql`n`)} AND ${notExtensionMember(ctx, 'pg_proc', sql`p.oid`)}
  AND NOT (l.lanname = 'internal' AND p.prosrc IN (${sql.join(CONSTRUCTORS.map((c) => sql.lit(c)))}))`
}

const MODES: Readonly<Record<string, ArgumentMode>> = {
  i: 'in',
  o: 'out',
  b: 'inout',
  v: 'variadic',
  t: 'table',
}

/** @example mapFunction(row).signature // 'touch(a integer)' */
export function mapFunction(row: FunctionRow): DbFunction {
  const args = row.arg_types.map((type, i): FunctionArgument => ({
    name: row.proargnames?.[i] || null,
    type,
    mode: MODES[row.proargmodes?.[i] ?? 'i'] ?? 'in',
    default: row.arg_defaults?.[i] ?? null,
  }))
  return {
    oid: row.oid,
    schema: row.nspname,
    name: row.proname,
    kind: routineKind(row.prokind),
    signature: `${row.proname}(${row.identity_args})`,
    identityArguments: row.identity_args,
    arguments: args,
    returns: row.prokind === 'p' ? null : row.result,
    returnsSet: row.proretset,
    language: row.lanname,
    volatility:
      row.provolatile === 'i' ? 'immutable' : row.provolatile === 's' ? 'stable' : 'volatile',
    strict: row.proisstrict,
    securityDefiner: row.prosecdef,
    leakproof: row.proleakproof,
    parallel: row.proparallel === 's' ? 'safe' : row.proparallel === 'r' ? 'restricted' : 'unsafe',
    config: parseOptions(row.proconfig),
    cost: row.procost,
    rows: row.prorows,
    owner: row.owner,
    overloadCount: Number(row.overloads),
    comment: row.description,
    body: row.body ?? null,
  }
}

/** Functions, procedures, aggregates and window functions in scope. */
export async function fetchFunctions(ctx: QueryContext): Promise<DbFunction[]> {
  return (await queryRows<FunctionRow>(ctx, functionsQuery(ctx))).map(mapFunction)
}

/** Overloads grouped by `schema.name`, for a function list that shows each name once. */
export function overloadGroups(functions: readonly DbFunction[]): Map<string, DbFunction[]> {
  const groups = new Map<string, DbFunction[]>()
  for (const fn of functions) {
    const key = `${fn.schema}.${fn.name}`
    const group = groups.get(key)
    if (group) group.push(fn)
    else groups.set(key, [fn])
  }
  return groups
}

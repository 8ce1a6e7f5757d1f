import { typeLabel } from './claim-types.js'

/** Where a claim is read from (or written to). */
export type ClaimSource =
  /** `current_setting('app.<claim>')` — what the console and a pre-request function set. */
  | 'setting'
  /** `request.jwt.claims` JSON or `auth.jwt()`, read by key or path. */
  | 'jwt'
  /** `current_setting('request.jwt.claim.<claim>')`, PostgREST's pre-v9 style. */
  | 'jwt-setting'

/** One place an expression reads or sets a claim. */
export interface ClaimUse {
  readonly claim: string
  readonly source: ClaimSource
  /** `set`: `set_config('app.<claim>', …)`; everything else reads. */
  readonly access: 'read' | 'set'
  /** The JWT keys read, outermost first (`['app_metadata', 'tenant_id']`); jwt sources only. */
  readonly path?: readonly string[]
  /** The type the value is cast to, as a person reads it (`integer`), when it is cast. */
  readonly cast?: string
  /** `current_setting(name)` without `missing_ok`: raises when the setting was never set. */
  readonly raisesWhenUnset?: boolean
  /** Byte offset in the parsed text, when the parser gave one. */
  readonly location?: number
}

type Node = Record<string, unknown>

const SETTING_PREFIX = 'app.'
const JWT_SETTING_PREFIX = 'request.jwt.claim.'
const JWT_CLAIMS = 'request.jwt.claims'

const obj = (v: unknown): Node | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Node) : undefined

const names = (list: unknown): string[] =>
  Array.isArray(list) ? list.map((n) => String(obj(obj(n)?.String)?.sval ?? '')) : []

/** Strips casts: `'app.x'::text` → `'app.x'`. */
function uncast(node: unknown): Node | undefined {
  let n = obj(node)
  while (n?.TypeCast) n = obj(obj(n.TypeCast)?.arg)
  return n
}

/** The text of a string constant, under any casts. */
function stringConst(node: unknown): string | undefined {
  const c = obj(uncast(node)?.A_Const)
  const s = obj(c?.sval)?.sval
  return typeof s === 'string' ? s : undefined
}

function funcCall(node: unknown, name: string): { args: unknown[]; location?: number } | undefined {
  const call = obj(uncast(node)?.FuncCall)
  if (!call) return undefined
  const parts = names(call.funcname)
  const plain = parts.length === 1 ? parts[0] : parts[0] === 'pg_catalog' ? parts[1] : undefined
  const qualified = parts.join('.')
  if (plain !== name && qualified !== name) return undefined
  const location = typeof call.location === 'number' ? call.location : undefined
  return {
    args: Array.isArray(call.args) ? call.args : [],
    ...(location === undefined ? {} : { location }),
  }
}

/**
 * True for the JWT claims object: `current_setting('request.jwt.claims'…)` or `auth.jwt()`,
 * also inside `nullif(…, '')` or `coalesce(…)`.
 */
function isJwtRoot(node: unknown): boolean {
  const n = uncast(node)
  const nullif = obj(n?.A_Expr)
  if (nullif?.kind === 'AEXPR_NULLIF') return isJwtRoot(nullif.lexpr)
  const coalesce = obj(n?.CoalesceExpr)
  if (coalesce && Array.isArray(coalesce.args)) return isJwtRoot(coalesce.args[0])
  const setting = funcCall(node, 'current_setting')
  if (setting) return stringConst(setting.args[0])?.toLowerCase() === JWT_CLAIMS
  return funcCall(node, 'auth.jwt') !== undefined
}

const operator = (e: Node): string => names(e.name).join('.')

/** `'{a,b}'` → ['a', 'b'] for the path operators. */
function arrayPath(node: unknown): string[] | undefined {
  const text = stringConst(node)
  const m = text === undefined ? null : /^\{(.*)\}$/.exec(text.trim())
  return m ? (m[1] ?? '').split(',').map((k) => k.trim().replace(/^"(.*)"$/, '$1')) : undefined
}

/** The JWT keys an `->`/`->>`/`#>`/`#>>` chain reads from the claims object, or undefined. */
function jwtPath(node: unknown): string[] | undefined {
  const n = uncast(node)
  if (!n) return undefined
  if (isJwtRoot(n)) return []
  const e = obj(n.A_Expr)
  if (!e || e.kind !== 'AEXPR_OP') return undefined
  const op = operator(e)
  if (op !== '->' && op !== '->>' && op !== '#>' && op !== '#>>') return undefined
  const base = jwtPath(e.lexpr)
  if (!base) return undefined
  const key = op.startsWith('#') ? arrayPath(e.rexpr) : [stringConst(e.rexpr)]
  if (!key || key.some((k) => k === undefined)) return undefined
  return [...base, ...(key as string[])]
}

function location(node: unknown): number | undefined {
  const n = uncast(node)
  for (const v of Object.values(n ?? {})) {
    const loc = obj(v)?.location
    if (typeof loc === 'number') return loc
  }
  return undefined
}

/** A claim read or write at this very node (not below it), with the cast around it. */
function useAt(node: unknown, cast: string | undefined): ClaimUse | undefined {
  const at = location(node)
  const extra = { ...(cast ? { cast } : {}), ...(at === undefined ? {} : { location: at }) }
  const setting = funcCall(node, 'current_setting')
  if (setting) {
    const name = stringConst(setting.args[0])?.toLowerCase()
    const raisesWhenUnset = setting.args.length < 2 ? { raisesWhenUnset: true } : {}
    if (name?.startsWith(SETTING_PREFIX) && name.length > SETTING_PREFIX.length) {
      const claim = name.slice(SETTING_PREFIX.length)
      return { claim, source: 'setting', access: 'read', ...raisesWhenUnset, ...extra }
    }
    if (name?.startsWith(JWT_SETTING_PREFIX) && name.length > JWT_SETTING_PREFIX.length) {
      const claim = name.slice(JWT_SETTING_PREFIX.length)
      return { claim, source: 'jwt-setting', access: 'read', ...raisesWhenUnset, ...extra }
    }
    return undefined
  }
  const set = funcCall(node, 'set_config')
  if (set) {
    const name = stringConst(set.args[0])?.toLowerCase()
    if (name?.startsWith(SETTING_PREFIX) && name.length > SETTING_PREFIX.length) {
      const claim = name.slice(SETTING_PREFIX.length)
      return { claim, source: 'setting', access: 'set', ...extra }
    }
    return undefined
  }
  const path = jwtPath(node)
  const last = path?.at(-1)
  if (path && last !== undefined)
    return { claim: last, source: 'jwt', access: 'read', path, ...extra }
  return undefined
}

/** nullif(x, '') and coalesce(x, …) pass the cast around them on to x. */
function castCarriers(n: Node): unknown[] | undefined {
  const e = obj(n.A_Expr)
  if (e?.kind === 'AEXPR_NULLIF') return [e.lexpr]
  const c = obj(n.CoalesceExpr)
  if (c && Array.isArray(c.args)) return c.args
  return undefined
}

function walk(node: unknown, cast: string | undefined, out: ClaimUse[]): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, undefined, out)
    return
  }
  const n = obj(node)
  if (!n) return
  const tc = obj(n.TypeCast)
  if (tc) {
    // The innermost cast is the one the value meets first: `(…)::integer::text` checks integer.
    walk(tc.arg, typeLabel(names(obj(tc.typeName)?.names)), out)
    return
  }
  const found = useAt(n, cast)
  if (found) {
    out.push(found)
    // set_config's value may itself read claims (a pre-request function does).
    if (found.access === 'set') walk(funcCall(n, 'set_config')?.args.slice(1), undefined, out)
    return
  }
  const carriers = castCarriers(n)
  if (carriers && cast) {
    carriers.forEach((c, i) => walk(c, i === 0 ? cast : undefined, out))
    const e = obj(n.A_Expr)
    if (e) walk(e.rexpr, undefined, out)
    return
  }
  for (const value of Object.values(n)) walk(value, undefined, out)
}

/**
 * The claims a parse tree reads or sets — `current_setting('app.tenant_id', true)`,
 * `request.jwt.claims ->> 'tenant_id'`, `auth.jwt() -> 'app_metadata' ->> 'tenant_id'`,
 * `set_config('app.tenant_id', …)` — each with the cast applied to it. Subqueries included:
 * a claim read anywhere in the text counts.
 *
 * @example claimUses((await parseExpression("tenant_id = nullif(current_setting('app.tenant_id', true), '')::int")).tree)
 * // [{ claim: 'tenant_id', source: 'setting', access: 'read', cast: 'integer', location: … }]
 */
export function claimUses(tree: unknown): ClaimUse[] {
  const out: ClaimUse[] = []
  walk(tree, undefined, out)
  return out
}

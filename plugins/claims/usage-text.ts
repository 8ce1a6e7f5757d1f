import { typeLabel } from './claim-types.js'
import type { ClaimUse } from './usage-tree.js'

const SETTING_READ = /current_setting\s*\(\s*'((?:app|request\.jwt\.claim)\.[^']+)'\s*(,)?/gi
const SETTING_SET = /set_config\s*\(\s*'app\.([^']+)'/gi
// The claims object, also as nullif(…, '') or (…)::jsonb: what the path operators then read.
const JWT_ROOT =
  /(?:current_setting\s*\(\s*'request\.jwt\.claims'\s*(?:,\s*\w+\s*)?\)|auth\.jwt\s*\(\s*\))(?:\s*,\s*'[^']*'\s*\))?(?:\s*::\s*jsonb?)?\s*\)?(?:\s*::\s*jsonb?)?/gi
const STEP = /^\s*(->>|->)\s*'([^']*)'|^\s*(#>>|#>)\s*'\{([^}]*)\}'/
// After a read: `)::int`, `, '')::uuid`, `)::text::integer` — the first cast is the checking one.
const CAST_AFTER = /^(?:\s*\)|\s*,\s*'[^']*'\s*\))*\s*::\s*([A-Za-z_][A-Za-z0-9_.]*)/

/** Index just past the `)` closing the call whose arguments start at `from`. */
function closeParen(text: string, from: number): number {
  let depth = 1
  let quoted = false
  for (let i = from; i < text.length; i++) {
    const c = text[i]
    if (c === "'") quoted = !quoted
    else if (!quoted && c === '(') depth++
    else if (!quoted && c === ')' && --depth === 0) return i + 1
  }
  return text.length
}

function castAt(text: string, index: number): { cast?: string } {
  const m = CAST_AFTER.exec(text.slice(index))
  return m?.[1] ? { cast: typeLabel(m[1].toLowerCase().split('.')) } : {}
}

function settingReads(text: string): ClaimUse[] {
  const out: ClaimUse[] = []
  for (const m of text.matchAll(SETTING_READ)) {
    const name = (m[1] ?? '').toLowerCase()
    const jwt = name.startsWith('request.jwt.claim.')
    const claim = name.slice(jwt ? 'request.jwt.claim.'.length : 'app.'.length)
    const end = closeParen(text, text.indexOf('(', m.index) + 1)
    out.push({
      claim,
      source: jwt ? 'jwt-setting' : 'setting',
      access: 'read',
      ...castAt(text, end),
      ...(m[2] ? {} : { raisesWhenUnset: true }),
      location: m.index,
    })
  }
  return out
}

function jwtReads(text: string): ClaimUse[] {
  const out: ClaimUse[] = []
  for (const m of text.matchAll(JWT_ROOT)) {
    let rest = m.index + m[0].length
    const path: string[] = []
    for (let step = STEP.exec(text.slice(rest)); step; step = STEP.exec(text.slice(rest))) {
      if (step[2] !== undefined) path.push(step[2])
      else path.push(...(step[4] ?? '').split(',').map((k) => k.trim().replace(/^"(.*)"$/, '$1')))
      rest += step[0].length
    }
    const claim = path.at(-1)
    if (claim === undefined) continue
    out.push({
      claim,
      source: 'jwt',
      access: 'read',
      path,
      ...castAt(text, rest),
      location: m.index,
    })
  }
  return out
}

/**
 * The claims a procedural body mentions, found by matching text — the fallback for PL/pgSQL
 * and other bodies the SQL parser cannot read. A claim held in a variable (`claims ->> 'x'`
 * after `claims := current_setting(…)`) is not followed.
 *
 * @example textClaimUses("PERFORM set_config('app.tenant_id', '1', true)")
 * // [{ claim: 'tenant_id', source: 'setting', access: 'set', location: 8 }]
 */
export function textClaimUses(text: string): ClaimUse[] {
  const sets = [...text.matchAll(SETTING_SET)].map((m): ClaimUse => ({
    claim: (m[1] ?? '').toLowerCase(),
    source: 'setting',
    access: 'set',
    location: m.index,
  }))
  return [...settingReads(text), ...sets, ...jwtReads(text)].sort(
    (a, b) => (a.location ?? 0) - (b.location ?? 0),
  )
}

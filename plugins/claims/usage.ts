import { parse } from 'libpg-query'
import { parseExpression } from '../../core/parse/parse.js'
import type { Pool } from '../../core/db/pool.js'
import { pathKeys, type ClaimMapping } from './declaration.js'
import { readUsageSources, type SourceKind, type UsageSourceRow } from './usage-sources.js'
import { textClaimUses } from './usage-text.js'
import { claimUses, type ClaimUse } from './usage-tree.js'

/** How a place was read: by the PostgreSQL parser, or by matching text (procedural bodies). */
export type UsageMethod = 'parser' | 'text'

/** A claim use with the line of text it sits on. */
export interface PlacedUse extends ClaimUse {
  readonly excerpt: string
}

/** One object whose SQL reads or sets claims. */
export interface UsagePlace {
  readonly kind: SourceKind
  readonly schema: string
  readonly object: string
  readonly detail: string | null
  readonly part: string
  readonly method: UsageMethod
  readonly uses: readonly PlacedUse[]
}

// parseExpression parses `SELECT (\n<text>\n)`: tree locations count from the start of that.
const EXPRESSION_OFFSET = Buffer.byteLength('SELECT (\n')
const EXCERPT_MAX = 160

/** The line around a position (a byte offset from the parser, a character index from text). */
export function excerptAt(text: string, at: number | undefined, unit: 'byte' | 'char'): string {
  if (at === undefined) return text.slice(0, EXCERPT_MAX).trim()
  const index =
    unit === 'byte' ? Buffer.from(text).subarray(0, Math.max(at, 0)).toString().length : at
  const start = text.lastIndexOf('\n', index - 1) + 1
  const endAt = text.indexOf('\n', index)
  const line = text.slice(start, endAt === -1 ? text.length : endAt)
  const column = index - start
  if (line.length <= EXCERPT_MAX) return line.trim()
  const from = Math.max(0, Math.min(column - 40, line.length - EXCERPT_MAX))
  return `${from > 0 ? '…' : ''}${line.slice(from, from + EXCERPT_MAX).trim()}…`
}

interface ParsedTree {
  readonly tree: unknown
  readonly offset: number
}

/** Parse trees of a function body in SQL: plain statements, `RETURN expr` or `BEGIN ATOMIC`. */
async function sqlBodyTree(source: string): Promise<ParsedTree> {
  const ret = /^\s*RETURN\s/i.exec(source)
  if (ret) {
    const head = 'SELECT '
    return {
      tree: await parse(head + source.slice(ret[0].length)),
      offset: ret[0].length - head.length,
    }
  }
  const atomic = /^\s*BEGIN\s+ATOMIC\b/i.exec(source)
  if (atomic) {
    const inner = source.slice(atomic[0].length).replace(/\bEND\s*;?\s*$/i, '')
    return { tree: await parse(inner), offset: atomic[0].length }
  }
  return { tree: await parse(source), offset: 0 }
}

async function treeOf(row: UsageSourceRow): Promise<ParsedTree | undefined> {
  switch (row.kind) {
    case 'policy':
    case 'default':
    case 'check':
      return { tree: (await parseExpression(row.source)).tree, offset: -EXPRESSION_OFFSET }
    case 'view':
      return { tree: await parse(row.source), offset: 0 }
    case 'function':
      return row.part === 'sql' ? sqlBodyTree(row.source) : undefined
    default: {
      const never: never = row.kind
      throw new TypeError(`unknown source kind ${String(never)}`)
    }
  }
}

/**
 * The claim uses in one source: through the parser where the text is SQL, by text matching
 * for procedural bodies (and for SQL the parser refuses, which the method then says).
 */
export async function analyzeSource(row: UsageSourceRow): Promise<UsagePlace> {
  const base = {
    kind: row.kind,
    schema: row.schema,
    object: row.object,
    detail: row.detail,
    part: row.part,
  }
  let parsed: ParsedTree | undefined
  try {
    parsed = await treeOf(row)
  } catch {
    parsed = undefined
  }
  if (!parsed) {
    const uses = textClaimUses(row.source).map((u) => ({
      ...u,
      excerpt: excerptAt(row.source, u.location, 'char'),
    }))
    return { ...base, method: 'text', uses }
  }
  const { offset } = parsed
  const uses = claimUses(parsed.tree).map((u) => ({
    ...u,
    excerpt: excerptAt(
      row.source,
      u.location === undefined ? undefined : u.location + offset,
      'byte',
    ),
  }))
  return { ...base, method: 'parser', uses }
}

/** Every object in the database that reads or sets a claim, with each use. */
export async function readClaimUsage(pool: Pool, consoleSchema: string): Promise<UsagePlace[]> {
  const rows = await readUsageSources(pool, consoleSchema)
  const places = await Promise.all(rows.map(analyzeSource))
  return places.filter((p) => p.uses.length > 0)
}

/**
 * The declared name a use stands for: an `app.<name>` setting by its name, a JWT read by the
 * mapping that reads the same path, else by the path's last key.
 */
export function claimOfUse(use: ClaimUse, mappings: readonly ClaimMapping[]): string {
  const path = use.source === 'jwt' ? use.path : undefined
  if (!path) return use.claim
  const same = (keys: readonly string[]) =>
    keys.length === path.length && keys.every((k, i) => k === path[i])
  return mappings.find((m) => same(pathKeys(m.jwtPath)))?.claim ?? use.claim
}

/**
 * Small in-memory memories that keep deep pages fast, one per resource:
 * - cursors: for a (who, sort, filter) key, the ordering values of rows at known positions, so
 *   the next page is a keyset query (`WHERE (sort, key) > (…)`) instead of a large OFFSET;
 * - counts: the last total per (who, filter), so a deep page can be read backwards from the end.
 * Both are LRU-bounded and cleared by every write through the resource.
 */

export type Cursor = readonly (string | null)[]

/** A Map used as an LRU: reading an entry moves it to the back; the front is evicted. */
class Lru<V> {
  private readonly map = new Map<string, V>()
  constructor(private readonly max: number) {}

  get(key: string): V | undefined {
    const v = this.map.get(key)
    if (v !== undefined) {
      this.map.delete(key)
      this.map.set(key, v)
    }
    return v
  }

  set(key: string, value: V): void {
    this.map.delete(key)
    this.map.set(key, value)
    while (this.map.size > this.max) {
      const oldest = this.map.keys().next()
      if (oldest.done) break
      this.map.delete(oldest.value)
    }
  }

  clear(): void {
    this.map.clear()
  }

  get size(): number {
    return this.map.size
  }
}

export class CursorMemory {
  private readonly lists: Lru<Lru<Cursor>>

  constructor(
    maxLists = 200,
    private readonly maxPerList = 64,
  ) {
    this.lists = new Lru(maxLists)
  }

  /** Remembers the ordering values of the row at 0-based `position`. */
  remember(list: string, position: number, cursor: Cursor): void {
    let positions = this.lists.get(list)
    if (!positions) {
      positions = new Lru<Cursor>(this.maxPerList)
      this.lists.set(list, positions)
    }
    positions.set(String(position), cursor)
  }

  /** The cursor at exactly `position`, if a page ending there was served. */
  at(list: string, position: number): Cursor | undefined {
    return this.lists.get(list)?.get(String(position))
  }

  clear(): void {
    this.lists.clear()
  }
}

export interface CountInfo {
  readonly total: number
  /** True when `total` is the planner's estimate ("about N"), false when it was counted. */
  readonly estimated: boolean
}

export class CountMemory {
  private readonly entries: Lru<{ info: CountInfo; until: number }>

  constructor(
    max = 500,
    private readonly exactTtlMs = 5_000,
    private readonly estimateTtlMs = 60_000,
  ) {
    this.entries = new Lru(max)
  }

  get(key: string, now = Date.now()): CountInfo | undefined {
    const e = this.entries.get(key)
    return e && e.until > now ? e.info : undefined
  }

  set(key: string, info: CountInfo, now = Date.now()): void {
    this.entries.set(key, {
      info,
      until: now + (info.estimated ? this.estimateTtlMs : this.exactTtlMs),
    })
  }

  clear(): void {
    this.entries.clear()
  }
}

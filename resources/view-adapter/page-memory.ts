import type { CountInfo } from './counting.js'

/**
 * The totals a resource showed last, per (who, filter), for a few seconds: only ever shown,
 * never used to choose rows (paging.ts remembers nothing). LRU-bounded, cleared by every write
 * through the resource.
 */

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

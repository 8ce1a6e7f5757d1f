import type { ViewColumn } from './model.js'
import type { WriteValue } from './write-values.js'

/*
 * After a write, what was stored is compared with what was sent, in the same transaction, so a
 * form never says "saved" while PostgreSQL kept something else: an INSTEAD OF trigger that does
 * not pass a column on leaves the old value (update) or nothing (create) behind.
 */

/** Old and stored values as each type's text output, by the index of the changed column. */
export type TextRow = Readonly<Record<string, string | null>>

/**
 * The changed columns whose stored value is still the old one, with a message for the form.
 * `before` holds `o<i>` and `after` `s<i>` for the i-th changed column.
 */
export function unsavedChanges(
  changed: readonly ViewColumn[],
  before: TextRow,
  after: TextRow | undefined,
): Record<string, string> {
  const out: Record<string, string> = {}
  if (!after) return out
  changed.forEach((c, i) => {
    const old = before[`o${i}`] ?? null
    const stored = after[`s${i}`] ?? null
    if (old === stored) {
      out[c.name] =
        `was not saved: the view kept ${stored === null ? 'no value' : JSON.stringify(stored)} (its write path does not change this column)`
    }
  })
  return out
}

/** Columns given a value on create that the stored row does not have at all. */
export function droppedOnCreate(
  sent: readonly (readonly [ViewColumn, WriteValue])[],
  stored: Readonly<Record<string, unknown>> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {}
  if (!stored) return out
  for (const [c, v] of sent) {
    const given = v !== null && !(Array.isArray(v) && v.length === 0)
    if (given && stored[c.name] === null) {
      out[c.name] =
        'was not saved: the new row has no value for it (its write path does not take this column)'
    }
  }
  return out
}

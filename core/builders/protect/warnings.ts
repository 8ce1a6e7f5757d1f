import { display } from '../names.js'
import { validate } from '../validate.js'
import {
  protectFields,
  TRIGGER_OPERATIONS,
  type Column,
  type ProtectInput,
  type View,
} from './input.js'

/** Something a valid plan would do that its author most likely does not want. */
export interface PlanWarning {
  /** What kind of trouble: tests and the page key on it, people read `message`. */
  readonly kind: 'not-granted' | 'no-write-path' | 'insert-needs-column' | 'unused-trigger'
  /** The form field it concerns: `views.0.grants`, `views.0.columns.3`, `views`. */
  readonly field: string
  /** What goes wrong after apply and what to do about it, in words. */
  readonly message: string
}

/**
 * A column every INSERT must give a value: NOT NULL, without a default, not filled by the
 * table itself (identity, generated; a serial column has its nextval default).
 */
export function insertNeeds(c: Column): boolean {
  return c.notNull && c.default === null && c.identity === null && !c.generated
}

/**
 * What a protect plan that builds would still get wrong, from its input and the catalog facts
 * in it (NOT NULL, defaults): a view granted to nobody, no view taking writes at all, a column
 * every INSERT needs that a view with an INSERT trigger leaves out or redacts, a trigger no role
 * is granted. Plans are not refused for these: the wizard shows them before Apply.
 *
 * @example
 * protectWarnings({ table, columns, views: [{ name: 'invoice_v', columns, grants: [] }] })
 * // [{ kind: 'not-granted', field: 'views.0.grants', message: 'Nobody is granted app.invoice_v: …' }, …]
 */
export function protectWarnings(input: ProtectInput): PlanWarning[] {
  const p = validate(protectFields, input)
  const out: PlanWarning[] = []
  const table = display(p.table)
  p.views.forEach((view, i) => {
    const label = display({ schema: view.schema ?? p.table.schema, name: view.name })
    if (view.grants.length === 0) {
      out.push({
        kind: 'not-granted',
        field: `views.${i}.grants`,
        message: `Nobody is granted ${label}: after apply no role can read it${p.owner ? ` (only its owner, ${p.owner})` : ''}. Add a role under Roles.`,
      })
    }
    out.push(...unusedTriggers(view, i, label), ...insertWarnings(p.columns, view, i, label))
  })
  const writable = p.views.some((v) => TRIGGER_OPERATIONS.some((op) => v.triggers[op]))
  if (p.views.length > 0 && !writable) {
    out.push({
      kind: 'no-write-path',
      field: 'views',
      message: `No view takes writes (none has an INSTEAD OF trigger): after apply nobody but the owner can add, change or delete rows of ${table}. Grant INSERT, UPDATE or DELETE on a view to add its trigger.`,
    })
  }
  return out
}

function unusedTriggers(view: View, i: number, label: string): PlanWarning[] {
  return TRIGGER_OPERATIONS.flatMap((op) => {
    const privilege = op.toUpperCase()
    if (
      !view.triggers[op] ||
      view.grants.some((g) => (g.privileges as readonly string[]).includes(privilege))
    )
      return []
    return [
      {
        kind: 'unused-trigger' as const,
        field: `views.${i}.triggers.${op}`,
        message: `${label} has an INSTEAD OF ${privilege} trigger, but no role is granted ${privilege} on it: nobody can use it. Grant ${privilege} to a role under Roles, or drop the trigger.`,
      },
    ]
  })
}

/** Columns every INSERT needs that a view taking INSERTs leaves out or redacts. */
function insertWarnings(
  columns: readonly Column[],
  view: View,
  i: number,
  label: string,
): PlanWarning[] {
  const trigger = view.triggers.insert
  if (!trigger) return []
  const unless = trigger.body?.trim() ? ' unless your INSERT body sets it' : ''
  return columns.filter(insertNeeds).flatMap((c): PlanWarning[] => {
    const entries = view.columns.flatMap((v, j) => (v.name === c.name ? [{ v, j }] : []))
    if (entries.some((e) => e.v.mode === 'include')) return []
    const redacted = entries.find((e) => e.v.mode === 'redact')
    const at = redacted ?? entries[0]
    const why = redacted
      ? `is redacted in ${label}, so an INSERT cannot give it a value`
      : `is left out of ${label}`
    return [
      {
        kind: 'insert-needs-column',
        field: at ? `views.${i}.columns.${at.j}` : `views.${i}.columns`,
        message: `Column ${c.name} is NOT NULL without a default and ${why}: every INSERT through ${label} will fail${unless}. Include it, or give the column a default in the table.`,
      },
    ]
  })
}

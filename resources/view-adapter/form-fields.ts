import type { LayoutElement } from 'adminjs'
import type { ResourceOptions } from '../../core/config/schema.js'
import { columnOf, type ViewColumn, type ViewModel } from './model.js'

/*
 * Which columns the new and edit forms show. A new row's form leaves out what the write path
 * fills or ignores on INSERT (a tenant set from the claims, an id from the table) and what the
 * config excludes; an edit form shows read-only columns disabled and leaves out the columns only
 * a new row takes (the UPDATE trigger ignores them) and excluded ones.
 */

export type FormKind = 'new' | 'edit'

/** Whether a column has a field in the form of that kind. */
export function inForm(c: ViewColumn | undefined, kind: FormKind): boolean {
  if (!c || c.scalar.kind === 'bytea' || c.excluded) return false
  if (kind === 'new') return c.editable && c.insertReadOnly === undefined
  return c.updateReadOnly === undefined
}

/**
 * The action layout of a form: the fieldsets (one heading each) with the form's columns, or the
 * plain list of them in `order` when there are no fieldsets.
 */
export function formLayout(
  model: ViewModel,
  o: ResourceOptions | undefined,
  order: readonly string[],
  kind: FormKind,
): LayoutElement[] {
  const keep = (f: string) => inForm(columnOf(model, f), kind)
  if (!o?.fieldsets?.length) return order.filter(keep)
  return o.fieldsets.map((fs): LayoutElement => {
    return [{ mb: 'xl' }, [['@H4', { children: fs.title, mb: 'lg' }], ...fs.fields.filter(keep)]]
  })
}

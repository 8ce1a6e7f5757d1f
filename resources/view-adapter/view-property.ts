import { BaseProperty, type PropertyType } from 'adminjs'
import { uiTypeOf } from './field-types.js'
import type { ViewColumn } from './model.js'

/**
 * One column of a view as an AdminJS property, or the hidden record id (`column === null`).
 *
 * `type()` is deliberately always `'string'`: AdminJS's paramConverter converts submitted values
 * by the adapter property's type, which would turn `''` into `0`, a 20-digit numeric into a
 * rounded float and a date into a JS Date in the server's time zone. The type AdminJS renders
 * and filters with is `uiType`, set in the resource options (see resource-options.ts); values
 * are converted and checked in write-values.ts instead.
 */
export class ViewProperty extends BaseProperty {
  readonly uiType: PropertyType

  constructor(
    readonly column: ViewColumn | null,
    path: string,
    position: number,
    private readonly title = false,
  ) {
    super({
      path,
      type: 'string',
      isId: column === null,
      isSortable: column?.sortable ?? false,
      position,
    })
    this.uiType = column ? uiTypeOf(column.scalar.kind) : 'string'
  }

  override isTitle(): boolean {
    return this.title
  }

  override isVisible(): boolean {
    return this.column !== null
  }

  override isEditable(): boolean {
    return this.column?.editable ?? false
  }

  override isRequired(): boolean {
    return this.column?.required ?? false
  }

  override isArray(): boolean {
    return this.column?.isArray ?? false
  }

  override availableValues(): string[] | null {
    const labels = this.column?.scalar.labels
    return this.column?.scalar.kind === 'enum' && labels ? [...labels] : null
  }
}

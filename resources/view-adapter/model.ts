/**
 * What the view adapter knows about one view after introspection: plain frozen data, no AdminJS
 * and no I/O, so validation and SQL building can be unit-tested without a database.
 */

/** How a column is shown, validated, filtered and written. One per PostgreSQL type family. */
export type FieldKind =
  | 'text'
  | 'integer'
  | 'decimal'
  | 'float'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'time'
  | 'uuid'
  | 'enum'
  | 'json'
  | 'bytea'
  | 'other'

/** The scalar part of a column's type (the element type for arrays, the base type for domains). */
export interface ScalarType {
  readonly kind: FieldKind
  /** `pg_type.typname` of the (base) scalar type, e.g. `int8`, `invoice_status`. */
  readonly typname: string
  /** Ordered enum labels, only for `kind === 'enum'`. */
  readonly labels?: readonly string[]
  /** Has a default btree operator class, so ORDER BY and keyset comparisons work. */
  readonly sortable: boolean
}

/** The column of a base table a view column comes from (`:resorigtbl` / `:resorigcol`). */
export interface ColumnOrigin {
  readonly tableOid: number
  readonly schema: string
  readonly table: string
  readonly column: string
  readonly attnum: number
  readonly notNull: boolean
  readonly hasDefault: boolean
  /** `a` (ALWAYS), `d` (BY DEFAULT) or `` */
  readonly identity: string
  /** `s` for stored generated columns, or `` */
  readonly generated: string
}

export interface ViewColumn {
  readonly name: string
  readonly attnum: number
  /** Schema and name of the column's declared type, quoted with sql.id for every cast. */
  readonly castSchema: string
  readonly castType: string
  /** `format_type()` text, for display only. */
  readonly typeDisplay: string
  readonly isArray: boolean
  readonly scalar: ScalarType
  readonly origin: ColumnOrigin | null
  /** The view itself declares a default (ALTER VIEW … SET DEFAULT). */
  readonly viewDefault: boolean
  /** pg_column_is_updatable(view, attnum, true): writable directly or through INSTEAD OF triggers. */
  readonly updatable: boolean
  /** The column may be written through new/edit forms (see introspect.ts for the rules). */
  readonly editable: boolean
  /** Why it is not editable, when it is not. */
  readonly readOnlyReason?: string
  /** Why a new row takes no value for it (its INSTEAD OF trigger sets or ignores it). */
  readonly insertReadOnly?: string
  /** Why a change takes no value for it (its INSTEAD OF trigger sets or ignores it). */
  readonly updateReadOnly?: string
  /** Left out of the forms by config (`exclude`): shown, never written. */
  readonly excluded?: boolean
  readonly required: boolean
  /** Known NOT NULL (through the origin column), which lets keyset pagination use row comparison. */
  readonly notNull: boolean
  readonly sortable: boolean
  readonly filterable: boolean
}

export type Privilege = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE'

export interface PrivilegeSet {
  readonly SELECT: boolean
  readonly INSERT: boolean
  readonly UPDATE: boolean
  readonly DELETE: boolean
}

export interface ViewModel {
  readonly oid: number
  readonly schema: string
  readonly name: string
  /** `schema.view`: the AdminJS resource id. */
  readonly id: string
  readonly materialized: boolean
  readonly comment: string | null
  readonly columns: readonly ViewColumn[]
  /** Names of the view columns forming the record key, in key order; empty when there is none. */
  readonly key: readonly string[]
  /** Where the key came from. */
  readonly keySource: 'primary-key' | 'config' | 'none'
  /** When the view is read-only (no key, materialized, …): why, in words for the user. */
  readonly readOnlyReason: string | null
  /** pg_relation_is_updatable(view, true) as flags: what the view supports at all. */
  readonly supports: {
    readonly insert: boolean
    readonly update: boolean
    readonly delete: boolean
  }
  /**
   * Columns whose comparisons PostgreSQL keeps out of index conditions for this view: their
   * type's ordering functions are not LEAKPROOF (numeric's, say) and the view reads a table
   * with row-level security (or is a security barrier), so a filter or a keyset comparison on
   * them runs after the policy, on every row. Absent: none.
   */
  readonly heldBack?: readonly string[]
}

export function columnOf(model: ViewModel, name: string): ViewColumn | undefined {
  return model.columns.find((c) => c.name === name)
}

export function keyColumns(model: ViewModel): ViewColumn[] {
  return model.key.map((k) => {
    const c = columnOf(model, k)
    if (!c) throw new Error(`view ${model.id}: key column ${k} is not a column`)
    return c
  })
}

import type { ResourceOptions } from '../../../core/config/schema.js'
import {
  buildViewModel,
  type AttributeRow,
  type BaseAttribute,
  type ColumnRow,
  type TracedOrigin,
  type ViewRow,
} from '../../../resources/view-adapter/introspect.js'
import type { ViewModel } from '../../../resources/view-adapter/model.js'

/** Hand-built catalog rows for unit tests: the shapes introspect.ts reads from pg_catalog. */

export interface TypeSpec {
  typname: string
  typschema?: string
  typtype?: string
  typcategory?: string
  labels?: string[]
  isArray?: boolean
  castSchema?: string
  castType?: string
}

const CATEGORY: Record<string, string> = {
  int2: 'N',
  int4: 'N',
  int8: 'N',
  numeric: 'N',
  float8: 'N',
  text: 'S',
  varchar: 'S',
  bool: 'B',
  date: 'D',
  timestamptz: 'D',
  timestamp: 'D',
  uuid: 'U',
  jsonb: 'U',
  json: 'U',
  bytea: 'U',
  point: 'G',
}

export function columnRow(
  relid: string,
  attnum: number,
  attname: string,
  t: TypeSpec,
  extra: Partial<ColumnRow> = {},
): ColumnRow {
  const typschema = t.typschema ?? 'pg_catalog'
  return {
    relid,
    attnum,
    attname,
    atthasdef: false,
    updatable: true,
    type_display: t.isArray ? `${t.typname}[]` : t.typname,
    cast_schema: t.castSchema ?? typschema,
    cast_type: t.castType ?? (t.isArray ? `_${t.typname}` : t.typname),
    is_array: t.isArray ?? false,
    s_typname: t.typname,
    s_typschema: typschema,
    s_typtype: t.typtype ?? 'b',
    s_typcategory: t.typcategory ?? CATEGORY[t.typname] ?? 'U',
    labels: t.labels ?? null,
    ...extra,
  }
}

export function viewRow(
  oid: string,
  schema: string,
  name: string,
  extra: Partial<ViewRow> = {},
): ViewRow {
  return {
    oid,
    nspname: schema,
    relname: name,
    relkind: 'v',
    updatable: 28,
    ev_action: null,
    comment: null,
    privileges: [],
    ...extra,
  }
}

export function attribute(
  table: string,
  name: string,
  a: Partial<Omit<AttributeRow, 'attname'>> & { pk?: number[] } = {},
): BaseAttribute {
  return {
    schema: 'app',
    table,
    name,
    notNull: a.attnotnull ?? false,
    hasDefault: a.atthasdef ?? false,
    identity: a.attidentity ?? '',
    generated: a.attgenerated ?? '',
    pk: a.pk ?? [],
  }
}

const STATUS = ['draft', 'sent', 'paid']

/** app.invoice_v as the fixture defines it, traced to app.invoice_raw (oid 100). */
export function invoiceModel(options?: ResourceOptions): ViewModel {
  const v = '200'
  const cols: [string, TypeSpec, Partial<ColumnRow>?][] = [
    ['id', { typname: 'int8' }],
    ['customer', { typname: 'text' }],
    ['email', { typname: 'text' }],
    ['amount', { typname: 'numeric' }],
    [
      'status',
      {
        typname: 'invoice_status',
        typschema: 'app',
        typtype: 'e',
        typcategory: 'E',
        labels: STATUS,
      },
    ],
    ['issued_on', { typname: 'date' }],
    ['created_at', { typname: 'timestamptz' }],
    ['tags', { typname: 'text', isArray: true }],
    ['meta', { typname: 'jsonb' }],
    ['doc', { typname: 'bytea' }],
  ]
  const base: Record<string, Partial<AttributeRow> & { pk?: number[] }> = {
    id: { attnotnull: true, atthasdef: true },
    customer: { attnotnull: true },
    email: {},
    amount: { attnotnull: true },
    status: { attnotnull: true, atthasdef: true },
    issued_on: {},
    created_at: { attnotnull: true, atthasdef: true },
    tags: { attnotnull: true, atthasdef: true },
    meta: {},
    doc: {},
  }
  const origins = new Map<number, TracedOrigin | null>()
  const attributes = new Map<string, BaseAttribute>()
  cols.forEach(([name], i) => {
    // the base table has tenant_id as attnum 2, so view columns shift by one after id
    const baseAttnum = i === 0 ? 1 : i + 2
    origins.set(i + 1, { tableOid: 100, attnum: baseAttnum, merged: false })
    attributes.set(`100:${baseAttnum}`, attribute('invoice_raw', name, { ...base[name], pk: [1] }))
  })
  attributes.set('100:2', attribute('invoice_raw', 'tenant_id', { attnotnull: true, pk: [1] }))
  return buildViewModel({
    view: viewRow(v, 'app', 'invoice_v'),
    columns: cols.map(([name, t, extra], i) => columnRow(v, i + 1, name, t, extra)),
    shape: { targets: [], rowMerging: [] },
    origins,
    attributes,
    options,
  })
}

/** app.invoice_line_v: columns (line_no, invoice_id, description, qty, double_qty), PK (invoice_id, line_no). */
export function lineModel(options?: ResourceOptions): ViewModel {
  const v = '300'
  const origins = new Map<number, TracedOrigin | null>([
    [1, { tableOid: 110, attnum: 2, merged: false }],
    [2, { tableOid: 110, attnum: 1, merged: false }],
    [3, { tableOid: 110, attnum: 3, merged: false }],
    [4, { tableOid: 110, attnum: 4, merged: false }],
    [5, null],
  ])
  const pk = [1, 2]
  const attributes = new Map<string, BaseAttribute>([
    ['110:1', attribute('invoice_line_raw', 'invoice_id', { attnotnull: true, pk })],
    ['110:2', attribute('invoice_line_raw', 'line_no', { attnotnull: true, pk })],
    ['110:3', attribute('invoice_line_raw', 'description', { attnotnull: true, pk })],
    ['110:4', attribute('invoice_line_raw', 'qty', { attnotnull: true, atthasdef: true, pk })],
  ])
  return buildViewModel({
    view: viewRow(v, 'app', 'invoice_line_v'),
    columns: [
      columnRow(v, 1, 'line_no', { typname: 'int4' }),
      columnRow(v, 2, 'invoice_id', { typname: 'int8' }),
      columnRow(v, 3, 'description', { typname: 'text' }),
      columnRow(v, 4, 'qty', { typname: 'numeric' }),
      columnRow(v, 5, 'double_qty', { typname: 'numeric' }, { updatable: false }),
    ],
    shape: { targets: [], rowMerging: [] },
    origins,
    attributes,
    options,
  })
}

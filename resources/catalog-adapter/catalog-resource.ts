import {
  BaseProperty,
  BaseRecord,
  BaseResource,
  ForbiddenError,
  type ActionContext,
  type Filter,
  type ParamsType,
  type PropertyType,
} from 'adminjs'
import { InvalidInputError } from '../../core/errors.js'

/** One column of a catalog list: a flat field of the rows a resource serves. */
export interface CatalogProperty {
  readonly name: string
  readonly type?: PropertyType
  readonly isTitle?: boolean
  /** Shown in the list (the rest only on the show page). */
  readonly list?: boolean
  readonly availableValues?: readonly string[]
}

export type CatalogRow = Readonly<Record<string, unknown>>

export interface CatalogResourceOptions {
  /** AdminJS resource id, e.g. `schema-browser.tables`. */
  readonly id: string
  readonly name: string
  readonly properties: readonly CatalogProperty[]
  /** Stable id of a row (an OID, or schema.name). */
  readonly idOf: (row: CatalogRow) => string
  /** The rows, from an introspection snapshot; called per request, so cache in the loader. */
  readonly load: (context?: ActionContext) => Promise<readonly CatalogRow[]>
  /**
   * The full row for one object's show page, with what lists leave out as too costly
   * (definitions, bodies, expressions); the list row when omitted.
   */
  readonly detail?: (row: CatalogRow, context?: ActionContext) => Promise<CatalogRow | undefined>
}

const ID = 'id'

function text(value: unknown): string {
  if (value === null || value === undefined) return ''
  return Array.isArray(value)
    ? value.join(', ')
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value)
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b)
  return text(a).localeCompare(text(b), 'en', { numeric: true, sensitivity: 'base' })
}

/**
 * A read-only AdminJS resource over introspected catalog objects: list, filter, sort and show,
 * in memory over one snapshot. Every filter and sort key is checked against the declared
 * properties; nothing here reads user data or writes anything.
 */
export class CatalogResource extends BaseResource {
  private readonly props: Map<string, BaseProperty>

  constructor(private readonly options: CatalogResourceOptions) {
    super()
    this.props = new Map([[ID, new BaseProperty({ path: ID, isId: true, type: 'string' })]])
    options.properties.forEach((p, i) => {
      if (p.name === ID)
        throw new TypeError(`${options.id}: "${ID}" is the resource's own key property`)
      this.props.set(
        p.name,
        new BaseProperty({ path: p.name, type: p.type ?? 'string', position: i + 2 }),
      )
    })
  }

  override id(): string {
    return this.options.id
  }

  name(): string {
    return this.options.name
  }

  override databaseName(): string {
    return 'postgres'
  }

  override databaseType(): string {
    return 'PostgreSQL catalog'
  }

  override properties(): BaseProperty[] {
    return [...this.props.values()]
  }

  override property(path: string): BaseProperty | null {
    return this.props.get(path) ?? null
  }

  /** The AdminJS options that go with this resource: list columns, titles, read-only actions. */
  adminOptions(): Record<string, unknown> {
    const list = this.options.properties.filter((p) => p.list !== false).map((p) => p.name)
    const title = this.options.properties.find((p) => p.isTitle)?.name
    const properties: Record<string, Record<string, unknown>> = {
      [ID]: { isVisible: { list: false, show: true, edit: false, filter: false } },
    }
    for (const p of this.options.properties) {
      properties[p.name] = {
        isTitle: p.name === title,
        isVisible: { list: list.includes(p.name), show: true, edit: false, filter: true },
        ...(p.availableValues
          ? { availableValues: p.availableValues.map((v) => ({ value: v, label: v })) }
          : {}),
      }
    }
    const off = { isAccessible: false, isVisible: false }
    return {
      listProperties: list,
      properties,
      actions: { new: off, edit: off, delete: off, bulkDelete: off },
    }
  }

  private checkFilter(filter: Filter): void {
    for (const { path, property } of Object.values(filter.filters ?? {})) {
      if (!property || !this.props.has(path)) {
        throw InvalidInputError.field(path, `cannot filter by ${JSON.stringify(path)}`)
      }
    }
  }

  private matches(row: CatalogRow, filter: Filter): boolean {
    for (const element of Object.values(filter.filters ?? {})) {
      const path = element.path
      const value = path === ID ? this.options.idOf(row) : row[path]
      const wanted = element.value
      if (typeof wanted === 'object' && wanted !== null) {
        const { from, to } = wanted as { from?: string; to?: string }
        if (from !== undefined && compare(value, from) < 0) return false
        if (to !== undefined && compare(value, to) > 0) return false
        continue
      }
      const type = element.property.type()
      if (type === 'boolean') {
        if (String(Boolean(value)) !== String(wanted)) return false
      } else if (element.property.availableValues?.() || type === 'number') {
        if (text(value) !== String(wanted)) return false
      } else if (!text(value).toLowerCase().includes(String(wanted).toLowerCase())) {
        return false
      }
    }
    return true
  }

  private async rows(filter: Filter, context?: ActionContext): Promise<CatalogRow[]> {
    this.checkFilter(filter)
    const all = await this.options.load(context)
    return all.filter((row) => this.matches(row, filter))
  }

  private record(row: CatalogRow): BaseRecord {
    const params: ParamsType = { [ID]: this.options.idOf(row) }
    for (const p of this.options.properties) {
      const v = row[p.name]
      params[p.name] = Array.isArray(v) || (typeof v === 'object' && v !== null) ? text(v) : v
    }
    return new BaseRecord(params, this)
  }

  override async count(filter: Filter, context?: ActionContext): Promise<number> {
    return (await this.rows(filter, context)).length
  }

  override async find(
    filter: Filter,
    options: {
      limit?: number
      offset?: number
      sort?: { sortBy?: string; direction?: 'asc' | 'desc' }
    },
    context?: ActionContext,
  ): Promise<BaseRecord[]> {
    const sortBy = options.sort?.sortBy
    if (sortBy !== undefined && !this.props.has(sortBy)) {
      throw InvalidInputError.field('sortBy', `cannot sort by ${JSON.stringify(sortBy)}`)
    }
    const rows = await this.rows(filter, context)
    if (sortBy !== undefined) {
      const sign = options.sort?.direction === 'desc' ? -1 : 1
      const key = (r: CatalogRow) => (sortBy === ID ? this.options.idOf(r) : r[sortBy])
      rows.sort((a, b) => sign * compare(key(a), key(b)))
    }
    const offset = Math.max(0, options.offset ?? 0)
    return rows.slice(offset, offset + Math.max(0, options.limit ?? 10)).map((r) => this.record(r))
  }

  override async findOne(id: string, context?: ActionContext): Promise<BaseRecord | null> {
    const row = (await this.options.load(context)).find((r) => this.options.idOf(r) === id)
    if (!row) return null
    return this.record((await this.options.detail?.(row, context)) ?? row)
  }

  override async findMany(
    ids: (string | number)[],
    context?: ActionContext,
  ): Promise<BaseRecord[]> {
    const wanted = new Set(ids.map(String))
    return (await this.options.load(context))
      .filter((r) => wanted.has(this.options.idOf(r)))
      .map((r) => this.record(r))
  }

  override async create(): Promise<ParamsType> {
    throw new ForbiddenError('The schema browser is read-only')
  }

  override async update(): Promise<ParamsType> {
    throw new ForbiddenError('The schema browser is read-only')
  }

  override async delete(): Promise<void> {
    throw new ForbiddenError('The schema browser is read-only')
  }
}

import {
  AppError,
  Filter,
  flat,
  type ActionContext,
  type ActionRequest,
  type After,
  type Before,
  type LayoutElement,
  type ListActionResponse,
  type PropertyOptions,
  type ResourceOptions as AdminResourceOptions,
} from 'adminjs'
import type { ResourceOptions } from '../../core/config/schema.js'
import { InvalidInputError } from '../../core/errors.js'
import type { ViewAccess } from './access.js'
import { isRangeFilterable, uiTypeOf } from './field-types.js'
import { columnOf, type Privilege, type ViewModel } from './model.js'
import { countText, type CountInfo } from './counting.js'
import { viewLabels } from './labels.js'
import type { ListSettings } from './query-input.js'
import {
  CONTEXT_COUNT,
  CONTEXT_PAGE,
  CONTEXT_WANT,
  type PageInfo,
  type ViewResource,
  type WantInput,
} from './view-resource.js'
import { resourceIdOf } from './resource-id.js'
import { formLayout } from './form-fields.js'
import { bulkDeleteHandler } from './bulk-action.js'

/*
 * Django-admin options → AdminJS resource options:
 * - list_display → listProperties; list_filter → filterProperties;
 * - search_fields → the title property (AdminJS searches by `filters[<title>]`), whose filter
 *   matches any search field with ILIKE;
 * - ordering → sort (its first field; the key breaks ties);
 * - list_per_page → perPage set by the list action's before hook when the request has none;
 * - readonly_fields → isDisabled on the forms, refused on update when changed;
 * - fieldsets → show/edit property order plus an action layout with one heading per fieldset.
 */

const TITLE_NAMES = ['title', 'name', 'subject', 'email']

function configError(id: string, option: string, message: string): InvalidInputError {
  return InvalidInputError.field(`resources.${id}.${option}`, message)
}

/** Title property, search fields and default sort of a view resource. */
export function listSettings(model: ViewModel, o: ResourceOptions | undefined): ListSettings {
  const searchFields = o?.search_fields ?? []
  for (const f of searchFields) {
    if (!columnOf(model, f)?.filterable) {
      throw configError(model.id, 'search_fields', `${JSON.stringify(f)} cannot be searched`)
    }
  }
  const text = model.columns.filter((c) => !c.isArray && c.scalar.kind === 'text')
  const titleProperty =
    searchFields[0] ??
    model.columns.find((c) => TITLE_NAMES.includes(c.name.toLowerCase()))?.name ??
    text[0]?.name ??
    model.columns[0]?.name ??
    ''

  let defaultSort: ListSettings['defaultSort']
  const first = o?.ordering?.[0]
  if (first !== undefined) {
    const sortBy = first.replace(/^-/, '')
    if (!columnOf(model, sortBy)?.sortable) {
      throw configError(model.id, 'ordering', `${JSON.stringify(sortBy)} cannot be sorted`)
    }
    defaultSort = { sortBy, direction: first.startsWith('-') ? 'desc' : 'asc' }
  } else {
    const byKey = model.key[0]
    const sortable = model.columns.find((c) => c.sortable)?.name
    defaultSort = { sortBy: byKey ?? sortable ?? titleProperty, direction: 'asc' }
  }
  return { titleProperty, searchFields, defaultSort, labels: viewLabels(model, o) }
}

/** Fields in form order: the fieldsets' fields, or every column. */
export function formOrder(model: ViewModel, o: ResourceOptions | undefined): string[] {
  const fields = o?.fieldsets?.flatMap((f) => f.fields)
  return fields && fields.length > 0 ? [...new Set(fields)] : model.columns.map((c) => c.name)
}

function propertyOptions(model: ViewModel, list: ListSettings): Record<string, PropertyOptions> {
  const out: Record<string, PropertyOptions> = {}
  model.columns.forEach((c, i) => {
    const isTitle = c.name === list.titleProperty
    const notes: string[] = []
    if (c.readOnlyReason) notes.push(`Read-only: ${c.readOnlyReason}.`)
    if (isTitle && list.searchFields.length > 1) {
      notes.push(`The search box matches ${list.searchFields.join(', ')}.`)
    }
    if (c.scalar.kind === 'json') notes.push('JSON.')
    const labels = c.scalar.kind === 'enum' ? (c.scalar.labels ?? []) : null
    out[c.name] = {
      type: uiTypeOf(c.scalar.kind),
      isArray: c.isArray,
      ...(labels ? { availableValues: labels.map((l) => ({ value: l, label: l })) } : {}),
      // Columns the write path sets or ignores are disabled; form-fields.ts leaves them out of
      // the form they have no meaning in.
      isDisabled: !c.editable,
      isRequired: c.required,
      isSortable: c.sortable,
      isTitle,
      position: i + 1,
      isVisible: {
        list: true,
        show: true,
        filter: c.filterable,
        edit: c.scalar.kind !== 'bytea',
      },
      ...(notes.length > 0 ? { description: notes.join(' ') } : {}),
      custom: {
        pgType: c.typeDisplay,
        kind: c.scalar.kind,
        editable: c.editable,
        ...(c.readOnlyReason ? { readOnlyReason: c.readOnlyReason } : {}),
        ...(isTitle ? { searchFields: list.searchFields } : {}),
      },
    }
  })
  return out
}

function fieldsetLayout(
  model: ViewModel,
  o: ResourceOptions | undefined,
  where: 'edit' | 'show',
): LayoutElement[] | undefined {
  if (!o?.fieldsets?.length) return undefined
  return o.fieldsets.map((fs): LayoutElement => {
    const fields = fs.fields.filter(
      (f) => where === 'show' || columnOf(model, f)?.scalar.kind !== 'bytea',
    )
    return [{ mb: 'xl' }, [['@H4', { children: fs.title, mb: 'lg' }], ...fields]]
  })
}

function refuseAsNotice(err: unknown): never {
  // AdminJS turns an AppError from a hook into an error notice; anything else would be a 500.
  if (err instanceof InvalidInputError) throw new AppError(err.message)
  throw err
}

export interface BuildOptionsInput {
  readonly resource: ViewResource
  readonly access: ViewAccess
  readonly list: ListSettings
  readonly options: ResourceOptions | undefined
}

/**
 * The AdminJS options of one view resource: properties typed from the catalog, Django-style
 * options mapped, and actions shown only where the user's role holds the privilege.
 */
export function buildResourceOptions({
  resource,
  access,
  list,
  options: o,
}: BuildOptionsInput): AdminResourceOptions {
  const model = resource.model
  const keyed = model.key.length > 0
  const writable = keyed && !model.materialized
  const can = (ctx: ActionContext, p: Privilege) => access.can(ctx.currentAdmin, model.oid, p)

  const warm: Before = async (request, context) => {
    const actor = await access.actor(context.currentAdmin)
    await access.ensureFresh(actor)
    return request
  }

  // Requests are checked before anything else, so a refused one sends no SQL at all.
  const listBefore: Before = async (request, context) => {
    const query: Record<string, unknown> = { ...(request.query ?? {}) }
    let want: WantInput = {}
    if (o?.list_per_page !== undefined && (query.perPage === undefined || query.perPage === '')) {
      query.perPage = String(o.list_per_page)
    }
    try {
      const q = flat.unflatten(query) as {
        sortBy?: unknown
        direction?: unknown
        filters?: Record<string, unknown>
        perPage?: unknown
        page?: unknown
        after?: unknown
        before?: unknown
      }
      const last = q.page === 'last'
      if (q.page !== undefined && !last && !/^\d{1,12}$/.test(String(q.page))) {
        throw InvalidInputError.field(
          'page',
          `must be a page number or "last", got ${JSON.stringify(q.page)}`,
        )
      }
      // Previous, next and last are keyset reads (paging.ts): cursors travel with the request.
      want = {
        ...(q.after !== undefined ? { after: q.after } : {}),
        ...(q.before !== undefined ? { before: q.before } : {}),
        ...(last ? { last: true } : {}),
      }
      if (last) delete query.page
      resource.checkListRequest(
        new Filter(q.filters ?? {}, resource),
        {
          limit: q.perPage === undefined ? undefined : Math.min(Number(q.perPage), 500),
          offset: 0,
          sort: {
            sortBy: q.sortBy ?? list.defaultSort.sortBy,
            direction: q.direction ?? (q.sortBy === undefined ? list.defaultSort.direction : 'asc'),
          },
        },
        want,
      )
    } catch (err) {
      refuseAsNotice(err)
    }
    context[CONTEXT_WANT] = want
    await warm(request, context)
    return { ...request, query } as ActionRequest
  }

  const listAfter: After<ListActionResponse> = async (response, request, context) => {
    const count = context[CONTEXT_COUNT] as CountInfo | undefined
    const page = context[CONTEXT_PAGE] as PageInfo | undefined
    const meta = response.meta as ListActionResponse['meta'] & Record<string, unknown>
    meta.totalEstimated = count?.estimated ?? false
    meta.totalKind = count?.kind ?? 'exact'
    if (count) meta.totalText = countText(count)
    meta.pageStrategy = page?.strategy
    // previous = before the first row, next = after the last one
    meta.cursors = { first: page?.first ?? null, last: page?.last ?? null }
    const personas = (context.currentAdmin as { personas?: unknown } | undefined)?.personas
    if (Array.isArray(personas) && personas.includes('dev') && !response.notice) {
      const q = flat.unflatten(request.query ?? {}) as { filters?: Record<string, unknown> }
      // past the first page, the sort column's comparison and index decide how far the read goes
      const paged =
        page && page.strategy !== 'first' && page.strategy !== 'last' && meta.sortBy
          ? {
              sortBy: meta.sortBy,
              direction: meta.direction === 'desc' ? ('desc' as const) : ('asc' as const),
              walked: page.strategy === 'seek' || page.strategy === 'split',
            }
          : undefined
      const advice = await resource
        .searchAdvice(new Filter(q.filters ?? {}, resource), context, paged)
        .catch(() => null) // advice only: a failed catalog read must not fail the list
      if (advice) response.notice = { message: advice, type: 'info' }
    }
    if (model.readOnlyReason) {
      meta.readOnlyReason = model.readOnlyReason
      const q = flat.unflatten(request.query ?? {}) as { page?: unknown; filters?: unknown }
      if (!response.notice && (q.page === undefined || String(q.page) === '1') && !q.filters) {
        response.notice = { message: model.readOnlyReason, type: 'info' }
      }
    }
    return response
  }

  const searchBefore: Before = async (request, context) => {
    const searchProperty: unknown = request.query?.searchProperty
    try {
      if (searchProperty !== undefined) {
        if (typeof searchProperty !== 'string' || !columnOf(model, searchProperty)?.filterable) {
          throw InvalidInputError.field(
            'searchProperty',
            `${JSON.stringify(searchProperty)} is not a searchable column of ${model.id}`,
          )
        }
      }
      const q = flat.unflatten(request.query ?? {}) as { filters?: Record<string, unknown> }
      resource.checkListRequest(new Filter(q.filters ?? {}, resource), {})
    } catch (err) {
      refuseAsNotice(err)
    }
    return warm(request, context)
  }

  const showLayout = fieldsetLayout(model, o, 'show')
  const order = formOrder(model, o)
  const hasFieldsets = Boolean(o?.fieldsets?.length)

  return {
    id: resourceIdOf(model),
    navigation: { name: model.schema, icon: 'Database' },
    titleProperty: list.titleProperty,
    listProperties:
      o?.list_display ??
      model.columns
        .filter((c) => c.scalar.kind !== 'bytea')
        .slice(0, 8)
        .map((c) => c.name),
    filterProperties:
      o?.list_filter ?? model.columns.filter((c) => c.filterable).map((c) => c.name),
    showProperties: order,
    editProperties: order.filter((f) => columnOf(model, f)?.scalar.kind !== 'bytea'),
    sort: { sortBy: list.defaultSort.sortBy, direction: list.defaultSort.direction },
    properties: {
      ...propertyOptions(model, list),
      [resource.idProperty]: { isId: true, isVisible: false, type: 'string', isSortable: false },
    },
    actions: {
      list: {
        isAccessible: (ctx) => can(ctx, 'SELECT') !== false,
        before: listBefore,
        after: listAfter,
        custom: {
          readOnlyReason: model.readOnlyReason,
          perPage: o?.list_per_page,
          // Karen's pages: headings, tab titles, the search box and the range filters.
          planetaryView: true,
          verboseName: list.labels?.verboseName ?? model.name,
          verboseNamePlural: list.labels?.verboseNamePlural ?? model.name,
          key: model.key,
          searchProperty: list.titleProperty,
          searchFields: list.searchFields,
          rangeFields: model.columns.filter((c) => isRangeFilterable(c)).map((c) => c.name),
        },
      },
      search: {
        isAccessible: (ctx) => can(ctx, 'SELECT') !== false,
        before: searchBefore,
      },
      show: {
        isAccessible: (ctx) => keyed && can(ctx, 'SELECT') !== false,
        before: warm,
        ...(hasFieldsets && showLayout ? { layout: showLayout } : {}),
      },
      new: {
        isAccessible: (ctx) => writable && model.supports.insert && can(ctx, 'INSERT') === true,
        before: warm,
        layout: formLayout(model, o, order, 'new'),
      },
      edit: {
        isAccessible: (ctx) => writable && model.supports.update && can(ctx, 'UPDATE') === true,
        before: warm,
        layout: formLayout(model, o, order, 'edit'),
      },
      delete: {
        isAccessible: (ctx) => writable && model.supports.delete && can(ctx, 'DELETE') === true,
        before: warm,
      },
      bulkDelete: {
        isAccessible: (ctx) => writable && model.supports.delete && can(ctx, 'DELETE') === true,
        before: warm,
        handler: bulkDeleteHandler(resource),
      },
    },
  }
}

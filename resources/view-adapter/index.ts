export { loadViewResources, type ViewResourcesOptions } from './load.js'
export {
  ViewResource,
  CONTEXT_COUNT,
  CONTEXT_PAGE,
  CONTEXT_WANT,
  type PageInfo,
  type ListRequest,
  type PageStrategy,
  type ViewResourceSettings,
} from './view-resource.js'
export { ViewProperty } from './view-property.js'
export { ViewAccess, adminKey, type ViewAccessOptions } from './access.js'
export { introspectViews, buildViewModel, type Introspection } from './introspect.js'
export { keyCodec, type KeyCodec } from './record-id.js'
export {
  checkFilters,
  checkPaging,
  checkSort,
  type FilterCondition,
  type FilterInput,
  type ListSettings,
  type SortSpec,
} from './query-input.js'
export { buildResourceOptions, formOrder, listSettings } from './resource-options.js'
export type { CountInfo, CountKind } from './counting.js'
export {
  planPage,
  runPlan,
  encodeCursor,
  decodeCursor,
  type PageWant,
  type PagePlan,
} from './paging.js'
export type { FieldKind, Privilege, PrivilegeSet, ViewColumn, ViewModel } from './model.js'

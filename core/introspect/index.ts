/**
 * The introspection engine: typed, metadata-only reads of pg_catalog. Start with `introspect`
 * (everything), `introspectSchema` / `introspectRelation` (scoped), the lazy definition helpers,
 * and `catalogChangeToken` to know when to read again.
 */
export {
  queryRows,
  withCatalog,
  withCatalogSessions,
  type CatalogSessionOptions,
  type CatalogTarget,
} from './catalog-session.js'
export { catalogChangeToken } from './change-probe.js'
export { fetchColumns, groupColumns, mapColumn, type Column, type ColumnRow } from './columns.js'
export {
  fetchConstraints,
  mapConstraint,
  type Constraint,
  type ConstraintKind,
  type ConstraintRow,
  type ForeignKeyAction,
} from './constraints.js'
export type { CatalogScope, QueryContext } from './context.js'
export {
  fetchDataTypes,
  mapDataType,
  type BaseType,
  type CompositeType,
  type DataType,
  type DataTypeRow,
  type DomainType,
  type EnumType,
  type RangeType,
} from './data-types.js'
export {
  fetchDefaultPrivileges,
  mapDefaultPrivilege,
  type DefaultPrivilege,
  type DefaultPrivilegeRow,
} from './default-privileges.js'
export {
  constraintDefinition,
  functionBody,
  indexDefinition,
  triggerDefinition,
  viewDefinition,
  type FunctionBody,
} from './definitions.js'
export {
  fetchDependencies,
  mapDependency,
  type Dependency,
  type DependencyRow,
  type DependencyVia,
} from './dependencies.js'
export {
  fetchEffectivePrivileges,
  mapEffectivePrivilege,
  type EffectivePrivilege,
  type EffectivePrivilegeRow,
  type EffectivePrivileges,
} from './effective-privileges.js'
export {
  fetchEventTriggers,
  mapEventTrigger,
  type EventTrigger,
  type EventTriggerRow,
} from './event-triggers.js'
export { fetchExtensions, mapExtension, type Extension, type ExtensionRow } from './extensions.js'
export { catalogFeatures, tablePrivilegeNames, type CatalogFeatures } from './features.js'
export type { FdwOption } from './fdw-options.js'
export {
  fetchForeignDataWrappers,
  mapForeignDataWrapper,
  type ForeignDataWrapper,
  type ForeignDataWrapperRow,
} from './foreign-data-wrappers.js'
export {
  fetchForeignServers,
  mapForeignServer,
  type ForeignServer,
  type ForeignServerRow,
} from './foreign-servers.js'
export {
  fetchForeignTables,
  mapForeignTable,
  type ForeignTable,
  type ForeignTableRow,
} from './foreign-tables.js'
export {
  fetchFunctions,
  mapFunction,
  overloadGroups,
  type ArgumentMode,
  type DbFunction,
  type FunctionArgument,
  type FunctionRow,
} from './functions.js'
export { fetchIndexes, mapIndex, type Index, type IndexKey, type IndexRow } from './indexes.js'
export {
  relationKind,
  routineKind,
  type ObjectRef,
  type RelationKind,
  type RoutineKind,
} from './kinds.js'
export {
  fetchPolicies,
  mapPolicy,
  type Policy,
  type PolicyCommand,
  type PolicyRow,
} from './policies.js'
export {
  fetchPrivileges,
  mapPrivilege,
  type Privilege,
  type PrivilegeObjectType,
  type PrivilegeRow,
} from './privileges.js'
export {
  COLUMN_PRIVILEGES,
  fetchPrivilegeMatrix,
  mapMatrixCells,
  mapMatrixRole,
  PUBLIC_ROLE,
  type MatrixCell,
  type MatrixCellRow,
  type MatrixColumn,
  type MatrixOptions,
  type MatrixRelation,
  type MatrixRelationRow,
  type MatrixRole,
  type MatrixRoleRow,
  type PrivilegeMatrix,
  type PrivilegeReason,
  type PrivilegeReasonKind,
} from './privilege-matrix.js'
export {
  fetchPublications,
  mapPublication,
  type PublishedTable,
  type Publication,
  type PublicationRow,
} from './publications.js'
export {
  completeRelationNames,
  nameKeys,
  relationNamesFrom,
  type RelationName,
  type RelationNames,
} from './relation-names.js'
export { introspectRelation, type RelationDetail, type RelationRef } from './relation.js'
export { summarizeSnapshot } from './summary.js'
export {
  fetchReplicationSlots,
  mapReplicationSlot,
  type ReplicationSlot,
  type ReplicationSlotRow,
} from './replication-slots.js'
export {
  fetchRoleDependents,
  mapRoleDependent,
  type RoleDependent,
  type RoleDependentKind,
  type RoleDependentRow,
} from './role-dependents.js'
export {
  fetchRoleSettings,
  mapRoleSettings,
  type RoleSettingEntry,
  type RoleSettingRow,
} from './role-settings.js'
export { fetchRoles, mapRole, type Membership, type Role, type RoleRow } from './roles.js'
export { fetchSchemas, mapSchema, type Schema, type SchemaRow } from './schemas.js'
export { fetchSequences, mapSequence, type Sequence, type SequenceRow } from './sequences.js'
export {
  dependenciesOf,
  introspect,
  introspectSchema,
  readSnapshot,
  type CatalogSnapshot,
  type IntrospectOptions,
} from './snapshot.js'
export {
  fetchSubscriptions,
  mapSubscription,
  type Subscription,
  type SubscriptionRow,
} from './subscriptions.js'
export {
  fetchTableHealth,
  mapTableHealth,
  type TableHealth,
  type TableHealthRow,
} from './table-health.js'
export { fetchTables, mapTable, type ReplicaIdentity, type Table, type TableRow } from './tables.js'
export {
  fetchTextSearchConfigs,
  mapTextSearchConfig,
  type TextSearchConfig,
  type TextSearchConfigRow,
} from './text-search-configs.js'
export {
  fetchTextSearchDictionaries,
  mapTextSearchDictionary,
  type TextSearchDictionary,
  type TextSearchDictionaryRow,
} from './text-search-dictionaries.js'
export {
  fetchTextSearchParsers,
  mapTextSearchParser,
  type TextSearchParser,
  type TextSearchParserRow,
} from './text-search-parsers.js'
export {
  fetchTriggers,
  mapTrigger,
  type Trigger,
  type TriggerEnabled,
  type TriggerEvent,
  type TriggerRow,
  type TriggerTiming,
} from './triggers.js'
export {
  fetchUserMappings,
  mapUserMapping,
  type UserMapping,
  type UserMappingRow,
} from './user-mappings.js'
export { fetchViews, mapView, type View, type ViewRow } from './views.js'

/** What a pg_class row is, by relkind, in words. */
export type RelationKind =
  | 'table'
  | 'partitionedTable'
  | 'view'
  | 'materializedView'
  | 'foreignTable'
  | 'sequence'
  | 'compositeType'
  | 'index'
  | 'partitionedIndex'
  | 'toastTable'
  | 'other'

const RELATION_KINDS: Readonly<Record<string, RelationKind>> = {
  r: 'table',
  p: 'partitionedTable',
  v: 'view',
  m: 'materializedView',
  f: 'foreignTable',
  S: 'sequence',
  c: 'compositeType',
  i: 'index',
  I: 'partitionedIndex',
  t: 'toastTable',
}

/** @example relationKind('m') // 'materializedView' */
export function relationKind(relkind: string): RelationKind {
  return RELATION_KINDS[relkind] ?? 'other'
}

/** What a pg_proc row is, by prokind. */
export type RoutineKind = 'function' | 'procedure' | 'aggregate' | 'window'

/** @example routineKind('p') // 'procedure' */
export function routineKind(prokind: string): RoutineKind {
  switch (prokind) {
    case 'p':
      return 'procedure'
    case 'a':
      return 'aggregate'
    case 'w':
      return 'window'
    default:
      return 'function'
  }
}

/** A catalog object named the way a person reads it: kind, OID, schema and name. */
export interface ObjectRef {
  readonly kind: RelationKind | RoutineKind | 'type'
  readonly oid: number
  readonly schema: string
  readonly name: string
}

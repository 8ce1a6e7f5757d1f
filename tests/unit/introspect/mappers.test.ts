import { describe, expect, it } from 'vitest'
import {
  groupColumns,
  mapColumn,
  columnLookups,
  type ColumnRow,
} from '../../../core/introspect/columns.js'
import { mapConstraint, type ConstraintRow } from '../../../core/introspect/constraints.js'
import { mapDataType, type DataTypeRow } from '../../../core/introspect/data-types.js'
import { mapDefaultPrivilege } from '../../../core/introspect/default-privileges.js'
import { mapDependency } from '../../../core/introspect/dependencies.js'
import { mapEffectivePrivilege } from '../../../core/introspect/effective-privileges.js'
import { mapEventTrigger } from '../../../core/introspect/event-triggers.js'
import { mapExtension } from '../../../core/introspect/extensions.js'
import { mapOptions } from '../../../core/introspect/fdw-options.js'
import { mapForeignServer } from '../../../core/introspect/foreign-servers.js'
import { mapForeignTable } from '../../../core/introspect/foreign-tables.js'
import {
  mapFunction,
  overloadGroups,
  type FunctionRow,
} from '../../../core/introspect/functions.js'
import { mapIndex, type IndexRow } from '../../../core/introspect/indexes.js'
import { relationKind, routineKind } from '../../../core/introspect/kinds.js'
import { mapPolicy } from '../../../core/introspect/policies.js'
import { mapPrivilege, privilegeObjectType } from '../../../core/introspect/privileges.js'
import { mapPublication } from '../../../core/introspect/publications.js'
import { mapReplicationSlot } from '../../../core/introspect/replication-slots.js'
import { mapRole } from '../../../core/introspect/roles.js'
import { mapSchema } from '../../../core/introspect/schemas.js'
import { mapSequence, type SequenceRow } from '../../../core/introspect/sequences.js'
import { mapSubscription, type SubscriptionRow } from '../../../core/introspect/subscriptions.js'
import { mapTableHealth, type TableHealthRow } from '../../../core/introspect/table-health.js'
import { mapTable, type TableRow } from '../../../core/introspect/tables.js'
import { mapTextSearchConfig } from '../../../core/introspect/text-search-configs.js'
import { mapTextSearchDictionary } from '../../../core/introspect/text-search-dictionaries.js'
import { mapTextSearchParser } from '../../../core/introspect/text-search-parsers.js'
import { mapTrigger, type TriggerRow } from '../../../core/introspect/triggers.js'
import { mapUserMapping } from '../../../core/introspect/user-mappings.js'
import { mapView, type ViewRow } from '../../../core/introspect/views.js'
import {
  nameKeys,
  relationName,
  relationNamesFrom,
} from '../../../core/introspect/relation-names.js'

const column = (over: Partial<ColumnRow>): ColumnRow => ({
  attrelid: 100,
  attnum: 1,
  attname: 'id',
  atttypid: 20,
  atttypmod: -1,
  attnotnull: true,
  atthasdef: false,
  attidentity: '',
  attgenerated: '',
  attcollation: null,
  default_expr: null,
  ...over,
})

const LOOKUPS = columnLookups(
  [
    { typid: 20, typmod: -1, name: 'bigint' },
    { typid: 25, typmod: -1, name: 'text' },
    { typid: 1700, typmod: 786438, name: 'numeric(12,2)' },
  ],
  [{ attrelid: 100, attnum: 3, description: 'login e-mail' }],
  [
    { oid: 950, name: '"C"' },
    { oid: 951, name: 'pg_catalog."POSIX"' },
    { oid: 16999, name: 'app.de' },
  ],
)
const map = (row: ColumnRow) => mapColumn(row, LOOKUPS)

const COLUMNS = [
  column({ attnum: 3, attname: 'email', atttypid: 25 }),
  column({ attnum: 1, attname: 'id', attidentity: 'a' }),
  column({ attrelid: 200, attnum: 1, attname: 'Line ID' }),
  column({ attrelid: 200, attnum: 2, attname: 'customer_id' }),
].map(map)
const NAMES = relationNamesFrom(
  [
    { oid: 100, schema: 'ks', name: 'customer', kind: 'table' },
    { oid: 200, schema: 'ks', name: 'Order Lines', kind: 'table' },
    { oid: 300, schema: 'ks', name: 'customer_v', kind: 'view' },
  ],
  COLUMNS,
)

describe('mapColumn and groupColumns', () => {
  it('names types and comments from the lookups', () => {
    expect(map(column({ atttypid: 1700, atttypmod: 786438 })).type).toBe('numeric(12,2)')
    expect(map(column({ atttypid: 99999 })).type).toBe('99999')
    expect(COLUMNS[0]).toMatchObject({ type: 'text', comment: 'login e-mail' })
    expect(COLUMNS[1]?.comment).toBeNull()
  })

  it('maps identity, generated, defaults, collation and nullability', () => {
    expect(map(column({ attidentity: 'a' }))).toMatchObject({
      identity: 'always',
      nullable: false,
      hasDefault: false,
      default: null,
      generated: null,
    })
    expect(map(column({ attidentity: 'd' })).identity).toBe('byDefault')
    expect(
      map(
        column({
          attgenerated: 's',
          atthasdef: true,
          default_expr: 'lower(email)',
          attnotnull: false,
        }),
      ),
    ).toMatchObject({
      generated: { kind: 'stored', expression: 'lower(email)' },
      hasDefault: false,
      default: null,
      nullable: true,
    })
    expect(map(column({ attgenerated: 'v', atthasdef: true })).generated).toEqual({
      kind: 'virtual',
      expression: null,
    })
    expect(map(column({ atthasdef: true, default_expr: "'new'::ks.status" }))).toMatchObject({
      hasDefault: true,
      default: "'new'::ks.status",
    })
    expect(map(column({ atthasdef: true })).default).toBeNull()
    expect(map(column({ attcollation: 950 })).collation).toBe('C')
    expect(map(column({ attcollation: 951 })).collation).toBe('POSIX')
    expect(map(column({ attcollation: 16999 })).collation).toBe('app.de')
    expect(map(column({ attcollation: 4242 })).collation).toBe('4242')
    expect(map(column({})).collation).toBeNull()
  })

  it('groups by relation in attnum order', () => {
    const grouped = groupColumns(COLUMNS)
    expect(grouped.get(100)?.map((c) => c.name)).toEqual(['id', 'email'])
    expect(grouped.get(200)?.map((c) => c.position)).toEqual([1, 2])
    expect(nameKeys(NAMES, 100, [3, 0, 9])).toEqual(['email', null, null])
    expect(nameKeys(NAMES, 999, [1])).toEqual([null])
    expect(relationName(NAMES, 300)).toMatchObject({
      schema: 'ks',
      name: 'customer_v',
      kind: 'view',
    })
    expect(relationName(NAMES, 999)).toMatchObject({ schema: '', name: '999', kind: 'other' })
  })
})

describe('mapTable', () => {
  const row: TableRow = {
    oid: 200,
    nspname: 'ks',
    relname: 'events_2024',
    relkind: 'r',
    owner: 'postgres',
    relpersistence: 'u',
    relrowsecurity: true,
    relforcerowsecurity: false,
    relreplident: 'f',
    replident_index: null,
    relispartition: true,
    parents: [[150, 'ks', 'events']],
    partition_bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
    partition_key: null,
    reloptions: ['fillfactor=70'],
    reltuples: -1,
    tablespace: null,
    access_method: 'heap',
    description: 'year one',
  }

  it('maps partitions, RLS, replica identity and options', () => {
    const table = mapTable(row, [])
    expect(table).toMatchObject({
      kind: 'table',
      persistence: 'unlogged',
      rowSecurity: { enabled: true, forced: false },
      replicaIdentity: 'full',
      partitionOf: { oid: 150, schema: 'ks', name: 'events', bound: row.partition_bound },
      inherits: [],
      options: { fillfactor: '70' },
      estimatedRows: -1,
      comment: 'year one',
    })
  })

  it('keeps plain inheritance apart from partitioning', () => {
    const child = mapTable({ ...row, relispartition: false, partition_bound: null, relkind: 'p' })
    expect(child.partitionOf).toBeNull()
    expect(child.kind).toBe('partitionedTable')
    expect(child.inherits).toEqual([{ oid: 150, schema: 'ks', name: 'events' }])
  })
})

describe('mapConstraint', () => {
  const fk: ConstraintRow = {
    oid: 1,
    conname: 'lines_customer_fk',
    contype: 'f',
    conrelid: 200,
    conkey: [2],
    confrelid: 100,
    confkey: [1],
    confupdtype: 'r',
    confdeltype: 'c',
    confmatchtype: 'f',
    condeferrable: true,
    condeferred: true,
    convalidated: false,
    conindid: 55,
    connoinherit: true,
    conislocal: true,
    exclusion_ops: null,
    check_expr: null,
    description: null,
    definition: null,
  }

  it('names keys on both sides and maps actions', () => {
    expect(mapConstraint(fk, NAMES)).toMatchObject({
      kind: 'foreignKey',
      schema: 'ks',
      table: 'Order Lines',
      columns: ['customer_id'],
      references: {
        tableOid: 100,
        table: 'customer',
        columns: ['id'],
        onUpdate: 'restrict',
        onDelete: 'cascade',
        match: 'full',
      },
      deferrable: true,
      initiallyDeferred: true,
      validated: false,
    })
  })

  it('maps checks and exclusion constraints', () => {
    const check = mapConstraint(
      { ...fk, contype: 'c', confrelid: 0, check_expr: '(qty > 0)', conislocal: false },
      NAMES,
    )
    expect(check).toMatchObject({
      kind: 'check',
      references: null,
      check: '(qty > 0)',
      inherited: true,
    })
    const excl = mapConstraint(
      { ...fk, contype: 'x', exclusion_ops: ['pg_catalog.&&', 'app.~~'] },
      NAMES,
    )
    expect(excl.exclusionOperators).toEqual(['&&', 'app.~~'])
  })
})

describe('mapIndex', () => {
  const row: IndexRow = {
    indexrelid: 9,
    relname: 'customer_open_idx',
    indrelid: 100,
    amname: 'btree',
    indisunique: false,
    indisprimary: false,
    indisexclusion: false,
    indimmediate: true,
    indisvalid: false,
    indisready: true,
    indislive: true,
    indisreplident: false,
    indnullsnotdistinct: false,
    indnkeyatts: 2,
    indkey: [3, 0, 1],
    indoption: [3, 1],
    has_predicate: true,
    key_exprs: ['email', 'lower(email)'],
    predicate: "(status = 'open'::ks.status)",
    size_bytes: 16384,
    size_exact: false,
    idx_scan: '12',
    description: null,
    definition: null,
  }

  it('marks expression keys and predicates even without their text', () => {
    const lazy = mapIndex({ ...row, key_exprs: null, predicate: null }, NAMES)
    expect(lazy.keys[1]).toMatchObject({ isExpression: true, expression: null })
    expect([lazy.partial, lazy.predicate]).toEqual([true, null])
  })

  it('maps keys, expressions, options, INCLUDE columns and flags', () => {
    expect(mapIndex(row, NAMES)).toMatchObject({
      schema: 'ks',
      table: 'customer',
      keys: [
        {
          column: 'email',
          isExpression: false,
          expression: null,
          descending: true,
          nullsFirst: true,
        },
        {
          column: null,
          isExpression: true,
          expression: 'lower(email)',
          descending: true,
          nullsFirst: false,
        },
      ],
      include: ['id'],
      partial: true,
      predicate: row.predicate,
      valid: false,
      sizeBytes: 16384,
      sizeIsEstimate: true,
      scans: 12,
    })
  })
})

describe('mapView', () => {
  const row: ViewRow = {
    oid: 5,
    nspname: 'ks',
    relname: 'customer_v',
    relkind: 'v',
    owner: 'postgres',
    relispopulated: true,
    reloptions: ['security_barrier=true', 'security_invoker=on', 'check_option=cascaded'],
    relhastriggers: true,
    tablespace: null,
    description: null,
    definition: null,
  }

  it('reads the view options', () => {
    expect(mapView(row)).toMatchObject({
      kind: 'view',
      securityBarrier: true,
      securityInvoker: true,
      checkOption: 'cascaded',
      hasTriggers: true,
    })
    const plain = mapView({
      ...row,
      relkind: 'm',
      relispopulated: false,
      reloptions: ['security_barrier=false'],
    })
    expect(plain).toMatchObject({
      kind: 'materializedView',
      populated: false,
      securityBarrier: false,
      securityInvoker: false,
      checkOption: null,
    })
  })
})

describe('mapDependency', () => {
  it('names the ends and the used columns in attnum order', () => {
    const dep = mapDependency(
      {
        via: 'view',
        from_oid: 5,
        from_kind: 'v',
        from_schema: 'ks',
        from_name: 'customer_v',
        to_oid: 100,
        to_kind: 'r',
        to_schema: 'ks',
        to_name: 'customer',
        to_columns: [3, 1],
      },
      NAMES,
    )
    expect(dep).toEqual({
      via: 'view',
      from: { kind: 'view', oid: 5, schema: 'ks', name: 'customer_v' },
      to: { kind: 'table', oid: 100, schema: 'ks', name: 'customer' },
      columns: ['id', 'email'],
    })
    const fn = mapDependency(
      {
        via: 'function',
        from_oid: 7,
        from_kind: 'proc:p',
        from_schema: 'ks',
        from_name: 'archive',
        to_oid: 8,
        to_kind: 'proc:f',
        to_schema: 'ks',
        to_name: 'helper',
        to_columns: [],
      },
      NAMES,
    )
    expect([fn.from.kind, fn.to.kind, fn.columns]).toEqual(['procedure', 'function', []])
  })
})

describe('mapFunction and overloadGroups', () => {
  const row: FunctionRow = {
    oid: 11,
    nspname: 'ks',
    proname: 'secure_lookup',
    prokind: 'f',
    owner: 'postgres',
    lanname: 'sql',
    identity_args: 'p_email text, OUT customer_id bigint',
    result: 'record',
    prorettype: 2249,
    proretset: false,
    arg_types: ['text', 'bigint', 'text[]'],
    proargmodes: ['i', 'o', 'v'],
    proargnames: ['p_email', 'customer_id', ''],
    pronargs: 2,
    pronargdefaults: 1,
    arg_defaults: [null, null, "'{}'::text[]"],
    provolatile: 's',
    proisstrict: false,
    prosecdef: true,
    proleakproof: false,
    proparallel: 'r',
    proconfig: ['search_path=pg_catalog, pg_temp'],
    procost: 100,
    prorows: 0,
    overloads: '2',
    description: null,
    body: null,
  }

  it('zips argument arrays and maps flags', () => {
    const fn = mapFunction(row)
    expect(fn.signature).toBe('secure_lookup(p_email text, OUT customer_id bigint)')
    expect(fn.arguments).toEqual([
      { name: 'p_email', type: 'text', mode: 'in', default: null },
      { name: 'customer_id', type: 'bigint', mode: 'out', default: null },
      { name: null, type: 'text[]', mode: 'variadic', default: "'{}'::text[]" },
    ])
    expect(fn).toMatchObject({
      volatility: 'stable',
      parallel: 'restricted',
      securityDefiner: true,
      config: { search_path: 'pg_catalog, pg_temp' },
      overloadCount: 2,
      kind: 'function',
    })
  })

  it('treats missing modes as IN and procedures as returning nothing', () => {
    const proc = mapFunction({ ...row, prokind: 'p', proargmodes: null, proargnames: null })
    expect(proc.kind).toBe('procedure')
    expect(proc.returns).toBeNull()
    expect(proc.arguments.every((a) => a.mode === 'in' && a.name === null)).toBe(true)
  })

  it('groups overloads by schema and name', () => {
    const a = mapFunction(row)
    const b = mapFunction({ ...row, oid: 12 })
    const c = mapFunction({ ...row, oid: 13, nspname: 'other' })
    const groups = overloadGroups([a, b, c])
    expect(groups.get('ks.secure_lookup')?.map((f) => f.oid)).toEqual([11, 12])
    expect(groups.get('other.secure_lookup')).toHaveLength(1)
  })
})

describe('mapTrigger', () => {
  const row: TriggerRow = {
    oid: 21,
    tgname: 'customer_status_change',
    tgrelid: 100,
    tgtype: 1 | 16,
    tgenabled: 'A',
    function_oid: 31,
    function_schema: 'ks',
    function_name: 'audit',
    tgattr: [3, 1],
    tgnargs: 1,
    tgargs: Buffer.from('status\0'),
    tgconstraint: 0,
    tgdeferrable: false,
    tginitdeferred: false,
    tgoldtable: null,
    tgnewtable: 'new_rows',
    tgparentid: 0,
    has_when: true,
    definition:
      "CREATE TRIGGER customer_status_change AFTER UPDATE OF email, id ON ks.customer FOR EACH ROW WHEN ((old.email <> new.email)) EXECUTE FUNCTION ks.audit('status')",
    description: null,
  }

  it('decodes tgtype bits, enabled state, columns, WHEN and arguments', () => {
    expect(mapTrigger(row, NAMES)).toMatchObject({
      timing: 'after',
      events: ['update'],
      level: 'row',
      updateColumns: ['email', 'id'],
      hasWhen: true,
      when: '(old.email <> new.email)',
      arguments: ['status'],
      schema: 'ks',
      table: 'customer',
      tableKind: 'table',
      enabled: 'always',
      transitionTables: { old: null, new: 'new_rows' },
      inherited: false,
    })
  })

  it('decodes INSTEAD OF, BEFORE, statement level, truncate and constraint triggers', () => {
    const instead = mapTrigger({ ...row, tgtype: 1 | 64 | 4, tgrelid: 300, tgenabled: 'O' }, NAMES)
    expect([instead.timing, instead.events, instead.tableKind, instead.enabled]).toEqual([
      'insteadOf',
      ['insert'],
      'view',
      'origin',
    ])
    const before = mapTrigger({ ...row, tgtype: 2 | 32, tgenabled: 'D' }, NAMES)
    expect([before.timing, before.level, before.events, before.enabled]).toEqual([
      'before',
      'statement',
      ['truncate'],
      'disabled',
    ])
    const constraint = mapTrigger(
      {
        ...row,
        tgconstraint: 99,
        tgdeferrable: true,
        tginitdeferred: true,
        tgenabled: 'R',
        tgparentid: 7,
      },
      NAMES,
    )
    expect(constraint).toMatchObject({
      isConstraint: true,
      deferrable: true,
      initiallyDeferred: true,
      enabled: 'replica',
      inherited: true,
    })
  })
})

describe('mapPolicy, mapRole and privileges', () => {
  it('maps policy commands and PUBLIC', () => {
    const policy = mapPolicy(
      {
        oid: 1,
        polname: 'p',
        polrelid: 100,
        polcmd: 'w',
        polpermissive: false,
        roles: ['-', '"Ks Auditor"', 'ks_reader'],
        using_expr: '(a > 0)',
        check_expr: null,
        has_using: true,
        has_check: false,
        description: null,
      },
      NAMES,
    )
    expect(policy).toMatchObject({
      table: 'customer',
      hasUsing: true,
      hasWithCheck: false,
      command: 'update',
      permissive: false,
      roles: ['public', 'Ks Auditor', 'ks_reader'],
      using: '(a > 0)',
      withCheck: null,
    })
  })

  it('maps role attributes and memberships both ways', () => {
    const role = mapRole({
      oid: 10,
      rolname: 'ks_admin',
      rolsuper: false,
      rolinherit: true,
      rolcreaterole: true,
      rolcreatedb: false,
      rolcanlogin: false,
      rolreplication: false,
      rolbypassrls: true,
      rolconnlimit: 3,
      rolvaliduntil: 'infinity',
      rolconfig: ['search_path=app'],
      member_of: [[11, 'ks_writer', true, true, false, 'postgres']],
      members: null,
      description: 'admin',
    })
    expect(role.memberOf).toEqual([
      {
        roleOid: 11,
        role: 'ks_writer',
        admin: true,
        inherit: true,
        set: false,
        grantor: 'postgres',
      },
    ])
    expect(role).toMatchObject({
      members: [],
      connectionLimit: 3,
      validUntil: 'infinity',
      createRole: true,
      bypassRls: true,
      config: ['search_path=app'],
    })
  })

  it('maps privilege object types and PUBLIC grantees', () => {
    expect(privilegeObjectType('rel:S')).toBe('sequence')
    expect(privilegeObjectType('rel:v')).toBe('view')
    expect(privilegeObjectType('col:r')).toBe('column')
    expect(privilegeObjectType('proc:p')).toBe('procedure')
    expect(privilegeObjectType('server')).toBe('foreignServer')
    expect(privilegeObjectType('schema')).toBe('schema')
    const p = mapPrivilege({
      object_type: 'col:r',
      oid: 100,
      nspname: 'ks',
      objname: 'customer',
      attname: 'email',
      grantor: 'postgres',
      grantee: null,
      privilege_type: 'UPDATE',
      is_grantable: false,
    })
    expect(p).toMatchObject({ objectType: 'column', column: 'email', grantee: 'PUBLIC' })
    expect(
      mapDefaultPrivilege({
        oid: 1,
        role: 'postgres',
        nspname: null,
        defaclobjtype: 'f',
        grantee: 'ks_writer',
        privilege_type: 'EXECUTE',
        is_grantable: false,
      }),
    ).toMatchObject({ objectType: 'functions', schema: null })
    expect(
      mapEffectivePrivilege({
        object_type: 'rel:r',
        oid: 100,
        nspname: 'ks',
        objname: 'customer',
        attname: null,
        privilege_type: 'SELECT',
        via: ['ks_reader', null],
        grantable: false,
      }).via,
    ).toEqual(['PUBLIC', 'ks_reader'])
  })
})

describe('mapDataType', () => {
  const base: DataTypeRow = {
    oid: 1,
    nspname: 'ks',
    typname: 't',
    typtype: 'e',
    owner: 'postgres',
    description: null,
    enum_labels: ['new', 'open'],
    attributes: null,
    base_type: null,
    typnotnull: false,
    typdefault: null,
    domain_constraints: null,
    range_subtype: null,
    range_collation: null,
    range_opclass: null,
    range_canonical: null,
    range_subdiff: null,
    multirange: null,
  }

  it('maps each kind to its own shape', () => {
    expect(mapDataType(base)).toMatchObject({ kind: 'enum', labels: ['new', 'open'] })
    expect(
      mapDataType({ ...base, typtype: 'c', attributes: [['city', 'text', 'C']] }),
    ).toMatchObject({
      kind: 'composite',
      attributes: [{ name: 'city', type: 'text', collation: 'C' }],
    })
    expect(
      mapDataType({
        ...base,
        typtype: 'd',
        base_type: 'numeric(12,2)',
        typnotnull: true,
        typdefault: '1',
        domain_constraints: [['positive', 'CHECK (VALUE > 0)', false]],
      }),
    ).toMatchObject({
      kind: 'domain',
      baseType: 'numeric(12,2)',
      notNull: true,
      default: '1',
      constraints: [{ name: 'positive', definition: 'CHECK (VALUE > 0)', validated: false }],
    })
    expect(
      mapDataType({ ...base, typtype: 'r', range_subtype: 'double precision', multirange: 'ks.m' }),
    ).toMatchObject({ kind: 'range', subtype: 'double precision', multirange: 'ks.m' })
    expect(mapDataType({ ...base, typtype: 'b' }).kind).toBe('base')
  })
})

describe('mapSequence', () => {
  const row: SequenceRow = {
    oid: 3,
    nspname: 'ks',
    relname: 'customer_id_seq',
    owner: 'postgres',
    data_type: 'bigint',
    seqstart: '1',
    seqincrement: '1',
    seqmax: '9223372036854775807',
    seqmin: '1',
    seqcache: '1',
    seqcycle: false,
    last_value: null,
    owned_deptype: 'i',
    owned_by_oid: 100,
    owned_by_schema: 'ks',
    owned_by_table: 'customer',
    owned_by_column: 'id',
    description: null,
  }

  it('keeps bigint bounds exact and maps the owning column', () => {
    expect(mapSequence(row)).toMatchObject({
      max: '9223372036854775807',
      lastValue: null,
      ownedBy: { tableOid: 100, table: 'customer', column: 'id', identity: true },
    })
    expect(mapSequence({ ...row, owned_by_oid: null, owned_by_column: null }).ownedBy).toBeNull()
  })
})

describe('foreign data, publications, subscriptions and slots', () => {
  it('flags secret-looking option names', () => {
    expect(
      mapOptions([
        ['host', 'db1'],
        ['password', null],
        ['sslkey', null],
      ]),
    ).toEqual([
      { name: 'host', value: 'db1', redacted: false },
      { name: 'password', value: null, redacted: true },
      { name: 'sslkey', value: null, redacted: true },
    ])
    expect(
      mapForeignServer({
        oid: 1,
        srvname: 'audit',
        fdwname: 'postgres_fdw',
        owner: 'postgres',
        srvtype: null,
        srvversion: null,
        options: [['host', 'a']],
        description: null,
      }).options,
    ).toEqual([{ name: 'host', value: 'a', redacted: false }])
    expect(
      mapForeignTable({
        oid: 2,
        nspname: 'ks',
        relname: 'audit_log',
        owner: 'postgres',
        server_oid: 1,
        srvname: 'audit',
        options: null,
        relispartition: false,
        description: null,
      }),
    ).toMatchObject({ server: 'audit', options: [], columns: [] })
  })

  it('maps user mappings to option names only', () => {
    expect(
      mapUserMapping({
        umid: 1,
        srvid: 2,
        srvname: 'audit',
        usename: null,
        option_names: null,
        options_visible: false,
      }),
    ).toEqual({
      oid: 1,
      serverOid: 2,
      server: 'audit',
      user: 'PUBLIC',
      optionNames: [],
      optionsVisible: false,
    })
  })

  it('maps publications with filters and column lists', () => {
    const pub = mapPublication(
      {
        oid: 1,
        pubname: 'p',
        owner: 'postgres',
        puballtables: false,
        pubinsert: true,
        pubupdate: false,
        pubdelete: true,
        pubtruncate: false,
        pubviaroot: true,
        pubgencols: 's',
        tables: [
          [100, 'ks', 'customer', '(id > 100)', [1, 3]],
          [200, 'ks', 'Order Lines', null, null],
        ],
        schemas: null,
        description: null,
      },
      NAMES,
    )
    expect(pub).toMatchObject({
      operations: { insert: true, update: false, delete: true, truncate: false },
      viaRoot: true,
      generatedColumns: 'stored',
      schemas: [],
      tables: [
        { oid: 100, rowFilter: '(id > 100)', columns: ['id', 'email'] },
        { oid: 200, rowFilter: null, columns: null },
      ],
    })
  })

  it('maps subscriptions from either source', () => {
    const row: SubscriptionRow = {
      oid: 1,
      subname: 's',
      owner: null,
      subenabled: null,
      subpublications: null,
      subslotname: null,
      subsynccommit: null,
      subbinary: null,
      substream: null,
      subtwophasestate: null,
      subdisableonerr: null,
      suborigin: null,
      subfailover: null,
      worker_pid: 4242,
      received_lsn: '0/1',
      last_msg_receipt_time: new Date('2024-01-01T00:00:00Z'),
      latest_end_lsn: null,
      source: 'stats',
    }
    expect(mapSubscription(row)).toMatchObject({
      source: 'stats',
      publications: null,
      worker: { pid: 4242, receivedLsn: '0/1', lastMessageAt: '2024-01-01T00:00:00.000Z' },
    })
    expect(mapSubscription({ ...row, worker_pid: null }).worker).toBeNull()
  })

  it('maps replication slots', () => {
    expect(
      mapReplicationSlot({
        slot_name: 'ks',
        plugin: 'pgoutput',
        slot_type: 'logical',
        database: 'app',
        temporary: false,
        active: false,
        active_pid: null,
        restart_lsn: '0/15',
        confirmed_flush_lsn: null,
        wal_status: 'reserved',
        safe_wal_size: '1024',
        two_phase: false,
        failover: null,
        retained_bytes: 512,
      }),
    ).toMatchObject({ type: 'logical', safeWalSizeBytes: 1024, retainedBytes: 512 })
  })
})

describe('health, extensions, schemas, event triggers and text search', () => {
  it('computes the dead-tuple bloat estimate', () => {
    const row: TableHealthRow = {
      oid: 1,
      nspname: 'ks',
      relname: 'customer',
      relkind: 'r',
      n_live_tup: '75',
      n_dead_tup: '25',
      n_mod_since_analyze: 3,
      seq_scan: '2',
      last_seq_scan: null,
      last_vacuum: null,
      last_autovacuum: new Date('2024-02-02T00:00:00Z'),
      last_analyze: null,
      last_autoanalyze: null,
      vacuum_count: 0,
      autovacuum_count: '1',
      analyze_count: 0,
      autoanalyze_count: 0,
      table_bytes: 8192,
      indexes_bytes: 16384,
      toast_bytes: 0,
      reltuples: 75,
      sizes_exact: true,
    }
    expect(mapTableHealth(row)).toMatchObject({
      liveTuples: 75,
      deadTuples: 25,
      lastAutovacuum: '2024-02-02T00:00:00.000Z',
      sizes: { totalBytes: 24576, exact: true },
      bloat: { deadRatio: 0.25, estimatedBytes: 2048 },
    })
    expect(mapTableHealth({ ...row, n_live_tup: 0, n_dead_tup: 0 }).bloat.deadRatio).toBe(0)
  })

  it('maps extensions installed and available', () => {
    const installed = mapExtension({
      oid: 5,
      name: 'pgcrypto',
      default_version: '1.3',
      installed_version: '1.2',
      nspname: 'ks',
      owner: 'postgres',
      extrelocatable: true,
      comment: 'crypto',
    })
    expect(installed).toMatchObject({ installed: true, updateAvailable: true })
    const available = mapExtension({
      oid: null,
      name: 'btree_gist',
      default_version: '1.7',
      installed_version: null,
      nspname: null,
      owner: null,
      extrelocatable: null,
      comment: null,
    })
    expect(available).toMatchObject({ installed: false, updateAvailable: false })
  })

  it('maps schemas, event triggers and text search objects', () => {
    expect(mapSchema({ oid: 1, nspname: 'ks', owner: 'o', description: 'c' })).toEqual({
      oid: 1,
      name: 'ks',
      owner: 'o',
      comment: 'c',
    })
    expect(
      mapEventTrigger({
        oid: 1,
        evtname: 'e',
        evtevent: 'sql_drop',
        owner: 'o',
        function_oid: 2,
        function_schema: 'ks',
        function_name: 'f',
        evtenabled: 'R',
        evttags: null,
        description: null,
      }),
    ).toMatchObject({ enabled: 'replica', tags: [] })
    expect(
      mapTextSearchConfig({
        oid: 1,
        nspname: 'ks',
        cfgname: 'docs',
        owner: 'o',
        parser: 'default',
        mappings: [['asciiword', ['ks.english_simple', 'english_stem']]],
        description: null,
      }).mappings,
    ).toEqual([{ tokenType: 'asciiword', dictionaries: ['ks.english_simple', 'english_stem'] }])
    expect(
      mapTextSearchDictionary({
        oid: 1,
        nspname: 'ks',
        dictname: 'd',
        owner: 'o',
        template: 'simple',
        dictinitoption: null,
        description: null,
      }).template,
    ).toBe('simple')
    expect(
      mapTextSearchParser({
        oid: 1,
        nspname: 'ks',
        prsname: 'p',
        prsstart: 'prsd_start',
        prstoken: 'prsd_nexttoken',
        prsend: 'prsd_end',
        prsheadline: null,
        prslextype: 'prsd_lextype',
        description: null,
      }).functions,
    ).toMatchObject({ start: 'prsd_start', headline: null })
  })

  it('names relation and routine kinds', () => {
    expect(['r', 'p', 'v', 'm', 'f', 'S', 'c', 'i', 'I', 't', '?'].map(relationKind)).toEqual([
      'table',
      'partitionedTable',
      'view',
      'materializedView',
      'foreignTable',
      'sequence',
      'compositeType',
      'index',
      'partitionedIndex',
      'toastTable',
      'other',
    ])
    expect(['f', 'p', 'a', 'w'].map(routineKind)).toEqual([
      'function',
      'procedure',
      'aggregate',
      'window',
    ])
  })
})

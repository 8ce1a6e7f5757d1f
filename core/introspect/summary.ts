import type { CatalogSnapshot } from './snapshot.js'

const PLAIN = /^[a-z_][a-z0-9_$]*$/

/** An identifier as psql would show it: bare when plain, double-quoted otherwise. */
function ident(name: string): string {
  return PLAIN.test(name) ? name : `"${name.replaceAll('"', '""')}"`
}

function names(columns: readonly (string | null)[]): string {
  return columns.map((c) => (c === null ? '?' : ident(c))).join(', ')
}

function qualified(schema: string | null, name: string): string {
  return schema === null ? ident(name) : `${ident(schema)}.${ident(name)}`
}

function section<T>(title: string, items: readonly T[], line: (item: T) => string): string[] {
  return [``, `${title} (${items.length})`, ...items.map((item) => `  ${line(item)}`)]
}

function flags(entries: Record<string, boolean>): string {
  const on = Object.entries(entries)
    .filter(([, v]) => v)
    .map(([k]) => k)
  return on.length > 0 ? `  [${on.join(', ')}]` : ''
}

/**
 * A terminal summary of a snapshot: one section per entity, one line per object.
 *
 * @example summarizeSnapshot(await introspect(pool)).forEach((line) => console.log(line))
 */
export function summarizeSnapshot(s: CatalogSnapshot): string[] {
  const major = Math.floor(s.serverVersionNum / 10000)
  return [
    `PostgreSQL ${major} (${s.serverVersionNum}) as ${s.currentUser}${s.isSuperuser ? ' (superuser)' : ''}`,
    `Schemas in scope: ${s.schemaScope ? s.schemaScope.join(', ') : 'all non-system'}`,
    ...section('Schemas', s.schemas, (x) => `${ident(x.name)}  owner=${x.owner}`),
    ...section('Tables', s.tables, (t) => {
      const parent = t.partitionOf
        ? `  partition of ${qualified(t.partitionOf.schema, t.partitionOf.name)} ${t.partitionOf.bound ?? ''}`
        : ''
      const key = t.partitionKey ? `  partitioned by ${t.partitionKey}` : ''
      return `${qualified(t.schema, t.name)}  ${t.columns.length} columns  owner=${t.owner}  replica identity ${t.replicaIdentity}${key}${parent}${flags({ 'RLS enabled': t.rowSecurity.enabled, 'RLS forced': t.rowSecurity.forced })}`
    }),
    ...section('Views', s.views, (v) => {
      const check = v.checkOption ? `  check option ${v.checkOption}` : ''
      return `${qualified(v.schema, v.name)}  ${v.kind === 'view' ? 'view' : 'materialized view'}  ${v.columns.length} columns${check}${flags({ security_barrier: v.securityBarrier, security_invoker: v.securityInvoker, 'not populated': !v.populated })}`
    }),
    ...section('Constraints', s.constraints, (c) => {
      const ref = c.references
        ? ` -> ${qualified(c.references.schema, c.references.table)}(${names(c.references.columns)}) on delete ${c.references.onDelete}`
        : ''
      const check = c.check ? ` ${c.check}` : c.kind === 'check' ? ' (…)' : ''
      return `${qualified(c.schema, c.table)}.${ident(c.name)}  ${c.kind} (${names(c.columns)})${ref}${check}${flags({ deferrable: c.deferrable, 'not valid': !c.validated })}`
    }),
    ...section('Indexes', s.indexes, (i) => {
      const keys = i.keys
        .map((k) => (k.column === null ? (k.expression ?? '(expression)') : ident(k.column)))
        .join(', ')
      const where = i.predicate ? ` WHERE ${i.predicate}` : i.partial ? ' WHERE …' : ''
      return `${qualified(i.schema, i.name)} on ${ident(i.table)}  ${i.method} (${keys})${where}  scans=${i.scans}${flags({ unique: i.unique, primary: i.primary, invalid: !i.valid })}`
    }),
    ...section(
      'Dependencies',
      s.dependencies,
      (d) =>
        `${qualified(d.from.schema, d.from.name)} -> ${qualified(d.to.schema, d.to.name)}  (${d.via})`,
    ),
    ...section('Functions', s.functions, (f) => {
      const config = Object.entries(f.config)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')
      return `${ident(f.schema)}.${f.signature}  ${f.kind}  ${f.returns ?? ''}  ${f.language} ${f.volatility}${config ? `  SET ${config}` : ''}${flags({ 'security definer': f.securityDefiner, strict: f.strict, [`${f.overloadCount} overloads`]: f.overloadCount > 1 })}`
    }),
    ...section('Triggers', s.triggers, (t) => {
      const of = t.updateColumns.length > 0 ? ` OF ${names(t.updateColumns)}` : ''
      const when = t.when ? `  WHEN ${t.when}` : t.hasWhen ? '  WHEN …' : ''
      return `${qualified(t.schema, t.table)}.${ident(t.name)}  ${t.timing} ${t.events.join('|')}${of} for each ${t.level}  -> ${qualified(t.function.schema, t.function.name)}  ${t.enabled}${when}${flags({ constraint: t.isConstraint, deferrable: t.deferrable })}`
    }),
    ...section(
      'Event triggers',
      s.eventTriggers,
      (e) =>
        `${ident(e.name)}  on ${e.event}  -> ${qualified(e.function.schema, e.function.name)}  ${e.enabled}`,
    ),
    ...section(
      'Policies',
      s.policies,
      (p) =>
        `${qualified(p.schema, p.table)}.${ident(p.name)}  ${p.permissive ? 'permissive' : 'restrictive'} ${p.command} to ${p.roles.join(', ')}${p.hasUsing ? `  USING ${p.using ?? '…'}` : ''}${p.hasWithCheck ? `  WITH CHECK ${p.withCheck ?? '…'}` : ''}`,
    ),
    ...section('Roles', s.roles, (r) => {
      const member = r.memberOf.map((m) => `${m.role}${m.admin ? ' (admin)' : ''}`).join(', ')
      return `${ident(r.name)}${member ? `  member of ${member}` : ''}${flags({ superuser: r.superuser, login: r.login, createrole: r.createRole, createdb: r.createDb, bypassrls: r.bypassRls, noinherit: !r.inherit })}`
    }),
    ...section(
      'Privileges',
      s.privileges,
      (p) =>
        `${p.privilege} on ${p.objectType} ${qualified(p.schema, p.name)}${p.column ? `(${ident(p.column)})` : ''} to ${p.grantee}${p.grantable ? ' with grant option' : ''}`,
    ),
    ...section(
      'Default privileges',
      s.defaultPrivileges,
      (d) =>
        `for ${d.role}${d.schema ? ` in ${ident(d.schema)}` : ''}: ${d.privilege} on ${d.objectType} to ${d.grantee}`,
    ),
    ...section(
      'Extensions',
      s.extensions.filter((e) => e.installed),
      (e) =>
        `${e.name} ${e.installedVersion ?? ''}  schema=${e.schema ?? ''}${e.updateAvailable ? `  (update to ${e.defaultVersion})` : ''}`,
    ),
    `  … and ${s.extensions.filter((e) => !e.installed).length} more available`,
    ...section('Types', s.types, (t) => {
      switch (t.kind) {
        case 'enum':
          return `${qualified(t.schema, t.name)}  enum (${t.labels.join(', ')})`
        case 'composite':
          return `${qualified(t.schema, t.name)}  composite (${t.attributes.map((a) => `${a.name} ${a.type}`).join(', ')})`
        case 'domain':
          return `${qualified(t.schema, t.name)}  domain over ${t.baseType}${t.notNull ? ' not null' : ''} ${t.constraints.map((c) => c.definition).join(' ')}`
        case 'range':
          return `${qualified(t.schema, t.name)}  range of ${t.subtype}`
        case 'base':
          return `${qualified(t.schema, t.name)}  base type`
      }
    }),
    ...section(
      'Sequences',
      s.sequences,
      (q) =>
        `${qualified(q.schema, q.name)}  ${q.dataType} start ${q.start} increment ${q.increment}  last=${q.lastValue ?? '-'}${q.ownedBy ? `  owned by ${qualified(q.ownedBy.schema, q.ownedBy.table)}.${ident(q.ownedBy.column)}` : ''}`,
    ),
    ...section(
      'Foreign data wrappers',
      s.foreignDataWrappers,
      (w) => `${ident(w.name)}  handler=${w.handler ?? '-'}`,
    ),
    ...section(
      'Foreign servers',
      s.foreignServers,
      (f) =>
        `${ident(f.name)}  wrapper=${f.wrapper}  ${f.options.map((o) => `${o.name}=${o.redacted ? '<redacted>' : o.value}`).join(' ')}`,
    ),
    ...section(
      'User mappings',
      s.userMappings,
      (u) =>
        `${u.user} @ ${ident(u.server)}  options: ${u.optionNames.join(', ') || '(not visible)'}`,
    ),
    ...section(
      'Foreign tables',
      s.foreignTables,
      (f) => `${qualified(f.schema, f.name)}  server=${f.server}  ${f.columns.length} columns`,
    ),
    ...section('Publications', s.publications, (p) => {
      const ops = Object.entries(p.operations)
        .filter(([, v]) => v)
        .map(([k]) => k)
      const tables = p.allTables
        ? 'all tables'
        : p.tables
            .map(
              (t) =>
                `${qualified(t.schema, t.name)}${t.columns ? `(${names(t.columns)})` : ''}${t.rowFilter ? ` WHERE ${t.rowFilter}` : ''}`,
            )
            .join('; ')
      return `${ident(p.name)}  ${ops.join(', ')}  ${tables}`
    }),
    ...section(
      'Subscriptions',
      s.subscriptions,
      (x) =>
        `${ident(x.name)}  ${x.enabled === null ? '' : x.enabled ? 'enabled' : 'disabled'}  (${x.source})`,
    ),
    ...section(
      'Replication slots',
      s.replicationSlots,
      (r) =>
        `${r.name}  ${r.type}${r.plugin ? ` ${r.plugin}` : ''}  ${r.active ? 'active' : 'inactive'}`,
    ),
    ...section(
      'Table health',
      s.tableHealth,
      (h) =>
        `${qualified(h.schema, h.name)}  live=${h.liveTuples} dead=${h.deadTuples}  total=${h.sizes.totalBytes}B${h.sizes.exact ? '' : '~'}  last autovacuum=${h.lastAutovacuum ?? 'never'}`,
    ),
    ...section(
      'Text search configurations',
      s.textSearchConfigs,
      (c) => `${qualified(c.schema, c.name)}  parser=${c.parser}  ${c.mappings.length} mappings`,
    ),
    ...section(
      'Text search dictionaries',
      s.textSearchDictionaries,
      (d) =>
        `${qualified(d.schema, d.name)}  template=${d.template}${d.options ? `  ${d.options}` : ''}`,
    ),
    ...section('Text search parsers', s.textSearchParsers, (p) => qualified(p.schema, p.name)),
  ]
}

import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inspect } from '../../../core/cli/commands/inspect.js'
import type { Flavor } from '../../../core/cluster/cluster.js'
import type { Pool } from '../../../core/db/pool.js'
import {
  catalogChangeToken,
  constraintDefinition,
  dependenciesOf,
  fetchEffectivePrivileges,
  fetchSubscriptions,
  functionBody,
  indexDefinition,
  introspect,
  introspectRelation,
  introspectSchema,
  mapSubscription,
  queryRows,
  triggerDefinition,
  viewDefinition,
  withCatalog,
  type CatalogSnapshot,
  type SubscriptionRow,
} from '../../../core/introspect/index.js'
import { subscriptionsQuery } from '../../../core/introspect/subscriptions.js'
import { quoteIdent } from '../../../core/sql/sql.js'
import { useTestDatabase } from '../../harness/database.js'
import { kitchenSinkSql } from '../../harness/kitchen-sink.js'

/** Strings that exist only as secrets or user data in the fixture: no output may contain them. */
const SECRETS = ['S3cr3t-Pa55word!', 'Inspector-Pa55!', 'Sub-Pa55word!']
const USER_DATA = ['secret-row-value', 'ann@example.com', 'bob@example.com']

/**
 * Before PG 15 counters reach the statistics collector as UDP messages, late under load and
 * now and then not at all: wait until it shows ks.customer analyzed, analyzing again if not.
 */
async function collectorCaughtUp(admin: Pool): Promise<void> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const { rows } = await admin.query<{ ready: boolean }>(
      `SELECT s.n_live_tup > 0 AND s.last_analyze IS NOT NULL AS ready
       FROM pg_catalog.pg_stat_user_tables s WHERE s.relid = 'ks.customer'::regclass`,
    )
    if (rows[0]?.ready) return
    if (attempt % 10 === 9) await admin.query('ANALYZE ks.customer')
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error('the statistics collector never showed ks.customer analyzed')
}

function byName<T extends { name: string }>(items: readonly T[], name: string): T {
  const found = items.find((i) => i.name === name)
  if (!found) throw new Error(`${name} not found among ${items.map((i) => i.name).join(', ')}`)
  return found
}

function inSchema<T extends { schema: string | null; name: string }>(
  items: readonly T[],
  schema: string,
  name: string,
): T {
  const found = items.find((i) => i.schema === schema && i.name === name)
  if (!found) throw new Error(`${schema}.${name} not found`)
  return found
}

interface ScanRow {
  relname: string
  reads: string
}

/**
 * The whole engine against the kitchen-sink fixture on one server flavor, introspecting as a
 * login role that holds no privilege on any of the fixture's data.
 */
export function kitchenSinkSuite(flavor: Flavor): void {
  describe(`introspection of the kitchen sink on ${flavor}`, () => {
    const db = useTestDatabase({ flavor })
    const slot = `ks_slot_${randomBytes(4).toString('hex')}`
    let role = ''
    let url = ''
    let pool: Pool
    let snap: CatalogSnapshot
    /** The same, with every deparsed expression and definition. */
    let full: CatalogSnapshot
    let major = 0

    beforeAll(async () => {
      const admin = db().admin
      major = Math.floor(db().versionNum / 10000)
      // The fixture loads on its own connection, closed at once: a backend that ends reports
      // its statistics, so the fixture's own reads (FK checks) cannot land in a later baseline.
      const loader = new pg.Client({ connectionString: db().adminUrl })
      await loader.connect()
      try {
        await loader.query(kitchenSinkSql(major))
      } finally {
        await loader.end()
      }
      const login = await db().createLogin('inspector')
      role = login.role
      url = login.url
      // The inspector may use the server and has its own mapping: pg_user_mappings then shows
      // it the option values, so only the engine stands between the password and the output.
      await admin.query(`GRANT USAGE ON FOREIGN SERVER ks_audit TO ${quoteIdent(role)}`)
      await admin.query(
        `CREATE USER MAPPING FOR ${quoteIdent(role)} SERVER ks_audit OPTIONS (user 'remote_inspector', password 'Inspector-Pa55!')`,
      )
      await admin.query(
        `CREATE SUBSCRIPTION ks_sub CONNECTION 'host=127.0.0.1 port=1 dbname=none user=u password=Sub-Pa55word!' PUBLICATION ks_pub WITH (connect = false)`,
      )
      await admin.query(`SELECT pg_catalog.pg_create_logical_replication_slot($1, 'pgoutput')`, [
        slot,
      ])
      await admin.query('ANALYZE')
      if (major < 15) await collectorCaughtUp(admin)
      pool = db().pool(url, 2)
      snap = await introspect(pool)
      full = await introspect(pool, { definitions: true })
    }, 120_000)

    afterAll(async () => {
      const admin = db().admin
      await admin.query('ALTER SUBSCRIPTION ks_sub SET (slot_name = NONE)').catch(() => undefined)
      await admin.query('DROP SUBSCRIPTION IF EXISTS ks_sub').catch(() => undefined)
      await admin
        .query('SELECT pg_catalog.pg_drop_replication_slot($1)', [slot])
        .catch(() => undefined)
    })

    it('runs as a login role with no privilege on any of the data', async () => {
      expect(snap.currentUser).toBe(role)
      expect(snap.isSuperuser).toBe(false)
      expect(snap.serverVersionNum).toBe(db().versionNum)
      const { rows } = await db().admin.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname IN ('ks', 'Mixed Case', 'données ☃') AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
           AND (has_table_privilege($1, c.oid, 'SELECT') OR has_any_column_privilege($1, c.oid, 'SELECT'))`,
        [role],
      )
      expect(rows[0]?.n).toBe('0')
      const direct = new pg.Client({ connectionString: url })
      await direct.connect()
      await expect(direct.query('SELECT * FROM ks.customer')).rejects.toThrow(/permission denied/)
      await direct.end()
    })

    it('never reads a row of user data', async () => {
      const admin = db().admin
      const reads = async () => {
        const client = await admin.connect()
        try {
          await client.query('SELECT pg_catalog.pg_stat_clear_snapshot()')
          const { rows } = await client.query<ScanRow>(
            `SELECT c.relname, (pg_stat_get_numscans(c.oid) + pg_stat_get_tuples_returned(c.oid)
               + pg_stat_get_tuples_fetched(c.oid))::text AS reads
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname IN ('ks', 'Mixed Case', 'données ☃') AND c.relkind IN ('r', 'm')
             ORDER BY 1`,
          )
          return rows
        } finally {
          client.release()
        }
      }
      // Wait for a quiet baseline: counters of sessions that ended may still be on their way.
      let before = await reads()
      for (let tries = 0; tries < 30; tries++) {
        await new Promise((r) => setTimeout(r, 500))
        const again = await reads()
        if (JSON.stringify(again) === JSON.stringify(before)) break
        before = again
      }
      expect(before.length).toBeGreaterThan(5)
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      try {
        const full = await introspect(client, { definitions: true })
        await introspectRelation(client, { schema: 'ks', name: 'customer' })
        await introspectRelation(client, { schema: 'données ☃', name: 'Ünïcødé ☃' })
        const text = JSON.stringify(full)
        for (const value of USER_DATA) expect(text).not.toContain(value)
        // Publish this backend's pending counters now rather than within the next second
        // (PG 15+; older servers send them to the collector within half a second).
        if (major >= 15) await client.query('SELECT pg_catalog.pg_stat_force_next_flush()')
      } finally {
        await client.end()
      }
      await new Promise((r) => setTimeout(r, major >= 15 ? 200 : 1500))
      expect(await reads()).toEqual(before)
      // The same measurement does see a read: one count(*) by the superuser moves it.
      const reader = await db().admin.connect()
      try {
        await reader.query('SELECT count(*) FROM ks.customer')
        if (major >= 15) await reader.query('SELECT pg_catalog.pg_stat_force_next_flush()')
        await reader.query('SELECT 1')
      } finally {
        reader.release()
      }
      await new Promise((r) => setTimeout(r, major >= 15 ? 200 : 1500))
      expect(await reads()).not.toEqual(before)
    })

    it('lists user schemas and leaves out system ones', () => {
      const names = snap.schemas.map((s) => s.name)
      expect(names).toEqual(expect.arrayContaining(['ks', 'Mixed Case', 'données ☃', 'public']))
      for (const system of ['pg_catalog', 'information_schema', 'pg_toast']) {
        expect(names).not.toContain(system)
      }
      expect(byName(snap.schemas, 'ks').comment).toBe('kitchen sink')
      expect(snap.tables.every((t) => !t.schema.startsWith('pg_'))).toBe(true)
    })

    it('describes tables: RLS, replica identity, partitions, owner and comment', () => {
      const customer = inSchema(snap.tables, 'ks', 'customer')
      expect(customer.rowSecurity).toEqual({ enabled: true, forced: true })
      expect(customer.replicaIdentity).toBe('default')
      expect(customer.owner).toBe('postgres')
      expect(customer.comment).toBe('people who buy')
      expect(customer.kind).toBe('table')
      expect(inSchema(snap.tables, 'ks', 'Order Lines').replicaIdentity).toBe('full')
      const mixed = inSchema(snap.tables, 'Mixed Case', 'MixedCase Table')
      expect(mixed.replicaIdentity).toBe('index')
      expect(mixed.replicaIdentityIndex).toBe('MixedCase Table_pkey')
      const events = inSchema(snap.tables, 'ks', 'events')
      expect(events.kind).toBe('partitionedTable')
      expect(events.partitionKey).toBeNull()
      expect(inSchema(full.tables, 'ks', 'events').partitionKey).toBe('RANGE (created_at)')
      const partitions = snap.tables.filter((t) => t.partitionOf?.oid === events.oid)
      expect(partitions.map((p) => p.name).sort()).toEqual([
        'events_2024',
        'events_2025',
        'events_other',
      ])
      expect(inSchema(snap.tables, 'ks', 'events_2024').partitionOf?.bound).toBeNull()
      expect(inSchema(full.tables, 'ks', 'events_2024').partitionOf?.bound).toMatch(
        /^FOR VALUES FROM \('2024-01-01.*'\) TO \('2025-01-01.*'\)$/,
      )
      expect(inSchema(full.tables, 'ks', 'events_other').partitionOf?.bound).toBe('DEFAULT')
      expect(inSchema(snap.tables, 'données ☃', 'Ünïcødé ☃').columns.map((c) => c.name)).toEqual([
        'id',
        'naïve',
      ])
    })

    it('describes columns: types, defaults, identity, generated, collation, comments', () => {
      const cols = inSchema(snap.tables, 'ks', 'customer').columns
      expect(cols.map((c) => c.name)).toEqual([
        'id',
        'email',
        'email_lower',
        'status',
        'address',
        'note',
        'created_at',
      ])
      const col = (name: string) => byName(cols, name)
      expect(col('id')).toMatchObject({ type: 'bigint', identity: 'always', nullable: false })
      expect(col('email')).toMatchObject({
        nullable: false,
        comment: 'login e-mail',
        hasDefault: false,
      })
      expect(col('email_lower').generated).toEqual({ kind: 'stored', expression: null })
      expect(col('status')).toMatchObject({ type: 'ks.status', hasDefault: true, default: null })
      expect(col('address').type).toBe('ks.address')
      expect(col('note').collation).toBe('C')
      expect(col('created_at').type).toBe('timestamp with time zone')
      // Deparsed defaults and generation expressions come with definitions.
      const deparsed = (name: string) =>
        byName(inSchema(full.tables, 'ks', 'customer').columns, name)
      expect(deparsed('email_lower').generated).toEqual({
        kind: 'stored',
        expression: 'lower(email)',
      })
      expect(deparsed('status').default).toBe("'new'::ks.status")
      expect(deparsed('created_at').default).toBe('now()')
      const lines = inSchema(full.tables, 'ks', 'Order Lines').columns
      expect(byName(lines, 'Line ID').default).toBe(
        `nextval('ks."Order Lines_Line ID_seq"'::regclass)`,
      )
      expect(byName(lines, 'amount').type).toBe('ks.positive_amount')
      expect(byName(lines, 'Ünïcødé ☃').default).toBe("'snow'::text")
    })

    it('describes constraints: primary, foreign, unique, check and exclusion', () => {
      const cons = snap.constraints.filter((c) => c.schema === 'ks' && c.table === 'Order Lines')
      expect(byName(cons, 'Order Lines_pkey')).toMatchObject({
        kind: 'primaryKey',
        columns: ['Line ID'],
      })
      const fk = byName(cons, 'order_lines_customer_fk')
      expect(fk).toMatchObject({ kind: 'foreignKey', deferrable: true, initiallyDeferred: true })
      expect(fk.references).toMatchObject({
        schema: 'ks',
        table: 'customer',
        columns: ['id'],
        onDelete: 'cascade',
        onUpdate: 'restrict',
        match: 'simple',
      })
      expect(byName(cons, 'Order Lines_qty_check')).toMatchObject({
        kind: 'check',
        columns: ['qty'],
        check: null,
        validated: true,
      })
      const withDefs = full.constraints.filter((c) => c.table === 'Order Lines')
      expect(byName(withDefs, 'Order Lines_qty_check')).toMatchObject({
        check: '(qty > 0)',
        definition: 'CHECK ((qty > 0))',
      })
      expect(byName(cons, 'order_lines_amount_small').validated).toBe(false)
      expect(byName(cons, 'order_lines_no_overlap')).toMatchObject({
        kind: 'exclusion',
        columns: ['during'],
        exclusionOperators: ['&&'],
      })
      expect(cons.every((c) => c.definition === null)).toBe(true)
      const mixedFk = snap.constraints.find(
        (c) => c.table === 'MixedCase Table' && c.kind === 'foreignKey',
      )
      expect(mixedFk?.references).toMatchObject({
        table: 'Order Lines',
        columns: ['Line ID'],
        match: 'full',
        onDelete: 'setNull',
      })
      expect(
        byName(
          snap.constraints.filter((c) => c.table === 'customer'),
          'customer_email_key',
        ),
      ).toMatchObject({ kind: 'unique', columns: ['email'] })
    })

    it('describes indexes: method, keys, expressions, predicates, flags and size', () => {
      const idx = (name: string) => inSchema(snap.indexes, 'ks', name)
      expect(idx('customer_lower_email_idx').keys).toEqual([
        {
          column: null,
          isExpression: true,
          expression: null,
          descending: false,
          nullsFirst: false,
        },
      ])
      expect(inSchema(full.indexes, 'ks', 'customer_lower_email_idx').keys[0]?.expression).toBe(
        'lower(email)',
      )
      const open = idx('customer_open_idx')
      expect(open.keys).toEqual([
        {
          column: 'created_at',
          isExpression: false,
          expression: null,
          descending: true,
          nullsFirst: false,
        },
      ])
      expect(open.include).toEqual(['status'])
      expect([open.partial, open.predicate]).toEqual([true, null])
      expect(inSchema(full.indexes, 'ks', 'customer_open_idx').predicate).toBe(
        "(status = 'open'::ks.status)",
      )
      expect(idx('customer_pkey').partial).toBe(false)
      expect(open.comment).toBe('open customers by recency')
      // NULLS NOT DISTINCT from PG 15; the fixture makes a plain unique index on PG 14.
      expect(idx('customer_note_nnd')).toMatchObject({
        unique: true,
        nullsNotDistinct: major >= 15,
      })
      expect(idx('customer_pkey')).toMatchObject({ primary: true, unique: true, valid: true })
      expect(idx('order_lines_customer_hash').method).toBe('hash')
      expect(idx('events_payload_gin').method).toBe('gin')
      expect(idx('customer_pkey').sizeBytes).toBeGreaterThan(0)
      expect(idx('customer_pkey').sizeIsEstimate).toBe(true)
      expect(snap.indexes.every((i) => i.definition === null)).toBe(true)
    })

    it('describes views and materialized views with their options', () => {
      const view = (name: string) => inSchema(snap.views, 'ks', name)
      expect(view('customer_v')).toMatchObject({
        kind: 'view',
        securityBarrier: true,
        securityInvoker: false,
        checkOption: null,
        comment: 'what Karen sees',
        definition: null,
      })
      expect(view('customer_v').columns.map((c) => c.name)).toEqual(['id', 'email', 'status'])
      expect(view('customer_invoker').securityInvoker).toBe(major >= 15)
      expect(view('open_customers').checkOption).toBe('cascaded')
      expect(inSchema(snap.views, 'Mixed Case', 'Big Lines').checkOption).toBe('local')
      expect(view('customer_stats')).toMatchObject({ kind: 'materializedView', populated: false })
      expect(view('line_totals')).toMatchObject({ kind: 'materializedView', populated: true })
      expect(view('customer_v').hasTriggers).toBe(true)
    })

    it('fetches heavy definitions lazily, one object at a time', async () => {
      const view = inSchema(snap.views, 'ks', 'customer_v')
      expect(await viewDefinition(pool, view.oid)).toMatch(
        /FROM ks\.customer\s+WHERE (customer\.)?status <> 'closed'::ks\.status/,
      )
      const index = inSchema(snap.indexes, 'ks', 'customer_open_idx')
      expect(await indexDefinition(pool, index.oid)).toBe(
        "CREATE INDEX customer_open_idx ON ks.customer USING btree (created_at DESC NULLS LAST) INCLUDE (status) WHERE (status = 'open'::ks.status)",
      )
      const fk = byName(snap.constraints, 'order_lines_customer_fk')
      expect(await constraintDefinition(pool, fk.oid)).toBe(
        'FOREIGN KEY (customer_id) REFERENCES ks.customer(id) ON UPDATE RESTRICT ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED',
      )
      const fn = byName(snap.functions, 'customer_count')
      const body = await functionBody(pool, fn.oid)
      expect(body?.language).toBe('sql')
      expect(body?.source).toMatch(/BEGIN ATOMIC/)
      expect(body?.definition).toMatch(/^CREATE OR REPLACE FUNCTION ks\.customer_count\(\)/)
      const trigger = byName(snap.triggers, 'customer_deleted')
      expect(await triggerDefinition(pool, trigger.oid)).toMatch(
        /REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ks\.audit\(\)$/,
      )
      expect(await viewDefinition(pool, inSchema(snap.tables, 'ks', 'customer').oid)).toBeNull()
      const withDefs = await introspect(pool, { schemas: ['ks'], definitions: true })
      expect(inSchema(withDefs.views, 'ks', 'customer_v').definition).toMatch(
        /SELECT (customer\.)?id,/,
      )
      expect(inSchema(withDefs.indexes, 'ks', 'customer_pkey').definition).toBe(
        'CREATE UNIQUE INDEX customer_pkey ON ks.customer USING btree (id)',
      )
      expect(byName(withDefs.functions, 'touch').body).toMatch(/RETURN NEW;/)
    })

    it('follows dependencies both ways', () => {
      const customer = inSchema(snap.tables, 'ks', 'customer')
      const { usedBy } = dependenciesOf(snap, customer.oid)
      const users = usedBy.map((d) => `${d.via}:${d.from.schema}.${d.from.name}`)
      expect(users).toEqual(
        expect.arrayContaining([
          'view:ks.customer_v',
          'view:ks.customer_invoker',
          'view:ks.customer_stats',
          'view:Mixed Case.Order Lines View',
          'function:ks.customer_count',
          'policy:ks.Order Lines',
        ]),
      )
      const viewEdge = usedBy.find((d) => d.from.name === 'customer_v')
      expect(viewEdge?.columns).toEqual(['id', 'email', 'status'])
      expect(viewEdge?.from.kind).toBe('view')
      const touch = byName(snap.functions, 'touch')
      const triggerUsers = dependenciesOf(snap, touch.oid).usedBy.map((d) => d.from.name)
      expect(triggerUsers).toEqual(expect.arrayContaining(['customer', 'events']))
      const view = inSchema(snap.views, 'Mixed Case', 'Order Lines View')
      expect(
        dependenciesOf(snap, view.oid)
          .uses.map((d) => d.to.name)
          .sort(),
      ).toEqual(['Order Lines', 'customer'])
      expect(snap.dependencies.some((d) => d.to.schema === 'pg_catalog')).toBe(false)
    })

    it('describes functions and procedures with overloads, modes, defaults and settings', () => {
      const overloads = snap.functions.filter((f) => f.name === 'process_invoice')
      expect(overloads).toHaveLength(2)
      expect(overloads.every((f) => f.overloadCount === 2)).toBe(true)
      const long = overloads.find((f) => f.arguments.length === 3)
      expect(long?.arguments).toEqual([
        { name: 'invoice_id', type: 'integer', mode: 'in', default: null },
        { name: 'note', type: 'text', mode: 'in', default: "'none'::text" },
        { name: 'tags', type: 'text[]', mode: 'variadic', default: "'{}'::text[]" },
      ])
      expect(long).toMatchObject({ language: 'plpgsql', volatility: 'stable', returns: 'text' })
      const short = overloads.find((f) => f.arguments.length === 1)
      expect(short).toMatchObject({
        signature: 'process_invoice(invoice_id integer)',
        volatility: 'immutable',
        strict: true,
      })
      const secure = byName(snap.functions, 'secure_lookup')
      expect(secure).toMatchObject({
        securityDefiner: true,
        config: { search_path: 'pg_catalog, pg_temp' },
        comment: 'definer lookup',
        returns: 'record',
      })
      expect(secure.arguments.map((a) => `${a.mode}:${a.name}:${a.type}`)).toEqual([
        'in:p_email:text',
        'out:customer_id:bigint',
        'out:customer_status:ks.status',
      ])
      const archive = byName(snap.functions, 'archive')
      expect(archive).toMatchObject({ kind: 'procedure', returns: null })
      expect(archive.arguments.map((a) => [a.mode, a.default])).toEqual([
        ['in', '30'],
        ['inout', '0'],
      ])
      expect(byName(snap.functions, 'lines_of')).toMatchObject({
        returns: 'TABLE(line_id bigint, qty integer)',
        returnsSet: true,
        rows: 10,
      })
      expect(byName(snap.functions, 'Do Thing')).toMatchObject({
        parallel: 'safe',
        leakproof: true,
        schema: 'Mixed Case',
      })
      // Range constructors belong to the type; pgcrypto's functions to the extension.
      expect(snap.functions.some((f) => f.name === 'floatrange')).toBe(false)
      expect(snap.functions.some((f) => f.name === 'gen_random_bytes')).toBe(false)
      expect(snap.functions.every((f) => f.body === null)).toBe(true)
    })

    it('describes triggers of every kind', () => {
      const trig = (name: string) => byName(snap.triggers, name)
      expect(trig('customer_touch')).toMatchObject({
        timing: 'before',
        events: ['insert', 'update'],
        level: 'row',
        enabled: 'origin',
        comment: 'keeps rows fresh',
        function: { schema: 'ks', name: 'touch' },
      })
      expect(trig('customer_status_change')).toMatchObject({
        timing: 'after',
        events: ['update'],
        updateColumns: ['status', 'email'],
        hasWhen: true,
        when: null,
        arguments: ['status', "it's changed"],
      })
      expect(byName(full.triggers, 'customer_status_change').when).toBe(
        'old.status IS DISTINCT FROM new.status',
      )
      expect(trig('customer_touch')).toMatchObject({ hasWhen: false, when: null })
      expect(trig('customer_deleted')).toMatchObject({
        level: 'statement',
        transitionTables: { old: 'old_rows', new: null },
      })
      expect(trig('customer_truncate').events).toEqual(['truncate'])
      expect(trig('customer_v_insert')).toMatchObject({
        timing: 'insteadOf',
        tableKind: 'view',
        table: 'customer_v',
      })
      expect(trig('lines_disabled').enabled).toBe('disabled')
      expect(trig('lines_always').enabled).toBe('always')
      expect(trig('lines_replica').enabled).toBe('replica')
      expect(trig('lines_check')).toMatchObject({
        isConstraint: true,
        deferrable: true,
        initiallyDeferred: true,
      })
      const clones = snap.triggers.filter((t) => t.name === 'events_touch')
      expect(clones.map((t) => [t.table, t.inherited]).sort()).toEqual([
        ['events', false],
        ['events_2024', true],
        ['events_2025', true],
        ['events_other', true],
      ])
      expect(snap.triggers.some((t) => t.name.startsWith('RI_ConstraintTrigger'))).toBe(false)
      expect(snap.eventTriggers).toEqual([
        expect.objectContaining({
          name: 'ks_ddl',
          event: 'ddl_command_end',
          enabled: 'disabled',
          tags: ['CREATE TABLE', 'ALTER TABLE'],
          function: expect.objectContaining({ schema: 'ks', name: 'on_ddl' }),
        }),
      ])
    })

    it('describes RLS policies', () => {
      expect(byName(snap.policies, 'customer_read')).toMatchObject({
        hasUsing: true,
        hasWithCheck: false,
        using: null,
      })
      const pol = (name: string) => byName(full.policies, name)
      expect(pol('customer_read')).toMatchObject({
        command: 'select',
        permissive: true,
        roles: ['ks_reader', 'Ks Auditor'],
        using: "(status <> 'closed'::ks.status)",
        withCheck: null,
      })
      expect(pol('customer_tenant')).toMatchObject({
        command: 'all',
        permissive: false,
        roles: ['public'],
        withCheck: "(email = current_setting('app.email'::text, true))",
      })
      expect(pol('customer_insert')).toMatchObject({ command: 'insert', using: null })
      expect(pol('Lines Policy ☃')).toMatchObject({
        command: 'update',
        table: 'Order Lines',
        withCheck: '(qty < 100)',
      })
    })

    it('describes roles and memberships with the ADMIN option', () => {
      const r = (name: string) => byName(snap.roles, name)
      expect(r('ks_writer')).toMatchObject({ inherit: false, login: false, superuser: false })
      expect(r('ks_writer').memberOf.map((m) => m.role)).toEqual(['ks_reader'])
      expect(r('ks_admin').memberOf).toEqual([
        expect.objectContaining({ role: 'ks_writer', admin: true }),
      ])
      expect(r('ks_admin')).toMatchObject({
        connectionLimit: 3,
        comment: 'kitchen-sink administrator',
      })
      expect(
        r('ks_reader')
          .members.map((m) => m.role)
          .sort(),
      ).toEqual(['Ks Auditor', 'ks_writer'])
      expect(r(role).login).toBe(true)
      const optionsKnown = major >= 16
      expect(r('Ks Auditor').memberOf[0]?.inherit).toBe(optionsKnown ? true : null)
      expect(snap.roles.some((x) => x.name.startsWith('pg_'))).toBe(false)
    })

    it('lists grants on tables, columns, schemas, functions and sequences', () => {
      const has = (match: Record<string, unknown>) =>
        expect(snap.privileges).toContainEqual(expect.objectContaining(match))
      has({ objectType: 'table', name: 'customer', grantee: 'ks_reader', privilege: 'SELECT' })
      has({ objectType: 'view', name: 'customer_v', grantee: 'ks_writer', privilege: 'INSERT' })
      has({ objectType: 'column', column: 'email', grantee: 'ks_writer', privilege: 'UPDATE' })
      has({ objectType: 'column', column: 'note', grantee: 'ks_writer', privilege: 'UPDATE' })
      has({
        objectType: 'column',
        column: 'id',
        grantee: 'Ks Auditor',
        privilege: 'SELECT',
        grantable: true,
      })
      has({ objectType: 'schema', name: 'ks', grantee: 'ks_reader', privilege: 'USAGE' })
      has({ objectType: 'schema', name: 'Mixed Case', grantee: 'ks_writer', grantable: true })
      has({
        objectType: 'function',
        name: 'process_invoice(invoice_id integer)',
        grantee: 'ks_writer',
        privilege: 'EXECUTE',
      })
      has({ objectType: 'sequence', name: 'invoice_no', grantee: 'ks_writer', grantable: true })
      expect(
        snap.privileges.some(
          (p) => p.name === 'process_invoice(invoice_id integer)' && p.grantee === 'PUBLIC',
        ),
      ).toBe(false)
      expect(snap.defaultPrivileges).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            schema: 'ks',
            objectType: 'tables',
            grantee: 'ks_reader',
            privilege: 'SELECT',
          }),
          expect.objectContaining({
            schema: null,
            objectType: 'functions',
            grantee: 'ks_writer',
            privilege: 'EXECUTE',
          }),
        ]),
      )
    })

    it('computes effective privileges through membership and PUBLIC', async () => {
      const auditor = await withCatalog(pool, { schemas: ['ks'] }, (ctx) =>
        fetchEffectivePrivileges(ctx, 'Ks Auditor'),
      )
      expect(auditor?.inheritsFrom).toEqual(['Ks Auditor', 'ks_reader'])
      expect(auditor?.privileges).toContainEqual(
        expect.objectContaining({ name: 'customer', privilege: 'SELECT', via: ['ks_reader'] }),
      )
      expect(auditor?.privileges).toContainEqual(
        expect.objectContaining({ column: 'id', privilege: 'SELECT', via: ['Ks Auditor'] }),
      )
      expect(auditor?.privileges).toContainEqual(
        expect.objectContaining({ name: 'touch()', privilege: 'EXECUTE', via: ['PUBLIC'] }),
      )
      // ks_writer is NOINHERIT: ks_reader's SELECT does not reach it.
      const writer = await withCatalog(pool, { schemas: ['ks'] }, (ctx) =>
        fetchEffectivePrivileges(ctx, 'ks_writer'),
      )
      expect(writer?.inheritsFrom).toEqual(['ks_writer'])
      expect(
        writer?.privileges.some(
          (p) => p.name === 'customer' && p.privilege === 'SELECT' && !p.column,
        ),
      ).toBe(false)
      expect(writer?.privileges).toContainEqual(
        expect.objectContaining({
          name: 'process_invoice(invoice_id integer)',
          privilege: 'EXECUTE',
          via: ['ks_writer'],
        }),
      )
      const owner = await withCatalog(pool, { schemas: ['ks'] }, (ctx) =>
        fetchEffectivePrivileges(ctx, 'postgres'),
      )
      expect(owner?.superuser).toBe(true)
      const maintain = owner?.privileges.some(
        (p) => p.name === 'events_2024' && p.privilege === 'MAINTAIN',
      )
      expect(maintain).toBe(major >= 17)
      expect(
        await withCatalog(pool, {}, (ctx) => fetchEffectivePrivileges(ctx, 'no_such_role')),
      ).toBeNull()
    })

    it('lists installed and available extensions, and hides their objects', async () => {
      const ext = (name: string) => byName(snap.extensions, name)
      expect(ext('pgcrypto')).toMatchObject({ installed: true, schema: 'ks' })
      expect(ext('pgcrypto').installedVersion).toMatch(/^\d+\.\d+$/)
      expect(ext('postgres_fdw').installed).toBe(true)
      expect(ext('btree_gist')).toMatchObject({ installed: false, installedVersion: null })
      expect(ext('btree_gist').defaultVersion).toMatch(/^\d+\.\d+$/)
      expect(snap.foreignDataWrappers).toEqual([])
      const all = await introspect(pool, { schemas: ['ks'], includeExtensionObjects: true })
      expect(all.functions.some((f) => f.name === 'gen_random_bytes')).toBe(true)
      // Names outside pg_catalog come schema-qualified (the snapshot's search_path is pg_catalog).
      expect(byName(all.foreignDataWrappers, 'postgres_fdw').handler).toBe(
        'public.postgres_fdw_handler',
      )
    })

    it('describes enum, composite, domain and range types', () => {
      const type = (schema: string, name: string) => inSchema(snap.types, schema, name)
      expect(type('ks', 'status')).toMatchObject({
        kind: 'enum',
        labels: ['new', 'pending', 'open', 'closed'],
        comment: 'customer status',
      })
      expect(type('Mixed Case', 'Mood Ünïcødé')).toMatchObject({
        labels: ['😀', 'meh', 'Sad Face'],
      })
      expect(type('ks', 'address')).toMatchObject({
        kind: 'composite',
        attributes: [
          { name: 'street', type: 'text', collation: null },
          { name: 'city', type: 'text', collation: 'C' },
          { name: 'zip', type: 'character varying(10)', collation: null },
        ],
      })
      expect(type('ks', 'positive_amount')).toMatchObject({
        kind: 'domain',
        baseType: 'numeric(12,2)',
        notNull: true,
        default: '1',
        constraints: [
          {
            name: 'positive_amount_check',
            definition: 'CHECK (VALUE > 0::numeric)',
            validated: true,
          },
        ],
      })
      expect(type('ks', 'floatrange')).toMatchObject({
        kind: 'range',
        subtype: 'double precision',
        subtypeDiff: 'float8mi',
        multirange: 'ks.floatmultirange',
      })
      expect(snap.types.some((t) => t.name === 'customer' || t.name.startsWith('_'))).toBe(false)
    })

    it('describes sequences, their owners, and last values only where permitted', async () => {
      const seq = inSchema(snap.sequences, 'ks', 'invoice_no')
      expect(seq).toMatchObject({
        dataType: 'integer',
        start: '1000',
        increment: '5',
        min: '1000',
        max: '999999',
        cache: '1',
        cycle: true,
        lastValue: null,
        ownedBy: null,
      })
      expect(inSchema(snap.sequences, 'ks', 'customer_id_seq').ownedBy).toMatchObject({
        table: 'customer',
        column: 'id',
        identity: true,
      })
      expect(inSchema(snap.sequences, 'ks', 'Order Lines_Line ID_seq').ownedBy).toMatchObject({
        table: 'Order Lines',
        column: 'Line ID',
        identity: false,
      })
      const asAdmin = await introspect(db().admin, { schemas: ['ks'] })
      expect(inSchema(asAdmin.sequences, 'ks', 'invoice_no').lastValue).toBe('1000')
    })

    it('describes foreign servers, user mappings and foreign tables without secrets', async () => {
      const server = byName(snap.foreignServers, 'ks_audit')
      expect(server).toMatchObject({ wrapper: 'postgres_fdw', comment: 'off-site audit trail' })
      expect(server.options.map((o) => `${o.name}=${o.value}`)).toEqual([
        'dbname=audit',
        'host=audit.invalid',
        'port=5432',
      ])
      const mine = snap.userMappings.find((m) => m.user === role)
      expect(mine).toMatchObject({ optionNames: ['password', 'user'], optionsVisible: true })
      expect(snap.userMappings.find((m) => m.user === 'PUBLIC')?.server).toBe('ks_audit')
      const table = inSchema(snap.foreignTables, 'ks', 'audit_log')
      expect(table).toMatchObject({ server: 'ks_audit' })
      expect(table.options.map((o) => o.name)).toEqual(['schema_name', 'table_name'])
      expect(table.columns.map((c) => [c.name, c.nullable])).toEqual([
        ['id', false],
        ['payload', true],
      ])
      const asAdmin = await introspect(db().admin)
      for (const text of [JSON.stringify(snap), JSON.stringify(asAdmin)]) {
        for (const secret of SECRETS) expect(text).not.toContain(secret)
      }
      expect(asAdmin.userMappings.find((m) => m.user === 'PUBLIC')?.optionNames).toEqual([
        'password',
        'user',
      ])
    })

    it('describes publications with row filters and column lists, and subscriptions', async () => {
      const pub = byName(snap.publications, 'ks_pub')
      expect(pub.operations).toEqual({ insert: true, update: true, delete: false, truncate: false })
      // Row filters, column lists and schema publications from PG 15; none of them on PG 14.
      const filtered = major >= 15
      expect(pub.tables).toEqual([
        expect.objectContaining({ name: 'Order Lines', rowFilter: null, columns: null }),
        expect.objectContaining({
          name: 'customer',
          rowFilter: filtered ? '(id > 100)' : null,
          columns: filtered ? ['id', 'email', 'status'] : null,
        }),
      ])
      expect(byName(snap.publications, 'ks_schema_pub').schemas).toEqual(
        filtered ? ['Mixed Case'] : [],
      )
      const sub = byName(snap.subscriptions, 'ks_sub')
      expect(sub).toMatchObject({
        source: 'catalog',
        enabled: false,
        publications: ['ks_pub'],
        worker: null,
      })
      // Without pg_subscription access the names still come through pg_stat_subscription.
      const viaStats = await withCatalog(pool, {}, async (ctx) =>
        (await queryRows<SubscriptionRow>(ctx, subscriptionsQuery(ctx, false))).map(
          mapSubscription,
        ),
      )
      expect(viaStats).toContainEqual(
        expect.objectContaining({ name: 'ks_sub', source: 'stats', publications: null }),
      )
      const direct = await withCatalog(pool, {}, fetchSubscriptions)
      expect(direct.map((s) => s.name)).toContain('ks_sub')
    })

    it('lists replication slots and table health', () => {
      expect(byName(snap.replicationSlots, slot)).toMatchObject({
        type: 'logical',
        plugin: 'pgoutput',
        database: db().name,
        active: false,
      })
      const health = inSchema(snap.tableHealth, 'ks', 'customer')
      // ANALYZE and the inserts' own counters may land in either order: 2 or 4, never 0.
      expect(health.liveTuples).toBeGreaterThan(0)
      expect(health.lastAnalyze ?? health.lastAutoanalyze).not.toBeNull()
      expect(health.sizes.tableBytes).toBeGreaterThan(0)
      expect(health.sizes.totalBytes).toBeGreaterThanOrEqual(
        health.sizes.tableBytes + health.sizes.indexesBytes,
      )
      expect(health.bloat.deadRatio).toBeGreaterThanOrEqual(0)
      expect(health.bloat.deadRatio).toBeLessThanOrEqual(1)
    })

    it('describes text search configurations, dictionaries and parsers', () => {
      const config = inSchema(snap.textSearchConfigs, 'ks', 'docs')
      expect(config.parser).toBe('default')
      expect(config.mappings).toContainEqual({
        tokenType: 'asciiword',
        dictionaries: ['ks.english_simple', 'english_stem'],
      })
      expect(inSchema(snap.textSearchDictionaries, 'ks', 'english_simple')).toMatchObject({
        template: 'simple',
        options: "stopwords = 'english'",
      })
      expect(inSchema(snap.textSearchParsers, 'ks', 'my_parser').functions.token).toBe(
        'prsd_nexttoken',
      )
    })

    it('scopes a snapshot to one schema', async () => {
      const mixed = await introspectSchema(pool, 'Mixed Case')
      expect(mixed.schemaScope).toEqual(['Mixed Case'])
      expect(mixed.schemas.map((s) => s.name)).toEqual(['Mixed Case'])
      expect(mixed.tables.map((t) => t.name)).toEqual(['MixedCase Table'])
      expect(mixed.views.map((v) => v.name).sort()).toEqual(['Big Lines', 'Order Lines View'])
      expect(mixed.functions.map((f) => f.name)).toEqual(['Do Thing'])
      expect(mixed.policies).toEqual([])
      // An edge counts when either end is in scope: the view here uses tables in ks.
      expect(mixed.dependencies.map((d) => d.to.name)).toEqual(
        expect.arrayContaining(['Order Lines', 'customer']),
      )
    })

    it('details one relation with definitions, references and health', async () => {
      const detail = await introspectRelation(pool, { schema: 'ks', name: 'Order Lines' })
      expect(detail.kind).toBe('table')
      expect(detail.columns.map((c) => c.name)).toEqual([
        'Line ID',
        'customer_id',
        'qty',
        'amount',
        'during',
        'Ünïcødé ☃',
      ])
      expect(byName(detail.constraints, 'order_lines_no_overlap').definition).toBe(
        'EXCLUDE USING gist (during WITH &&)',
      )
      expect(detail.referencedBy.map((c) => `${c.schema}.${c.table}.${c.name}`)).toEqual([
        'Mixed Case.MixedCase Table.MixedCase Table_Ref_fkey',
      ])
      expect(byName(detail.indexes, 'order_lines_customer_hash').definition).toMatch(/USING hash/)
      expect(detail.indexes.every((i) => !i.sizeIsEstimate)).toBe(true)
      expect(detail.triggers.map((t) => t.name).sort()).toEqual([
        'lines_always',
        'lines_check',
        'lines_disabled',
        'lines_replica',
      ])
      expect(detail.triggers.every((t) => t.definition?.startsWith('CREATE'))).toBe(true)
      expect(detail.policies.map((p) => p.name)).toEqual(['Lines Policy ☃'])
      // lines_of reads the table too, but a string body records no dependency (BEGIN ATOMIC does).
      expect(detail.dependencies.usedBy.map((d) => d.from.name).sort()).toEqual([
        'Big Lines',
        'Order Lines View',
        'line_totals',
      ])
      expect(detail.dependencies.uses.map((d) => `${d.via}:${d.to.name}`)).toEqual(
        expect.arrayContaining(['policy:customer', 'default:Order Lines_Line ID_seq']),
      )
      expect(detail.health?.sizes.exact).toBe(true)
      expect(detail.health?.liveTuples).toBeGreaterThan(0)
      const view = await introspectRelation(pool, { schema: 'ks', name: 'customer_v' })
      expect(view.kind).toBe('view')
      expect((view.relation as { definition: string | null }).definition).toMatch(/SELECT/)
      expect(view.triggers.map((t) => t.name)).toEqual(['customer_v_insert'])
      expect(view.health).toBeNull()
      const byOid = await introspectRelation(pool, detail.oid)
      expect(byOid.name).toBe('Order Lines')
      await expect(introspectRelation(pool, { schema: 'ks', name: 'nope' })).rejects.toThrow(
        /No table, view or foreign table ks\.nope/,
      )
    })

    it('reads the same snapshot over two connections sharing one exported snapshot', async () => {
      const parallel = await introspect(pool, { connections: 2 })
      const counts = (s: CatalogSnapshot) =>
        Object.fromEntries(
          Object.entries(s)
            .filter(([, v]) => Array.isArray(v))
            .map(([k, v]) => [k, (v as unknown[]).length]),
        )
      expect(counts(parallel)).toEqual(counts(snap))
      expect(inSchema(parallel.tables, 'ks', 'customer').columns).toHaveLength(7)
    })

    it('changes the change token when the catalog changes', async () => {
      const before = await catalogChangeToken(pool)
      expect(before).toMatch(/^\d+$/)
      const ddl = await db().admin.connect()
      try {
        await ddl.query('CREATE TABLE ks.added_later (id integer)')
        if (major >= 15) await ddl.query('SELECT pg_catalog.pg_stat_force_next_flush()')
        await ddl.query('SELECT 1')
      } finally {
        ddl.release()
      }
      let after = before
      for (let i = 0; i < 100 && after === before; i++) {
        await new Promise((r) => setTimeout(r, 100))
        after = await catalogChangeToken(pool)
      }
      expect(after).not.toBe(before)
      expect(await catalogChangeToken(pool)).toBe(after)
      await db().admin.query('DROP TABLE ks.added_later')
    })

    it('prints the snapshot from the inspect command, as text and as JSON', async () => {
      const lines: string[] = []
      await inspect({ databaseUrl: url, schema: ['ks'] }, (line) => lines.push(line))
      expect(lines[0]).toMatch(new RegExp(`^PostgreSQL ${major} \\(\\d+\\) as ${role}$`))
      expect(lines).toContain('Schemas in scope: ks')
      expect(lines.some((l) => /^Tables \(\d+\)$/.test(l))).toBe(true)
      expect(lines).toContain(
        '  ks."Order Lines"  6 columns  owner=postgres  replica identity full',
      )
      const json: string[] = []
      await inspect({ databaseUrl: url, json: true }, (line) => json.push(line))
      const parsed = JSON.parse(json.join('\n')) as CatalogSnapshot
      expect(parsed.tables.length).toBe(snap.tables.length)
      for (const secret of [...SECRETS, ...USER_DATA]) {
        expect(json.join('\n')).not.toContain(secret)
        expect(lines.join('\n')).not.toContain(secret)
      }
    })
  })
}

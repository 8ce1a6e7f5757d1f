import type { ClientBase } from 'pg'

/** How big the synthetic catalog is; the defaults are the sizes the targets were set for. */
export interface CatalogSize {
  readonly schemas: number
  readonly tablesPerSchema: number
  readonly viewsPerSchema: number
  readonly matviewsPerSchema: number
  readonly functionsPerSchema: number
  readonly triggersPerSchema: number
  /** Tables with RLS per schema; each gets two policies. */
  readonly policyTablesPerSchema: number
  readonly roles: number
  readonly typesPerSchema: number
  readonly sequencesPerSchema: number
}

export const DEFAULT_SIZE: CatalogSize = {
  schemas: 5,
  tablesPerSchema: 1000,
  viewsPerSchema: 400,
  matviewsPerSchema: 40,
  functionsPerSchema: 1000,
  triggersPerSchema: 600,
  policyTablesPerSchema: 400,
  roles: 100,
  typesPerSchema: 20,
  sequencesPerSchema: 100,
}

/**
 * One DO block that builds a whole schema server-side: a client round trip per object would
 * take minutes, a loop inside PostgreSQL takes seconds. The numbers are bound as literals
 * (DO takes no parameters) and come from `CatalogSize`, never from outside input.
 */
function schemaBlock(schema: string, size: CatalogSize): string {
  const n = (v: number) => String(Math.trunc(v))
  return `
DO $gen$
DECLARE
  s text := '${schema}';
  i int;
BEGIN
  EXECUTE format('CREATE SCHEMA %I', s);
  FOR i IN 1..${n(size.typesPerSchema / 2)} LOOP
    EXECUTE format('CREATE TYPE %I.%I AS ENUM (''new'', ''open'', ''closed'', ''void'')', s, 'status_' || i);
    EXECUTE format('CREATE DOMAIN %I.%I AS numeric(12,2) CHECK (VALUE >= 0)', s, 'money_' || i);
  END LOOP;
  FOR i IN 1..${n(size.sequencesPerSchema)} LOOP
    EXECUTE format('CREATE SEQUENCE %I.%I START %s', s, 'seq_' || i, i);
  END LOOP;
  FOR i IN 1..${n(size.tablesPerSchema)} LOOP
    EXECUTE format($t$
      CREATE TABLE %1$I.%2$I (
        id bigint PRIMARY KEY,
        parent_id bigint REFERENCES %1$I.%3$I (id) ON DELETE CASCADE,
        owner_id bigint REFERENCES %1$I.%4$I (id) ON DELETE SET NULL,
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        amount numeric(12,2) NOT NULL DEFAULT 0 CHECK (amount >= 0),
        status text NOT NULL DEFAULT 'new',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz,
        flags integer,
        note varchar(200),
        payload jsonb
      )$t$, s, 't_' || i, 't_' || greatest(i - 1, 1), 't_' || greatest(i - 2, 1));
    EXECUTE format('CREATE INDEX %I ON %I.%I (name)', 't_' || i || '_name', s, 't_' || i);
    EXECUTE format('CREATE INDEX %I ON %I.%I (created_at) WHERE status <> ''void''', 't_' || i || '_created', s, 't_' || i);
    -- Commit as we go: one transaction holding a lock per table runs out of lock slots.
    IF i % 100 = 0 THEN
      COMMIT;
    END IF;
    IF i % 10 = 0 THEN
      EXECUTE format('COMMENT ON TABLE %I.%I IS %L', s, 't_' || i, 'table number ' || i);
      EXECUTE format('COMMENT ON COLUMN %I.%I.name IS %L', s, 't_' || i, 'display name');
    END IF;
  END LOOP;
  FOR i IN 1..${n(size.viewsPerSchema)} LOOP
    EXECUTE format('CREATE VIEW %I.%I WITH (security_barrier) AS SELECT id, code, name, amount, status FROM %I.%I WHERE status <> ''void''',
      s, 'v_' || i, s, 't_' || i);
    IF i % 200 = 0 THEN
      COMMIT;
    END IF;
  END LOOP;
  FOR i IN 1..${n(size.matviewsPerSchema)} LOOP
    EXECUTE format('CREATE MATERIALIZED VIEW %I.%I AS SELECT status, count(*) AS n, sum(amount) AS total FROM %I.%I GROUP BY status',
      s, 'mv_' || i, s, 't_' || i);
  END LOOP;
  EXECUTE format($f$CREATE FUNCTION %I.touch() RETURNS trigger LANGUAGE plpgsql AS $b$BEGIN NEW.updated_at := now(); RETURN NEW; END$b$$f$, s);
  FOR i IN 1..${n(size.functionsPerSchema)} LOOP
    IF i % 10 = 0 THEN
      -- Every tenth name is an overload of the one before it.
      EXECUTE format('CREATE FUNCTION %I.%I(a integer, b text DEFAULT ''x'') RETURNS text LANGUAGE sql STABLE AS %L',
        s, 'f_' || (i - 1), 'SELECT b || a');
    ELSIF i % 7 = 0 THEN
      EXECUTE format('CREATE FUNCTION %I.%I(a integer) RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS %L',
        s, 'f_' || i, 'BEGIN RETURN a * ' || i || '; END');
    ELSE
      EXECUTE format('CREATE FUNCTION %I.%I(a integer) RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS %L',
        s, 'f_' || i, 'SELECT a + ' || i);
    END IF;
  END LOOP;
  FOR i IN 1..${n(size.triggersPerSchema)} LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON %I.%I FOR EACH ROW EXECUTE FUNCTION %I.touch()',
      'touch_' || i, s, 't_' || i, s);
    IF i % 200 = 0 THEN
      COMMIT;
    END IF;
  END LOOP;
  FOR i IN 1..${n(size.policyTablesPerSchema)} LOOP
    EXECUTE format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', s, 't_' || i);
    EXECUTE format('CREATE POLICY tenant_read ON %I.%I FOR SELECT USING (owner_id = current_setting(''app.user_id'')::bigint)', s, 't_' || i);
    EXECUTE format('CREATE POLICY no_void ON %I.%I AS RESTRICTIVE FOR ALL USING (status <> ''void'') WITH CHECK (amount >= 0)', s, 't_' || i);
    IF i % 200 = 0 THEN
      COMMIT;
    END IF;
  END LOOP;
END
$gen$`
}

function rolesBlock(size: CatalogSize): string {
  return `
DO $gen$
DECLARE
  r int;
  k int;
BEGIN
  FOR r IN 1..${Math.trunc(size.roles)} LOOP
    EXECUTE format('CREATE ROLE %I NOLOGIN', 'bench_role_' || r);
    IF r > 1 THEN
      EXECUTE format('GRANT %I TO %I', 'bench_role_' || (r - 1), 'bench_role_' || r);
    END IF;
  END LOOP;
END
$gen$`
}

function grantsBlock(schema: string, size: CatalogSize): string {
  return `
DO $gen$
DECLARE
  s text := '${schema}';
  r int;
  k int;
  t int;
BEGIN
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO PUBLIC', s);
  FOR r IN 1..${Math.trunc(size.roles)} LOOP
    FOR k IN 1..10 LOOP
      t := ((r * 10 + k) % ${Math.trunc(size.tablesPerSchema)}) + 1;
      EXECUTE format('GRANT SELECT, INSERT ON %I.%I TO %I', s, 't_' || t, 'bench_role_' || r);
    END LOOP;
    FOR k IN 1..2 LOOP
      t := ((r * 7 + k) % ${Math.trunc(size.tablesPerSchema)}) + 1;
      EXECUTE format('GRANT UPDATE (name, note) ON %I.%I TO %I', s, 't_' || t, 'bench_role_' || r);
    END LOOP;
    COMMIT;
  END LOOP;
END
$gen$`
}

/** Schema names the generator creates: `bench_1` … `bench_n`. */
export function benchSchemas(size: CatalogSize = DEFAULT_SIZE): string[] {
  return Array.from({ length: size.schemas }, (_, i) => `bench_${i + 1}`)
}

/**
 * Builds the synthetic catalog server-side, one DO block per schema, spread over the given
 * connections (superuser), then vacuums and analyzes it: a catalog that has lived a while is
 * vacuumed (hint bits set, visibility map current) and analyzed (the planner knows its size),
 * and without that the first runs would pay for the generator's dead rows.
 *
 * @example await generateCatalog([a, b]) // 5 schemas, 5k tables, ~20 s on two cores
 */
export async function generateCatalog(
  clients: readonly ClientBase[],
  size: CatalogSize = DEFAULT_SIZE,
): Promise<void> {
  const [first] = clients
  if (!first) throw new Error('generateCatalog: needs at least one connection')
  await first.query(rolesBlock(size))
  const queue = benchSchemas(size)
  await Promise.all(
    clients.map(async (client) => {
      for (let schema = queue.shift(); schema; schema = queue.shift()) {
        await client.query(schemaBlock(schema, size))
        await client.query(grantsBlock(schema, size))
      }
    }),
  )
  await first.query('VACUUM (ANALYZE)')
}

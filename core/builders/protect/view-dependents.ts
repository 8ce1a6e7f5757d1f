import type { ClientBase, Pool } from 'pg'
import { toExecutionError } from '../../errors.js'
import { compile, sql } from '../../sql/sql.js'

/** An object that uses a view, so dropping the view would break (or, with CASCADE, drop) it. */
export interface ViewDependent {
  readonly kind: 'view' | 'materialized view' | 'function' | 'policy' | 'table' | 'composite type'
  readonly schema: string
  /** The object's name; for a policy, the policy's. */
  readonly name: string
  /** A function's identity arguments (`new app.invoice_v`); null otherwise. */
  readonly identity: string | null
  /** The table a policy is on; null otherwise. */
  readonly on: string | null
  /** Columns of the view the dependent reads, where PostgreSQL records them. */
  readonly columns: readonly string[]
}

interface Row {
  kind: ViewDependent['kind']
  schema: string
  name: string
  identity: string | null
  on: string | null
  columns: string[]
}

/**
 * What depends on a view, read from pg_depend: views and materialized views whose rewrite rule
 * reads it (pg_rewrite), functions that read it or take its row type, policies that read it,
 * and table or type columns of its row type. Metadata only.
 *
 * @example await viewDependents(pool, 'app', 'invoice_v')
 */
export async function viewDependents(
  client: ClientBase | Pool,
  schema: string,
  view: string,
): Promise<ViewDependent[]> {
  const query = sql`WITH target AS (
  SELECT c.oid, c.reltype
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ${sql.val(schema)} AND c.relname = ${sql.val(view)} AND c.relkind IN ('v', 'm')
), edges AS (
  SELECT CASE dc.relkind WHEN 'm' THEN 'materialized view' ELSE 'view' END AS kind,
    dn.nspname AS schema, dc.relname AS name, NULL::text AS identity, NULL::text AS "on",
    d.refobjsubid AS attnum
  FROM target t
  JOIN pg_catalog.pg_depend d ON d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
    AND d.refobjid = t.oid AND d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
  JOIN pg_catalog.pg_rewrite r ON r.oid = d.objid
  JOIN pg_catalog.pg_class dc ON dc.oid = r.ev_class
  JOIN pg_catalog.pg_namespace dn ON dn.oid = dc.relnamespace
  WHERE r.ev_class <> t.oid
  UNION ALL
  SELECT 'function', pn.nspname, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid), NULL,
    CASE WHEN d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass THEN d.refobjsubid ELSE 0 END
  FROM target t
  JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
    AND ((d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjid = t.oid)
      OR (d.refclassid = 'pg_catalog.pg_type'::pg_catalog.regclass AND d.refobjid = t.reltype))
  JOIN pg_catalog.pg_proc p ON p.oid = d.objid
  JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace
  UNION ALL
  SELECT 'policy', pn.nspname, pol.polname, NULL, pc.relname, d.refobjsubid
  FROM target t
  JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_policy'::pg_catalog.regclass
    AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjid = t.oid
  JOIN pg_catalog.pg_policy pol ON pol.oid = d.objid
  JOIN pg_catalog.pg_class pc ON pc.oid = pol.polrelid
  JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
  UNION ALL
  SELECT CASE dc.relkind WHEN 'c' THEN 'composite type' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' ELSE 'table' END,
    dn.nspname, dc.relname, NULL, NULL, 0
  FROM target t
  JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
    AND d.objsubid > 0 AND d.refclassid = 'pg_catalog.pg_type'::pg_catalog.regclass AND d.refobjid = t.reltype
  JOIN pg_catalog.pg_class dc ON dc.oid = d.objid
  JOIN pg_catalog.pg_namespace dn ON dn.oid = dc.relnamespace
  WHERE dc.oid <> t.oid
)
SELECT e.kind, e.schema, e.name, e.identity, e."on",
  coalesce(array_agg(DISTINCT a.attname::text ORDER BY a.attname::text) FILTER (WHERE a.attname IS NOT NULL), '{}') AS columns
FROM edges e
CROSS JOIN target t
LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = e.attnum AND e.attnum > 0
GROUP BY e.kind, e.schema, e.name, e.identity, e."on"
ORDER BY e.kind, e.schema, e.name, e.identity`
  const { text, values } = compile(query)
  try {
    const result = await client.query<Row>({ text, values: [...values] })
    return result.rows.map((r) => ({
      kind: r.kind,
      schema: r.schema,
      name: r.name,
      identity: r.identity,
      on: r.on,
      columns: r.columns,
    }))
  } catch (err) {
    throw toExecutionError(err, text)
  }
}

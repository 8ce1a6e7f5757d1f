import { statement, type Statement } from '../../executor/statement.js'
import { sql, type SqlFragment } from '../../sql/sql.js'
import { display, qualified } from '../names.js'
import { viewName, type OutputColumn, type ResolvedTarget, type ResolvedView } from './resolve.js'

/** The select-list entry of a view column: the expression, aliased when the name changes. */
export function selectItem(c: OutputColumn): SqlFragment {
  return c.redaction || c.name !== c.source.name ? sql`${c.expr} AS ${sql.id(c.name)}` : c.expr
}

function options(view: ResolvedView): SqlFragment {
  // Only options that are on: CREATE OR REPLACE VIEW replaces the whole option list, and
  // security_invoker does not exist before PostgreSQL 15.
  const on = [
    ...(view.securityBarrier ? [sql`security_barrier = true`] : []),
    ...(view.securityInvoker ? [sql`security_invoker = true`] : []),
  ]
  return on.length ? sql` WITH (${sql.join(on)})` : sql``
}

/** CREATE [OR REPLACE] VIEW … AS SELECT the view's columns FROM the raw table. */
export function createView(
  target: ResolvedTarget,
  view: ResolvedView,
  mode: { replace: boolean },
): Statement {
  const items = sql.join(view.columns.map(selectItem), sql`,\n  `)
  const label = display(viewName(view))
  const flags = [
    view.securityBarrier && 'security_barrier',
    view.securityInvoker && 'security_invoker',
  ]
    .filter(Boolean)
    .join(', ')
  return statement({
    kind: 'create_view',
    sql: sql`CREATE ${mode.replace ? sql`OR REPLACE ` : sql``}VIEW ${qualified(viewName(view))}${options(view)} AS
SELECT
  ${items}
FROM ${qualified(target.table)}`,
    summary: `${mode.replace ? 'Replace' : 'Create'} view ${label} over ${display(target.table)} (${view.columns
      .map((c) => (c.redaction ? `${c.name} redacted by ${redactionLabel(c)}` : c.name))
      .join(', ')})${flags ? ` with ${flags}` : ''}`,
    lockLevel: 'ACCESS EXCLUSIVE',
  })
}

function redactionLabel(c: OutputColumn): string {
  const r = c.redaction
  if (!r) return ''
  return r.fn === 'function' ? `${r.schema}.${r.name}` : r.fn
}

/** COMMENT ON VIEW; a null comment removes it. */
export function commentOnView(view: ResolvedView, comment: string | null): Statement {
  return statement({
    kind: 'comment',
    sql: sql`COMMENT ON VIEW ${qualified(viewName(view))} IS ${sql.lit(comment)}`,
    summary:
      comment === null
        ? `Remove the comment on ${display(viewName(view))}`
        : `Describe view ${display(viewName(view))}`,
  })
}

/**
 * The raw table's defaults, copied onto the view: an INSERT through an INSTEAD OF trigger sees
 * NULL for every omitted column unless the view itself has a default. Identity, serial and
 * generated columns are left to the table (the skeleton does not write them).
 */
export function viewDefaults(view: ResolvedView): Statement[] {
  return view.columns.flatMap((c) =>
    c.default
      ? [
          statement({
            kind: 'alter_view_default',
            sql: sql`ALTER VIEW ${qualified(viewName(view))} ALTER COLUMN ${sql.id(c.name)} SET DEFAULT ${c.default.sql}`,
            summary: `Default ${display(viewName(view))}.${c.name} to ${c.default.text}, as in the raw table`,
            lockLevel: 'ACCESS EXCLUSIVE',
          }),
        ]
      : [],
  )
}

export function dropViewDefault(view: ResolvedView, column: string): Statement {
  return statement({
    kind: 'alter_view_default',
    sql: sql`ALTER VIEW ${qualified(viewName(view))} ALTER COLUMN ${sql.id(column)} DROP DEFAULT`,
    summary: `Drop the default of ${display(viewName(view))}.${column}`,
    lockLevel: 'ACCESS EXCLUSIVE',
  })
}

export function dropView(
  view: { readonly schema: string; readonly name: string },
  options: { cascade?: boolean; breaks?: readonly string[] } = {},
): Statement {
  const breaks = options.breaks?.length
    ? ` (${options.cascade ? 'drops' : 'blocked by'} ${options.breaks.join(', ')})`
    : ''
  return statement({
    kind: 'drop_view',
    sql: sql`DROP VIEW ${qualified(view)}${options.cascade ? sql` CASCADE` : sql``}`,
    summary: `Drop view ${display(view)}${breaks}`,
    destructive: true,
    lockLevel: 'ACCESS EXCLUSIVE',
  })
}

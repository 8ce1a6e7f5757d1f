import { statement, type Statement } from '../../executor/statement.js'
import { quoteLiteral, renderStatic, sql } from '../../sql/sql.js'
import { display, qualified } from '../names.js'
import { validate } from '../validate.js'
import { dollarQuote } from './dollar-quote.js'
import { protectFields, type ProtectInput } from './input.js'
import { resolveViews } from './protect-table.js'
import { Refusals } from './refusals.js'
import {
  baseType,
  insertable,
  resolveTarget,
  viewName,
  type OutputColumn,
  type ResolvedView,
} from './resolve.js'

/** A check the dry run adds after the plan: one sample INSERT through a view, rolled back. */
export interface SampleInsert {
  /** The view it goes through, by its place in the form: `views.0`. */
  readonly field: string
  readonly view: string
  readonly statement: Statement
}

/** A view with an INSERT trigger the dry run cannot exercise, and why. */
export interface NotExercised {
  readonly field: string
  readonly view: string
  readonly message: string
}

/** Literals every value of the type accepts as input; an untyped literal takes the column's type. */
const SAMPLES: Readonly<Record<string, string>> = {
  smallint: '1',
  integer: '1',
  bigint: '1',
  real: '1',
  'double precision': '1',
  money: '1',
  boolean: 'false',
  date: '2000-01-01',
  'timestamp without time zone': '2000-01-01 00:00:00',
  'timestamp with time zone': '2000-01-01 00:00:00+00',
  'time without time zone': '00:00:00',
  'time with time zone': '00:00:00+00',
  interval: '1 day',
  uuid: '00000000-0000-4000-8000-000000000000',
  json: '{}',
  jsonb: '{}',
  bytea: '\\x',
  inet: '192.0.2.1',
  cidr: '192.0.2.0/24',
  macaddr: '08:00:2b:01:02:03',
}

/**
 * A sample value for a column an INSERT must fill, as an untyped literal, or undefined when the
 * type has no value the console can vouch for (enums, composite types, most domains).
 *
 * @example sampleValue('character varying(3)', true) // 'sam'
 * @example sampleValue('numeric(12,2)', false) // '1'
 */
export function sampleValue(type: string, textual: boolean): string | undefined {
  const t = type.trim().toLowerCase()
  if (t.endsWith('[]')) return '{}'
  const base = baseType(t)
  if (base === 'numeric') {
    // numeric(p, s) holds 1 only with an integer digit: numeric(2, 2) takes 0.
    const m = /\(\s*(\d+)\s*,\s*(\d+)\s*\)/.exec(t)
    return m && Number(m[1]) <= Number(m[2]) ? '0' : '1'
  }
  if (base === 'character varying' || base === 'character' || base === 'text' || textual) {
    const length = /\(\s*(\d+)\s*\)/.exec(t)
    return 'sample'.slice(0, length ? Math.max(1, Number(length[1])) : undefined)
  }
  return SAMPLES[base]
}

/** Plain columns a generated INSERT writes, each raw column once (as the skeleton does). */
function written(view: ResolvedView): OutputColumn[] {
  const seen = new Set<string>()
  return view.columns.filter((c) => {
    if (!insertable(c) || seen.has(c.source.name)) return false
    seen.add(c.source.name)
    return true
  })
}

/**
 * The dry run's proof that a view takes INSERTs: for each view of the plan with an INSERT
 * trigger, one INSERT through it with a sample value for every column it writes that has no
 * default and is NOT NULL (the others left to their defaults), as the view's owner, with the raw
 * table's row level security set aside for that one statement (the policies want claims a dry
 * run does not have; the policy tester tries them). The statement runs at the end of the
 * preview's transaction, which is rolled back: never apply these.
 *
 * A NOT NULL column the view leaves out or redacts fails it, as it would fail every INSERT. A
 * CHECK, foreign key or unique constraint the sample values break only says so (a NOTICE): the
 * samples are not the caller's data. Neither does a refusal raised by Senior's own INSERT body.
 *
 * @example
 * const { checks } = await sampleInsertChecks(input)
 * await executor.preview(plan(...protectPlan, ...checks.map((c) => c.statement)))
 */
export async function sampleInsertChecks(
  input: ProtectInput,
): Promise<{ checks: SampleInsert[]; notExercised: NotExercised[] }> {
  const p = validate(protectFields, input)
  const refusals = new Refusals()
  const target = resolveTarget(p, refusals)
  const views = await resolveViews(target, p.views, 'views', { protected: true }, refusals)
  refusals.throwIfAny()
  const checks: SampleInsert[] = []
  const notExercised: NotExercised[] = []
  for (const view of views) {
    const trigger = view.triggers.find((t) => t.operation === 'insert')
    if (!trigger) continue
    const label = display(viewName(view))
    const needed = written(view).filter((c) => c.source.notNull && c.source.default === null)
    const values = needed.map((c) => ({ c, value: sampleValue(c.type, c.source.textual) }))
    const missing = values.find((v) => v.value === undefined)
    if (missing) {
      notExercised.push({
        field: view.field,
        view: label,
        message: `The dry run cannot insert a sample row through ${label}: it has no sample value for ${missing.c.name} (${missing.c.type}), which every INSERT must give. Try an INSERT yourself once it is applied.`,
      })
      continue
    }
    const into = qualified(viewName(view))
    const insert = needed.length
      ? sql`INSERT INTO ${into} (${sql.join(needed.map((c) => sql.id(c.name)))}) VALUES (${sql.join(values.map((v) => sql.lit(v.value ?? null)))})`
      : sql`INSERT INTO ${into} DEFAULT VALUES`
    const raw = renderStatic(qualified(target.table))
    const tolerated = [
      'check_violation',
      'foreign_key_violation',
      'unique_violation',
      'exclusion_violation',
      ...(trigger.body !== undefined ? ['raise_exception'] : []),
    ]
    const body = [
      '',
      'BEGIN',
      `  ALTER TABLE ${raw} DISABLE ROW LEVEL SECURITY;`,
      `  ${renderStatic(insert)};`,
      `  ALTER TABLE ${raw} ENABLE ROW LEVEL SECURITY;`,
      `  RAISE NOTICE '%', ${quoteLiteral(`a sample row went in through ${label} (rolled back with the dry run)`)};`,
      `EXCEPTION WHEN ${tolerated.join(' OR ')} THEN`,
      `  RAISE NOTICE '%: %', ${quoteLiteral(`the sample row through ${label} broke a rule of the data, not of the view`)}, SQLERRM;`,
      'END',
      '',
    ].join('\n')
    const shown = needed.map((c, i) => `${c.name} = ${values[i]?.value ?? ''}`).join(', ')
    checks.push({
      field: view.field,
      view: label,
      statement: statement({
        kind: 'dry_run_insert',
        sql: sql`DO ${sql.raw(dollarQuote(body, 'dry_run'))}`,
        summary: `Dry run only: insert a sample row through ${label}${shown ? ` (${shown})` : ''}, row level security set aside, rolled back`,
        lockLevel: 'ACCESS EXCLUSIVE',
      }),
    })
  }
  return { checks, notExercised }
}

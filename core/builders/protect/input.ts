import { z } from 'zod'
import { nameSchema, qualifiedSchema } from '../names.js'
import { POLICY_COMMANDS } from '../policy.js'
import { TEMPLATE_IDS, type TemplateId } from '../policy-templates.js'

/**
 * One column of the raw table, as introspection gives it (`core/introspect` Column objects fit:
 * unknown keys are ignored).
 */
export const columnSchema = z.object({
  name: nameSchema,
  /** format_type(atttypid, atttypmod): `numeric(12,2)`, `character varying(200)`, `app.status`. */
  type: z.string().trim().min(1, 'is required'),
  /** pg_type.typcategory when known ('S' for text-like types, domains included). */
  category: z.string().length(1).optional(),
  /** The DEFAULT expression as pg_get_expr prints it; copied onto views that take INSERTs. */
  default: z.string().nullable().default(null),
  identity: z.enum(['always', 'byDefault']).nullable().default(null),
  /**
   * NOT NULL (pg_attribute.attnotnull). Unknown is taken as nullable: the builders never refuse
   * on it, the wizard's warnings only name the columns every INSERT needs.
   */
  notNull: z.boolean().default(false),
  /** A generated column (introspection gives `{ kind, expression }`, or null). */
  generated: z
    .union([z.boolean(), z.looseObject({}), z.null()])
    .default(null)
    .transform((g) => Boolean(g)),
})

/** The raw table and what a builder needs to know about it, filled from introspection. */
export const targetFields = {
  table: qualifiedSchema,
  columns: z.array(columnSchema).min(1, 'the table has no columns'),
  /** Primary key columns in key order; update/delete skeletons find rows by them. */
  primaryKey: z.array(nameSchema).default([]),
  /** The table's owner: never revoked from, since the views read the table as it. */
  owner: nameSchema.optional(),
  /** Schema holding the redaction library (the console's schema unless installed elsewhere). */
  redactionSchema: nameSchema.default('planetary'),
  /** The server's `server_version_num`: view options it lacks are refused by field. */
  serverVersionNum: z.number().int().positive().optional(),
}

/** A redaction: one of the library's functions, or any one-argument function of your own. */
export const redactionSchema = z.discriminatedUnion('fn', [
  z.object({ fn: z.literal('mask_pan') }),
  z.object({ fn: z.literal('mask_email') }),
  z.object({ fn: z.literal('hash') }),
  z.object({ fn: z.literal('nullify') }),
  z.object({
    fn: z.literal('partial'),
    keepStart: z.number().int().min(0).max(10_000).default(1),
    keepEnd: z.number().int().min(0).max(10_000).default(0),
  }),
  z.object({
    fn: z.literal('function'),
    schema: nameSchema,
    name: nameSchema,
    /** The argument signature, exactly one type: `text`, `character varying`, `anyelement`. */
    args: z.string().trim().min(1, 'is required'),
    /** The result type as format_type prints it (pg_get_function_result). */
    returns: z.string().trim().min(1, 'is required'),
  }),
])

export const viewColumnSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('include'), name: nameSchema, as: nameSchema.optional() }),
  z.object({ mode: z.literal('exclude'), name: nameSchema }),
  z.object({
    mode: z.literal('redact'),
    name: nameSchema,
    as: nameSchema.optional(),
    redaction: redactionSchema,
  }),
])

export const VIEW_PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const
export type ViewPrivilege = (typeof VIEW_PRIVILEGES)[number]

export const TRIGGER_OPERATIONS = ['insert', 'update', 'delete'] as const
export type TriggerOperation = (typeof TRIGGER_OPERATIONS)[number]

/**
 * One INSTEAD OF trigger. Without a body the generated skeleton routes the write to the raw
 * table. `plpgsql`: the body is the trigger function's. `sql`: the body is an SQL function
 * `<view>_<op>(new <view>)` / `(old, new)` / `(old)` returning the view's row (or no row to
 * skip it), which the generated plpgsql trigger function calls: PostgreSQL has no SQL-language
 * trigger functions.
 */
export const triggerSchema = z.object({
  language: z.enum(['plpgsql', 'sql']).default('plpgsql'),
  body: z.string().max(1_000_000, 'is too long').optional(),
})

export const viewGrantSchema = z.object({
  /** A role name, or PUBLIC. */
  role: nameSchema,
  privileges: z.array(z.enum(VIEW_PRIVILEGES)).min(1, 'choose at least one privilege'),
})

export const viewSchema = z.object({
  name: nameSchema,
  /** Defaults to the raw table's schema. */
  schema: nameSchema.optional(),
  /** In view order; table columns not listed are left out, like `exclude`. */
  columns: z.array(viewColumnSchema).min(1, 'choose at least one column'),
  /**
   * Off by default: these views have no WHERE clause of their own, and the raw table's RLS
   * policies are applied as security quals whatever the view's options, before any function a
   * caller filters with. The barrier only matters for a view whose own WHERE clause hides rows,
   * and it costs an index for ORDER BY … LIMIT (a full sort of the table per list page).
   */
  securityBarrier: z.boolean().default(false),
  /** PostgreSQL 15+. Refused on a protected table, whose callers cannot read the raw table. */
  securityInvoker: z.boolean().default(false),
  grants: z.array(viewGrantSchema).default([]),
  triggers: z
    .object({
      insert: triggerSchema.optional(),
      update: triggerSchema.optional(),
      delete: triggerSchema.optional(),
    })
    .default({}),
  comment: z.string().max(10_000).optional(),
})

const templateIds = TEMPLATE_IDS as [TemplateId, ...TemplateId[]]

/** A policy on the raw table: a built-in template, or USING / WITH CHECK written by hand. */
export const policySpecSchema = z.object({
  name: nameSchema,
  command: z.enum(POLICY_COMMANDS).default('ALL'),
  permissive: z.boolean().default(true),
  /**
   * Empty: PUBLIC. Views read the raw table as their owner, so a policy for a role other than
   * the owner never applies through them: write per-role rules into the expression (claims).
   */
  roles: z.array(nameSchema).default([]),
  template: z
    .object({
      id: z.enum(templateIds),
      params: z.record(z.string(), z.unknown()).default({}),
    })
    .optional(),
  using: z.string().optional(),
  withCheck: z.string().optional(),
})

/** A privilege held on the raw table before protecting it (introspected Privilege objects fit). */
export const previousGrantSchema = z.object({
  /** Role name, or PUBLIC. */
  grantee: nameSchema,
  privilege: z
    .string()
    .trim()
    .transform((p) => p.toUpperCase()),
  grantable: z.boolean().default(false),
  /** Set for a column privilege. */
  column: nameSchema.nullable().default(null),
})

export const rlsStateSchema = z.object({ enabled: z.boolean(), forced: z.boolean() })

export const protectFields = z.object({
  ...targetFields,
  /** Roles to REVOKE ALL from besides PUBLIC (the console's login, PostgREST's roles, …). */
  appRoles: z.array(nameSchema).default([]),
  /** The grants on the raw table now: all are revoked, and unprotect gives them back. */
  previousGrants: z.array(previousGrantSchema).default([]),
  /** Row level security now, restored by unprotect. */
  previousRls: rlsStateSchema.default({ enabled: false, forced: false }),
  policies: z.array(policySpecSchema).default([]),
  views: z.array(viewSchema).default([]),
  /** Put the redaction library's CREATE OR REPLACE statements at the head of the plan. */
  installRedaction: z.boolean().default(false),
})

export type ColumnInput = z.input<typeof columnSchema>
export type Column = z.output<typeof columnSchema>
export type RedactionInput = z.input<typeof redactionSchema>
export type Redaction = z.output<typeof redactionSchema>
export type ViewColumnInput = z.input<typeof viewColumnSchema>
export type TriggerInput = z.input<typeof triggerSchema>
export type ViewInput = z.input<typeof viewSchema>
export type View = z.output<typeof viewSchema>
export type PolicySpecInput = z.input<typeof policySpecSchema>
export type PolicySpec = z.output<typeof policySpecSchema>
export type PreviousGrantInput = z.input<typeof previousGrantSchema>
export type PreviousGrant = z.output<typeof previousGrantSchema>
export type RlsState = z.output<typeof rlsStateSchema>
export type ProtectInput = z.input<typeof protectFields>
export type Protect = z.output<typeof protectFields>

export const targetSchema = z.object(targetFields)
export type TargetInput = z.input<typeof targetSchema>
export type Target = z.output<typeof targetSchema>

import { z } from 'zod'

const identifier = z
  .string()
  .min(1)
  .refine(
    (s) => Buffer.byteLength(s) <= 63 && !s.includes('\0'),
    'must be a PostgreSQL name (1–63 bytes, no NUL)',
  )

const postgresUrl = z
  .string()
  .refine((s) => /^postgres(ql)?:\/\//.test(s), 'must be a postgres:// or postgresql:// URL')

/** Django-admin-style options for one of Karen's view resources. */
export const resourceOptionsSchema = z
  .object({
    key: z.array(z.string()).min(1).optional(),
    /** Django's verbose_name: what one row is called ("invoice"). */
    verbose_name: z.string().trim().min(1).max(80).optional(),
    /** Django's verbose_name_plural: what the list is called ("invoices"). */
    verbose_name_plural: z.string().trim().min(1).max(80).optional(),
    list_display: z.array(z.string()).optional(),
    list_filter: z.array(z.string()).optional(),
    search_fields: z.array(z.string()).optional(),
    ordering: z.array(z.string()).optional(),
    list_per_page: z.number().int().min(1).max(500).optional(),
    readonly_fields: z.array(z.string()).optional(),
    /** Columns left out of the new and edit forms (shown in list and detail, never written). */
    exclude: z.array(z.string()).optional(),
    fieldsets: z
      .array(z.object({ title: z.string(), fields: z.array(z.string()).min(1) }))
      .optional(),
  })
  .strict()

/** The whole console configuration. Every field can come from the file or a PLANETARY_* variable. */
export const configSchema = z
  .object({
    /** The database the console serves; without it the console runs an embedded PostgreSQL. */
    databaseUrl: postgresUrl.optional(),
    /** Role that DDL runs as (`SET ROLE`), when DDL shares the console's connection. */
    ddlRole: identifier.optional(),
    /** A separate connection for DDL, when DDL runs as a different login. */
    ddlUrl: postgresUrl.optional(),
    /**
     * The policy tester's own login (`planetary init` creates planetary_tester): a member only of
     * the roles that may be tested, reading nothing of the console. Without it the tester is off.
     */
    testerUrl: postgresUrl.optional(),
    /** The postgres_fdw server that audit triggers write through. */
    auditServer: identifier.default('audit_db_server'),
    postgrestUrl: z.url().optional(),
    /** Ids of the plugins to enable. */
    plugins: z.array(z.string().min(1)).default([]),
    /** Third-party plugins by package name or path, made known to the loader. */
    pluginModules: z.array(z.string().min(1)).default([]),
    /** Signs session cookies. At least 32 characters. */
    sessionSecret: z.string().min(32, 'must be at least 32 characters').optional(),
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8080),
    /** Schema holding console users, sessions and the change log. */
    consoleSchema: identifier.default('planetary'),
    /** Where the embedded PostgreSQL keeps its data between runs. */
    dataDir: z.string().min(1).default('.planetary'),
    /** Executor limits for DDL plans. */
    lockTimeoutMs: z.number().int().min(0).default(5_000),
    statementTimeoutMs: z.number().int().min(0).default(60_000),
    /** Connections for Karen's requests (her views): long manager work never takes these. */
    requestPoolSize: z.number().int().min(1).max(200).default(10),
    /** Connections for manager work that may run long: DDL plans (preview and apply). */
    managerPoolSize: z.number().int().min(1).max(100).default(4),
    /** Connections for sessions, console users, plugin pages and catalog reads. */
    consolePoolSize: z.number().int().min(1).max(100).default(5),
    /** Connections for sessions and console users (sign-in, the per-request user check). */
    sessionPoolSize: z.number().int().min(1).max(100).default(3),
    /** How long a request waits for a free connection before "the console is busy" (503). */
    poolAcquireTimeoutMs: z.number().int().min(100).max(300_000).default(5_000),
    /**
     * How long an idle connection stays open for the next request; 0 keeps it. A new one costs
     * a login and cold caches (~60 ms before the first page), so a user who clicks every few
     * seconds should find one open.
     */
    poolIdleTimeoutMs: z.number().int().min(0).max(86_400_000).default(300_000),
    /** statement_timeout of Karen's requests; 0 turns it off. */
    requestStatementTimeoutMs: z.number().int().min(0).default(10_000),
    resources: z.record(z.string(), resourceOptionsSchema).default({}),
    /** How long a console session lasts from sign-in, enforced by the server as well as the cookie. */
    sessionMaxAgeMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .default(480),
    /** Express's `trust proxy`: set it behind a TLS-terminating proxy so cookies are Secure. */
    trustProxy: z.union([z.boolean(), z.number().int().min(0), z.string().min(1)]).default(false),
    /** The largest request body the console accepts, in bytes. */
    bodyLimitBytes: z
      .number()
      .int()
      .min(1_024)
      .max(100 * 1024 * 1024)
      .default(1024 * 1024),
  })
  .strict()
  .refine((c) => !(c.ddlRole && c.ddlUrl), {
    message: 'set either ddlRole or ddlUrl, not both',
    path: ['ddlUrl'],
  })

export type Config = z.infer<typeof configSchema>
export type ResourceOptions = z.infer<typeof resourceOptionsSchema>

import './env.js'
import AdminJSExpress from '@adminjs/express'
import AdminJS, {
  type ActionContext,
  type BaseResource,
  type AdminJSOptions,
  type BrandingOptions,
  type PageHandler,
  type ResourceWithOptions,
} from 'adminjs'
import { rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import express, { type Express } from 'express'
import type { Config } from '../config/schema.js'
import { cancellable } from '../db/cancel.js'
import type { Pool } from '../db/pool.js'
import { ConsoleError } from '../errors.js'
import type { Executor } from '../executor/executor.js'
import type { PluginStatus } from '../plugin/loader.js'
import type { Persona, PluginContext, PluginDefinition, PluginPage } from '../plugin/types.js'
import type { UserStore } from '../users/users.js'
import { planetaryLight, planetaryThemes } from '../../themes/planetary/index.js'
import { catalogChangeToken } from '../introspect/change-probe.js'
import { CHANGE_LOG_PAGE, changeLogPage } from '../changelog/page.js'
import {
  createPluginTagsTable,
  pluginExecutor,
  PLUGIN_TAGS_TABLE,
} from '../changelog/plugin-tags.js'
import { a11yClientScript } from './a11y-client.js'
import { cancelOnClose, requestSignal } from './cancel-on-close.js'
import { ensureConsoleTables } from '../console-schema/plugin-tables.js'
import { RATE_LIMIT_TABLE, rateLimitTable } from '../console-schema/rate-limit-table.js'
import { plan } from '../executor/statement.js'
import { errorHandler } from './error-reply.js'
import { authRoutes, consoleSession, signedInOnly } from './auth.js'
import { buildComponentLoader } from './component-loader.js'
import { csrfClientScript, csrfProtection, csrfToken } from './csrf.js'
import { CHANGE_LOG_PERSONAS, dashboardData, type DashboardData } from './dashboard.js'
import { HttpError, onlyGetAndPost, requestBodies } from './edge.js'
import { latestChange, LiveViews, viewLabel } from './live-views.js'
import { pluginSection, sectionsFor, type SectionSource } from './navigation.js'
import { safePages } from './page-html.js'
import { hasPersona, type PlanetaryAdmin } from './personas.js'
import { PgRateLimitStore } from './rate-limit-store.js'
import { NOT_FOUND, routeGuard } from './route-guard.js'
import { cspNonce, securityHeaders } from './security-headers.js'
import { SignedInUsers } from './signed-in.js'
import { themeRoutes } from './theme.js'

export { toCurrentAdmin, type PlanetaryAdmin } from './personas.js'
export { actorResolver, SignedInUsers } from './signed-in.js'

export const ROOT_PATH = '/admin'
/** Where components load Ace from: `${ROOT_PATH}/planetary/vendor/ace/ace.js`. */
const ACE_DIR = dirname(
  createRequire(import.meta.url).resolve('ace-builds/src-min-noconflict/ace.js'),
)
const LOGIN_PATH = `${ROOT_PATH}/login`
const LOGOUT_PATH = `${ROOT_PATH}/logout`
/** A planet in the theme's accent colour. */
const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="9" fill="#c2410c"/><ellipse cx="16" cy="16" rx="15" ry="5" fill="none" stroke="#c2410c" stroke-width="2" transform="rotate(-20 16 16)"/></svg>`

export interface ConsoleOptions {
  readonly config: Config
  /** The console's login (authenticator) pool. */
  readonly pool: Pool
  readonly executor: Executor
  readonly users: UserStore
  readonly plugins: readonly PluginStatus[]
  readonly serverVersionNum: number
  /**
   * Reads Karen's view resources (resources/view-adapter): at start, and again whenever an
   * apply or a catalog change may have added or dropped a view.
   */
  readonly loadViews?: () => Promise<ResourceWithOptions[]>
  readonly sessionSecret: string
  /** Where sessions live (default: `pool`); kept apart so plugin work cannot block sign-in. */
  readonly sessionPool?: Pool
  /** Console users as they are now; shared with the actor resolver of Karen's views. */
  readonly signedIn?: SignedInUsers
}

type Accessible = boolean | ((context: ActionContext) => boolean)

/**
 * Wraps every action of a plugin resource so only users with one of its personas reach it.
 * AdminJS calls isAccessible synchronously: the check reads only the session's personas.
 */
function gateByPersona(r: ResourceWithOptions, plugin: PluginDefinition): ResourceWithOptions {
  const options = r.options ?? {}
  const declared = (options.actions ?? {}) as Record<string, Record<string, unknown>>
  const names = [
    'list',
    'show',
    'new',
    'edit',
    'delete',
    'bulkDelete',
    'search',
    ...Object.keys(declared),
  ]
  const actions: Record<string, Record<string, unknown>> = { ...declared }
  for (const name of new Set(names)) {
    const action = actions[name] ?? {}
    const inner = action.isAccessible as Accessible | undefined
    actions[name] = {
      ...action,
      isAccessible: (context: ActionContext) =>
        hasPersona(context.currentAdmin, plugin.personas) &&
        (inner === undefined ? true : typeof inner === 'function' ? inner(context) : inner),
    }
  }
  return {
    ...r,
    options: { navigation: { name: plugin.title, icon: 'Layers' }, ...options, actions },
  } as ResourceWithOptions
}

/** The console's own pages, beside the plugins' (the change log). */
interface CorePage {
  readonly name: string
  readonly title: string
  readonly icon: string
  readonly component: string
  readonly personas: readonly Persona[]
  readonly handler: NonNullable<PluginPage['handler']>
}

/** The AdminJS handler of a page: the persona check, then the page's own handler. */
function adminPageHandler(
  personas: readonly Persona[],
  handle: NonNullable<PluginPage['handler']>,
  ctx: PluginContext,
): PageHandler {
  return async (request, _response, context) => {
    if (!hasPersona(context.currentAdmin, personas)) {
      throw new ConsoleError('This page is not for your persona')
    }
    const method = String(request.method ?? 'get').toUpperCase()
    const admin = context.currentAdmin as PlanetaryAdmin
    const run = () =>
      handle(
        {
          method,
          ...(request.payload ? { payload: request.payload as Record<string, unknown> } : {}),
          ...(request.query ? { query: request.query as Record<string, unknown> } : {}),
          user: { name: admin.email, role: admin.role, personas: admin.personas },
        },
        ctx,
      )
    // A page's reads are cancelled when its client goes; a change (POST) runs to its end.
    return method === 'GET' ? cancellable(requestSignal(), run) : run()
  }
}

async function pluginParts(o: ConsoleOptions, ids: Record<string, string>) {
  const ctx: PluginContext = {
    config: o.config,
    pool: o.pool,
    executor: o.executor,
    serverVersionNum: o.serverVersionNum,
  }
  const resources: ResourceWithOptions[] = []
  const pages: NonNullable<AdminJSOptions['pages']> = {}
  const pageTitles: Record<string, string> = {}
  const sections: SectionSource[] = []
  const enabled: PluginDefinition[] = []
  for (const { plugin, state } of o.plugins) {
    if (state !== 'enabled') continue
    enabled.push(plugin)
    // Its applies say in the change log which plugin made them.
    const own: PluginContext = {
      ...ctx,
      executor: pluginExecutor(o.executor, {
        pool: o.pool,
        schema: o.config.consoleSchema,
        plugin: plugin.id,
      }),
    }
    const mine: { id: string; title: string }[] = []
    for (const r of (await plugin.resources?.(own)) ?? []) {
      resources.push(gateByPersona(r as ResourceWithOptions, plugin))
      const resource = (r as ResourceWithOptions).resource as {
        id(): string
        name?: () => string
      }
      mine.push({ id: resource.id(), title: viewLabel(resource) })
    }
    sections.push(pluginSection(plugin, mine))
    for (const [name, page] of Object.entries(plugin.pages ?? {})) {
      const pageName = `${plugin.id}-${name}`
      if (pageName === CHANGE_LOG_PAGE) {
        throw new ConsoleError(`Page ${name} of plugin ${plugin.id} takes the change log's name`)
      }
      const handler = adminPageHandler(
        plugin.personas,
        async (request, pageCtx) => page.handler?.(request, pageCtx),
        own,
      )
      pages[pageName] = {
        component: ids[page.component] as string,
        icon: page.icon ?? 'Layers',
        handler,
      }
      if (page.title) pageTitles[pageName] = page.title
    }
  }
  const core: CorePage[] = [
    {
      name: CHANGE_LOG_PAGE,
      title: 'Change log',
      icon: 'Clock',
      component: ids.PlanetaryChangeLog as string,
      personas: CHANGE_LOG_PERSONAS,
      handler: changeLogPage(enabled.map((p) => ({ id: p.id, title: p.title }))),
    },
  ]
  for (const page of core) {
    pages[page.name] = {
      component: page.component,
      icon: page.icon,
      handler: adminPageHandler(page.personas, page.handler, ctx),
    }
    pageTitles[page.name] = page.title
  }
  // The console's own pages come first in the sidebar, then a section per plugin.
  sections.unshift({
    id: 'console',
    title: 'Console',
    icon: 'Activity',
    links: core.map((p) => ({ kind: 'page' as const, id: p.name, title: p.title, icon: p.icon })),
    editors: {},
    personas: CHANGE_LOG_PERSONAS,
  })
  return { resources, pages, pageTitles, sections, enabled, corePages: core, ctx }
}

/**
 * Karen's lists use the list that says "about N" for estimated totals; her add and change
 * forms save three ways, as Django admin's; her bulk delete asks whether to delete all or nothing
 * or to keep what PostgreSQL refuses.
 */
function withListComponent(
  r: ResourceWithOptions,
  component: string,
  form?: string,
  bulkDelete?: string,
): ResourceWithOptions {
  const actions = (r.options?.actions ?? {}) as Record<string, Record<string, unknown>>
  const forms: Record<string, Record<string, unknown>> = form
    ? { new: { ...actions.new, component: form }, edit: { ...actions.edit, component: form } }
    : {}
  if (bulkDelete) forms.bulkDelete = { ...actions.bulkDelete, component: bulkDelete }
  return {
    ...r,
    options: {
      ...r.options,
      actions: { ...actions, list: { ...actions.list, component }, ...forms },
    },
  } as ResourceWithOptions
}

/**
 * Assembles the console: AdminJS with Karen's view resources and the enabled plugins, on
 * Express with PostgreSQL-stored sessions, rate-limited login and CSRF protection.
 */
export async function buildConsole(
  o: ConsoleOptions,
): Promise<{ app: Express; admin: AdminJS; close: () => void }> {
  if (process.env.NODE_ENV !== 'production') {
    // In development AdminJS serves whatever bundle it finds on disk: drop a stale one so
    // the first page bundles the components of this start.
    rmSync(join(process.env.ADMIN_JS_TMP_DIR ?? 'admin-bundle', 'bundle.js'), { force: true })
  }
  const enabled = o.plugins.filter((s) => s.state === 'enabled').map((s) => s.plugin)
  const { loader, ids } = buildComponentLoader(enabled)
  const parts = await pluginParts(o, ids)
  // Login rate limits are counted in the console schema; a database set up before the table
  // existed gets it here, as the console's login, like the plugin tables.
  await ensureConsoleTables(
    { config: o.config, pool: o.pool, executor: o.executor, serverVersionNum: o.serverVersionNum },
    { name: 'planetary console start' },
    RATE_LIMIT_TABLE,
    plan(...rateLimitTable(o.config.consoleSchema)),
  )
  // Which plugin applied each plan: a table beside the change log, made once like the above.
  await ensureConsoleTables(
    parts.ctx,
    { name: 'planetary console start' },
    PLUGIN_TAGS_TABLE,
    plan(...createPluginTagsTable(o.config.consoleSchema)),
  )
  const loadViews = async () =>
    ((await o.loadViews?.()) ?? []).map((r) =>
      withListComponent(
        r,
        ids.PlanetaryViewList as string,
        ids.PlanetaryViewForm,
        ids.PlanetaryBulkDelete,
      ),
    )
  // The tokens first: a view made while the first ones are read shows on the next page load.
  const token = await catalogChangeToken(o.pool)
  const changeId = await latestChange(o.pool, o.config.consoleSchema)
  const views = await loadViews()
  const resources = [...views, ...parts.resources]
  // Sidebar and page titles come from translations: resources that carry a display name get it.
  const labels: Record<string, string> = {}
  for (const { resource } of resources) {
    const r = resource as { id(): string; name?: () => string }
    labels[r.id()] = viewLabel(r)
  }
  const admin = new AdminJS({
    rootPath: ROOT_PATH,
    loginPath: LOGIN_PATH,
    logoutPath: LOGOUT_PATH,
    componentLoader: loader,
    resources,
    pages: parts.pages,
    dashboard: {
      component: ids.PlanetaryDashboard as string,
      handler: (_request, _response, context): Promise<DashboardData> =>
        dashboardData(
          {
            plugins: parts.enabled,
            sections: parts.sections,
            ctx: parts.ctx,
            // Karen's views with their counts, and the claims her requests carry.
            resources: (): readonly BaseResource[] => admin.resources,
            claimsOf: async (a) =>
              a.email ? ((await signedIn.get(a.email))?.claims ?? null) : null,
          },
          context.currentAdmin,
        ),
    },
    // A function of the signed-in user: it also carries their sidebar sections (a plugin per
    // section, editors left out), which AdminJS's page state has no other place for.
    branding: (currentAdmin) =>
      ({
        companyName: 'Planetary',
        withMadeWithLove: false,
        logo: false,
        favicon: `${ROOT_PATH}/planetary/favicon.svg`,
        // The login page has no signed-in user and so no chosen theme: it gets the light one's
        // colours here; a signed-in user's theme (currentAdmin.theme) is drawn over them.
        theme: planetaryLight.overrides,
        planetaryNavigation: sectionsFor(parts.sections, currentAdmin),
      }) as BrandingOptions,
    assets: { scripts: [`${ROOT_PATH}/planetary/csrf.js`, `${ROOT_PATH}/planetary/a11y.js`] },
    availableThemes: planetaryThemes,
    defaultTheme: 'planetary-light',
    settings: { defaultPerPage: 25 },
    // A function, read for every page: the labels follow the views LiveViews swaps in.
    locale: () => ({
      language: 'en',
      translations: {
        en: {
          components: {
            Login: {
              welcomeHeader: 'Planetary',
              welcomeMessage: 'PostgreSQL is the application.',
              properties: { email: 'User name', password: 'Password' },
            },
          },
          labels,
          pages: parts.pageTitles,
        },
      },
    }),
  })

  const live = new LiveViews({
    admin,
    pool: o.pool,
    load: loadViews,
    fixed: admin.resources.slice(views.length),
    labels,
    token,
    changeLog: { schema: o.config.consoleSchema, id: changeId },
  })
  const stopListening = o.executor.onApplied(() => live.markStale())

  const app = express()
  app.disable('x-powered-by')
  // Behind a TLS-terminating proxy: req.secure (and so the Secure cookie) from X-Forwarded-Proto.
  app.set('trust proxy', o.config.trustProxy)
  const maxAgeMs = o.config.sessionMaxAgeMinutes * 60_000
  const { store, middleware: sessionMiddleware } = consoleSession({
    pool: o.sessionPool ?? o.pool,
    schema: o.config.consoleSchema,
    secret: o.sessionSecret,
    maxAgeMs,
  })
  const signedIn = o.signedIn ?? new SignedInUsers(o.users)
  const limiterStore = new PgRateLimitStore({
    pool: o.sessionPool ?? o.pool,
    schema: o.config.consoleSchema,
    prefix: 'login:',
  })
  const pagePersonas = new Map<string, readonly Persona[]>()
  for (const page of parts.corePages) pagePersonas.set(page.name, page.personas)
  for (const { plugin, state } of o.plugins) {
    if (state !== 'enabled') continue
    for (const name of Object.keys(plugin.pages ?? {}))
      pagePersonas.set(`${plugin.id}-${name}`, plugin.personas)
  }
  app.use(cspNonce, securityHeaders(), onlyGetAndPost)
  // A request whose client went away cancels its reads (lists, pages, cards) in PostgreSQL.
  app.use(ROOT_PATH, cancelOnClose())
  app.get('/', (_req, res) => res.redirect(ROOT_PATH))
  // The tab's icon and the CSRF script, before the session: the login page needs them.
  app.get(`${ROOT_PATH}/planetary/favicon.svg`, (_req, res) => {
    res.type('image/svg+xml').set('cache-control', 'public, max-age=604800').send(FAVICON)
  })
  app.get(`${ROOT_PATH}/planetary/csrf.js`, (_req, res) => {
    res
      .type('text/javascript')
      .set('cache-control', 'no-store')
      .send(csrfClientScript(`${ROOT_PATH}/planetary/csrf`))
  })
  app.get(`${ROOT_PATH}/planetary/a11y.js`, (_req, res) => {
    res
      .type('text/javascript')
      .set('cache-control', 'public, max-age=3600')
      .send(a11yClientScript())
  })
  app.use(
    ROOT_PATH,
    sessionMiddleware,
    safePages(pagePersonas),
    ...requestBodies(o.config.bodyLimitBytes),
    csrfProtection(LOGIN_PATH),
  )
  const router = express.Router()
  authRoutes(router, {
    admin,
    users: o.users,
    signedIn,
    rootPath: ROOT_PATH,
    loginPath: LOGIN_PATH,
    logoutPath: LOGOUT_PATH,
    limiterStore,
  })
  router.use(
    signedInOnly({
      users: signedIn,
      maxAgeMs,
      loginPath: LOGIN_PATH,
      isPublic: (path) => path.startsWith('/frontend/assets/') || path === '/planetary/csrf',
    }),
  )
  router.get('/planetary/csrf', (req, res) => {
    res
      .set('cache-control', 'no-store')
      .json({ token: req.session.adminUser ? csrfToken(req) : '' })
  })
  themeRoutes(router, { users: o.users })
  // The Ace editor for SQL and function bodies, served locally; components load it on demand.
  router.use('/planetary/vendor/ace', express.static(ACE_DIR, { immutable: true, maxAge: '7d' }))
  // Pages (not the API or assets) of a signed-in user show the views as they are now.
  router.use((req, _res, next) => {
    if (req.method !== 'GET' || /^\/(api|frontend|planetary)\//.test(req.path)) return next()
    live.refreshIfChanged().then(() => next(), next)
  })
  router.use(routeGuard(admin, pagePersonas))
  app.use(ROOT_PATH, AdminJSExpress.buildRouter(admin, router))
  app.use(ROOT_PATH, (_req, _res, next) => next(new HttpError(404, NOT_FOUND)))
  app.use(errorHandler)
  return {
    app,
    admin,
    close: () => {
      stopListening()
      limiterStore.shutdown()
      store.close()
    },
  }
}

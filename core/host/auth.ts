import type AdminJS from 'adminjs'
import connectPgSimple from 'connect-pg-simple'
import type { NextFunction, Request, Response, Router } from 'express'
import { rateLimit, type Store } from 'express-rate-limit'
import session from 'express-session'
import type { Pool } from '../db/pool.js'
import type { UserStore } from '../users/users.js'
import { csrfToken, renewCsrfToken } from './csrf.js'
import { toCurrentAdmin, type PlanetaryAdmin } from './personas.js'
import { sameUser, type SignedInUsers } from './signed-in.js'

declare module 'express-session' {
  interface SessionData {
    adminUser?: unknown
    /** When the user signed in (ms since the epoch): the session's lifetime counts from here. */
    signedInAt?: number
  }
}

export const SESSION_COOKIE = 'planetary'

/**
 * The console's one session middleware, sessions kept in the console schema. The cookie is
 * HttpOnly, SameSite=Strict, Secure whenever the request is (behind a proxy: `trust proxy` and
 * X-Forwarded-Proto), and lives `maxAgeMs`; the server ends the session at the same age whatever
 * the cookie says. Sessions are not touched on every request (one store read per request).
 */
export function consoleSession(o: {
  pool: Pool
  schema: string
  secret: string
  maxAgeMs: number
}) {
  const PgStore = connectPgSimple(session)
  const store = new PgStore({
    pool: o.pool,
    schemaName: o.schema,
    tableName: 'session',
    disableTouch: true,
  })
  const middleware = session({
    name: SESSION_COOKIE,
    secret: o.secret,
    resave: false,
    saveUninitialized: false,
    store,
    cookie: { httpOnly: true, sameSite: 'strict', secure: 'auto', maxAge: o.maxAgeMs, path: '/' },
  })
  return { store, middleware }
}

function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api/') || req.path.startsWith('/planetary/')
}

/** Ends the request's session and sends the user to sign in (pages) or answers 401 (API). */
function endSession(req: Request, res: Response, loginPath: string, why: string): void {
  req.session.destroy(() => {
    res.clearCookie(SESSION_COOKIE, { path: '/' })
    if (wantsJson(req)) {
      res.status(401).json({ notice: { message: why, type: 'error' } })
    } else {
      res.redirect(302, loginPath)
    }
  })
}

/**
 * Checks every request's session against the stored user: a user removed, or whose role or
 * personas changed, loses the session at once (within the SignedInUsers cache time); a session
 * older than `maxAgeMs` ends. Requests without a session reach only `isPublic` paths.
 */
export function signedInOnly(o: {
  users: SignedInUsers
  maxAgeMs: number
  loginPath: string
  isPublic: (path: string) => boolean
}) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const admin = req.session.adminUser as PlanetaryAdmin | undefined
    if (!admin) {
      if (o.isPublic(req.path)) return next()
      if (wantsJson(req)) {
        res.status(401).json({ notice: { message: 'Sign in first', type: 'error' } })
      } else {
        res.redirect(302, o.loginPath)
      }
      return
    }
    const started = req.session.signedInAt ?? 0
    if (Date.now() - started > o.maxAgeMs)
      return endSession(req, res, o.loginPath, 'Your session has ended: sign in again')
    o.users.get(admin.email).then((user) => {
      if (user && sameUser(admin, user)) return next()
      endSession(
        req,
        res,
        o.loginPath,
        'Your console account was changed or removed: sign in again',
      )
    }, next)
  }
}

/**
 * Sign-in and sign-out, in place of the AdminJS router's own: the session id and the CSRF
 * token are new at every sign-in (no fixation), and sign-out is a POST. A GET of the sign-out
 * path shows a form for it, so a link elsewhere cannot sign anyone out.
 */
export function authRoutes(
  router: Router,
  o: {
    admin: AdminJS
    users: UserStore
    signedIn: SignedInUsers
    rootPath: string
    loginPath: string
    logoutPath: string
    /** Where failed sign-ins are counted; shared by every console process on the database. */
    limiterStore?: Store
  },
): void {
  const local = (path: string) => path.slice(o.rootPath.length) || '/'
  const renderLogin = (errorMessage: string | null) =>
    o.admin.renderLogin({ action: o.loginPath, errorMessage })
  router.get(local(o.loginPath), (req, res, next) => {
    if (req.session.adminUser) return res.redirect(302, o.rootPath)
    renderLogin(null).then((html) => res.send(html), next)
  })
  router.post(
    local(o.loginPath),
    // Ten failed sign-ins a minute per client address, over all replicas when the store is
    // PostgreSQL's; successful ones do not count.
    rateLimit({
      ...(o.limiterStore ? { store: o.limiterStore } : {}),
      windowMs: 60_000,
      limit: 10,
      skipSuccessfulRequests: true,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      // `trust proxy` is the operator's statement that X-Forwarded-For comes from their proxy.
      validate: { trustProxy: false },
    }),
    (req, res, next) => {
      const body = (req.body ?? {}) as Record<string, unknown>
      const name = typeof body.email === 'string' ? body.email : ''
      const password = typeof body.password === 'string' ? body.password : ''
      o.users
        .verify(name, password)
        .then(async (user) => {
          if (!user) {
            res.status(401).send(await renderLogin('invalidCredentials'))
            return
          }
          const theme = await o.users.theme(user.name)
          req.session.regenerate((err) => {
            if (err) return next(err)
            o.signedIn.forget(user.name)
            req.session.adminUser = toCurrentAdmin(user, theme)
            req.session.signedInAt = Date.now()
            renewCsrfToken(req)
            req.session.save((saveErr) => (saveErr ? next(saveErr) : res.redirect(302, o.rootPath)))
          })
        })
        .catch(next)
    },
  )
  router.get(local(o.logoutPath), (req, res) => {
    if (!req.session.adminUser) return res.redirect(302, o.loginPath)
    res
      .type('html')
      .set('cache-control', 'no-store')
      .send(signOutPage(o.logoutPath, csrfToken(req)))
  })
  router.post(local(o.logoutPath), (req, res) => {
    req.session.destroy(() => {
      res.clearCookie(SESSION_COOKIE, { path: '/' })
      res.redirect(302, o.loginPath)
    })
  })
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** A page with one button that signs out by POST, carrying the session's CSRF token. */
function signOutPage(action: string, token: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign out · Planetary</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; display: grid; place-items: center; min-height: 90vh">
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="_csrf" value="${escapeHtml(token)}">
<p>Sign out of the Planetary console?</p>
<button type="submit" autofocus>Sign out</button>
</form></body></html>`
}

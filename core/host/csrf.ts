import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { NextFunction, Request, Response } from 'express'

export const CSRF_HEADER = 'x-csrf-token'

declare module 'express-session' {
  interface SessionData {
    csrfToken?: string
  }
}

/** The session's CSRF token, made on first use. */
export function csrfToken(req: Request): string {
  req.session.csrfToken ??= randomBytes(24).toString('base64url')
  return req.session.csrfToken
}

/** A new token for the session (at sign-in: a token seen before it is worth nothing after). */
export function renewCsrfToken(req: Request): string {
  req.session.csrfToken = randomBytes(24).toString('base64url')
  return req.session.csrfToken
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** True when the request's Origin (or Referer) is this host and scheme, or the browser sent neither. */
export function sameOrigin(req: Request): boolean {
  const source = req.get('origin') ?? req.get('referer')
  if (!source) return true
  try {
    const url = new URL(source)
    return url.host === req.get('host') && url.protocol === `${req.protocol}:`
  } catch {
    return false
  }
}

/**
 * Every state-changing request must come from this origin and carry the session's token in the
 * X-CSRF-Token header (or, for the sign-out form, its `_csrf` field); the login form, which has
 * no session yet, is checked by origin only. Runs after the body parsers.
 */
export function csrfProtection(loginPath: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    // HEAD arrives here as GET and other methods are refused before (onlyGetAndPost).
    if (req.method === 'GET') return next()
    if (!sameOrigin(req)) {
      res.status(403).json({ error: 'cross-origin request refused' })
      return
    }
    if (req.originalUrl.split('?')[0] === loginPath) return next()
    const field = (req.body as Record<string, unknown> | undefined)?._csrf
    const sent = req.get(CSRF_HEADER) ?? (typeof field === 'string' ? field : undefined)
    const expected = req.session?.csrfToken
    if (!sent || !expected || !same(sent, expected)) {
      res.status(403).json({ error: 'missing or invalid CSRF token' })
      return
    }
    next()
  }
}

/**
 * A script for every console page: fetches the session's token once (synchronously, before the
 * app's first request) and adds it to every same-origin XHR and fetch that changes state.
 */
export function csrfClientScript(tokenPath: string): string {
  return `(() => {
  const r = new XMLHttpRequest();
  r.open('GET', ${JSON.stringify(tokenPath)}, false);
  r.send();
  const token = r.status === 200 ? JSON.parse(r.responseText).token : '';
  const safe = (m) => ['GET', 'HEAD', 'OPTIONS'].includes(String(m || 'GET').toUpperCase());
  const local = (u) => { try { return new URL(u, location.href).origin === location.origin } catch { return false } };
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    open.call(this, method, url, ...rest);
    if (!safe(method) && local(url)) this.setRequestHeader(${JSON.stringify(CSRF_HEADER)}, token);
  };
  const f = window.fetch;
  window.fetch = (input, init = {}) => {
    const url = typeof input === 'string' ? input : input.url;
    if (!safe(init.method || (input && input.method)) && local(url)) {
      init = { ...init, headers: { ...(init.headers || {}), ${JSON.stringify(CSRF_HEADER)}: token } };
    }
    return f(input, init);
  };
})();`
}

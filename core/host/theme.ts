import type { Router } from 'express'
import { isThemeChoice, type UserStore } from '../users/users.js'
import { themeId, type PlanetaryAdmin } from './personas.js'

/** Where the light / dark toggle posts, below the root path. */
export const THEME_PATH = '/planetary/theme'

/**
 * The light / dark toggle's endpoint: `POST {theme: 'light' | 'dark'}` keeps the signed-in
 * user's choice in the console users table and in their session, so the next page AdminJS
 * draws (it reads `currentAdmin.theme`) is in it — on every device they sign in from. A POST
 * only, behind the CSRF check every console POST passes; mounted after signedInOnly.
 *
 * @example await fetch('/admin/planetary/theme', { method: 'POST', body: '{"theme":"dark"}' })
 */
export function themeRoutes(router: Router, o: { users: UserStore }): void {
  router.post(THEME_PATH, (req, res, next) => {
    const admin = req.session.adminUser as PlanetaryAdmin | undefined
    const theme = (req.body as Record<string, unknown> | undefined)?.theme
    if (!admin) {
      res.status(401).json({ notice: { message: 'Sign in first', type: 'error' } })
      return
    }
    if (!isThemeChoice(theme)) {
      res.status(400).json({ notice: { message: 'theme must be light or dark', type: 'error' } })
      return
    }
    o.users
      .setTheme(admin.email, theme)
      .then(() => {
        req.session.adminUser = { ...admin, theme: themeId(theme) }
        req.session.save((err) => (err ? next(err) : res.json({ theme })))
      })
      .catch(next)
  })
}

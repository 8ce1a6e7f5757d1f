import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startConsole, type RunningConsole } from '../../core/cli/commands/start.js'
import { parseConfig } from '../../core/config/load.js'
import { createPool, type Pool } from '../../core/db/pool.js'

/**
 * The whole console on its own embedded PostgreSQL with the demo, on a random port, in a temp
 * folder removed by `stop()`.
 */
export async function startTestConsole(
  overrides: Record<string, unknown> = {},
): Promise<RunningConsole & { dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'planetary-console-'))
  // As root the server runs as `postgres`, which must be able to reach the data folder inside.
  chmodSync(dataDir, 0o755)
  const config = parseConfig({ dataDir, port: 0, host: '127.0.0.1', ...overrides })
  try {
    const running = await startConsole(config, { demo: true })
    return {
      ...running,
      dataDir,
      async stop() {
        await running.stop()
        rmSync(dataDir, { recursive: true, force: true })
      },
    }
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true })
    throw err
  }
}

/** A running test console and a superuser pool on its database (fixtures and checks only). */
export interface TestConsole {
  readonly running: Awaited<ReturnType<typeof startTestConsole>>
  readonly admin: Pool
}

/** startTestConsole plus the superuser pool, with the fixture SQL run first when given. */
export async function openConsole(setupSql?: string): Promise<TestConsole> {
  const running = await startTestConsole()
  const admin = createPool(running.embedded?.url() as string, { max: 2 })
  if (setupSql) await admin.query(setupSql)
  return { running, admin }
}

/** Closes what openConsole opened, whatever of it exists. */
export async function closeConsole(c: Partial<TestConsole>): Promise<void> {
  await c.admin?.end()
  await c.running?.stop()
}

/** A signed-in HTTP client that keeps its cookie and sends the CSRF token like the page does. */
export interface ConsoleClient {
  readonly csrf: string
  /** The session cookie, `name=value`, for requests the client does not make itself. */
  readonly cookie: string
  get(path: string): Promise<Response>
  post(path: string, body: Record<string, unknown>, options?: { csrf?: boolean }): Promise<Response>
}

export async function signIn(base: string, name: string, password: string): Promise<ConsoleClient> {
  const origin = new URL(base).origin
  const login = await fetch(`${origin}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: name, password }),
  })
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  if (login.status !== 302 || !cookie) throw new Error(`login as ${name} failed: ${login.status}`)
  const get = (path: string) =>
    fetch(`${origin}${path}`, { headers: { cookie }, redirect: 'manual' })
  const { token } = (await (await get('/admin/planetary/csrf')).json()) as { token: string }
  return {
    csrf: token,
    cookie,
    get,
    post: (path, body, options = {}) =>
      fetch(`${origin}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          cookie,
          'content-type': 'application/json',
          ...(options.csrf === false ? {} : { 'x-csrf-token': token }),
        },
        body: JSON.stringify(body),
      }),
  }
}

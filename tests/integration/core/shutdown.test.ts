import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { connect, type Socket } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, startCluster } from '../../../core/cluster/cluster.js'

// `planetary start` on the embedded demo, as a person runs it: a real process, stopped by a
// signal. It must stop serving, then stop PostgreSQL with a fast shutdown and exit 0, so that
// nothing is left behind and the next start needs no crash recovery.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const STARTED_MS = 150_000

let folder: string

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'planetary-shutdown-'))
  // As root the server runs as `postgres`, which must reach the data folder inside.
  chmodSync(folder, 0o755)
})

afterAll(() => {
  rmSync(folder, { recursive: true, force: true })
})

interface Cli {
  readonly child: ChildProcess
  readonly port: number
  output(): string
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

async function startCli(): Promise<Cli> {
  const port = await freePort()
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PLANETARY_')) env[k] = v
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'planetary.js'), 'start'], {
    // Its own folder: no planetary.config.json of the checkout, its own component bundle.
    cwd: folder,
    env: {
      ...env,
      PLANETARY_DATA_DIR: join(folder, 'data'),
      PLANETARY_HOST: '127.0.0.1',
      PLANETARY_PORT: String(port),
      ADMIN_JS_TMP_DIR: join(folder, 'bundle'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()))
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  )
  const cli = { child, port, output: () => output, exited }
  const deadline = Date.now() + STARTED_MS
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`planetary start exited:\n${output}`)
    const answer = await fetch(`http://127.0.0.1:${port}/admin/login`).catch(() => undefined)
    if (answer?.status === 200) return cli
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`planetary start did not answer HTTP:\n${output}`)
    }
    await new Promise((r) => setTimeout(r, 250))
  }
}

/** The data folder the CLI says PostgreSQL runs on (it may live elsewhere as root). */
function dataDirOf(cli: Cli): string {
  const m = /data in (\S+)/.exec(cli.output())
  if (!m?.[1]) throw new Error(`no data folder in the output:\n${cli.output()}`)
  return m[1]
}

const leftovers = (dataDir: string) => [
  ...(existsSync(join(dataDir, 'postmaster.pid')) ? ['postmaster.pid'] : []),
  ...readdirSync(dirname(dataDir)).filter((f) => f.startsWith('.s.PGSQL.')),
]

/** Starts the server on the same data folder and returns what it says while starting. */
async function nextStartLog(): Promise<string> {
  const cluster = await startCluster({ dataDir: join(folder, 'data', 'pg') })
  try {
    const deadline = Date.now() + 10_000
    while (!cluster.log().includes('ready to accept connections') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50))
    return cluster.log()
  } finally {
    await cluster.stop()
  }
}

function expectCleanStart(log: string): void {
  expect(log).toContain('ready to accept connections')
  expect(log).toMatch(/database system was shut down at/)
  expect(log).not.toMatch(/not properly shut down|automatic recovery|was interrupted/)
}

const BODY = 'email=karen&password=not-her-password'

/** A sign-in POST with only half its body sent: a request in flight until `finish()`. */
async function requestInFlight(port: number): Promise<{ finish(): Promise<string> }> {
  const socket: Socket = connect(port, '127.0.0.1')
  await new Promise<void>((done, fail) => socket.once('connect', done).once('error', fail))
  let reply = ''
  socket.on('data', (c: Buffer) => (reply += c.toString()))
  const closed = new Promise<void>((done) => socket.once('close', () => done()))
  socket.on('error', () => undefined)
  const half = Math.floor(BODY.length / 2)
  socket.write(
    `POST /admin/login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
      `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${BODY.length}\r\n\r\n` +
      BODY.slice(0, half),
  )
  return {
    async finish() {
      // Not end(): a client's FIN aborts its request in Node's server.
      socket.write(BODY.slice(half))
      await Promise.race([closed, new Promise((r) => setTimeout(r, 10_000))])
      socket.destroy()
      return reply
    },
  }
}

async function until(what: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms
  while (!what() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
}

describe('planetary start, stopped by a signal', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(
      `stops the console and PostgreSQL cleanly on ${signal}: exit 0, no pid file or socket, no recovery next time`,
      async () => {
        const cli = await startCli()
        const dataDir = dataDirOf(cli)
        expect(leftovers(dataDir)).toEqual(
          expect.arrayContaining(['postmaster.pid', expect.stringMatching(/^\.s\.PGSQL\.\d+$/)]),
        )
        const request = await requestInFlight(cli.port)
        cli.child.kill(signal)
        await until(() => cli.output().includes('Stopping…'), 10_000)
        await new Promise((r) => setTimeout(r, 300))
        // It waits for the request in flight, which gets its answer, and only then exits.
        expect(cli.child.exitCode).toBe(null)
        expect(await request.finish()).toMatch(/^HTTP\/1\.1 [234]\d\d /)
        const { code, signal: killedBy } = await cli.exited
        expect({ code, killedBy }, cli.output()).toEqual({ code: 0, killedBy: null })
        expect(cli.output()).toContain('Embedded PostgreSQL stopped.')
        expect(leftovers(dataDir)).toEqual([])
        // The console no longer answers.
        await expect(fetch(`http://127.0.0.1:${cli.port}/admin/login`)).rejects.toThrow()
        expectCleanStart(await nextStartLog())
      },
      STARTED_MS + 60_000,
    )
  }

  it(
    'exits at once on a second signal, and PostgreSQL still finishes its fast shutdown',
    async () => {
      const cli = await startCli()
      const dataDir = dataDirOf(cli)
      // A request in flight holds the graceful stop; the second signal does not wait for it.
      const request = await requestInFlight(cli.port)
      cli.child.kill('SIGTERM')
      await until(() => cli.output().includes('Stopping…'), 10_000)
      expect(cli.child.exitCode).toBe(null)
      const signalled = Date.now()
      cli.child.kill('SIGTERM')
      const { code } = await cli.exited
      expect(code).toBe(143)
      expect(Date.now() - signalled).toBeLessThan(2_000)
      await request.finish()
      // The server was told to stop before the console exited, and finishes on its own.
      await until(() => leftovers(dataDir).length === 0, 30_000)
      expect(leftovers(dataDir)).toEqual([])
      expectCleanStart(await nextStartLog())
    },
    STARTED_MS + 60_000,
  )
})

import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshot } from '../harness/browser.js'
import { useBrowserConsole } from '../harness/browser-console.js'

/**
 * A page on another port of the same host — same site, so even a SameSite=Strict cookie rides
 * along — tries to change Karen's rows while she is signed in: a HEAD and a POST by fetch, a
 * form posted to the delete action, and the console framed to click through.
 */

const c = useBrowserConsole({
  signIn: ['karen', 'karen-planetary'],
})

let attacker: Server
let attackerOrigin: string

const exists = async (id: number) =>
  (await c.admin.query('SELECT 1 FROM app.invoice_raw WHERE id = $1', [id])).rowCount === 1

async function firstKarenInvoice(): Promise<number> {
  const { rows } = await c.admin.query<{ id: number }>(
    'SELECT id FROM app.invoice_raw WHERE tenant_id = 1 ORDER BY id LIMIT 1',
  )
  return Number(rows[0]?.id)
}

function attackPage(target: string): string {
  return `<!doctype html><html><body>
<h1>Cheap flights</h1>
<form id="f" method="post" action="${target}"><input name="x" value="1"></form>
<script>
  window.results = [];
  const note = (what, p) => p.then((r) => results.push(what + ':' + r.status), (e) => results.push(what + ':error'));
  note('head', fetch(${JSON.stringify(target)}, { method: 'HEAD', mode: 'no-cors', credentials: 'include' }));
  note('get', fetch(${JSON.stringify(target)}, { method: 'GET', mode: 'no-cors', credentials: 'include' }));
  note('post', fetch(${JSON.stringify(target)}, { method: 'POST', mode: 'no-cors', credentials: 'include' }));
  setTimeout(() => document.getElementById('f').submit(), 1500);
</script></body></html>`
}

// The console in a frame, on a page that does nothing else (the attack page above navigates away).
function framePage(target: string): string {
  return `<!doctype html><html><body>
<iframe id="frame" src="${new URL(target).origin}/admin" width="400" height="300"></iframe>
</body></html>`
}

beforeAll(async () => {
  const id = await firstKarenInvoice()
  const target = `${c.running.url}/api/resources/app.invoice_v/records/${id}/delete`
  attacker = createServer((req, res) => {
    res.setHeader('content-type', 'text/html')
    res.end(req.url === '/frame' ? framePage(target) : attackPage(target))
  })
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve))
  const address = attacker.address()
  attackerOrigin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
}, 180_000)

afterAll(async () => {
  await new Promise((resolve) => attacker?.close(resolve))
})

describe('a page on another port, while Karen is signed in', () => {
  it('deletes nothing by HEAD, GET, POST or a posted form', async () => {
    const id = await firstKarenInvoice()
    const attack = await c.browser.newPage()
    await attack.goto(attackerOrigin)
    // The form posts after 1.5 s and navigates the tab to the console's answer.
    await attack.waitForURL((url) => url.origin !== attackerOrigin, { timeout: 10_000 })
    await attack.waitForLoadState()
    const answer = await attack.content()
    expect(answer).toMatch(/cross-origin request refused/)
    await screenshot(attack, 'forging-01-refused-form')
    await attack.close()
    expect(await exists(id)).toBe(true)
  })

  it('cannot frame the console', async () => {
    const attack = await c.browser.newPage()
    await attack.goto(`${attackerOrigin}/frame`)
    // Give the refused load time to settle on its error document.
    await attack.waitForTimeout(1_000)
    const frame = await (await attack.$('iframe'))?.contentFrame()
    expect(frame).toBeTruthy()
    // A refused frame stays on Chromium's error document: none of the console's DOM is there.
    const inside = await frame
      ?.evaluate(() => Boolean(document.querySelector('#app')))
      .catch(() => false)
    expect(inside).toBe(false)
    await attack.close()
  })

  it('still works for Karen herself, under the Content-Security-Policy', async () => {
    const id = await firstKarenInvoice()
    await c.page.goto(`${c.running.url}/resources/app.invoice_v/records/${id}/show`)
    await c.page.getByText(String(id)).first().waitFor()
    const pwned = await c.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)
    expect(pwned).toBeUndefined()
    expect(await exists(id)).toBe(true)
  })
})

import { describe, expect, it } from 'vitest'
import { axeViolations, formatViolations } from '../harness/axe.js'
import { screenshot } from '../harness/browser.js'
import { addDraftPaidDraft } from '../harness/invoices.js'
import { useBrowserConsole } from '../harness/browser-console.js'

const c = useBrowserConsole({
  signIn: ['karen', 'karen-planetary'],
})

const CUSTOMER = 'Bulk Skip'

const raw = async () =>
  (
    await c.admin.query(
      `SELECT id::text AS id, status::text AS status FROM app.invoice_raw
       WHERE customer = $1 ORDER BY id`,
      [CUSTOMER],
    )
  ).rows as { id: string; status: string }[]

describe('Karen’s bulk delete that keeps what PostgreSQL refuses', () => {
  it('deletes the two drafts of three invoices, keeps the paid one and says why', async () => {
    await addDraftPaidDraft(c.admin, CUSTOMER)
    const before = await raw()
    expect(before.map((r) => r.status)).toEqual(['draft', 'paid', 'draft'])
    const paid = before[1]?.id as string
    const drafts = [before[0]?.id, before[2]?.id] as string[]

    const page = c.page
    await page.goto(`${c.running.url}/resources/app.invoice_v?filters.customer=Bulk%20Skip`)
    const rows = page.locator('table tbody tr')
    await rows.nth(2).waitFor()
    for (let i = 0; i < 3; i++) {
      await rows.nth(i).locator('input[type="checkbox"]').check({ force: true })
    }
    await page.getByTestId('action-bulkDelete').click()

    // The question offers both ways, all or nothing chosen; the arrow key moves to the other.
    const all = page.getByLabel('Delete all or nothing')
    const skip = page.getByLabel('Delete what can be deleted, keep the rest')
    await all.waitFor({ state: 'attached' })
    expect(await all.isChecked()).toBe(true)
    expect(await skip.isChecked()).toBe(false)
    expect(await page.getByRole('group', { name: 'When a record cannot be deleted' }).count()).toBe(
      1,
    )
    await all.focus()
    await page.keyboard.press('ArrowDown')
    expect(await skip.isChecked()).toBe(true)
    expect(await all.isChecked()).toBe(false)
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('bulk-mode-skip')
    await screenshot(page, 'karen-bulk-01-skip-chosen')
    expect(formatViolations('bulk delete question', await axeViolations(page))).toBe('')

    // Sent as POST with the session's CSRF token, like every change.
    const sent = page.waitForRequest(
      (r) => r.method() === 'POST' && r.url().includes('/bulk/bulkDelete'),
    )
    await page.getByRole('button', { name: /confirm/i }).click()
    const request = await sent
    expect(request.headers()['x-csrf-token']).toBeTruthy()
    expect(request.postDataJSON()).toEqual({ mode: 'skip' })

    const outcome = page.getByTestId('bulk-outcome')
    await outcome.waitFor()
    // The list and its count are read again: only the kept invoice is left.
    await page.waitForURL((url) => url.searchParams.get('refresh') === 'true')
    await expect.poll(() => rows.count()).toBe(1)
    expect((await rows.first().locator('td:nth-child(2)').innerText()).replaceAll(',', '')).toBe(
      paid,
    )
    await screenshot(page, 'karen-bulk-02-skip-outcome')

    // PostgreSQL agrees: the two drafts are gone, the paid one stays.
    expect(await raw()).toEqual([{ id: paid, status: 'paid' }])

    // On screen: what was deleted, and the kept one by name with PostgreSQL's reason.
    expect(await page.getByTestId('bulk-deleted').innerText()).toBe(
      `Deleted: ${drafts.map((id) => `Invoice ${id}`).join(', ')}.`,
    )
    const kept = page.getByTestId('bulk-kept')
    expect(await kept.count()).toBe(1)
    expect(await kept.getAttribute('data-record-id')).toBe(paid)
    expect(await kept.innerText()).toBe(
      `Invoice ${paid}: paid invoices are kept; void them instead`,
    )
    expect(await page.getByText('Deleted 2 of 3, kept 1.').count()).toBe(1)
    // The outcome reads well, its close button named too (AdminJS draws it as a bare icon).
    expect(await page.getByRole('button', { name: 'Close notice' }).count()).toBe(1)
    const outcomeViolations = await axeViolations(page)
    expect(formatViolations('bulk delete outcome', outcomeViolations)).toBe('')
  })
})

import type { Pool } from '../../core/db/pool.js'

/**
 * Adds three of tenant 1's invoices for `customer` to the demo, as a superuser: a draft, a paid
 * one (which the demo refuses to delete) and a draft, in that order.
 */
export async function addDraftPaidDraft(admin: Pool, customer: string): Promise<void> {
  const client = await admin.connect()
  try {
    await client.query('BEGIN')
    await client.query(`SELECT set_config('app.tenant_id', '1', true)`)
    await client.query(
      `INSERT INTO app.invoice_raw (tenant_id, customer, email, amount, status)
       SELECT 1, $1, v.email, v.amount, v.status::app.invoice_status
       FROM (VALUES ('a@acme.test', 10, 'draft'), ('b@acme.test', 20, 'paid'),
                    ('c@acme.test', 30, 'draft')) AS v(email, amount, status)
       ORDER BY v.amount`,
      [customer],
    )
    await client.query('COMMIT')
  } catch (err) {
    await client.query('ROLLBACK')
    throw err
  } finally {
    client.release()
  }
}

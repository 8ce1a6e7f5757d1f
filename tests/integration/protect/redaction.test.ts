import { beforeAll, describe, expect, it } from 'vitest'
import { REDACTIONS } from '../../../core/redaction/functions.js'
import { installRedactionPlan } from '../../../core/redaction/install.js'
import { useTestDatabase } from '../../harness/database.js'
import { setUpConsole, type ConsoleSetup } from './console.js'

const db = useTestDatabase()
let setup: ConsoleSetup

beforeAll(async () => {
  setup = await setUpConsole(db())
})

const one = async (query: string, values: unknown[] = []) =>
  (await db().admin.query<{ v: unknown }>(query, values)).rows[0]?.v

describe('the redaction library in PostgreSQL', () => {
  it('masks card numbers, keeping the last four digits and the separators', async () => {
    expect(await one(`SELECT planetary.mask_pan('4111 1111 1111 1234') AS v`)).toBe(
      '**** **** **** 1234',
    )
    expect(await one(`SELECT planetary.mask_pan('4111-1111-1111-1234') AS v`)).toBe(
      '****-****-****-1234',
    )
    expect(await one(`SELECT planetary.mask_pan('4111111111111234') AS v`)).toBe('************1234')
    expect(await one(`SELECT planetary.mask_pan('1234') AS v`)).toBe('****')
    expect(await one(`SELECT planetary.mask_pan(NULL) AS v`)).toBeNull()
  })

  it('masks e-mails, keeping the first character and the domain', async () => {
    expect(await one(`SELECT planetary.mask_email('ada@example.com') AS v`)).toBe(
      'a***@example.com',
    )
    expect(await one(`SELECT planetary.mask_email('Ölga.K@exämple.de') AS v`)).toBe(
      'Ö***@exämple.de',
    )
    expect(await one(`SELECT planetary.mask_email('no-at-sign') AS v`)).toBe('***')
    expect(await one(`SELECT planetary.mask_email('@example.com') AS v`)).toBe('***')
    expect(await one(`SELECT planetary.mask_email(NULL) AS v`)).toBeNull()
  })

  it('hashes with SHA-256 as hex, the same as sha256() over the UTF-8 bytes', async () => {
    expect(await one(`SELECT planetary.hash('abc') AS v`)).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    )
    expect(
      await one(`SELECT planetary.hash('é') = encode(sha256('\\xc3a9'::bytea), 'hex') AS v`),
    ).toBe(true)
    expect(await one(`SELECT planetary.hash(NULL) AS v`)).toBeNull()
  })

  it('nullifies any type, keeping the type', async () => {
    expect(await one(`SELECT planetary.nullify('secret'::text) AS v`)).toBeNull()
    expect(await one(`SELECT pg_typeof(planetary.nullify(42::bigint))::text AS v`)).toBe('bigint')
    expect(await one(`SELECT pg_typeof(planetary.nullify(now()))::text AS v`)).toBe(
      'timestamp with time zone',
    )
    expect(await one(`SELECT planetary.nullify(NULL::int) AS v`)).toBeNull()
  })

  it('masks partially, the whole value when nothing would be hidden', async () => {
    expect(await one(`SELECT planetary.partial('Ada Lovelace', 1, 0) AS v`)).toBe('A***********')
    expect(await one(`SELECT planetary.partial('4111111111111234', 0, 4) AS v`)).toBe(
      '************1234',
    )
    expect(await one(`SELECT planetary.partial('secret', 2, 2) AS v`)).toBe('se**et')
    expect(await one(`SELECT planetary.partial('ab', 1, 1) AS v`)).toBe('**')
    expect(await one(`SELECT planetary.partial(NULL, 1, 1) AS v`)).toBeNull()
    expect(await one(`SELECT planetary.partial('abc', NULL, 1) AS v`)).toBeNull()
  })

  it('declares each function immutable and parallel safe, strict where NULL in means NULL out', async () => {
    const { rows } = await db().admin.query<{
      proname: string
      provolatile: string
      proisstrict: boolean
      proparallel: string
      owner: string
    }>(
      `SELECT proname, provolatile, proisstrict, proparallel, pg_get_userbyid(proowner) AS owner
       FROM pg_proc WHERE pronamespace = 'planetary'::regnamespace ORDER BY proname`,
    )
    expect(rows.map((r) => r.proname)).toEqual([
      'hash',
      'mask_email',
      'mask_pan',
      'nullify',
      'partial',
    ])
    for (const r of rows) {
      expect(r.provolatile, r.proname).toBe('i')
      expect(r.proparallel, r.proname).toBe('s')
      expect(r.proisstrict, r.proname).toBe(r.proname !== 'nullify')
      expect(r.owner, r.proname).toBe('platform_ddl')
    }
    expect(rows).toHaveLength(REDACTIONS.length)
  })

  it('installs again without error and can limit EXECUTE to chosen roles', async () => {
    const result = await setup.ddl.apply(installRedactionPlan('planetary', { grantees: ['bob'] }), {
      name: 'senior',
    })
    expect(result.outcome).toBe('committed')
    const { rows } = await db().admin.query<{ public: boolean; bob: boolean; karen: boolean }>(
      `SELECT has_function_privilege('public', 'planetary.mask_email(text)', 'EXECUTE') AS public,
         has_function_privilege('bob', 'planetary.mask_email(text)', 'EXECUTE') AS bob,
         has_function_privilege('karen', 'planetary.mask_email(text)', 'EXECUTE') AS karen`,
    )
    expect(rows[0]).toEqual({ public: false, bob: true, karen: false })
    await setup.ddl.apply(installRedactionPlan('planetary'), { name: 'senior' })
    expect(
      await one(`SELECT has_function_privilege('karen', 'planetary.hash(text)', 'EXECUTE') AS v`),
    ).toBe(true)
  })
})

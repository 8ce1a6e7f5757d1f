import { describe, expect, it } from 'vitest'
import {
  coverageMap,
  isAlwaysTrue,
  type CoverageFacts,
} from '../../../plugins/policies/coverage.js'

const facts: CoverageFacts = {
  tables: [
    { schema: 'app', name: 'orders', owner: 'ddl', rls: { enabled: true, forced: false } },
    { schema: 'app', name: 'notes', owner: 'ddl', rls: { enabled: false, forced: false } },
    { schema: 'app', name: 'locked', owner: 'ddl', rls: { enabled: true, forced: true } },
  ],
  roles: [
    { name: 'ddl', superuser: false, bypassRls: false, privilegesOf: ['ddl'] },
    { name: 'clerk', superuser: false, bypassRls: false, privilegesOf: ['clerk', 'staff'] },
    { name: 'staff', superuser: false, bypassRls: false, privilegesOf: ['staff'] },
    { name: 'auditor', superuser: false, bypassRls: true, privilegesOf: ['auditor'] },
    { name: 'postgres', superuser: true, bypassRls: true, privilegesOf: ['postgres'] },
  ],
  privileges: [
    {
      schema: 'app',
      table: 'orders',
      role: 'ddl',
      privileges: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
    },
    { schema: 'app', table: 'orders', role: 'clerk', privileges: ['SELECT', 'INSERT', 'UPDATE'] },
    { schema: 'app', table: 'orders', role: 'staff', privileges: ['SELECT'] },
    { schema: 'app', table: 'orders', role: 'auditor', privileges: ['SELECT'] },
    { schema: 'app', table: 'notes', role: 'clerk', privileges: ['SELECT', 'UPDATE'] },
    { schema: 'app', table: 'locked', role: 'ddl', privileges: ['SELECT'] },
  ],
  policies: [
    {
      schema: 'app',
      table: 'orders',
      name: 'staff_read',
      command: 'select',
      permissive: true,
      roles: ['staff'],
      using: "(region = current_setting('app.region'::text, true))",
      withCheck: null,
    },
    {
      schema: 'app',
      table: 'orders',
      name: 'open_insert',
      command: 'insert',
      permissive: true,
      roles: ['public'],
      using: null,
      withCheck: 'true',
    },
    {
      schema: 'app',
      table: 'orders',
      name: 'not_deleted',
      command: 'all',
      permissive: false,
      roles: ['clerk'],
      using: '(deleted_at IS NULL)',
      withCheck: null,
    },
  ],
}

const cell = (map: ReturnType<typeof coverageMap>, table: string, role: string, command: string) =>
  map.rows
    .find((r) => r.table === table)
    ?.cells.find((c) => c.role === role && c.command === command)

describe('coverage map', () => {
  const map = coverageMap(facts)

  it('lists roles with privileges or policies, never superusers', () => {
    expect(map.roles).toEqual(['ddl', 'clerk', 'staff', 'auditor'])
  })

  it('combines permissive policies inherited through membership with restrictive ones', () => {
    const c = cell(map, 'orders', 'clerk', 'SELECT')
    expect(c?.state).toBe('filtered')
    expect(c?.permissive).toEqual(['staff_read'])
    expect(c?.restrictive).toEqual(['not_deleted'])
    expect(c?.combined).toBe('staff_read AND not_deleted')
  })

  it('finds gaps where RLS is on and no permissive policy allows a command', () => {
    expect(cell(map, 'orders', 'clerk', 'UPDATE')?.state).toBe('denied')
    // FORCE makes the owner a role like any other: no policy on app.locked, no row for it.
    expect(map.findings.gaps).toEqual([
      { schema: 'app', table: 'orders', role: 'clerk', command: 'UPDATE' },
      { schema: 'app', table: 'locked', role: 'ddl', command: 'SELECT' },
    ])
  })

  it('flags always-true permissive policies, unless a restrictive one narrows the cell', () => {
    expect(cell(map, 'orders', 'staff', 'SELECT')?.state).toBe('filtered')
    expect(map.findings.alwaysTrue).toEqual([
      { schema: 'app', table: 'orders', policy: 'open_insert', clause: 'WITH CHECK' },
    ])
    // clerk's inserts are narrowed by the restrictive ALL policy; nobody else may insert.
    expect(cell(map, 'orders', 'clerk', 'INSERT')?.state).toBe('filtered')
    const open = coverageMap({
      ...facts,
      privileges: [
        ...facts.privileges,
        { schema: 'app', table: 'orders', role: 'staff', privileges: ['SELECT', 'INSERT'] },
      ],
    })
    expect(cell(open, 'orders', 'staff', 'INSERT')?.state).toBe('always-true')
  })

  it('reports tables exposed without RLS, and owners and bypassing roles as such', () => {
    expect(cell(map, 'notes', 'clerk', 'SELECT')?.state).toBe('exposed')
    expect(map.findings.exposed).toEqual([
      {
        schema: 'app',
        table: 'notes',
        roles: [{ role: 'clerk', privileges: ['SELECT', 'UPDATE'] }],
      },
    ])
    expect(cell(map, 'orders', 'ddl', 'SELECT')?.state).toBe('owner')
    expect(cell(map, 'locked', 'ddl', 'SELECT')?.state).toBe('denied')
    expect(cell(map, 'orders', 'auditor', 'SELECT')?.state).toBe('bypass')
    expect(cell(map, 'orders', 'staff', 'DELETE')?.state).toBe('no-privilege')
    expect(map.findings.rlsWithoutPolicies).toEqual([{ schema: 'app', table: 'locked' }])
  })

  it('recognizes true however it is parenthesized', () => {
    expect(isAlwaysTrue(' ( (TRUE) ) ')).toBe(true)
    expect(isAlwaysTrue('(true = false)')).toBe(false)
    expect(isAlwaysTrue(null)).toBe(false)
  })
})

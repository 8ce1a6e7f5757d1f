import { describe, expect, it } from 'vitest'
import type { Membership, Role } from '../../../core/introspect/index.js'
import { layoutRoleGraph, NODE_HEIGHT, NODE_WIDTH } from '../../../plugins/roles/graph.js'
import { validUntilIso } from '../../../plugins/roles/form.js'

const member = (role: string, o: Partial<Membership> = {}): Membership => ({
  roleOid: 0,
  role,
  admin: false,
  inherit: true,
  set: true,
  grantor: null,
  ...o,
})

const role = (name: string, memberOf: Membership[] = [], o: Partial<Role> = {}): Role => ({
  oid: 0,
  name,
  superuser: false,
  inherit: true,
  createRole: false,
  createDb: false,
  login: false,
  replication: false,
  bypassRls: false,
  connectionLimit: -1,
  validUntil: null,
  config: [],
  memberOf,
  members: [],
  comment: null,
  ...o,
})

describe('role hierarchy layout', () => {
  const roles = [
    role('staff'),
    role('readers', [member('staff')]),
    role('writers', [member('staff'), member('pg_read_all_data')]),
    role('ann', [member('readers', { admin: true })], { login: true }),
    role('bob', [member('writers', { inherit: false }), member('readers')], { login: true }),
    role('pg_read_all_data'),
    role('pg_monitor'),
  ]
  const g = layoutRoleGraph(roles, { versionNum: 170000 })
  const node = (n: string) => g.nodes.find((x) => x.name === n)

  it('puts members below their lowest group and shows only predefined roles in use', () => {
    expect(node('staff')?.layer).toBe(0)
    expect(node('pg_read_all_data')?.layer).toBe(0)
    expect(node('readers')?.layer).toBe(1)
    expect(node('ann')?.layer).toBe(2)
    expect(node('bob')?.layer).toBe(2)
    expect(node('pg_monitor')).toBeUndefined()
    expect(node('pg_read_all_data')?.predefined).toBe(true)
  })

  it('draws an edge per membership with its ADMIN and INHERIT options', () => {
    expect(g.edges).toContainEqual({ from: 'readers', to: 'ann', admin: true, inherits: true })
    expect(g.edges).toContainEqual({ from: 'writers', to: 'bob', admin: false, inherits: false })
    expect(g.edges).toHaveLength(6)
  })

  it('keeps nodes inside the canvas without overlaps', () => {
    for (const n of g.nodes) {
      expect(n.x + NODE_WIDTH).toBeLessThanOrEqual(g.width)
      expect(n.y + NODE_HEIGHT).toBeLessThanOrEqual(g.height)
      for (const m of g.nodes) {
        if (m !== n && m.layer === n.layer)
          expect(Math.abs(m.x - n.x)).toBeGreaterThanOrEqual(NODE_WIDTH)
      }
    }
  })

  it('before PG 16, inheritance follows the member’s INHERIT attribute', () => {
    const old = layoutRoleGraph(
      [role('g'), role('m', [member('g', { inherit: null })], { inherit: false })],
      {
        versionNum: 150000,
      },
    )
    expect(old.edges).toEqual([{ from: 'g', to: 'm', admin: false, inherits: false }])
  })
})

describe('valid until', () => {
  it('reads the server’s text as ISO in UTC', () => {
    expect(validUntilIso('2027-01-01 00:00:00+00')).toBe('2027-01-01T00:00:00.000Z')
    expect(validUntilIso('2027-01-01 02:30:00+02:30')).toBe('2027-01-01T00:00:00.000Z')
    expect(validUntilIso('infinity')).toBeNull()
    expect(validUntilIso(null)).toBeNull()
  })
})

import { describe, expect, it } from 'vitest'
import {
  fetchPrivilegeMatrix,
  type MatrixCellRow,
  type MatrixRelationRow,
  type MatrixRoleRow,
} from '../../../core/introspect/index.js'
import { matrixCellsQuery } from '../../../core/introspect/privilege-matrix.js'
import { compile } from '../../../core/sql/sql.js'
import { fakeContext } from '../introspect/fake-context.js'

describe('privilege matrix query', () => {
  it('follows inheritance per grant on PG 16+ and per member role before', () => {
    const v17 = compile(matrixCellsQuery(fakeContext({ versionNum: 170004 }).ctx, 'app'))
    const v15 = compile(matrixCellsQuery(fakeContext({ versionNum: 150004 }).ctx, 'app'))
    expect(v17.text).toContain('m.inherit_option')
    expect(v15.text).not.toContain('inherit_option')
    expect(v15.text).toContain('mr.rolinherit')
    expect(v17.text).not.toMatch(/has_\w+_privilege/)
    // The schema, predefined roles and the version's privileges travel as bind parameters.
    expect(v17.values[0]).toBe('app')
    expect(v17.values).toContainEqual(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MAINTAIN'])
    expect(v15.values).toContainEqual(['SELECT', 'INSERT', 'UPDATE', 'DELETE'])
    expect(v15.values.flat()).not.toContain('MAINTAIN')
  })

  it('hides predefined roles unless asked', () => {
    const { ctx } = fakeContext()
    expect(compile(matrixCellsQuery(ctx, 'app')).text).toContain(`r.rolname !~ '^pg_'`)
    expect(compile(matrixCellsQuery(ctx, 'app', { includePredefined: true })).text).not.toContain(
      `r.rolname !~ '^pg_'`,
    )
  })

  it('maps rows into roles (PUBLIC first), relations and named cells', async () => {
    const roles: MatrixRoleRow[] = [
      {
        oid: 10,
        rolname: 'ann',
        rolsuper: false,
        rolcanlogin: true,
        rolinherit: true,
        member_of: ['readers'],
      },
      {
        oid: 6181,
        rolname: 'pg_read_all_data',
        rolsuper: false,
        rolcanlogin: false,
        rolinherit: true,
        member_of: [],
      },
    ]
    const relations: MatrixRelationRow[] = [
      {
        oid: 100,
        relname: 'invoice',
        relkind: 'p',
        owner: 'owner_role',
        columns: [
          [1, 'id'],
          [2, 'email'],
        ],
      },
    ]
    const cells: MatrixCellRow[] = [
      {
        roleid: 10,
        relid: 100,
        attnum: 2,
        privilege_type: 'SELECT',
        reasons: [['member', 'readers', ['ann', 'readers'], 'owner_role', false]],
      },
      {
        roleid: 0,
        relid: 100,
        attnum: 0,
        privilege_type: 'SELECT',
        reasons: [['direct', null, null, 'owner_role', false]],
      },
      {
        roleid: 99,
        relid: 100,
        attnum: 0,
        privilege_type: 'SELECT',
        reasons: [['direct', 'hidden', ['hidden'], 'owner_role', false]],
      },
    ]
    const { ctx } = fakeContext({
      answer: (text) =>
        text.includes('member_of') ? roles : text.includes('AS columns') ? relations : cells,
    })
    const m = await fetchPrivilegeMatrix(ctx, 'app')
    expect(m.roles.map((r) => [r.name, r.predefined])).toEqual([
      ['PUBLIC', false],
      ['ann', false],
      ['pg_read_all_data', true],
    ])
    expect(m.relations[0]).toMatchObject({
      kind: 'partitionedTable',
      columns: [
        { attnum: 1, name: 'id' },
        { attnum: 2, name: 'email' },
      ],
    })
    expect(m.cells).toEqual([
      {
        role: 'ann',
        relationOid: 100,
        column: 'email',
        privilege: 'SELECT',
        reasons: [
          {
            kind: 'member',
            grantee: 'readers',
            chain: ['ann', 'readers'],
            grantor: 'owner_role',
            grantable: false,
          },
        ],
      },
      {
        role: 'PUBLIC',
        relationOid: 100,
        column: null,
        privilege: 'SELECT',
        reasons: [
          { kind: 'direct', grantee: 'PUBLIC', chain: [], grantor: 'owner_role', grantable: false },
        ],
      },
    ])
  })
})

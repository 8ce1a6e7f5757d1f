import { describe, expect, it } from 'vitest'
import { columnGrid, matrixGrid } from '../../../plugins/grants/matrix-grid.js'
import { describeReason, indexMatrix } from '../../../plugins/grants/matrix-index.js'
import { relationPrivileges } from '../../../plugins/grants/relation-privileges.js'
import { MATRIX } from './matrix-fixture.js'

describe('matrix grid', () => {
  it('shows the privileges that mean something per relation kind, or all of them', () => {
    const grid = matrixGrid(MATRIX)
    expect(grid.relations.map((r) => r.privileges)).toEqual([
      MATRIX.privileges,
      ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRIGGER'],
    ])
    expect(matrixGrid(MATRIX, { allPrivileges: true }).relations[1]?.privileges).toEqual(
      MATRIX.privileges,
    )
    expect(relationPrivileges('materializedView', ['SELECT', 'INSERT', 'TRIGGER'])).toEqual([
      'SELECT',
    ])
  })

  it('filters relations by name and caps them, keeping the total', () => {
    const filtered = matrixGrid(MATRIX, { match: '_V' })
    expect(filtered.relations.map((r) => r.name)).toEqual(['invoice_v'])
    expect(filtered.relationCount).toBe(2)
    expect(Object.keys(filtered.cells.ann ?? {})).toEqual(['200'])
    expect(matrixGrid(MATRIX, { limit: 1 }).relations.map((r) => r.name)).toEqual(['invoice'])
  })

  it('keys held cells by role, relation and privilege, flagging direct grants', () => {
    const { cells } = matrixGrid(MATRIX)
    expect(cells.ann?.['100']?.SELECT).toEqual({
      direct: true,
      reasons: [
        { kind: 'direct', text: 'granted directly by owner_role' },
        { kind: 'member', text: 'via ann → readers (granted by owner_role)' },
      ],
    })
    expect(cells.ann?.['200']?.SELECT?.direct).toBe(false)
    expect(cells.bob?.['100']?.SELECT).toBeUndefined()
    expect(cells.PUBLIC?.['200']?.SELECT?.direct).toBe(true)
    expect(cells.readers?.['100']?.SELECT?.owner).toBeUndefined()
  })

  it('holds a column through the table-level privilege or its own grant', () => {
    const rel = MATRIX.relations[0]
    if (!rel) throw new Error('fixture')
    const cols = columnGrid(MATRIX, rel)
    expect(cols.ann?.['Tax %']?.SELECT).toMatchObject({ direct: false, table: true })
    expect(cols.bob?.email?.SELECT).toMatchObject({ direct: true, table: false })
    expect(cols.bob?.id?.SELECT).toBeUndefined()
    expect(cols.bob?.id?.UPDATE?.reasons[0]).toEqual({
      kind: 'direct',
      level: 'table',
      text: 'table-level: granted directly by ann',
    })
    const index = indexMatrix(MATRIX)
    expect(index.column('bob', 100, 'email', 'SELECT').table).toEqual([])
    expect(index.table('readers', 100, 'SELECT')).toHaveLength(1)
  })

  it('describes each kind of reason', () => {
    const base = { grantor: 'postgres', grantable: false, chain: [] as string[] }
    expect(
      describeReason({
        ...base,
        kind: 'predefined',
        grantee: 'pg_read_all_data',
        chain: ['ann', 'pg_read_all_data'],
      }),
    ).toBe('predefined role pg_read_all_data (via ann → pg_read_all_data)')
    expect(describeReason({ ...base, kind: 'superuser', grantee: 'root' })).toBe(
      'superuser: passes every privilege check',
    )
    expect(describeReason({ ...base, kind: 'direct', grantee: 'x', grantable: true })).toBe(
      'granted directly by postgres (with grant option)',
    )
  })
})

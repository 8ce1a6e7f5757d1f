import { Box, H2, H3, Text } from '@adminjs/design-system'
import React, { useCallback, useEffect, useRef, useState } from 'react'
import {
  Button,
  Check,
  Choice,
  Failure,
  Input,
  loadPage,
  PlanButtons,
  PlanOutcome,
  postPage,
  type Reply,
  ScrollRegion,
  SqlBlock,
  Warnings,
} from '../../../core/plugin/components/kit.jsx'
import { ColumnGrid } from './column-grid.jsx'
import { Legend, MatrixCell, PrivilegeHeads, type CellView, type Pending } from './matrix-cell.jsx'
import { RoleLabel, type GridRole } from './role-label.jsx'

const PAGE = 'grants-matrix'

interface GridRelation {
  oid: number
  name: string
  kind: string
  owner: string
  privileges: string[]
  columns: string[]
}

export type CellMap = Record<string, Record<string, Record<string, CellView>>>

interface Grid {
  schema: string
  privileges: string[]
  columnPrivileges: string[]
  roles: GridRole[]
  relations: GridRelation[]
  relationCount: number
  cells: CellMap
}

/** A toggled cell; `column` set for the column grid. */
export interface Change {
  role: string
  relation: string
  column?: string
  privilege: string
  action: Pending
}

const changeKey = (c: Omit<Change, 'action'>) =>
  [c.role, c.relation, c.column ?? '', c.privilege].join('\u0000')

const KIND: Record<string, string> = {
  table: 'table',
  partitionedTable: 'partitioned',
  view: 'view',
  materializedView: 'mat. view',
  foreignTable: 'foreign',
}

const GrantsMatrix: React.FC = () => {
  // null until the first answer: the page says it is loading, not that there is nothing.
  const [schemas, setSchemas] = useState<string[] | null>(null)
  const [schema, setSchema] = useState('')
  const [predefined, setPredefined] = useState(false)
  const [all, setAll] = useState(false)
  const [filter, setFilter] = useState('')
  const [match, setMatch] = useState('')
  const [grid, setGrid] = useState<Grid | null>(null)
  const [relation, setRelation] = useState('')
  const [columns, setColumns] = useState<CellMap | null>(null)
  const [failure, setFailure] = useState<Reply | null>(null)
  const [pending, setPending] = useState<Record<string, Change>>({})
  const [shown, setShown] = useState<Reply | null>(null)
  const [outcome, setOutcome] = useState<Reply | null>(null)
  const [busy, setBusy] = useState(false)
  const [why, setWhy] = useState('')

  // Typing in the filters asks again per key: only the latest answer is drawn.
  const asked = useRef(0)
  const refresh = useCallback(async () => {
    const ticket = ++asked.current
    const params: Record<string, string> = {}
    if (schema) params.schema = schema
    if (predefined) params.predefined = 'true'
    if (all) params.all = 'true'
    if (relation) params.relation = relation
    if (match) params.match = match
    const reply = await loadPage(PAGE, params)
    if (ticket !== asked.current) return
    if (!reply.ok) return setFailure(reply)
    setFailure(null)
    setSchemas(reply.schemas as string[])
    const g = reply.grid as Grid | null
    setGrid(g)
    if (g && !schema) setSchema(g.schema)
    const cols = reply.columns as { cells: CellMap } | null
    setColumns(cols ? cols.cells : null)
  }, [schema, predefined, all, relation, match])

  useEffect(() => {
    void refresh()
  }, [refresh])

  const changes = Object.values(pending)

  // The live SQL follows the pending set; a slower earlier answer never overwrites a newer one.
  useEffect(() => {
    const list = Object.values(pending)
    if (!grid || list.length === 0) return setShown(null)
    let stale = false
    void postPage(PAGE, {
      action: 'change',
      mode: 'render',
      schema: grid.schema,
      changes: list,
    }).then((reply) => {
      if (!stale) setShown(reply)
    })
    return () => {
      stale = true
    }
  }, [pending, grid])

  const toggle = (c: Omit<Change, 'action'>, cell: CellView | undefined) => {
    setOutcome(null)
    setPending((p) => {
      const k = changeKey(c)
      const next = { ...p }
      if (next[k]) delete next[k]
      else next[k] = { ...c, action: cell?.direct ? 'revoke' : 'grant' }
      return next
    })
  }

  const run = async (mode: 'preview' | 'apply') => {
    if (!grid) return
    setBusy(true)
    const reply = await postPage(PAGE, { action: 'change', mode, schema: grid.schema, changes })
    setBusy(false)
    setOutcome(reply)
    if (mode === 'apply' && reply.ok) {
      setPending({})
      await refresh()
    }
  }

  const changeSchema = (s: string) => {
    setSchema(s)
    setRelation('')
    setPending({})
    setOutcome(null)
  }

  const roles = (grid?.roles ?? []).filter(
    (r) => !filter || r.name.toLowerCase().includes(filter.toLowerCase()),
  )

  return (
    <Box variant="grey">
      <Box variant="white" p="xl">
        <H2>Privilege matrix</H2>
        <Text mb="lg">
          Effective rights of every role on each relation of a schema, and why: a direct grant,
          membership (the role chain is named), PUBLIC, a predefined role or superuser. Click cells
          to queue a GRANT or REVOKE of the role&apos;s direct privilege; every pending change goes
          into one SQL preview.
        </Text>
        <Failure reply={failure} />
        <Box flex mb="lg" style={{ gap: 16, flexWrap: 'wrap', alignItems: 'center' }}>
          <label>
            Schema{' '}
            <Choice
              name="schema"
              value={schema}
              onChange={(e) => changeSchema(e.target.value)}
              values={schemas ?? []}
            />
          </label>
          <Check
            name="predefined"
            checked={predefined}
            onChange={(e) => setPredefined(e.target.checked)}
            label={<>show predefined pg_* roles</>}
          />
          <Check
            name="all"
            checked={all}
            onChange={(e) => setAll(e.target.checked)}
            label={<>every privilege on every kind</>}
          />
          <label>
            Relations{' '}
            <Input
              name="match"
              placeholder="name contains"
              value={match}
              onChange={(e) => setMatch(e.target.value)}
            />
          </label>
          <label>
            Roles{' '}
            <Input
              name="filter"
              placeholder="filter"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
            />
          </label>
        </Box>
        <Legend />
        {grid && grid.relations.length < grid.relationCount ? (
          <Text
            mb="default"
            data-testid="truncated"
            style={{ color: 'var(--planetary-warn, #8d6e00)' }}
          >
            Showing {grid.relations.length} of {grid.relationCount} relations: narrow them by name.
          </Text>
        ) : null}
        {grid ? (
          <ScrollRegion label="Privilege matrix">
            <table style={{ borderCollapse: 'collapse', fontSize: 13 }} data-testid="matrix-grid">
              <thead>
                <tr>
                  <th style={{ textAlign: 'left', padding: 4 }}>Role</th>
                  {grid.relations.map((rel) => (
                    <th
                      key={rel.oid}
                      colSpan={rel.privileges.length}
                      title={`${KIND[rel.kind] ?? rel.kind} owned by ${rel.owner}: click for its columns`}
                      onClick={() => setRelation(rel.name)}
                      style={{
                        padding: '4px 6px',
                        borderLeft: '3px solid #fff',
                        background:
                          relation === rel.name
                            ? 'var(--planetary-selected, #e8eaf6)'
                            : 'var(--planetary-card-alt, #fafafa)',
                        cursor: 'pointer',
                        whiteSpace: 'nowrap',
                      }}
                    >
                      {rel.name}
                      <div
                        style={{
                          fontWeight: 400,
                          fontSize: 11,
                          color: 'var(--planetary-muted, #5f6368)',
                        }}
                      >
                        {KIND[rel.kind] ?? rel.kind}
                      </div>
                    </th>
                  ))}
                </tr>
                <PrivilegeHeads
                  groups={grid.relations.map((rel) => ({
                    key: String(rel.oid),
                    privileges: rel.privileges,
                  }))}
                />
              </thead>
              <tbody>
                {roles.map((role) => (
                  <tr key={role.name} data-role={role.name}>
                    <RoleLabel role={role} />
                    {grid.relations.flatMap((rel) =>
                      rel.privileges.map((p) => {
                        const cell = grid.cells[role.name]?.[String(rel.oid)]?.[p]
                        const k = { role: role.name, relation: rel.name, privilege: p }
                        return (
                          <MatrixCell
                            key={`${rel.oid}-${p}`}
                            cell={cell}
                            pending={pending[changeKey(k)]?.action}
                            title={`${role.name} · ${p} on ${grid.schema}.${rel.name}`}
                            data={{ role: role.name, relation: rel.name, privilege: p }}
                            onClick={() => toggle(k, cell)}
                            onHover={setWhy}
                          />
                        )
                      }),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        ) : (
          <Text>{schemas ? 'No schema to show.' : 'Loading…'}</Text>
        )}
        <Box
          mt="default"
          p="sm"
          data-testid="why"
          style={{
            minHeight: 22,
            fontSize: 13,
            background: 'var(--planetary-card-alt, #f7f8fc)',
            borderRadius: 4,
          }}
        >
          {why || 'Point at a cell to see why the role holds the privilege.'}
        </Box>
        {grid && relation ? (
          <Box mt="xl">
            <H3>
              Columns of {grid.schema}.{relation}{' '}
              <Button size="sm" variant="outlined" type="button" onClick={() => setRelation('')}>
                Close
              </Button>
            </H3>
            <ColumnGrid
              schema={grid.schema}
              relation={relation}
              columns={grid.relations.find((r) => r.name === relation)?.columns ?? []}
              privileges={grid.columnPrivileges}
              roles={roles}
              cells={columns ?? {}}
              pending={(k) => pending[changeKey(k)]?.action}
              onToggle={toggle}
              onHover={setWhy}
            />
          </Box>
        ) : null}
        {changes.length ? (
          <Box
            mt="xl"
            p="lg"
            style={{ border: '1px solid #c5cae9', borderRadius: 6 }}
            data-testid="pending"
          >
            <Text fontWeight="bold">
              {changes.length} pending change{changes.length === 1 ? '' : 's'}{' '}
              <Button size="sm" variant="outlined" type="button" onClick={() => setPending({})}>
                Clear
              </Button>
            </Text>
            {shown?.ok ? (
              <>
                <SqlBlock sql={String(shown.sql)} testId="sql-preview" />
                <Warnings warnings={shown.warnings} />
              </>
            ) : (
              <Failure reply={shown} />
            )}
            <PlanButtons busy={busy} onRun={(mode) => void run(mode)} />
          </Box>
        ) : null}
        <PlanOutcome reply={outcome} />
      </Box>
    </Box>
  )
}

export default GrantsMatrix

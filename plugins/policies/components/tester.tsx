import { Box, Button, H2, H3, Text } from '@adminjs/design-system'
import React, { useEffect, useState } from 'react'
import { Value } from '../../../core/plugin/components/value.jsx'
import {
  Failure,
  FieldError,
  Input,
  loadPage,
  mono,
  pageUrl,
  postPage,
  type Reply,
  RolePicker,
  ScrollRegion,
  tableKey,
  TablePicker,
  TextArea,
} from '../../../core/plugin/components/kit.jsx'

const PAGE = 'policies-tester'

interface Relation {
  schema: string
  name: string
  kind: string
}

interface Applied {
  schema: string
  name: string
  checkedAs: string
  rls: { enabled: boolean; forced: boolean }
  bypass: string | null
  policies: { name: string; permissive: boolean; command: string; using: string | null }[]
}

interface Order {
  column: string
  descending: boolean
}

interface Result {
  role: string
  relation: string
  where: string
  orderBy: Order | null
  columns: string[]
  rows: unknown[][]
  applied: Applied[]
  filters: string[]
  plan: string[]
  changeLogId: string
}

const PoliciesTester: React.FC = () => {
  const [roles, setRoles] = useState<{ name: string; login: boolean }[]>([])
  const [relations, setRelations] = useState<Relation[]>([])
  const [failure, setFailure] = useState<Reply | null>(null)
  const [notConfigured, setNotConfigured] = useState<string | null>(null)
  const [loaded, setLoaded] = useState(false)
  const [role, setRole] = useState('')
  const [claims, setClaims] = useState('{"tenant_id": 1}')
  const [relation, setRelation] = useState('')
  const [where, setWhere] = useState('')
  const [reply, setReply] = useState<Reply | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    void loadPage(PAGE).then((r) => {
      if (!r.ok) return setFailure(r)
      if (r.configured === false) return setNotConfigured(String(r.message))
      setRoles(r.roles as { name: string; login: boolean }[])
      setRelations(r.relations as Relation[])
      setLoaded(true)
    })
  }, [])

  const run = async (orderBy?: Order) => {
    const [schema = '', name = ''] = relation ? (JSON.parse(relation) as string[]) : []
    setBusy(true)
    setReply(
      await postPage(PAGE, {
        action: 'run',
        role,
        claims,
        relation: { schema, name },
        where,
        ...(orderBy ? { orderBy } : {}),
      }),
    )
    setBusy(false)
  }

  const result = reply?.ok ? (reply.result as Result) : null
  /** A header click orders by that column, a second click reverses it. */
  const sortBy = (column: string) =>
    void run({
      column,
      descending: result?.orderBy?.column === column ? !result.orderBy.descending : false,
    })
  const label: React.CSSProperties = { display: 'block', fontWeight: 600, marginBottom: 4 }

  return (
    <Box variant="grey">
      <Box variant="white" p="xl">
        <H2>Policy tester</H2>
        <Text mb="lg">
          Reads up to 50 rows as the chosen role with the chosen claims, in a read-only transaction,
          and shows which policies applied. Claims are set the way the console and PostgREST set
          them: <code>app.&lt;claim&gt;</code> and <code>request.jwt.claims</code>.
        </Text>
        <Failure reply={failure} />
        {notConfigured ? (
          <Text data-testid="tester-not-configured" color="error">
            {notConfigured}
          </Text>
        ) : null}
        <Text color="grey60" style={{ fontSize: 13 }} mb="default">
          It runs on its own login, which may act only as the roles that may be tested; you see the
          roles you were given to test as. Every run is recorded in the change log with your name,
          the role, the claims and the filter.
        </Text>
        {loaded && roles.length === 0 ? (
          <Text data-testid="tester-no-roles">
            You may not test as any role yet: an admin grants it with{' '}
            <code>planetary user set &lt;you&gt; --may-test karen,…</code>
          </Text>
        ) : null}
        <Box flex style={{ gap: 16, flexWrap: 'wrap', alignItems: 'flex-start' }}>
          <Box>
            <label style={label} htmlFor="tester-role">
              Role
            </label>
            <RolePicker
              id="tester-role"
              name="role"
              roles={roles.map((r) => r.name)}
              value={role}
              onChange={setRole}
              allowEmpty="choose…"
            />
            <FieldError fields={reply?.fields} names={['role']} />
          </Box>
          <Box>
            <label style={label} htmlFor="tester-claims">
              Claims (JSON)
            </label>
            <TextArea
              id="tester-claims"
              name="claims"
              rows={3}
              cols={36}
              spellCheck={false}
              style={{ ...mono, padding: 6 }}
              value={claims}
              onChange={(e) => setClaims(e.target.value)}
            />
            <FieldError fields={reply?.fields} names={['claims']} />
          </Box>
          <Box>
            <label style={label} htmlFor="tester-relation">
              Table or view
            </label>
            <TablePicker
              id="tester-relation"
              name="relation"
              tables={relations.map((r) => ({ schema: r.schema, name: r.name, note: r.kind }))}
              value={
                relation
                  ? (([schema, name]) => ({ schema, name }))(
                      JSON.parse(relation) as [string, string],
                    )
                  : null
              }
              onChange={(t) => setRelation(t ? tableKey(t) : '')}
            />
            <FieldError fields={reply?.fields} names={['relation']} />
          </Box>
          <Box style={{ alignSelf: 'flex-end' }}>
            <Button type="button" variant="contained" disabled={busy} onClick={() => void run()}>
              Run as role
            </Button>
          </Box>
        </Box>
        <Box mt="default">
          <label style={label} htmlFor="tester-where">
            Filter (WHERE, optional)
          </label>
          <Input
            id="tester-where"
            name="where"
            spellCheck={false}
            placeholder="amount > 100 AND status = 'paid'"
            style={{ ...mono, width: '100%', maxWidth: 720 }}
            value={where}
            onChange={(e) => setWhere(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') void run()
            }}
          />
          <Text color="grey60" style={{ fontSize: 13 }}>
            Checked by PostgreSQL&apos;s parser against the relation&apos;s columns; it narrows what
            the policies let through, never more. Click a column heading to order by it.
          </Text>
          <FieldError fields={reply?.fields} names={['where', 'orderBy']} />
        </Box>
        {reply && !reply.ok && !reply.fields ? <Failure reply={reply} /> : null}
        {result ? (
          <Box mt="xl" data-testid="tester-result">
            <H3>Policies that applied</H3>
            {result.applied.length === 0 ? <Text>No table under this relation.</Text> : null}
            {result.applied.map((a) => (
              <Box
                key={`${a.schema}.${a.name}.${a.checkedAs}`}
                mb="default"
                data-testid="applied-table"
              >
                <Text>
                  <b>
                    {a.schema}.{a.name}
                  </b>{' '}
                  checked as <b>{a.checkedAs}</b>
                  {a.checkedAs !== result.role ? ' (the view owner)' : ''} — RLS{' '}
                  {a.rls.enabled ? (a.rls.forced ? 'on, forced' : 'on') : 'off'}
                  {a.bypass ? ` — not filtered: ${a.bypass}` : ''}
                </Text>
                {a.policies.map((p) => (
                  <Text
                    key={p.name}
                    style={{ ...mono, marginLeft: 16 }}
                    data-testid="applied-policy"
                  >
                    {p.name} ({p.permissive ? 'permissive' : 'restrictive'}, {p.command}): USING{' '}
                    {p.using ?? '—'}
                  </Text>
                ))}
                {!a.bypass && a.policies.length === 0 ? (
                  <Text color="error" style={{ marginLeft: 16 }}>
                    no policy applies: every row is denied
                  </Text>
                ) : null}
              </Box>
            ))}
            <H3>Plan filter lines</H3>
            {result.filters.length ? (
              result.filters.map((f, i) => (
                <Text key={i} style={mono}>
                  {f}
                </Text>
              ))
            ) : (
              <Text>none</Text>
            )}
            <H3 mt="lg">
              {result.rows.length} row{result.rows.length === 1 ? '' : 's'} of {result.relation} as{' '}
              {result.role}
              {result.where ? ` where ${result.where}` : ''}
            </H3>
            <ScrollRegion label="Rows the role sees">
              <table style={{ borderCollapse: 'collapse', fontSize: 13 }} data-testid="tester-rows">
                <thead>
                  <tr>
                    {result.columns.map((c, i) => (
                      <th
                        key={i}
                        data-column={c}
                        style={{
                          textAlign: 'left',
                          padding: '4px 8px',
                          borderBottom: '2px solid rgba(127, 127, 127, 0.45)',
                          cursor: 'pointer',
                          whiteSpace: 'nowrap',
                        }}
                        title={`Order by ${c}`}
                        onClick={() => sortBy(c)}
                      >
                        {c}
                        {result.orderBy?.column === c
                          ? result.orderBy.descending
                            ? ' ▼'
                            : ' ▲'
                          : ''}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {result.rows.map((r, i) => (
                    <tr key={i}>
                      {r.map((v, j) => (
                        <td
                          key={j}
                          style={{
                            padding: '2px 8px',
                            borderBottom: '1px solid rgba(127, 127, 127, 0.25)',
                          }}
                        >
                          <Value value={v} />
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
            <Text mt="default" color="grey60" style={{ fontSize: 13 }} data-testid="tester-logged">
              Recorded as{' '}
              <a
                href={pageUrl('change-log', { id: result.changeLogId })}
                data-testid="change-log-link"
              >
                change log #{result.changeLogId}
              </a>
              .
            </Text>
            <details style={{ marginTop: 16 }}>
              <summary>EXPLAIN plan</summary>
              <pre style={mono}>{result.plan.join('\n')}</pre>
            </details>
          </Box>
        ) : null}
      </Box>
    </Box>
  )
}

export default PoliciesTester

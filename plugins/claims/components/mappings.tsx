import { Box, H2, H3, MessageBox, Text } from '@adminjs/design-system'
import React, { useState } from 'react'
import { Failure, usePageData, useStatePost } from '../../../core/plugin/components/kit.jsx'
import { ConsoleUsers } from './console-users.jsx'
import { emptyMapping, MappingFormBox, type MappingForm } from './mapping-form.jsx'
import { PreRequestPanel } from './pre-request-panel.jsx'
import { RoleDocCard } from './role-docs.jsx'
import type { ConsoleUser, Declaration, Mapping, RoleDoc } from './types.js'

const PAGE = 'claims-mappings'

interface State {
  declarations: Declaration[]
  mappings: Mapping[]
  users: ConsoleUser[]
  docs: RoleDoc[]
  roles: string[]
  schemas: string[]
}

const ClaimsMappings: React.FC = () => {
  const { data: state, setData: setState, failure, setFailure } = usePageData<State>(PAGE)
  const [version, setVersion] = useState(0)
  const [form, setForm] = useState<MappingForm>(emptyMapping())
  const { post, fields, notice, busy } = useStatePost<State>(
    PAGE,
    { setData: setState, setFailure },
    () => setVersion((v) => v + 1),
  )

  const save = async () => {
    if (await post({ action: 'save', mapping: form }, `Mapped ${form.claim} for ${form.role}.`))
      setForm(emptyMapping())
  }

  return (
    <Box variant="grey">
      <Box variant="white" p="xl">
        <H2>Claim mappings</H2>
        <Text mb="lg">
          Per role, which JWT claim feeds which <code>app.&lt;claim&gt;</code> setting: documented
          as the exact <code>set_config</code> calls, and generated as PostgREST's{' '}
          <code>db-pre-request</code> function.
        </Text>
        <Failure reply={failure} />
        {notice ? (
          <Box mb="default" data-testid="notice">
            <MessageBox variant="success" message={notice} />
          </Box>
        ) : null}
        {state ? (
          <>
            {state.declarations.length === 0 ? (
              <Box mb="default">
                <MessageBox
                  variant="info"
                  message="Declare a claim on the Session claims page first: mappings name declared claims."
                />
              </Box>
            ) : null}
            <MappingFormBox
              value={form}
              roles={state.roles}
              declarations={state.declarations}
              fields={fields}
              busy={busy}
              onChange={setForm}
              onSave={() => void save()}
            />
            <H3>Per role ({state.docs.length})</H3>
            {state.docs.length === 0 ? (
              <Text style={{ color: 'var(--planetary-muted, #5f6368)' }}>
                No role has a mapping yet.
              </Text>
            ) : null}
            {state.docs.map((doc) => (
              <RoleDocCard
                key={doc.role}
                doc={doc}
                busy={busy}
                onRemove={(claim) =>
                  void post(
                    { action: 'delete', role: doc.role, claim },
                    `Removed ${claim} for ${doc.role}.`,
                  )
                }
              />
            ))}
            <PreRequestPanel page={PAGE} schemas={state.schemas} version={version} />
            <ConsoleUsers users={state.users} declarations={state.declarations} />
          </>
        ) : failure ? null : (
          <Text>Loading…</Text>
        )}
      </Box>
    </Box>
  )
}

export default ClaimsMappings

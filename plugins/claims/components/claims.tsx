import { Box, H2, H3, MessageBox, Text } from '@adminjs/design-system'
import React, { useState } from 'react'
import { Failure, mono, usePageData, useStatePost } from '../../../core/plugin/components/kit.jsx'
import { ClaimForm, emptyDeclaration, type DeclarationForm } from './claim-form.jsx'
import { DeclaredCard, UndeclaredCard } from './claim-cards.jsx'
import type { DeclaredClaim, UndeclaredClaim } from './types.js'

const PAGE = 'claims-declared'

interface State {
  types: string[]
  stored: boolean
  declared: DeclaredClaim[]
  undeclared: UndeclaredClaim[]
}

const ClaimsList: React.FC = () => {
  const { data: state, setData: setState, failure, setFailure } = usePageData<State>(PAGE)
  const [form, setForm] = useState<DeclarationForm>(emptyDeclaration())
  const { post, fields, setFields, notice, busy } = useStatePost<State>(PAGE, {
    setData: setState,
    setFailure,
  })

  const save = async (f: DeclarationForm) => {
    const { original, ...declaration } = f
    const ok = await post(
      { action: 'save', declaration: { ...declaration, ...(original ? { original } : {}) } },
      original ? `Saved app.${f.name}.` : `Declared app.${f.name} as ${f.type}.`,
    )
    if (ok) setForm(emptyDeclaration())
  }

  /** One click: the form takes the claim as suggested (so a refusal shows beside its field). */
  const declare = (c: UndeclaredClaim) => {
    const first = c.places[0]
    const from = first ? `${first.kind} ${first.schema}.${first.object}` : 'the database'
    const next = {
      name: c.name,
      type: c.suggestedType,
      description: `Declared from its use in ${from}.`,
      required: false,
    }
    setForm(next)
    void save(next)
  }

  const remove = (name: string) => {
    if (
      !window.confirm(
        `Delete the declaration of app.${name}? Policies that read it keep reading it.`,
      )
    )
      return
    void post({ action: 'delete', name }, `Deleted app.${name}.`)
  }

  return (
    <Box variant="grey">
      <Box variant="white" p="xl">
        <H2>Session claims</H2>
        <Text mb="lg">
          The claim variables your policies read:{' '}
          <code style={mono}>current_setting('app.&lt;claim&gt;', true)</code> (set by the console
          for its users and by PostgREST's pre-request function) or{' '}
          <code style={mono}>request.jwt.claims -&gt;&gt; '&lt;claim&gt;'</code>. Each claim lists
          every policy, view, function, column default and CHECK that uses it — SQL read by the
          PostgreSQL parser, PL/pgSQL bodies by text matching (marked).
        </Text>
        <Failure reply={failure} />
        {notice ? (
          <Box mb="default" data-testid="notice">
            <MessageBox variant="success" message={notice} />
          </Box>
        ) : null}
        {state ? (
          <>
            <ClaimForm
              value={form}
              types={state.types}
              fields={fields}
              busy={busy}
              onChange={setForm}
              onSave={() => void save(form)}
              onCancel={() => {
                setForm(emptyDeclaration())
                setFields(undefined)
              }}
            />
            <H3>Declared ({state.declared.length})</H3>
            {state.declared.length === 0 ? (
              <Text mb="lg" style={{ color: 'var(--planetary-muted, #5f6368)' }}>
                None yet{state.stored ? '' : ': the first declaration creates the claims tables'}.
              </Text>
            ) : null}
            {state.declared.map((c) => (
              <DeclaredCard
                key={c.name}
                claim={c}
                onEdit={() => {
                  setForm({
                    original: c.name,
                    name: c.name,
                    type: c.type,
                    description: c.description,
                    required: c.required,
                  })
                  setFields(undefined)
                  window.scrollTo({ top: 0, behavior: 'smooth' })
                }}
                onDelete={() => remove(c.name)}
              />
            ))}
            <H3 mt="xl">Used but not declared ({state.undeclared.length})</H3>
            {state.undeclared.length === 0 ? (
              <Text style={{ color: 'var(--planetary-muted, #5f6368)' }}>
                Every claim in use is declared.
              </Text>
            ) : null}
            {state.undeclared.map((c) => (
              <UndeclaredCard key={c.name} claim={c} busy={busy} onDeclare={() => declare(c)} />
            ))}
          </>
        ) : failure ? null : (
          <Text>Loading…</Text>
        )}
      </Box>
    </Box>
  )
}

export default ClaimsList

import { Box, Button, H3 } from '@adminjs/design-system'
import React from 'react'
import { Choice, FieldError, Input, labelStyle } from '../../../core/plugin/components/kit.jsx'
import type { Declaration } from './types.js'

/** What the mapping form holds; kept as typed when the server refuses it. */
export interface MappingForm {
  role: string
  claim: string
  jwtPath: string
  note: string
}

export const emptyMapping = (): MappingForm => ({ role: '', claim: '', jwtPath: '', note: '' })

/** Map one role's claim to a JWT path; saving the same role and claim again replaces it. */
export function MappingFormBox(props: {
  value: MappingForm
  roles: string[]
  declarations: Declaration[]
  fields?: Record<string, string> | undefined
  busy: boolean
  onChange: (form: MappingForm) => void
  onSave: () => void
}) {
  const { value: form, onChange } = props
  const set = (patch: Partial<MappingForm>) => onChange({ ...form, ...patch })
  return (
    <Box
      mb="xl"
      p="lg"
      style={{ border: '1px solid #c5cae9', borderRadius: 6 }}
      data-testid="mapping-form"
    >
      <H3>Map a JWT claim to a role's claim</H3>
      <Box flex style={{ gap: 16, flexWrap: 'wrap', alignItems: 'flex-start' }}>
        <Box>
          <label style={labelStyle} htmlFor="mapping-role">
            Role
          </label>
          <Choice
            id="mapping-role"
            name="role"
            value={form.role}
            onChange={(e) => set({ role: e.target.value })}
            empty="choose…"
            values={props.roles}
          />
          <FieldError fields={props.fields} names={['role']} />
        </Box>
        <Box>
          <label style={labelStyle} htmlFor="mapping-claim">
            Claim
          </label>
          <Choice
            id="mapping-claim"
            name="claim"
            value={form.claim}
            onChange={(e) =>
              set({ claim: e.target.value, ...(form.jwtPath ? {} : { jwtPath: e.target.value }) })
            }
          >
            <option value="">choose…</option>
            {props.declarations.map((d) => (
              <option key={d.name} value={d.name}>
                app.{d.name} ({d.type})
              </option>
            ))}
          </Choice>
          <FieldError fields={props.fields} names={['claim']} />
        </Box>
        <Box>
          <label style={labelStyle} htmlFor="mapping-path">
            JWT path
          </label>
          <Input
            id="mapping-path"
            name="jwtPath"
            value={form.jwtPath}
            placeholder={'app_metadata.tenant_id or "https://acme.test/claims".tenant_id'}
            onChange={(e) => set({ jwtPath: e.target.value })}
          />
          <FieldError fields={props.fields} names={['jwtPath']} />
        </Box>
        <Box style={{ flex: 1, minWidth: 240 }}>
          <label style={labelStyle} htmlFor="mapping-note">
            Note
          </label>
          <Input
            id="mapping-note"
            name="note"
            style={{ width: '100%' }}
            value={form.note}
            placeholder="Who issues it (Auth0 rule, Supabase hook…)"
            onChange={(e) => set({ note: e.target.value })}
          />
          <FieldError fields={props.fields} names={['note']} />
        </Box>
      </Box>
      <Button
        type="button"
        variant="contained"
        mt="default"
        disabled={props.busy}
        onClick={props.onSave}
      >
        Save mapping
      </Button>
    </Box>
  )
}

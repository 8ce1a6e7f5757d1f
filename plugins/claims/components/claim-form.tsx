import { Box, Button, H3 } from '@adminjs/design-system'
import React from 'react'
import {
  Check,
  Choice,
  FieldError,
  Input,
  labelStyle,
} from '../../../core/plugin/components/kit.jsx'

/** What the declaration form holds; kept as typed when the server refuses it. */
export interface DeclarationForm {
  original?: string
  name: string
  type: string
  description: string
  required: boolean
}

export const emptyDeclaration = (): DeclarationForm => ({
  name: '',
  type: 'text',
  description: '',
  required: false,
})

/** Declare a claim, or edit one (then `original` names it). */
export function ClaimForm(props: {
  value: DeclarationForm
  types: string[]
  fields?: Record<string, string> | undefined
  busy: boolean
  onChange: (form: DeclarationForm) => void
  onSave: () => void
  onCancel: () => void
}) {
  const { value: form, onChange } = props
  const set = (patch: Partial<DeclarationForm>) => onChange({ ...form, ...patch })
  return (
    <Box
      mb="xl"
      p="lg"
      style={{ border: '1px solid #c5cae9', borderRadius: 6 }}
      data-testid="declare-form"
    >
      <H3>{form.original ? `Edit claim ${form.original}` : 'Declare a claim'}</H3>
      <Box flex style={{ gap: 16, flexWrap: 'wrap', alignItems: 'flex-start' }}>
        <Box>
          <label style={labelStyle} htmlFor="claim-name">
            Name (app.&lt;name&gt;)
          </label>
          <Input
            id="claim-name"
            name="name"
            value={form.name}
            placeholder="tenant_id"
            onChange={(e) => set({ name: e.target.value })}
          />
          <FieldError fields={props.fields} names={['name', 'original']} />
        </Box>
        <Box>
          <label style={labelStyle} htmlFor="claim-type">
            Type
          </label>
          <Choice
            id="claim-type"
            name="type"
            value={form.type}
            onChange={(e) => set({ type: e.target.value })}
            values={props.types}
          />
          <FieldError fields={props.fields} names={['type']} />
        </Box>
        <Box style={{ flex: 1, minWidth: 280 }}>
          <label style={labelStyle} htmlFor="claim-description">
            Description
          </label>
          <Input
            id="claim-description"
            name="description"
            style={{ width: '100%' }}
            value={form.description}
            placeholder="What the claim means, who sets it"
            onChange={(e) => set({ description: e.target.value })}
          />
          <FieldError fields={props.fields} names={['description']} />
        </Box>
        <Box style={{ paddingTop: 26 }}>
          <Check
            name="required"
            checked={form.required}
            onChange={(e) => set({ required: e.target.checked })}
            label={<>required (the pre-request function refuses a request without it)</>}
          />
        </Box>
      </Box>
      <Box mt="default">
        <Button
          type="button"
          variant="contained"
          mr="default"
          disabled={props.busy}
          onClick={props.onSave}
        >
          {form.original ? 'Save changes' : 'Declare'}
        </Button>
        {form.original ? (
          <Button type="button" onClick={props.onCancel}>
            Cancel
          </Button>
        ) : null}
      </Box>
    </Box>
  )
}

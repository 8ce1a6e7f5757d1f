import { Box, Text } from '@adminjs/design-system'
import React from 'react'
import { Check, FieldError, Input, labelStyle, type Options, type RedactionChoice } from './kit.js'

/**
 * Where the redaction library lives, and whether this plan installs it there first (CREATE OR
 * REPLACE, EXECUTE for PUBLIC, as a view's readers need). A new schema can be created with it.
 */
export function RedactionChoiceForm(props: {
  value: RedactionChoice
  onChange: (r: RedactionChoice) => void
  options: Options
  used: boolean
  fields?: Record<string, string> | undefined
}) {
  const { value: r, options } = props
  const installed = options.librarySchemas.includes(r.schema)
  const known = options.schemas.includes(r.schema)
  return (
    <Box data-testid="redaction-choice">
      <Box flex style={{ gap: 16, alignItems: 'flex-end', flexWrap: 'wrap' }}>
        <Box>
          <label style={labelStyle} htmlFor="redaction.schema">
            Redaction functions in schema
          </label>
          <Input
            id="redaction.schema"
            name="redaction.schema"
            list="redaction-schemas"
            value={r.schema}
            onChange={(e) => {
              const schema = e.target.value
              props.onChange({
                schema,
                install: !options.librarySchemas.includes(schema),
                createSchema: schema !== '' && !options.schemas.includes(schema),
              })
            }}
          />
          <datalist id="redaction-schemas">
            {options.schemas.map((s) => (
              <option key={s} value={s}>
                {options.librarySchemas.includes(s) ? 'library installed' : ''}
              </option>
            ))}
          </datalist>
        </Box>
        <Check
          name="redaction.install"
          checked={r.install}
          onChange={(e) => props.onChange({ ...r, install: e.target.checked })}
          label={<>install (or refresh) the library there in this plan</>}
        />
        {!known && r.schema ? (
          <Check
            name="redaction.createSchema"
            checked={r.createSchema}
            onChange={(e) => props.onChange({ ...r, createSchema: e.target.checked })}
            label={<>create schema {r.schema}</>}
          />
        ) : null}
      </Box>
      <Text mt="sm" style={{ fontSize: 13, color: installed ? '#2e7d32' : '#8d6e00' }}>
        {installed
          ? `The library is installed in ${r.schema}.`
          : props.used
            ? `The library is not in ${r.schema || 'that schema'} yet: install it with this plan.`
            : `The library is not in ${r.schema || 'that schema'}; no column is redacted yet.`}{' '}
        The DDL role needs CREATE on the schema (the console&apos;s own schema needs a grant first).
      </Text>
      <FieldError fields={props.fields} names={['redaction']} />
    </Box>
  )
}

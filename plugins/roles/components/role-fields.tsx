import { ViewHelpers } from 'adminjs'
import React from 'react'
import { Check as KitCheck, RolePicker } from '../../../core/plugin/components/kit.jsx'

// What the role editor's sections share: the server's shapes and two small fields.

const h = new ViewHelpers()

/** The editor's URL for a role (a blank form without one). */
export const editorUrl = (role?: string) =>
  `${h.pageUrl('roles-editor')}${role ? `?${new URLSearchParams({ role }).toString()}` : ''}`

export const cell: React.CSSProperties = { padding: '5px 8px', verticalAlign: 'top' }

/** Asks the page to show a plan (membership, setting, drop) for Dry run / Apply. */
export type Ask = (title: string, body: Record<string, unknown>) => Promise<void>

export interface Membership {
  role: string
  admin: boolean
  inherit: boolean | null
  set: boolean | null
  grantor: string | null
}

export interface Dependent {
  kind: string
  database: string | null
  here: boolean
  description: string | null
  count: number
}

export interface Setting {
  database: string | null
  name: string
  value: string
}

export interface ObjectRights {
  objectType: string
  schema: string | null
  name: string
  column: string | null
  privileges: { privilege: string; via: string[]; grantable: boolean }[]
}

/** A role picker with a first, empty choice that says what picking does. */
export function RoleSelect(props: {
  label: string
  name: string
  placeholder: string
  roles: readonly string[]
  value: string
  onChange: (role: string) => void
}) {
  return (
    <RolePicker
      aria-label={props.label}
      name={props.name}
      roles={props.roles}
      value={props.value}
      allowEmpty={props.placeholder}
      width={320}
      onChange={props.onChange}
    />
  )
}

/** A checkbox with its label after it (the kit's, taking the new state). */
export function Check(props: {
  name?: string
  checked: boolean
  onChange: (checked: boolean) => void
  children: React.ReactNode
}) {
  return (
    <KitCheck
      {...(props.name ? { name: props.name } : {})}
      checked={props.checked}
      onChange={(e) => props.onChange(e.target.checked)}
      label={props.children}
    />
  )
}

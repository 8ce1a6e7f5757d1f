import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import React from 'react'
import { describe, expect, it } from 'vitest'
import { choiceOptions } from '../../../core/plugin/components/controls.jsx'

// Plugin pages build every control from the kit (core/plugin/components/controls.tsx,
// pickers.tsx) on AdminJS's design system: a native control in a plugin component is a page
// that looks and behaves unlike the rest of the console (browser-blue buttons, Ctrl-click lists).
const PLUGINS = join(process.cwd(), 'plugins')

const components = (): { path: string; source: string }[] =>
  readdirSync(PLUGINS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => {
      const dir = join(PLUGINS, d.name, 'components')
      let files: string[]
      try {
        files = readdirSync(dir).filter((f) => f.endsWith('.tsx'))
      } catch {
        return []
      }
      return files.map((f) => ({
        path: `${d.name}/components/${f}`,
        source: readFileSync(join(dir, f), 'utf8'),
      }))
    })

/** Native controls a plugin component must not render, and the kit piece to use instead. */
const FORBIDDEN: readonly [RegExp, string][] = [
  [/<select\b/, 'Choice, RolePicker, TablePicker or ColumnPicker'],
  [/<[A-Za-z][^>]*\smultiple\b/, 'MultiChoice, RolesPicker or ColumnsPicker'],
  [/<button\b/, 'Button (or IconButton) from the design system'],
  [/<input\b/, 'Input, Check or a picker'],
  [/<textarea\b/, 'TextArea'],
  [/\b(nativeInput|smallButton)\b/, 'the design-system control'],
]

describe('plugin components use the kit’s design-system controls', () => {
  const found = components()

  it('finds the plugin components', () => {
    expect(found.length).toBeGreaterThan(30)
  })

  it.each(FORBIDDEN)('no plugin component matches %s', (pattern, instead) => {
    const offenders = found
      .filter((c) => pattern.test(c.source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')))
      .map((c) => `${c.path} (use ${instead})`)
    expect(offenders).toEqual([])
  })

  it('the kit offers the pickers every page chooses roles, tables and columns with', async () => {
    const kit = readFileSync(join(process.cwd(), 'core/plugin/components/kit.tsx'), 'utf8')
    expect(kit).toContain("export * from './controls.jsx'")
    expect(kit).toContain("export * from './pickers.jsx'")
    const pickers = readFileSync(join(process.cwd(), 'core/plugin/components/pickers.tsx'), 'utf8')
    for (const name of [
      'RolePicker',
      'RolesPicker',
      'TablePicker',
      'ColumnPicker',
      'ColumnsPicker',
    ]) {
      expect(pickers).toMatch(new RegExp(`export function ${name}\\(`))
    }
  })
})

describe('Choice options', () => {
  it('lists values as their own labels, the named empty choice first', () => {
    expect(choiceOptions({ values: ['app', '<b>x</b>'], empty: 'all' })).toEqual([
      { value: '', label: 'all' },
      { value: 'app', label: 'app' },
      { value: '<b>x</b>', label: '<b>x</b>' },
    ])
    expect(choiceOptions({ values: [] })).toEqual([])
  })

  it('reads <option> children as before, and options before values', () => {
    const children = [
      React.createElement('option', { key: 'a', value: '' }, 'any'),
      React.createElement('option', { key: 'b' }, 'SELECT'),
    ]
    expect(choiceOptions({ children })).toEqual([
      { value: '', label: 'any', isDisabled: false },
      { value: 'SELECT', label: 'SELECT', isDisabled: false },
    ])
    expect(choiceOptions({ options: [{ value: 'x', label: 'X' }], values: ['y'] })).toEqual([
      { value: 'x', label: 'X' },
    ])
  })
})

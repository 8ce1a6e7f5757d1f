/**
 * The controls of every plugin page, on AdminJS's design system: a searchable single choice
 * (`Choice`, react-select underneath, written like a native select with its options as
 * children), several choices (`MultiChoice`), a checkbox with its label (`Check`), a labelled
 * field (`Field`), an icon-only button that names itself (`IconButton`) and a status badge whose
 * colours stay readable (`StatusBadge`). Text inputs are the design system's `Input` and
 * `TextArea`, buttons its `Button`, re-exported here so a page imports one kit.
 */
import {
  Badge,
  Box,
  Button,
  CheckBox,
  FormGroup,
  Icon,
  Input as DesignInput,
  Label,
  Select,
  Text,
  TextArea as DesignTextArea,
  theme,
} from '@adminjs/design-system'
import React, { useEffect, useId } from 'react'

export { Badge, Button, Label }

interface DesignSize {
  variant?: 'sm' | 'lg' | 'xl' | 'default' | 'xxl'
  borderless?: boolean
}

/** The design system's text input, typed with the native input's attributes and events. */
export const Input = DesignInput as unknown as React.FC<
  React.InputHTMLAttributes<HTMLInputElement> & DesignSize
>

/** The design system's text area, typed with the native textarea's attributes and events. */
export const TextArea = DesignTextArea as unknown as React.FC<
  React.TextareaHTMLAttributes<HTMLTextAreaElement> & DesignSize
>

/** One choice of a `Choice` or `MultiChoice`. */
export interface ChoiceOption {
  value: string
  label: string
  isDisabled?: boolean
}

/** Options under a heading (a native select's optgroup). */
export interface ChoiceGroup {
  label: string
  options: ChoiceOption[]
}

type OptionList = (ChoiceOption | ChoiceGroup)[]

const textOf = (node: React.ReactNode): string => {
  if (node === null || node === undefined || typeof node === 'boolean') return ''
  if (typeof node === 'string' || typeof node === 'number') return String(node)
  if (Array.isArray(node)) return node.map(textOf).join('')
  if (React.isValidElement<{ children?: React.ReactNode }>(node)) return textOf(node.props.children)
  return ''
}

/**
 * The options written as `<option>` / `<optgroup>` children (fragments and conditionals
 * included), as react-select options; an option without `value` takes its text, as in HTML.
 */
export function optionsOf(children: React.ReactNode): OptionList {
  const out: OptionList = []
  React.Children.forEach(children, (child) => {
    if (!React.isValidElement<Record<string, unknown>>(child)) return
    const props = child.props
    if (child.type === React.Fragment) {
      out.push(...optionsOf(props.children as React.ReactNode))
    } else if (child.type === 'optgroup') {
      const inner = optionsOf(props.children as React.ReactNode).filter(
        (o): o is ChoiceOption => 'value' in o,
      )
      out.push({ label: String(props.label ?? ''), options: inner })
    } else if (child.type === 'option') {
      const label = textOf(props.children as React.ReactNode)
      out.push({
        value: props.value === undefined ? label : String(props.value as string),
        label,
        isDisabled: Boolean(props.disabled),
      })
    }
  })
  return out
}

const flat = (options: OptionList): ChoiceOption[] =>
  options.flatMap((o) => ('options' in o ? o.options : [o]))

/** The design system's select colours, with a placeholder dark enough to read (4.5:1). */
const styles = {
  control: (base: object) => ({
    ...base,
    boxShadow: 'none',
    background: 'var(--planetary-card, #fff)',
    borderColor: theme.colors.inputBorder,
    minHeight: 36,
  }),
  input: (base: object) => ({ ...base, color: theme.colors.grey100 }),
  singleValue: (base: object) => ({ ...base, color: theme.colors.grey100 }),
  placeholder: (base: object) => ({ ...base, color: theme.colors.grey80 }),
  menu: (base: object) => ({
    ...base,
    boxShadow: 'none',
    background: theme.colors.container,
    border: theme.borders.input,
    zIndex: 100,
  }),
  groupHeading: (base: object) => ({ ...base, color: theme.colors.grey80 }),
  multiValueLabel: (base: object) => ({ ...base, color: theme.colors.grey100 }),
  noOptionsMessage: (base: object) => ({ ...base, color: theme.colors.grey80 }),
}

/** What a `Choice` hands its `onChange`: shaped like a native change event's target. */
export interface ChoiceEvent {
  target: { value: string; name: string }
}

export interface ChoiceProps {
  /** The form name (a hidden input carries the value) and `data-choice` of the wrapper. */
  name?: string
  /** The id of the text box a `<Label htmlFor>` names; `pick-<name>` when absent. */
  id?: string
  value: string
  onChange?: (event: ChoiceEvent) => void
  /** `<option>` / `<optgroup>` children, or `options`, or `values` (each its own label). */
  children?: React.ReactNode
  options?: OptionList
  values?: readonly string[]
  /** The label of the empty choice (`<option value="">`): shown when nothing is chosen. */
  empty?: string
  'aria-label'?: string
  'aria-labelledby'?: string
  'aria-describedby'?: string
  'aria-invalid'?: boolean
  disabled?: boolean
  placeholder?: string
  /** Width of the control (CSS); a page's old `style.minWidth`/`width` go here. */
  width?: number | string
  style?: React.CSSProperties
  title?: string
  'data-testid'?: string
}

/** A name in words for a control that has no label: `using-column-0` → "using column 1". */
export const nameInWords = (name: string): string =>
  name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => (/^\d+$/.test(w) ? String(Number(w) + 1) : w.toLowerCase()))
    .join(' ')

/**
 * Names the text box `id` after `words` when nothing else does (no `<label>` around or for it,
 * no aria-label): a picker in a table row or a condition line has no visible label of its own.
 */
function useFallbackName(id: string, words: string) {
  useEffect(() => {
    const el = document.getElementById(id)
    if (!(el instanceof HTMLInputElement) || !words) return
    if (el.labels?.length || el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby'))
      return
    el.setAttribute('aria-label', words)
  })
}

const idFor = (name: string | undefined, fallback: string) =>
  name ? `pick-${name.replace(/[^A-Za-z0-9_-]/g, '-')}` : fallback

const widthOf = (p: { width?: number | string; style?: React.CSSProperties }) =>
  p.width ?? p.style?.width ?? p.style?.minWidth ?? 220

/** A Choice's options: the empty one first when named, then `options`, `values` or children. */
export function choiceOptions(
  props: Pick<ChoiceProps, 'empty' | 'options' | 'values' | 'children'>,
): OptionList {
  return [
    ...(props.empty === undefined ? [] : [{ value: '', label: props.empty }]),
    ...(props.options ??
      props.values?.map((v) => ({ value: v, label: v })) ??
      optionsOf(props.children)),
  ]
}

/**
 * One value from a list, searchable by typing and chosen with the arrow keys and Enter. Written
 * like a native select, so `onChange={(e) => set(e.target.value)}` reads the same; an
 * `<option value="">` becomes the placeholder and makes the choice clearable.
 *
 * @example
 * <Choice name="command" value={command} onChange={(e) => setCommand(e.target.value)}>
 *   <option>SELECT</option><option>INSERT</option>
 * </Choice>
 * <Choice name="schema" value={schema} onChange={(e) => setSchema(e.target.value)}
 *   empty="all" values={schemas} />
 */
export function Choice(props: ChoiceProps) {
  const fallback = useId()
  const all = choiceOptions(props)
  const empty = flat(all).find((o) => o.value === '')
  const options = all
    .map((o) => ('options' in o ? { ...o, options: o.options.filter((x) => x.value !== '') } : o))
    .filter((o) => !('value' in o) || o.value !== '')
  const known = flat(options).find((o) => o.value === props.value)
  const value = props.value === '' ? null : (known ?? { value: props.value, label: props.value })
  const name = props.name ?? ''
  const inputId = props.id ?? idFor(props.name, fallback)
  useFallbackName(inputId, props.title ?? nameInWords(name))
  return (
    <Box
      data-choice={name}
      data-testid={props['data-testid']}
      title={props.title}
      style={{ display: 'inline-block', verticalAlign: 'middle', width: widthOf(props) }}
    >
      <Select
        inputId={inputId}
        name={props.name}
        value={value}
        options={options}
        isClearable={Boolean(empty)}
        isSearchable
        isDisabled={props.disabled}
        placeholder={props.placeholder ?? empty?.label ?? 'Choose…'}
        aria-label={props['aria-label']}
        aria-labelledby={props['aria-labelledby']}
        aria-describedby={props['aria-describedby']}
        aria-invalid={props['aria-invalid']}
        styles={styles}
        onChange={(chosen: ChoiceOption | null) =>
          props.onChange?.({ target: { value: chosen?.value ?? '', name } })
        }
      />
    </Box>
  )
}

/** A labelled filter over a list: the empty choice ("any" unless named), then each value. */
export function FilterChoice(props: {
  label: string
  name: string
  value: string
  values: readonly string[]
  empty?: string
  onChange: (value: string) => void
}) {
  return (
    <label>
      {props.label}{' '}
      <Choice
        name={props.name}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        empty={props.empty ?? 'any'}
        values={props.values}
      />
    </label>
  )
}

/**
 * Several values from a list (roles to grant to, say): searchable, each chosen one a removable
 * chip, no Ctrl-click.
 */
export function MultiChoice(props: {
  name?: string
  id?: string
  value: readonly string[]
  options: readonly (string | ChoiceOption)[]
  onChange: (values: string[]) => void
  'aria-label'?: string
  disabled?: boolean
  placeholder?: string
  width?: number | string
}) {
  const fallback = useId()
  const options = props.options.map((o) => (typeof o === 'string' ? { value: o, label: o } : o))
  const value = props.value.map((v) => options.find((o) => o.value === v) ?? { value: v, label: v })
  const name = props.name ?? ''
  const inputId = props.id ?? idFor(props.name, fallback)
  useFallbackName(inputId, nameInWords(name))
  return (
    <Box data-choice={name} style={{ width: props.width ?? 320, maxWidth: '100%' }}>
      <Select
        isMulti
        inputId={inputId}
        name={props.name}
        value={value}
        options={options}
        isSearchable
        isClearable
        closeMenuOnSelect={false}
        isDisabled={props.disabled}
        placeholder={props.placeholder ?? 'Choose…'}
        aria-label={props['aria-label']}
        styles={styles}
        onChange={(chosen: readonly ChoiceOption[] | null) =>
          props.onChange((chosen ?? []).map((o) => o.value))
        }
      />
    </Box>
  )
}

/** What a `Check` hands its `onChange`: shaped like a native change event's target. */
export interface CheckEvent {
  target: { checked: boolean; value: string; name: string }
}

/**
 * The design system's checkbox with its label beside it (click either); `onChange` gets the
 * new state as `e.target.checked`, like a native checkbox.
 */
export function Check(props: {
  name?: string
  value?: string
  id?: string
  checked: boolean
  onChange?: (event: CheckEvent) => void
  disabled?: boolean
  /** The visible label; without it, `aria-label` names the box. */
  label?: React.ReactNode
  'aria-label'?: string
  'aria-describedby'?: string
  'data-testid'?: string
  title?: string
  mr?: string
}) {
  const fallback = useId()
  const id = props.id ?? `check-${fallback.replace(/:/g, '')}`
  const toggle = () =>
    props.onChange?.({
      target: { checked: !props.checked, value: props.value ?? 'on', name: props.name ?? '' },
    })
  return (
    <Box
      as="span"
      mr={props.mr ?? 'lg'}
      style={{ display: 'inline-flex', alignItems: 'center', gap: 6, whiteSpace: 'nowrap' }}
      title={props.title}
    >
      <CheckBox
        id={id}
        name={props.name}
        value={props.value}
        checked={props.checked}
        disabled={props.disabled}
        aria-label={props.label ? undefined : props['aria-label']}
        aria-describedby={props['aria-describedby']}
        data-testid={props['data-testid']}
        onChange={toggle}
      />
      {props.label ? (
        <Label htmlFor={id} inline mb="0" style={{ marginBottom: 0, cursor: 'pointer' }}>
          {props.label}
        </Label>
      ) : null}
    </Box>
  )
}

/** A form field: its label above, the control, then a hint in muted text. */
export function Field(props: {
  label: React.ReactNode
  htmlFor?: string
  hint?: React.ReactNode
  required?: boolean
  children: React.ReactNode
  mb?: string
}) {
  return (
    <FormGroup mb={props.mb ?? 'lg'}>
      <Label htmlFor={props.htmlFor} required={props.required}>
        {props.label}
      </Label>
      {props.children}
      {props.hint ? (
        <Text mt="sm" style={{ color: theme.colors.grey80, fontSize: 13 }}>
          {props.hint}
        </Text>
      ) : null}
    </FormGroup>
  )
}

/** A button that shows only an icon: `label` is its accessible name and its tooltip. */
export function IconButton(props: {
  icon: string
  label: string
  onClick: () => void
  disabled?: boolean
  variant?: 'text' | 'outlined' | 'danger' | 'contained'
  'data-testid'?: string
}) {
  return (
    <Button
      type="button"
      size="icon"
      variant={props.variant ?? 'text'}
      aria-label={props.label}
      title={props.label}
      disabled={props.disabled}
      data-testid={props['data-testid']}
      onClick={props.onClick}
    >
      <Icon icon={props.icon} aria-hidden="true" />
    </Button>
  )
}

/** The tones a status takes; each pair of colours contrasts at least 4.5:1 (light badges in either theme). */
export type Tone = 'ok' | 'error' | 'warning' | 'info' | 'muted' | 'accent'

export const toneColors: Record<Tone, { color: string; background: string; border: string }> = {
  ok: { color: '#1b5e20', background: '#e8f5e9', border: '#81c784' },
  error: { color: '#b71c1c', background: '#fdecea', border: '#ef9a9a' },
  warning: { color: '#6d4c00', background: '#fff4d6', border: '#f0c36d' },
  info: { color: '#1a3a9e', background: '#e8edfd', border: '#a9b8f2' },
  muted: { color: '#3c4650', background: '#eef0f2', border: '#c5ccd3' },
  accent: { color: '#5b2180', background: '#f3e8fa', border: '#cfa8e6' },
}

/** A status in a coloured badge (`data-tone` says which). */
export function StatusBadge(props: {
  tone: Tone
  children: React.ReactNode
  title?: string
  'data-testid'?: string
}) {
  const c = toneColors[props.tone]
  return (
    <Badge
      size="sm"
      data-tone={props.tone}
      data-testid={props['data-testid']}
      title={props.title}
      style={{
        color: c.color,
        background: c.background,
        border: `1px solid ${c.border}`,
        fontWeight: 600,
        whiteSpace: 'nowrap',
      }}
    >
      {props.children}
    </Badge>
  )
}

/**
 * One of a few choices as a row of design-system buttons (a radio group: arrow keys move and
 * choose, the chosen one is filled). `name` goes on each button's `data-name`.
 */
export function Segmented<V extends string>(props: {
  name: string
  label: string
  value: V
  options: readonly { value: V; label: string }[]
  onChange: (value: V) => void
  disabled?: boolean
}) {
  const move = (event: React.KeyboardEvent<HTMLElement>, index: number) => {
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key]
    if (!step) return
    event.preventDefault()
    const n = props.options.length
    const next = props.options[(index + step + n) % n]
    if (!next) return
    props.onChange(next.value)
    const group = event.currentTarget.parentElement
    const target = group?.querySelector<HTMLElement>(`[data-value="${CSS.escape(next.value)}"]`)
    target?.focus()
  }
  return (
    <Box
      role="radiogroup"
      aria-label={props.label}
      data-name={props.name}
      style={{ display: 'inline-flex', gap: 0, flexWrap: 'wrap' }}
    >
      {props.options.map((o, i) => {
        const on = o.value === props.value
        return (
          <Button
            key={o.value}
            type="button"
            size="sm"
            role="radio"
            aria-checked={on}
            tabIndex={on ? 0 : -1}
            data-name={props.name}
            data-value={o.value}
            variant={on ? 'contained' : 'outlined'}
            disabled={props.disabled}
            style={{
              borderRadius:
                i === 0 ? '4px 0 0 4px' : i === props.options.length - 1 ? '0 4px 4px 0' : 0,
              marginLeft: i === 0 ? 0 : -1,
            }}
            onClick={() => props.onChange(o.value)}
            onKeyDown={(e: React.KeyboardEvent<HTMLElement>) => move(e, i)}
          >
            {o.label}
          </Button>
        )
      })}
    </Box>
  )
}

/**
 * A box that scrolls sideways when its content (a wide grid, a graph) is wider than the page;
 * it takes the keyboard focus so the arrow keys scroll it, and `label` names it.
 */
export function ScrollRegion(props: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div
      role="region"
      aria-label={props.label}
      tabIndex={0}
      data-testid={props.testId}
      style={{ overflowX: 'auto', maxWidth: '100%' }}
    >
      {props.children}
    </div>
  )
}

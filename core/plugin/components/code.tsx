/**
 * Code to read, not to edit: a function body, a view definition, a policy expression, in a
 * read-only Ace view with PostgreSQL highlighting, and in a monospace block until Ace has loaded
 * or whenever it cannot. Ace and the fallback show the text as text, never as markup.
 * Import as `…/components/code.jsx` (see kit.tsx for why).
 */
import React, { useEffect, useRef, useState } from 'react'

/** The console serves its own copy of Ace here (core/host/host.ts). */
const ACE_BASE = '/admin/planetary/vendor/ace'

interface ReadOnlyAce {
  setValue(value: string, cursor?: number): void
  getValue(): string
  setTheme(theme: string): void
  setOptions(options: Record<string, unknown>): void
  destroy(): void
  resize(force?: boolean): void
  session: { setMode(mode: string): void }
  textInput?: { getElement(): HTMLElement }
}

interface AceGlobal {
  edit(el: HTMLElement): ReadOnlyAce
  config: { set(key: string, value: string): void }
}

/** Ace as the page has it; the body editor may have loaded it already. */
function pageAce(): AceGlobal | undefined {
  return (window as unknown as { ace?: AceGlobal }).ace
}

let loading: Promise<AceGlobal | undefined> | undefined

function loadAce(): Promise<AceGlobal | undefined> {
  const ready = pageAce()
  if (ready) return Promise.resolve(ready)
  loading ??= new Promise((resolve) => {
    const script = document.createElement('script')
    script.src = `${ACE_BASE}/ace.js`
    script.async = true
    script.onload = () => {
      pageAce()?.config.set('basePath', ACE_BASE)
      resolve(pageAce())
    }
    script.onerror = () => resolve(undefined)
    document.head.appendChild(script)
  })
  return loading
}

/** Ace's mode for a routine language or a kind of code: SQL dialects highlight as PostgreSQL. */
export function aceMode(language: string | null | undefined): string {
  const l = (language ?? '').toLowerCase()
  if (l === 'sql' || l === 'plpgsql' || l === 'pgsql' || l === '') return 'ace/mode/pgsql'
  if (l === 'json' || l === 'jsonb') return 'ace/mode/json'
  return 'ace/mode/text'
}

const mono: React.CSSProperties = {
  fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
  fontSize: 13,
}

/**
 * Read-only code. `language` picks the highlighting (`plpgsql`, `sql`, anything else as plain
 * text); `label` names it for screen readers; `testId` marks it for tests
 * (`data-ace="ready"` once Ace shows it).
 *
 * @example <CodeView code={fn.body} language={fn.language} label="Body of app.check_invoice" />
 */
export function CodeView(props: {
  code: string
  language?: string | null | undefined
  label?: string | undefined
  testId?: string | undefined
  maxLines?: number | undefined
}) {
  const host = useRef<HTMLDivElement>(null)
  const editor = useRef<ReadOnlyAce | null>(null)
  const [ready, setReady] = useState(false)
  const maxLines = props.maxLines ?? 40
  const mode = aceMode(props.language)

  useEffect(() => {
    let live = true
    void loadAce().then((ace) => {
      if (!live || !ace || !host.current) return
      const ed = ace.edit(host.current)
      ed.setTheme('ace/theme/tomorrow')
      ed.setOptions({
        readOnly: true,
        highlightActiveLine: false,
        highlightGutterLine: false,
        showPrintMargin: false,
        fontSize: 13,
        minLines: 1,
        maxLines,
        wrap: false,
      })
      ed.textInput?.getElement().setAttribute('aria-label', props.label ?? 'Code, read-only')
      editor.current = ed
      setReady(true)
    })
    return () => {
      live = false
      editor.current?.destroy()
      editor.current = null
    }
    // The view is made once; the code and its mode follow through the effect below.
  }, [])

  useEffect(() => {
    const ed = editor.current
    if (!ed) return
    ed.session.setMode(mode)
    if (ed.getValue() !== props.code) ed.setValue(props.code, -1)
    // Made while hidden: measure again now that it shows.
    ed.resize(true)
  }, [props.code, mode, ready])

  return (
    <div
      role="region"
      aria-label={props.label ?? 'Code, read-only'}
      data-testid={props.testId}
      data-ace={ready ? 'ready' : 'fallback'}
      data-code-view="true"
    >
      <div
        ref={host}
        style={{
          display: ready ? 'block' : 'none',
          border: '1px solid #c0c8d2',
          borderRadius: 4,
        }}
      />
      {ready ? null : (
        <pre
          tabIndex={0}
          style={{
            ...mono,
            margin: 0,
            padding: 8,
            overflowX: 'auto',
            whiteSpace: 'pre',
            border: '1px solid #c0c8d2',
            borderRadius: 4,
            background: '#f7f8fa',
            color: '#1f2933',
          }}
        >
          {props.code}
        </pre>
      )}
    </div>
  )
}

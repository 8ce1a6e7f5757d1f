import React, { useEffect, useRef, useState } from 'react'
import { mono, TextArea } from './kit.js'

const ACE_BASE = '/admin/planetary/vendor/ace'

interface AceSession {
  setMode(mode: string): void
  setAnnotations(a: { row: number; column: number; text: string; type: string }[]): void
  clearAnnotations(): void
}

interface AceEditor {
  getValue(): string
  setValue(value: string, cursor?: number): void
  setTheme(theme: string): void
  setOptions(options: Record<string, unknown>): void
  on(event: 'change', fn: () => void): void
  gotoLine(line: number, column?: number, animate?: boolean): void
  destroy(): void
  session: AceSession
}

interface Ace {
  edit(el: HTMLElement): AceEditor
  config: { set(key: string, value: string): void }
}

declare global {
  interface Window {
    ace?: Ace
  }
}

let loading: Promise<Ace | undefined> | undefined

/** Loads Ace once from the console's own copy; resolves undefined when it cannot. */
function loadAce(): Promise<Ace | undefined> {
  if (window.ace) return Promise.resolve(window.ace)
  loading ??= new Promise((resolve) => {
    const script = document.createElement('script')
    script.src = `${ACE_BASE}/ace.js`
    script.async = true
    script.onload = () => {
      window.ace?.config.set('basePath', ACE_BASE)
      resolve(window.ace)
    }
    script.onerror = () => resolve(undefined)
    document.head.appendChild(script)
  })
  return loading
}

/**
 * A function body in Ace (PostgreSQL highlighting), with a plain textarea until Ace has
 * loaded and whenever it cannot. `value` may change from outside (a regenerated skeleton):
 * the editor follows it without reporting it back as typing. `error` marks a line of the body.
 */
export function BodyEditor(props: {
  name: string
  value: string
  onChange: (value: string) => void
  error?: { line: number; column: number; message: string } | undefined
  rows?: number
}) {
  const host = useRef<HTMLDivElement>(null)
  const editor = useRef<AceEditor | null>(null)
  const quiet = useRef(false)
  const onChange = useRef(props.onChange)
  onChange.current = props.onChange
  const [ready, setReady] = useState(false)
  const rows = props.rows ?? 14

  useEffect(() => {
    let live = true
    void loadAce().then((ace) => {
      if (!live || !ace || !host.current) return
      const ed = ace.edit(host.current)
      ed.session.setMode('ace/mode/pgsql')
      ed.setTheme('ace/theme/tomorrow')
      ed.setOptions({ fontSize: 13, showPrintMargin: false, tabSize: 2, useSoftTabs: true })
      quiet.current = true
      ed.setValue(props.value, -1)
      quiet.current = false
      ed.on('change', () => {
        if (!quiet.current) onChange.current(ed.getValue())
      })
      editor.current = ed
      setReady(true)
    })
    return () => {
      live = false
      editor.current?.destroy()
      editor.current = null
    }
    // The editor is made once; later values arrive through the effect below.
  }, [])

  useEffect(() => {
    const ed = editor.current
    if (!ed || ed.getValue() === props.value) return
    quiet.current = true
    ed.setValue(props.value, -1)
    quiet.current = false
  }, [props.value, ready])

  useEffect(() => {
    const ed = editor.current
    if (!ed) return
    if (props.error) {
      ed.session.setAnnotations([
        {
          row: props.error.line - 1,
          column: props.error.column - 1,
          text: props.error.message,
          type: 'error',
        },
      ])
      ed.gotoLine(props.error.line, props.error.column - 1, false)
    } else ed.session.clearAnnotations()
  }, [props.error, ready])

  return (
    <div data-testid={`editor-${props.name}`} data-ace={ready ? 'ready' : 'fallback'}>
      <div
        ref={host}
        style={{
          display: ready ? 'block' : 'none',
          height: rows * 18 + 8,
          border: '1px solid #c0c8d2',
          borderRadius: 4,
        }}
      />
      {ready ? null : (
        <TextArea
          aria-label="Function body"
          name={props.name}
          value={props.value}
          rows={rows}
          spellCheck={false}
          onChange={(e) => props.onChange(e.target.value)}
          style={{
            ...mono,
            width: '100%',
            padding: 8,
            border: '1px solid #c0c8d2',
            borderRadius: 4,
          }}
        />
      )}
    </div>
  )
}

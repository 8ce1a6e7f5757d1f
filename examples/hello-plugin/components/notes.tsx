// The hello plugin's page, built from the console's UI kit (pg-planetary/ui). AdminJS bundles
// this source: the development start at its first page, `npm run build` for production.
import { Box, Button, H2, MessageBox, Text } from '@adminjs/design-system'
import React, { useState } from 'react'
import {
  card,
  Failure,
  FieldError,
  labelStyle,
  mono,
  nativeInput,
  usePageData,
  useStatePost,
} from 'pg-planetary/ui'

interface Note {
  id: string
  body: string
  author: string
  acting_role: string
  server_version: string
  created_at: string
}

interface NotesState {
  notes: Note[]
  serverVersionNum: number
}

const PAGE = 'hello-plugin-notes'

export default function HelloPluginNotes() {
  const page = usePageData<NotesState>(PAGE)
  const { post, fields, notice, busy } = useStatePost<NotesState>(PAGE, page)
  const [body, setBody] = useState('')
  const add = async () => {
    if (await post({ action: 'addNote', body }, 'Note recorded.')) setBody('')
  }
  return (
    <Box variant="grey">
      <Box style={card}>
        <H2>Hello notes</H2>
        <Text mb="default">
          Each note records the Postgres role your request ran as and the server's version, as
          PostgreSQL reported them.
        </Text>
        {page.data ? (
          <Text mb="default" data-testid="hello-server-version">
            server_version_num {page.data.serverVersionNum}
          </Text>
        ) : null}
        <label htmlFor="hello-body" style={labelStyle}>
          Note
        </label>
        <input
          id="hello-body"
          name="body"
          value={body}
          onChange={(e) => setBody(e.target.value)}
          style={{ ...nativeInput, width: '100%' }}
        />
        <FieldError fields={fields} names={['body']} />
        <Box mt="default">
          <Button type="button" variant="contained" disabled={busy} onClick={() => void add()}>
            Add note
          </Button>
        </Box>
        {notice ? (
          <Box mt="default" data-testid="hello-notice">
            <MessageBox variant="success" message={notice} />
          </Box>
        ) : null}
        <Failure reply={page.failure} />
      </Box>
      <Box style={card} data-testid="hello-notes">
        {(page.data?.notes ?? []).length === 0 ? <Text>No notes yet.</Text> : null}
        {(page.data?.notes ?? []).map((n) => (
          <Box key={n.id} mb="default" data-testid="hello-note">
            <Text fontWeight="bold">{n.body}</Text>
            <Text style={mono}>
              by {n.author} as role {n.acting_role} on PostgreSQL {n.server_version}, {n.created_at}
            </Text>
          </Box>
        ))}
      </Box>
    </Box>
  )
}

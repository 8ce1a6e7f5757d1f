// @ts-check
// An example plugin shipped apart from the console, installed by path:
//   planetary.config.json → { "plugins": ["hello-plugin"], "pluginModules": ["./examples/hello-plugin"] }
// Plain JavaScript, so Node imports it as it is in development and on the compiled start alike;
// a TypeScript plugin compiles to the same and ships its .js.
import { componentFile, definePlugin, pageHandler, textField } from 'pg-planetary/plugin'
import { addNote, listNotes } from './notes.js'

export const plugin = definePlugin({
  id: 'hello-plugin',
  title: 'Hello plugin',
  description: 'Notes recorded with what PostgreSQL says about who wrote them.',
  personas: ['ops', 'dev'],
  pages: {
    notes: {
      title: 'Hello notes',
      icon: 'MessageSquare',
      component: 'HelloPluginNotes',
      handler: pageHandler({
        // GET (and POST `action: 'load'`): what the page shows.
        load: async (_query, _request, ctx) => ({
          notes: await listNotes(ctx),
          serverVersionNum: ctx.serverVersionNum,
        }),
        // POST only: the host's CSRF check guards it.
        actions: {
          addNote: async (payload, request, ctx) => ({
            added: await addNote(ctx, request, textField(payload, 'body')),
            notes: await listNotes(ctx),
            serverVersionNum: ctx.serverVersionNum,
          }),
        },
      }),
    },
  },
  // AdminJS code is imported when the console builds resources, never when the plugin is listed.
  async resources(ctx) {
    const { CatalogResource } = await import('pg-planetary/resources')
    const resource = new CatalogResource({
      id: 'hello-plugin.notes',
      name: 'Notes',
      properties: [
        { name: 'body', isTitle: true },
        { name: 'author' },
        { name: 'acting_role' },
        { name: 'server_version', list: false },
        { name: 'created_at' },
      ],
      idOf: (row) => String(row.id),
      load: () => listNotes(ctx),
    })
    return [
      {
        resource,
        options: {
          ...resource.adminOptions(),
          navigation: { name: 'Hello plugin', icon: 'MessageSquare' },
        },
      },
    ]
  },
  components: {
    HelloPluginNotes: componentFile(import.meta.url, './components/notes.tsx'),
  },
})

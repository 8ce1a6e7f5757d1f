import { coverageMap } from '../coverage.js'
import { readCoverageFacts } from '../coverage-facts.js'
import { readDisabled } from '../disabled.js'
import { pageHandler } from '../page.js'

function list(value: unknown): string[] | undefined {
  if (Array.isArray(value))
    return value.filter((v): v is string => typeof v === 'string' && v !== '')
  if (typeof value === 'string' && value !== '') return value.split(',').filter(Boolean)
  return undefined
}

/**
 * The RLS coverage map: table × role × command, with gaps, always-true and exposed tables, and
 * the policies disabled in the console (gone from the catalog, so from the map).
 */
export const coveragePage = pageHandler({
  async load(query, _request, ctx) {
    const schemas = list(query.schemas)
    const roles = list(query.roles)
    const facts = await readCoverageFacts(ctx.pool, {
      consoleSchema: ctx.config.consoleSchema,
      ...(schemas?.length ? { schemas } : {}),
    })
    const disabled = (await readDisabled(ctx.pool, ctx.config.consoleSchema)).filter(
      (d) => !schemas?.length || schemas.includes(d.schema),
    )
    return {
      map: coverageMap(facts, roles?.length ? { roles } : {}),
      disabled: disabled.map((d) => ({
        schema: d.schema,
        table: d.table,
        name: d.name,
        command: d.command.toUpperCase(),
        disabledBy: d.disabledBy,
      })),
      allRoles: facts.roles.filter((r) => !r.superuser).map((r) => r.name),
      schemas: facts.schemaNames,
      selectedSchemas: schemas ?? [],
    }
  },
  actions: {},
})

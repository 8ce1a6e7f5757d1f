import { ConsoleError, InvalidInputError } from '../../../core/errors.js'
import { pageHandler, planMode } from '../../../core/plugin/page.js'
import { readMatrix } from '../matrix-catalog.js'
import { columnGrid, matrixGrid, visibleRelations } from '../matrix-grid.js'
import { matrixPlan } from '../matrix-plan.js'
import { runPlan } from '../../../core/plugin/run-plan.js'

const flag = (v: unknown) => v === true || v === 'true'
const text = (v: unknown) => (typeof v === 'string' ? v : '')

/**
 * Role × relation × privilege grid of one schema's effective rights, with why; a column grid
 * for one relation; pending GRANT / REVOKE toggles turned into one plan.
 */
export const matrixPage = pageHandler({
  async load(query, _request, ctx) {
    const relationName = text(query.relation)
    const match = text(query.match)
    // Only the cells of the relations the grid shows (and of the one whose columns are open).
    const read = await readMatrix(ctx.pool, ctx.config.consoleSchema, {
      schema: text(query.schema),
      includePredefined: flag(query.predefined),
      selectRelations: (relations) => [
        ...visibleRelations(relations, { match }),
        ...relations.filter((r) => r.name === relationName),
      ],
    })
    if (!read.matrix) return { schemas: read.schemas, grid: null }
    const grid = matrixGrid(read.matrix, { allPrivileges: flag(query.all), match })
    const rel = relationName
      ? read.matrix.relations.find((r) => r.name === relationName)
      : undefined
    if (relationName && !rel) {
      throw InvalidInputError.field(
        'relation',
        `no relation ${JSON.stringify(relationName)} in schema ${read.matrix.schema}`,
      )
    }
    return {
      schemas: read.schemas,
      grid,
      columns: rel ? { relation: rel.name, cells: columnGrid(read.matrix, rel) } : null,
    }
  },
  actions: {
    async change(payload, request, ctx) {
      const mode = planMode(payload)
      if (!text(payload.schema)) throw InvalidInputError.field('schema', 'choose a schema')
      const read = await readMatrix(ctx.pool, ctx.config.consoleSchema, {
        schema: text(payload.schema),
        includePredefined: true,
      })
      if (!read.matrix) throw new ConsoleError('There is no schema to change')
      const { plan, warnings } = matrixPlan(
        read.matrix,
        { changes: payload.changes },
        ctx.serverVersionNum,
      )
      return { ...(await runPlan(plan, mode, request, ctx)), warnings }
    },
  },
})

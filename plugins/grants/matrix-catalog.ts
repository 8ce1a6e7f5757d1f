import type { Pool } from '../../core/db/pool.js'
import { InvalidInputError } from '../../core/errors.js'
import {
  fetchPrivilegeMatrix,
  fetchSchemas,
  withCatalog,
  type MatrixOptions,
  type PrivilegeMatrix,
} from '../../core/introspect/index.js'

export interface MatrixRead {
  /** Schemas a person may pick: not the system ones, not the console's own. */
  readonly schemas: readonly string[]
  readonly matrix: PrivilegeMatrix | null
}

/**
 * The schema list and one schema's matrix, in one catalog snapshot, read fresh per request
 * so the grid shows what an apply just changed. Without a schema, the first one is shown.
 */
export async function readMatrix(
  pool: Pool,
  consoleSchema: string,
  options: {
    schema?: string
    includePredefined?: boolean
    /** Read cells only of the relations these pick (the grid's page); all when left out. */
    selectRelations?: MatrixOptions['selectRelations']
  },
): Promise<MatrixRead> {
  return withCatalog(pool, {}, async (ctx) => {
    const schemas = (await fetchSchemas(ctx)).map((s) => s.name).filter((s) => s !== consoleSchema)
    const schema = options.schema || schemas[0]
    if (schema === undefined) return { schemas, matrix: null }
    if (!schemas.includes(schema)) {
      throw InvalidInputError.field('schema', `no schema ${JSON.stringify(schema)} to show`)
    }
    const matrix = await fetchPrivilegeMatrix(ctx, schema, {
      includePredefined: options.includePredefined ?? false,
      ...(options.selectRelations ? { selectRelations: options.selectRelations } : {}),
    })
    return { schemas, matrix }
  })
}

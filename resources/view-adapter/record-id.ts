import { InvalidInputError } from '../../core/errors.js'
import { keyColumns, type ViewColumn, type ViewModel } from './model.js'

/**
 * Record ids. A single integer or uuid key is its own text (`/records/42/show`); any other key —
 * composite, text, dates — is the JSON array of the key values' text forms in URL-safe base64
 * without padding, so it never holds `,` (AdminJS splits bulk ids on commas) or `/`.
 * Every id is checked on the way in: shape, count and the type of each value, before any SQL.
 */
export interface KeyCodec {
  readonly plain: boolean
  encode(values: readonly (string | null)[]): string | undefined
  decode(id: unknown): string[]
}

const INTEGER = /^-?\d{1,19}$/
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/
const BASE64URL = /^[A-Za-z0-9_-]+$/
const MAX_ID_LENGTH = 4096
const MAX_VALUE_LENGTH = 1024

function refuse(message: string): InvalidInputError {
  return InvalidInputError.field('id', message)
}

function checkValue(column: ViewColumn, value: string): void {
  if (value.length > MAX_VALUE_LENGTH) throw refuse(`key ${column.name} is too long`)
  if (value.includes('\0')) throw refuse(`key ${column.name} contains a NUL character`)
  if (column.isArray) return
  if (column.scalar.kind === 'integer' && !INTEGER.test(value)) {
    throw refuse(`key ${column.name} must be an integer, got ${JSON.stringify(value)}`)
  }
  if (column.scalar.kind === 'uuid' && !UUID.test(value)) {
    throw refuse(`key ${column.name} must be a uuid, got ${JSON.stringify(value)}`)
  }
}

export function keyCodec(model: ViewModel): KeyCodec {
  const columns = keyColumns(model)
  const only = columns.length === 1 ? columns[0] : undefined
  const plain =
    only !== undefined &&
    !only.isArray &&
    (only.scalar.kind === 'integer' || only.scalar.kind === 'uuid')

  return {
    plain,
    encode(values) {
      if (columns.length === 0 || values.length !== columns.length) return undefined
      if (values.some((v) => v === null)) return undefined
      if (plain) return values[0] as string
      return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url')
    },
    decode(id) {
      if (columns.length === 0) throw refuse(`${model.id} has no key, so its rows have no id`)
      if (typeof id === 'number' && plain && Number.isSafeInteger(id)) id = String(id)
      if (typeof id !== 'string' || id.length === 0)
        throw refuse('the id must be a non-empty string')
      if (id.length > MAX_ID_LENGTH) throw refuse('the id is too long')
      let values: unknown
      if (plain) values = [id]
      else {
        if (!BASE64URL.test(id))
          throw refuse(`${JSON.stringify(id.slice(0, 80))} is not a record id`)
        try {
          values = JSON.parse(Buffer.from(id, 'base64url').toString('utf8'))
        } catch {
          throw refuse(`${JSON.stringify(id.slice(0, 80))} is not a record id`)
        }
      }
      if (
        !Array.isArray(values) ||
        values.length !== columns.length ||
        !values.every((v): v is string => typeof v === 'string')
      ) {
        throw refuse(`the id must carry ${columns.length} key value(s) of ${model.id}`)
      }
      columns.forEach((c, i) => checkValue(c, values[i] as string))
      return values
    },
  }
}
